"""French texts of erasure, legal holds and retention (security.md §4, RT-1, RT-2, CR-6)."""

# --- the day what cannot be undone is judged on ---------------------------------------------
TODAY_AHEAD_FOR_GOOD = ("Date d'évaluation refusée : le {day} (--today ou PARCOURS_TODAY) n'est "
                        "pas encore arrivé partout en France (nous sommes le {today}, {clock}). "
                        "Supprimer des sauvegardes ou effacer des dossiers ne se fait pas en "
                        "avance : relancez sans --today ni PARCOURS_TODAY.")

# --- erasure ------------------------------------------------------------------------------
PERSON_ERASED = "La personne n° {id} a été effacée le {day} : son dossier n'existe plus."
ERASE_REAUTH = ("Effacement définitif : confirmez d'abord votre mot de passe "
                "(« parcours reauth »).")
ERASE_REASON_NEEDED = "Indiquez le motif de l'effacement (--reason)."
ERASE_REASON_NAMES_HER = ("Le motif ne doit pas contenir le pseudonyme ni le nom de la personne : "
                          "il reste dans le journal d'audit après l'effacement.")
ERASE_REASON_NAMES_SOMEONE = ("Le motif ne doit nommer personne : « {word} » est le pseudonyme, ou "
                              "une partie du pseudonyme, d'une autre personne. Il reste dans le "
                              "journal d'audit : écrivez une catégorie (« doublon », « demande de "
                              "la personne, art. 17 »), ou son numéro.")
ERASED_NOTIFY = ("Partenaires qui ont reçu ses données, à prévenir de l'effacement (RGPD art. 19) : "
                 "{partners}. Notez-les maintenant : Parcours ne les connaît plus.")
ERASE_HELD = ("Effacement refusé : la personne n° {id} est sous gel juridique "
              "(RGPD art. 17(3)(e)). Levez d'abord le gel : touche g sur son dossier, ou "
              "« parcours person hold {id} --lift ».")
ERASE_NOT_DUE = "La personne n° {id} n'est plus concernée par la règle {rule} à cette date."
CLI_ERASED = "Personne n° {id} effacée : clé détruite, {rows} ligne(s) supprimée(s) ou vidée(s)."
CLI_NOT_SCRUBBED = ("Attention : la base n'a pas pu être compactée tout de suite (une autre "
                    "session la lit). Les données effacées sont illisibles (clé détruite) ; "
                    "relancez « parcours retention --apply » plus tard pour terminer le nettoyage.")
CLI_NOT_VACUUMED = ("Attention : les tables PostgreSQL n'ont pas été nettoyées (VACUUM refusé : le "
                    "rôle de l'application n'en est pas propriétaire). Les données effacées sont "
                    "illisibles (clé détruite), mais leurs anciennes lignes restent sur le serveur "
                    "jusqu'au passage de l'autovacuum. L'administrateur·rice doit lancer, avec le "
                    "compte propriétaire de la base : psql \"$OWNER_URL\" -c VACUUM")
NOT_SCRUBBED = {"sqlite": CLI_NOT_SCRUBBED, "postgresql": CLI_NOT_VACUUMED}
"""What to say when an erasure could not scrub the files, per kind of base."""
RETENTION_REASON = "Fin de la durée de conservation ({rule})"

# --- legal holds --------------------------------------------------------------------------
HOLD_REASON_NEEDED = "Indiquez le motif du gel juridique (--reason)."
HOLD_ALREADY = "La personne n° {id} est déjà sous gel juridique."
HOLD_NONE = "La personne n° {id} n'est pas sous gel juridique."
HOLD_LIFT_OR_REASON = "Indiquez soit --reason (placer un gel), soit --lift (le lever)."
CLI_HOLD_PLACED = "Gel juridique placé sur la personne n° {id} : la conservation ne l'effacera pas."
CLI_HOLD_LIFTED = "Gel juridique levé pour la personne n° {id}."

# --- retention ----------------------------------------------------------------------------
RETENTION_BAD_SETTING = ("Configuration de conservation invalide dans {path} : « {key} » doit être "
                         "un nombre entier entre {low} et {high}.")
RETENTION_ITEM_UNKNOWN = "Élément de conservation introuvable ou plus dû : « {key} »."
RETENTION_AUDIT_BROKEN = ("Purge du journal refusée : la chaîne d'audit est rompue à la position "
                          "{seq}. Lancez « parcours audit verify » et traitez l'incident d'abord.")
RETENTION_PRUNE_ROLE = ("La purge du journal d'audit se fait avec le compte propriétaire de la "
                        "base (PostgreSQL) : relancez avec son adresse (--db).")
RETENTION_DUE_AUDIT = "{count} ligne(s) du journal d'audit antérieure(s) au {day}"
RETENTION_DUE_INCIDENTS = "{count} incident(s) technique(s) antérieur(s) au {day}"
RETENTION_DUE_RECIT = "Récit de vie (démarche n° {track}, décision du {day})"
RETENTION_DUE_PERSON = "Dossier complet (dernier contact le {day})"
RETENTION_HELD = "sous gel juridique"
RETENTION_NOTHING = "Rien n'arrive en fin de conservation."
RETENTION_APPLIED = "{rule} {target} : {what}."
RETENTION_SKIPPED = "{rule} {target} : non traité — {why}"
RETENTION_SUMMARY = ("Conservation appliquée : {done} élément(s) traité(s), {held} sous gel "
                     "juridique, {failed} en échec.")
RETENTION_DONE_ERASED = "personne effacée"
RETENTION_DONE_ERASED_NOTIFY = ("personne effacée ; partenaires qui ont reçu ses données, à "
                                "prévenir (RGPD art. 19) : {partners}")
RETENTION_DONE_RECIT = "{count} information(s) du récit supprimée(s)"
RETENTION_DONE_AUDIT = "{count} ligne(s) du journal supprimée(s) derrière un point de contrôle"
RETENTION_DONE_INCIDENTS = "{count} incident(s) supprimé(s)"
REVIEW_RETENTION = ("Fin de conservation le {day} ({rule} : {label}) : effacer le dossier ou "
                    "placer un gel juridique.")
RETENTION_COLUMNS = ("règle", "concerne", "échéance", "quoi")
# One line per rule above the listing: its source is said once, not on each of 90,000 lines.
RETENTION_RULE_DUE = "{rule} · {label} : {count} élément(s) dû(s){held}. Source : {source}"
RETENTION_RULE_HELD = ", dont {held} sous gel juridique"
# Why the review queue's « fin de conservation » count differs from R1's here.
RETENTION_REVIEW_AHEAD = ("La file de revue (parcours review --kind retention) annonce aussi les "
                          "personnes dont l'échéance tombe dans les {days} jours à venir, et ne "
                          "montre pas celles sous gel juridique : ses nombres diffèrent de R1.")
RETENTION_MORE = ("… et {rest} autre(s). Les {page} premiers seulement sont affichés ; "
                  "tout d'un coup : parcours retention --all (ou --limit N).")
RETENTION_APPLY_ALL = ("--apply traite déjà tout ce qui est dû ; pour n'en traiter qu'une partie : "
                       "--apply --limit N (les N premiers de « parcours retention »).")
RETENTION_LIMIT_BAD = "« {value} » : un nombre entier d'éléments est attendu (au moins 1)."
RETENTION_RULE_COLUMNS = ("règle", "données", "durée", "action", "source")
RETENTION_ACTIONS = {
    "erase_person": "effacer le dossier (retention --apply)",
    "erase_recit": "effacer le récit de vie (retention --apply)",
    "prune_audit": "purger le journal d'audit (retention --apply)",
    "prune_incidents": "purger les incidents techniques (retention --apply)",
    "prune_backups": "supprimer les sauvegardes",
}
