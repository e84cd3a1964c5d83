"""The review queue."""

# --- review queue ---------------------------------------------------------------------
REVIEW_TITLE = "File de revue"
REVIEW_ANY_KIND = "Type : tous"
REVIEW_ANY_REFERENT = "Référent·e : tous"
REVIEW_ANY_DOMAIN = "Domaine : tous"
REVIEW_COUNT = ("{count} alerte(s) — {high} haute(s), {medium} moyenne(s), {low} basse(s) · "
                "Entrée : dossier")
REVIEW_EMPTY = "Aucune alerte ne correspond."
REVIEW_READ_ONLY = ("Votre rôle permet de consulter et de commenter ; acquitter, reporter et "
                    "réaffecter reviennent aux superviseur·es.")
REVIEW_COL_SEVERITY = "gravité"
REVIEW_COL_KIND = "alerte"
REVIEW_COL_ALIAS = "pseudonyme"
REVIEW_COL_STEP = "étape"
REVIEW_COL_DATE = "date"
REVIEW_COL_REFERENT = "référent·e"
REVIEW_KIND_SHORT = {"overdue": "dépassée", "due_soon": "proche", "stalled": "sans avancée",
                     "waiting_too_long": "sans réponse", "no_referent": "sans référent",
                     "no_contact": "sans contact", "retention": "fin de conservation"}
REVIEW_DETAIL_HEAD = "{kind} · gravité {severity}"
REVIEW_DETAIL_WHO = "{alias} · n° {id}"
REVIEW_DETAIL_TRACK = " · {track} : {step}"
REVIEW_DETAIL_SINCE = "Depuis le {since}"
REVIEW_DETAIL_DUE = "Échéance le {due}"
REVIEW_DETAIL_REFERENT = "Référent·e : {name}"
REVIEW_DETAIL_NO_REFERENT = "Sans référent·e"
REVIEW_ACK_CONFIRM = ("Acquitter l'alerte « {kind} » pour {alias} ? Elle quittera la file "
                      "jusqu'à ce que la situation change.")
REVIEW_ACKNOWLEDGED = "Alerte acquittée : {alias}."
REVIEW_ACK_PENDING = "Alerte déjà acquittée, en cours d'enregistrement : {alias}."
REVIEW_SNOOZED = "Alerte reportée au {until} : {alias}."
REVIEW_REASSIGNED = "Nouvelle référente ou nouveau référent pour {alias} : {name}."
REVIEW_COMMENTED = "Commentaire enregistré pour {alias} (note restreinte au dossier)."
SNOOZE_TITLE = "Reporter l'alerte : {alias}"
SNOOZE_HELP = "L'alerte revient dans la file le jour indiqué."
SNOOZE_UNTIL = "Jusqu'au (JJ/MM/AAAA)"
SNOOZE_REASON = "Motif du report"
REASSIGN_TITLE = "Réaffecter : {alias}"
REASSIGN_HELP = "Choisissez la référente ou le référent, puis Entrée."
REASSIGN_CURRENT = " (actuel·le)"
REASSIGN_NOBODY = "Aucun utilisateur avec un rôle de référent·e ou de superviseur·e."
COMMENT_TITLE = "Commenter : {alias}"
COMMENT_HELP = ("Le commentaire est ajouté au dossier comme note restreinte (sa ou son "
                "référent·e, les superviseur·es).")
