"""The drop-in screens."""

# --- drop-in ----------------------------------------------------------------------------
DROPIN_TITLE = "Permanence"
DROPIN_HEAD = "Permanence du {day}"
DROPIN_HOURS = " · {start}–{end}"
DROPIN_VOLUNTEERS = "Bénévoles : {names}"
DROPIN_NO_VOLUNTEER = "Bénévoles : aucun·e indiqué·e"
DROPIN_COUNTS = "Passages : {identified} identifié(s) · {anonymous} anonyme(s)"
DROPIN_NONE = "Aucune permanence ouverte aujourd'hui."
DROPIN_NONE_HINT = "Ctrl+O pour l'ouvrir (bénévoles présent·es et heures)."
DROPIN_SEARCH = "Pseudonyme, puis Entrée"
DROPIN_NEEDS = "Besoins exprimés"
DROPIN_NEEDS_HINT = "cochés = joints au prochain passage"
DROPIN_RECENT = "Derniers passages"
DROPIN_NO_MATCH = "« {text} » inconnue : Ctrl+N la crée."
DROPIN_MORE_MATCHES = "… et d'autres : tapez la suite du pseudonyme."
VISIT_RECORDED = "Passage enregistré : {alias}"
ANONYMOUS_RECORDED = "Passage anonyme enregistré."
RECENT_VISIT = "{alias}{needs}"
RECENT_ANONYMOUS = "anonyme{needs}"
RECENT_NEEDS = " · besoins : {domains}"
OPEN_DROPIN_TITLE = "Ouvrir la permanence du {day}"
OPEN_DROPIN_START = "Début (HH:MM)"
OPEN_DROPIN_END = "Fin (HH:MM)"
OPEN_DROPIN_VOLUNTEERS = "Bénévoles présent·es (cochez) et heures données"
OPEN_DROPIN_OTHER = "Autre bénévole (NOM=HEURES)"
OPEN_DROPIN_OTHER_HINT = "ex. Marie=3"
OPEN_DROPIN_HOURS = "heures"
OPEN_DROPIN_BAD_HOUR = "Heure invalide « {value} » : attendu HH:MM ou 13h30."
OPEN_DROPIN_SAME_DAY = ("La délégation a déjà une permanence ouverte le {day} (n° {id}) : Échap "
                        "pour y enregistrer les passages, ou Ctrl+S à nouveau pour en ouvrir une "
                        "autre ce jour-là.")
OPEN_DROPIN_SAME_DAY_CLOSED = ("La délégation a déjà tenu le {day} une permanence, close depuis "
                               "({ids}) : Ctrl+S à nouveau pour en ouvrir une autre ce jour-là, "
                               "ou Échap.")
CLOSE_CONFIRM = "Clore la permanence ? Plus aucun passage ne pourra y être ajouté."
SUMMARY_TITLE = "Permanence close — bilan"
SUMMARY_LINES = ("Passages identifiés : {visits}", "Passages anonymes : {anonymous}",
                 "Nouvelles personnes : {new_people}",
                 "Bénévoles : {volunteers} · {hours} {hours_word}")
SUMMARY_HOURS = ("heure donnée", "heures données")
SUMMARY_NEEDS = "Besoins exprimés : {needs}"
SUMMARY_NO_NEEDS = "Besoins exprimés : aucun"
