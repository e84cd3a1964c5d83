"""French texts of deadlines: units, the "why this date" sentence, suspensions, the law table."""

DEADLINE_STATES = {"overdue": "dépassée", "due_soon": "proche", "upcoming": "à venir",
                   "suspended": "suspendue"}
"""A deadline's state as of the day (``DeadlineView.state``), as people read it."""

UNIT_LABELS = {
    "calendar_days": ("jour calendaire", "jours calendaires"),
    "working_days": ("jour ouvré", "jours ouvrés"),
    "months": ("mois", "mois"),
    "years": ("an", "ans"),
    "hours": ("heure", "heures"),
    "month_ends": ("fin de mois", "fins de mois"),
}
KIND_LABELS = {"limit": "date limite", "validity": "fin de validité",
               "silence": "décision implicite", "condition": "condition remplie",
               "target": "réponse attendue"}

# --- the "why this date" sentence ----------------------------------------------------
DUE_SENTENCE = "{lead} : {span}{details}, selon {source} [{tag}].{caveat}"
DUE_LEADS = {"limit": "Échéance le {due}", "validity": "Valable jusqu'au {due} inclus",
             "silence": "Décision implicite née le {due}",
             "condition": "Condition remplie à partir du {due}",
             "target": "Date attendue le {due}"}
DUE_SPAN = "{amount} à compter du {start} ({label})"
DUE_SPANS = {"condition": "plus de {amount} depuis le {start} ({label})",
             "silence": "silence de {amount} à compter du {start} ({label})"}
DUE_SPAN_MONTH_END = "jusqu'à la fin du {nth} mois suivant celui du {start} ({label})"
DUE_SPAN_SAME_MONTH = "jusqu'à la fin du mois du {start} ({label})"
DUE_AT_HOUR = " à {hour}"
DUE_HOUR_UNKNOWN = ", heure de départ non renseignée : comptées depuis minuit"
DUE_HOURS = ", d'heure à heure, week-ends et jours fériés compris"
DUE_CLAMPED = ", pas de {day} {month} : dernier jour du mois"
DUE_VALIDITY_EVE = ", le dernier jour étant la veille de la date anniversaire"
DUE_CONDITION_NEXT = ", soit le lendemain du {end}"
DUE_FRANC = (", délai franc ({source}) : ni le jour du départ ni le dernier jour ne comptent, "
             "d'où le lendemain du {end}")
DUE_NOT_FRANC = ", délai non franc ({source})"
DUE_SUSPENSION = ", délai suspendu {days} jour(s) au total ({periods})"
DUE_SUSPENSION_PERIOD = "du {start} au {end}"
DUE_SUSPENSION_THEN = " ; "
DUE_SUSPENSION_LEFT = ("il restait {days} jour(s) le {start}, qui courent à nouveau à compter "
                       "du {end}")
DUE_ROLLED = ", reportée au jour ouvré suivant car le {original} {why}"
DUE_NOT_ROLLED = ", sans report même si ce jour {why}"
DUE_WEEKEND = "tombe un week-end"
DUE_HOLIDAY = "est férié ({name})"
DUE_NATIONAL_CALENDAR = (", jours fériés comptés sur le calendrier national (l'autorité siège "
                         "en métropole, où les jours fériés propres à sa délégation ne sont "
                         "pas chômés)")
DUE_CAVEAT_UNVERIFIED = " Point non vérifié : {note}"
DUE_CAVEAT_NOTE = " À noter : {note}"
DUE_CAVEAT_PRACTICE = " Seuil de pratique de l'association, pas un délai légal."
DUE_START_AFTER = "{label}, échéance de « {rule} »"

# --- rules and suspensions -------------------------------------------------------------
RULE_NOT_IN_FORCE = "La règle « {rule} » n'est pas en vigueur au {day}."
RULE_UNKNOWN = "Règle d'échéance inconnue : « {rule} »."
RULE_NO_SOURCE = ("la source doit être citée (l'article et le texte, ou « pratique de "
                  "l'association ») : chaque échéance la cite")
RULE_NATIONAL_CALENDAR_UNUSED = ("le calendrier national (national_calendar) ne change rien à "
                                 "une règle qu'aucun jour férié ne déplace : retirez "
                                 "national_calendar=True (il ne sert qu'à une règle reportée "
                                 "au jour ouvré, comptée en jours ouvrés ou suspendue dans un "
                                 "délai)")
SUSPENSION_BAD = "Période de suspension invalide « {value} » : attendu DEBUT:FIN avec FIN après DEBUT."
SUSPENSION_NOT_ALLOWED = "Le délai « {label} » ne peut pas être suspendu : aucune cause de suspension n'est prévue."
SUSPENSION_BEFORE_START = ("La {cause} du {day} précède le départ du délai ({start}) : elle ne "
                           "peut pas le suspendre.")
SUSPENSION_LATE = ("La {cause} du {day} ne suspend pas le délai : elle devait être faite dans "
                   "les {amount} suivant la {start_label}, au plus tard le {last} ({source}).")
CALENDAR_UNKNOWN = ("Calendrier des jours fériés inconnu « {value} » : indiquez une subdivision "
                    "connue (57, 67, 68, 971, 972, 973, 974, 976…) ou aucune pour le calendrier "
                    "national.")
DEF_NOT_SUSPENDABLE = ("l'action « {trigger} » suspend ou reprend la règle « {rule} », qui ne "
                       "prévoit aucune suspension")

# --- the law table (parcours rules --format md) -----------------------------------------
LAW_TITLE = "# Délais et durées appliqués par Parcours"
LAW_INTRO = ("Table produite par `parcours rules --format md` à partir des règles installées. "
             "Chaque ligne est une version d'une règle ; la version appliquée est celle en "
             "vigueur à la date de départ du délai. Niveau de preuve : [V] texte vérifié, "
             "[S] source secondaire, [U] non vérifié, [P] pratique de l'association.")
LAW_HEADERS = ("Règle", "Libellé", "Durée", "Nature", "Franc", "Report", "Départ", "Source",
               "Preuve", "Version", "Suspension")
LAW_NO, LAW_NA = "non", "—"
LAW_FRANC = "oui ({source})"
LAW_NOT_FRANC = "non ({source})"
LAW_ROLLS = "jour ouvré suivant"
LAW_ROLLS_NATIONAL = "jour ouvré suivant, jours fériés nationaux"
LAW_NO_ROLL = "aucun"
LAW_MONTH_END = "fin du {nth} mois suivant"
LAW_SAME_MONTH = "fin du mois"
LAW_ALWAYS = "v{version}, toutes dates"
LAW_FROM = "v{version}, depuis le {start}"
LAW_UNTIL = "v{version}, jusqu'au {end}"
LAW_BETWEEN = "v{version}, du {start} au {end}"
LAW_SUSPENDED_BY = "par une {cause} ({source})"
LAW_SUSPENDED_WITHIN = "par une {cause} faite dans les {amount} ({source})"
LAW_START_AFTER = " ; ou échéance de {rules}"
LAW_RESTARTS = " ; repart de : {events}"
