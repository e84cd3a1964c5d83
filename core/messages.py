"""Every French sentence the engine, the services and the command line show.

User-facing text lives here (or in track definitions, for labels), never assembled in
scattered code branches, so that a translation can later replace this one module.
Templates use ``str.format`` fields named after what they hold.
"""

from __future__ import annotations

from datetime import date

MONTHS = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
          "septembre", "octobre", "novembre", "décembre")
WEEKDAYS = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")


def long_date(day: date) -> str:
    """Format a date the French way, e.g. ``vendredi 1er mai 2026``."""
    num = "1er" if day.day == 1 else str(day.day)
    return f"{WEEKDAYS[day.weekday()]} {num} {MONTHS[day.month - 1]} {day.year}"


# --- errors -------------------------------------------------------------------------
DEFINITION_WHERE = "« {definition} »"
DEFINITION_WHERE_STEP = "« {definition} », étape « {step} »"
DEFINITION_ERROR = "Définition {where} : {problem}"
PLUGIN_ERROR = "Extension « {plugin} » : {problem}"
TRANSITION_REFUSED = "Action « {trigger} » refusée depuis l'étape « {step} » : {reasons}"
TRANSITION_IMPOSSIBLE = "action impossible"

# --- definition validation ------------------------------------------------------------
DEF_NO_INITIAL = "aucune étape initiale « {initial} » parmi les étapes déclarées"
DEF_DUPLICATE_STEP = "identifiant d'étape en double"
DEF_DUPLICATE_TRIGGER = "action « {trigger} » déclarée deux fois depuis cette étape"
DEF_UNKNOWN_STEP = "l'action « {trigger} » mène ou part d'une étape inconnue « {target} »"
DEF_UNREACHABLE = "étape inatteignable depuis l'étape initiale"
DEF_FINAL_EXIT = "une étape finale ne peut pas avoir d'action sortante (« {trigger} »)"
DEF_DEAD_END = "étape non finale sans aucune action sortante"
DEF_UNKNOWN_CHECK = "l'action « {trigger} » cite un contrôle inconnu « {check} »"
DEF_UNKNOWN_RULE = "l'action « {trigger} » cite une règle d'échéance inconnue « {rule} »"
DEF_NO_SOURCE = "l'action « {trigger} » ne part d'aucune étape"
DEF_NO_ROLES = "l'action « {trigger} » n'est ouverte à aucun rôle"
DEF_INITIAL_FINAL = "l'étape initiale ne peut pas être finale"
DEF_STALL_ON_ACTION = "« stall_after » ne s'applique qu'aux étapes d'action"
DEF_WAIT_ON_WAITING = "le délai de réponse attendu ne s'applique qu'aux étapes d'attente"
DEF_DUPLICATE_DEFINITION = "définition « {definition} » version {version} fournie deux fois"
DEF_DUPLICATE_CHECK = "contrôle « {check} » fourni deux fois"
DEF_DUPLICATE_RULE = "règle « {rule} » version {version} fournie deux fois"

# --- engine ---------------------------------------------------------------------------
UNKNOWN_TRIGGER = "L'action « {trigger} » n'existe pas dans la démarche « {track} »."
TRIGGER_NOT_FROM_STEP = "L'action « {trigger} » n'est pas possible depuis l'étape « {step} »."
ROLE_NOT_ALLOWED = "Votre rôle ({role}) ne permet pas cette action."
ROLE_NOT_ALLOWED_REMEDY = "Demandez à un·e {roles} de la faire."
ROLE_LABELS = {"benevole": "bénévole", "stagiaire": "stagiaire", "referent": "référent·e",
               "superviseur": "superviseur·e", "admin": "administrateur·rice"}
ROLES_JOIN = " ou "
CHECK_CRASHED = "Le contrôle « {check} » de l'extension « {plugin} » a échoué ; l'action est bloquée par prudence."
CHECK_CRASHED_REMEDY = "Signalez l'incident à l'administrateur ; l'erreur a été consignée."
FACTS_INVALID = "Saisie invalide : {problems}."
FACT_PROBLEM = "{field} : {problem}"
FACT_PROBLEM_LABELLED = "{label} ({field}) : {problem}"
FACT_MISSING = "information obligatoire manquante"
FACT_UNKNOWN = "champ inconnu pour cette étape"
FACT_BAD_DATE = "date attendue au format AAAA-MM-JJ ou JJ/MM/AAAA"
FACT_BAD_VALUE = "valeur non valide"
FACT_BAD_CHOICE = "valeur attendue parmi : {choices}"
FACT_BAD_NUMBER = "nombre attendu"
FACT_BAD_BOOL = "oui ou non attendu"

# --- deadlines ------------------------------------------------------------------------
UNIT_LABELS = {
    "calendar_days": ("jour calendaire", "jours calendaires"),
    "working_days": ("jour ouvré", "jours ouvrés"),
    "months": ("mois", "mois"),
    "years": ("an", "ans"),
}
DUE_SENTENCE = ("Échéance le {due} : {amount} à compter du {start} ({start_label}){suspension}"
                "{rolled}, selon {source} [{tag}].{caveat}")
DUE_SUSPENSION = ", délai suspendu {days} jour(s) au total ({periods})"
DUE_SUSPENSION_PERIOD = "du {start} au {end}"
DUE_ROLLED = ", reportée au jour ouvré suivant car le {original} {why}"
DUE_WEEKEND = "tombe un week-end"
DUE_HOLIDAY = "est férié ({name})"
DUE_CAVEAT_UNVERIFIED = " Point non vérifié : {note}"
DUE_CAVEAT_NOTE = " À noter : {note}"
RULE_NOT_IN_FORCE = "La règle « {rule} » n'est pas en vigueur au {day}."
RULE_UNKNOWN = "Règle d'échéance inconnue : « {rule} »."
SUSPENSION_BAD = "Période de suspension invalide « {value} » : attendu DEBUT:FIN avec FIN après DEBUT."

# --- plugin host ----------------------------------------------------------------------
PLUGIN_NOT_ALLOWED = "non autorisée par la configuration"
PLUGIN_IMPORT_FAILED = "impossible de la charger ({error})"
PLUGIN_BAD_HOOK = "crochet inconnu ou mal déclaré ({error})"
PLUGIN_HOOK_FAILED = "le crochet « {hook} » a levé {error}"
PLUGIN_BAD_CONTRIBUTION = "le crochet « {hook} » a renvoyé une valeur invalide ({error})"

# --- configuration --------------------------------------------------------------------
CONFIG_UNREADABLE = "Fichier de montants illisible ({path}) : {error}"
DEF_EXTENSION_TARGET = "aucune démarche installée n'a cette étape : les champs ajoutés sont ignorés"
DEF_FACT_CLASH = "champs ajoutés déjà présents dans l'étape : {fields}"
BAD_DATE = "Date invalide « {value} » : attendu AAAA-MM-JJ ou JJ/MM/AAAA, et une date qui existe."
TRACK_UNKNOWN = "Démarche inconnue : « {track} »."

# --- persistence ----------------------------------------------------------------------
DB_CONFLICT_STALE = ("Ce dossier a été modifié par quelqu'un d'autre entre-temps : "
                     "rechargez-le, puis refaites votre modification.")
DB_CONFLICT_CONCURRENT = ("Quelqu'un d'autre modifie les mêmes données au même moment : "
                          "réessayez dans un instant.")
DB_BUSY = "Données occupées, réessayez dans un instant."
DB_DISK_FULL = "Le disque est plein : rien n'a été enregistré. Libérez de la place, puis réessayez."
DB_IO_ERROR = "Erreur de lecture ou d'écriture sur le disque : l'opération n'a pas abouti."
DB_CORRUPT = "Le fichier de données est endommagé : restaurez la dernière sauvegarde."
DB_CANNOT_OPEN = "Impossible d'ouvrir le fichier de données : vérifiez son emplacement et les droits d'accès."
DB_UNREACHABLE = "Le serveur de base de données est injoignable : vérifiez la connexion, puis réessayez."
DB_AUTH_FAILED = "Connexion à la base de données refusée : identifiant ou mot de passe incorrect."
DB_READ_ONLY = "Écriture refusée : les données sont ouvertes en lecture seule."
DB_APPEND_ONLY = ("L'historique ne peut être ni modifié ni effacé : "
                  "enregistrez plutôt un nouvel événement qui corrige le précédent.")
DB_FOREIGN_KEY = "Enregistrement refusé : il fait référence à un élément qui n'existe pas ou plus."
DB_UNIQUE = "Enregistrement refusé : un élément identique existe déjà."
DB_CHECK = "Enregistrement refusé : une des valeurs n'est pas acceptée."
DB_NOT_NULL = "Enregistrement refusé : une information obligatoire manque."
DB_INTEGRITY = "Enregistrement refusé : les données ne respectent pas les règles de la base."
DB_GENERIC = "Erreur de la base de données : l'opération n'a pas abouti."
DB_DIRECTORY_MISSING = ("Le dossier « {directory} » n'existe pas : créez-le ou choisissez "
                        "un autre emplacement pour le fichier de données.")
DB_WAL_UNAVAILABLE = ("Le fichier de données ne peut pas passer en mode journal WAL "
                      "(support en lecture seule ou partage réseau ?).")
DB_URL_INVALID = "Adresse de base de données invalide."
DB_URL_UNSUPPORTED = ("Type de base de données non pris en charge (« {backend} ») : "
                      "utilisez SQLite ou PostgreSQL.")
DB_SCHEMA_UNKNOWN = ("La base de données est à une version inconnue de ce logiciel "
                     "(créée par une version plus récente de Parcours ?).")
DB_SCHEMA_MISMATCH = "Le schéma de la base ne correspond pas au code : une migration manque ou n'a pas été appliquée."

# --- services -------------------------------------------------------------------------
ACTOR_UNKNOWN = "Utilisateur inconnu ou désactivé : « {name} ». Indiquez un utilisateur existant (--as NOM ou PARCOURS_USER)."
ACTOR_MISSING = "Indiquez qui agit : --as NOM ou la variable PARCOURS_USER."
SERVICE_DENIED = "Votre rôle ({role}) ne permet pas cette opération."
ROLE_UNKNOWN = "Rôle inconnu « {role} » : choisissez parmi {roles}."
USER_EXISTS = "L'utilisateur « {name} » existe déjà."
USER_NAME_EMPTY = "Le nom d'utilisateur ne peut pas être vide."
INIT_NEEDS_ADMIN = "Base vide : indiquez le premier administrateur avec --admin NOM."
INIT_ALREADY = "La base est déjà initialisée ; ajoutez des utilisateurs avec « parcours user add »."
ALIAS_EMPTY = "Le pseudonyme ne peut pas être vide."
ALIAS_TOO_LONG = "Le pseudonyme est trop long (80 caractères au plus)."
PERSON_UNKNOWN = "Personne introuvable : « {person} »."
TRACK_NOT_OPEN = "Aucune démarche « {track} » ouverte pour cette personne."
TRACK_STALE = "Ce dossier a été modifié entre-temps par quelqu'un d'autre ; rechargez-le avant de recommencer."
DROPIN_UNKNOWN = "Permanence introuvable : « {dropin} »."
DROPIN_BAD_HOURS = "Horaires invalides : l'heure de fin doit suivre l'heure de début."
VOLUNTEER_BAD = "Bénévole invalide « {value} » : attendu NOM=HEURES, par exemple Marie=5."
COUNT_BAD = "Le nombre de passages anonymes doit être un entier positif."
VISIT_TWICE = "Ce passage est déjà enregistré pour cette permanence."

# --- command line ---------------------------------------------------------------------
CLI_BAD_HOUR = "heure invalide « {value} » : attendu HH:MM"
CLI_BAD_SET = "Valeur invalide « {value} » : attendu NOM=VALEUR."
CLI_BAD_SUSPEND = "Suspension invalide « {value} » : attendu DEBUT:FIN (deux dates)."
CLI_NO_SUCH_OPTION = "Option inconnue : {name}. Voir « {where} --help »."
CLI_MISSING = "Il manque {what}. Voir « {where} --help »."
CLI_A_PARAMETER = "un paramètre"
CLI_OPTION_NEEDS_VALUE = "L'option {name} attend une valeur. Voir « {where} --help »."
CLI_EXTRA_ARGUMENT = "Argument en trop : {extra}. Voir « {where} --help »."
CLI_BAD_VALUE = "Valeur invalide pour {param} : {message}"
CLI_USAGE = "Commande mal formée. Voir « {where} --help »."
CLI_NO_COMMAND = "Commande inconnue : « {name} ». Voir « parcours --help »."
CLI_ABORTED = "Interrompu."
CLI_UNEXPECTED = "Erreur inattendue ({error}) ; rien n'a été modifié si l'opération était en cours. Relancez avec PARCOURS_DEBUG=1 pour le détail."
CLI_REFUSED_HEAD = "Action « {trigger} » refusée :"
CLI_REASON = "  - {message}{remedy}"
CLI_REMEDY = " → {remedy}"
CLI_INIT_DONE = "Base prête : {url}"
CLI_INIT_ADMIN = "Administrateur : {name}"
CLI_USER_ADDED = "Utilisateur « {name} » ajouté ({role})."
CLI_PERSON_ADDED = "Personne ajoutée : n° {id} ({alias})."
CLI_TRACK_STARTED = "Démarche « {label} » ouverte (n° {id}) à l'étape « {step} »."
CLI_ADVANCED = "Nouvelle étape : {step} ({label})."
CLI_WARNING = "Attention : {message}"
CLI_DEADLINE_OPENED = "Échéance {rule} : {due}"
CLI_DROPIN_OPENED = "Permanence n° {id} ouverte le {day}."
CLI_DROPIN_VISITS = "Permanence n° {id} : {identified} passage(s) identifié(s), {anonymous} anonyme(s)."
CLI_NOTHING = "Rien à afficher."
CLI_USAGE_TEXT = """Parcours — accompagnement des personnes en parcours de sortie de la prostitution.

Utilisation : parcours COMMANDE [OPTIONS]   (sans commande, dans un terminal : l'interface)

Mise en route :
  parcours init --admin NOM          créer la base et le premier administrateur
  parcours user add NOM --role ROLE  ajouter un utilisateur (benevole, stagiaire, referent, superviseur, admin)
  parcours demo [--year AAAA]        remplir une base vide avec une année fictive

Au quotidien (--as NOM ou PARCOURS_USER indique qui agit) :
  parcours person add PSEUDO         enregistrer une personne (affiche son numéro)
  parcours person list | show N      lister, afficher un dossier
  parcours track start N DEMARCHE    ouvrir une démarche (voir « parcours tracks »)
  parcours actions N [DEMARCHE]      ce qui est possible ensuite, et pourquoi
  parcours advance N DEMARCHE ACTION [--set NOM=VALEUR ...] [--at DATE] [--note TEXTE]
  parcours deadlines [N]             échéances, avec leur source légale
  parcours dropin open DATE ...      ouvrir une permanence ; dropin visit / anonymous

Supervision :
  parcours review                    ce qui est en retard, bloqué ou sans suivi ; review ack|snooze|reassign|comment
  parcours report --year AAAA        rapport d'activité (--format markdown|csv|json|xlsx|ods, --external)
  parcours import KIND FICHIER       importer un registre ou une liste (--dry-run, --template KIND)

Référentiel :
  parcours plugins | tracks [show ID --mermaid] | rules | rule ID --start DATE
  parcours plugin new NOM            écrire une nouvelle extension

Chaque commande accepte --json, --db URL, --today DATE ; « parcours COMMANDE --help » pour le détail."""
CLI_TRACK_ALREADY_OPEN = "Démarche « {label} » déjà ouverte (n° {id}), à l'étape « {step} » : rien n'a été changé."

# --- plugin template ------------------------------------------------------------------
PLUGIN_NAME_BAD = "Nom d'extension invalide « {name} » : lettres minuscules, chiffres et _ (2 à 31 caractères, commençant par une lettre)."
PLUGIN_FOLDER_EXISTS = "Le dossier {path} existe déjà ; choisissez un autre nom ou un autre dossier."
CLI_PLUGIN_WRITTEN = "Extension écrite dans {path}. Ensuite : pip install {path} puis « parcours plugins »."

# --- review queue ---------------------------------------------------------------------
REVIEW_KINDS = {"overdue": "Échéance dépassée", "due_soon": "Échéance proche",
                "stalled": "Étape sans avancée", "waiting_too_long": "Réponse attendue depuis trop longtemps",
                "no_referent": "Sans référent·e", "no_contact": "Sans contact"}
REVIEW_SEVERITIES = {"high": "haute", "medium": "moyenne", "low": "basse"}
REVIEW_OVERDUE = "« {rule} » dépassée depuis {days} jour(s)."
REVIEW_DUE_SOON = "« {rule} » dans {days} jour(s)."
REVIEW_STALLED = "Aucun événement depuis {days} jours (seuil : {limit} jours)."
REVIEW_WAITING = "Sans réponse depuis {days} jours (délai habituel : {limit} jours).{silence}"
SILENCE_MEANS = {"refus": " Le silence vaut refus : vérifier les délais de recours.",
                 "acceptation": " Le silence vaut acceptation.",
                 "sans_effet": " Le silence ne vaut pas décision : relancer."}
REVIEW_NO_REFERENT = "Personne suivie sans référent·e désigné·e."
REVIEW_NO_CONTACT = "Aucun passage ni événement depuis {days} jours."
REVIEW_KIND_UNKNOWN = "Type d'alerte inconnu « {kind} » : choisissez parmi {kinds}."
REVIEW_ITEM_UNKNOWN = "Alerte introuvable : « {key} »."
REVIEW_SNOOZE_DATE = "La date de report doit être postérieure au {today}."
REVIEW_REASON_NEEDED = "Indiquez le motif du report."
REVIEW_COMMENT_EMPTY = "Le commentaire ne peut pas être vide."
REVIEW_REFERENT_ROLE = "« {name} » n'a pas un rôle de référent·e ou de superviseur·e."
CLI_REVIEW_DONE = "Décision enregistrée : {action} ({key})."

# --- notes and drop-in closing (services used by the TUI) -------------------------------
NOTE_EMPTY = "La note ne peut pas être vide."
NOTE_TOO_LONG = "La note est trop longue ({limit} caractères au plus)."
TEXT_BAD_CHARACTER = "Le texte contient un caractère non autorisé."
DROPIN_CLOSED = "Cette permanence est déjà close : rien n'a été enregistré."
NEEDS_UNKNOWN_DOMAIN = "Besoin dans un domaine inconnu : « {domain} » (domaines : {domains})."

# --- activity report, demo year, spreadsheet import (issue 6) -------------------------
REPORT_TITLE = "Rapport d'activité du {start} au {end}"
REPORT_EXTERNAL_TITLE = "Diffusion externe"
REPORT_SMALL = "< 5"
REPORT_MASKED = "masqué"
REPORT_NOTE_EXTERNAL = ("Diffusion externe : les effectifs inférieurs à 5 sont remplacés par « < 5 », "
                        "et un total est « masqué » quand une de ses parties l'est, pour qu'elle ne "
                        "puisse pas être retrouvée par différence.")
REPORT_NOTE_PLUGIN_FAILED = "La section de l'extension « {plugin} » manque : elle a échoué ({error})."
REPORT_SECTION_ACTIVITY = "Permanences et passages"
REPORT_SECTION_PERSONS = "Personnes"
REPORT_SECTION_PSP = "Parcours de sortie de la prostitution (PSP)"
REPORT_SECTION_MONTHS = "Par mois"
REPORT_DROPINS = "Permanences tenues"
REPORT_HOURS = "Heures de bénévolat"
REPORT_VOLUNTEERS = "Bénévoles présent·es (personnes distinctes)"
REPORT_VISITS = "Passages (total)"
REPORT_VISITS_KNOWN = "Passages de personnes connues"
REPORT_VISITS_ANONYMOUS = "Passages anonymes"
REPORT_PERSONS_SEEN = "Personnes distinctes venues aux permanences"
REPORT_PERSONS_NEW = "Nouvelles personnes (premier passage dans la période)"
REPORT_PERSONS_FOLLOWED = "Personnes suivies (suivi individuel ou démarche en cours)"
REPORT_PSP_PERSONS = "Personnes ayant un PSP en cours"
REPORT_PSP_SENT = "Dossiers PSP transmis"
REPORT_PSP_AUTHORISED = "Autorisations de PSP"
REPORT_PSP_REFUSED = "Refus de PSP"
REPORT_PSP_RENEWED = "Renouvellements de PSP"
REPORT_PSP_APS = "APS délivrées"
REPORT_PSP_AFIS = "AFIS accordées"
REPORT_PSP_EXITS = "Sorties de PSP"
REPORT_COL_SECTION = "section"
REPORT_COL_LABEL = "indicateur"
REPORT_COL_VALUE = "valeur"
REPORT_COL_KEY = "clé"
REPORT_COL_FROM = "du"
REPORT_COL_TO = "au"
REPORT_MONTH_COLUMNS = ("mois", "permanences", "heures de bénévolat", "passages identifiés",
                        "passages anonymes")
REPORT_BAD_PERIOD = "Période invalide : la date de fin ({end}) précède la date de début ({start})."
REPORT_PERIOD_NEEDED = "Indiquez la période : --year AAAA, ou --from DATE et --to DATE."
REPORT_PERIOD_BOTH = "Indiquez soit --year, soit --from et --to, pas les deux."
REPORT_BAD_YEAR = "Année invalide « {value} » : attendu quatre chiffres, par exemple 2025."
REPORT_BAD_FORMAT = "Format inconnu « {value} » : choisissez parmi {choices}."
REPORT_OUTPUT_NEEDED = "Le format {format} s'écrit dans un fichier : ajoutez --output FICHIER."
REPORT_UNKNOWN_FIGURE = "Indicateur inconnu « {key} » : voyez les clés avec « parcours report --json »."
REPORT_EXPLAIN_EXTERNAL = "--explain liste des enregistrements : il ne s'emploie pas avec --external."
REPORT_EXPLAIN_HEAD = "{label} : {total} enregistrement(s)"
REPORT_WRITTEN = "Rapport écrit dans {path} ({format})."
REPORT_CANNOT_WRITE = "Impossible d'écrire le fichier {path} : {error}."
CLI_OPTION_AFTER_COMMAND = "à placer après la commande (parcours COMMANDE {option} …)"
DEMO_NOT_EMPTY = ("La base contient déjà des personnes : la démo n'y ajoute pas de données fictives. "
                  "Utilisez une base vide, ou --force pour les mélanger quand même.")
DEMO_BAD_SCALE = "« {value} » : un entier supérieur ou égal à 1 est attendu."
DEMO_BAD_SEED = "« {value} » : un entier positif ou nul est attendu."
DEMO_PROGRESS = "Démo : {done} personnes écrites sur {total} ({percent} %)"
DEMO_DONE = ("Démo {years} : {delegations} délégation(s)-année, {users} utilisateurs, {persons} personnes, "
             "{dropins} permanences, {hours} heures de bénévolat, {visits} passages "
             "({identified} identifiés, {anonymous} anonymes), {transitions} actions, "
             "{recits} récits de vie.")
DEMO_REFUSED = "Attention : {count} action(s) prévue(s) refusée(s) par le moteur, par exemple : {example}"
DEMO_REVIEW_HINT = "File de revue au 31 décembre : parcours review --today {day}"
IMPORT_AT_LINE = "ligne {line}"
IMPORT_AT_COLUMN = "colonne « {column} »"
IMPORT_REFUSED = "Import refusé, rien n'a été enregistré : {count} problème(s) à corriger dans le fichier."
IMPORT_MORE = "… et {count} autre(s) problème(s)."
IMPORT_BAD_KIND = "Type d'import inconnu « {kind} » : choisissez parmi {kinds}."
IMPORT_CANNOT_READ = "Impossible de lire le fichier {path} : vérifiez son nom et ses droits d'accès."
IMPORT_EMPTY = "Le fichier est vide."
IMPORT_HEADER_ONLY = "Le fichier ne contient que la ligne d'en-tête : aucune ligne à importer."
IMPORT_TOO_BIG = "Fichier trop volumineux ({size} Mo ; {limit} Mo au plus) : découpez-le."
IMPORT_TOO_MANY_ROWS = "Trop de lignes ({limit} au plus) : découpez le fichier."
IMPORT_BINARY = ("Fichier illisible : ce n'est ni un texte CSV, ni un classeur XLSX ou ODS "
                 "(fichier binaire ou endommagé).")
IMPORT_NUL = "Caractère nul (octet 0) dans le texte : ce n'est pas un CSV valide (fichier endommagé ?)."
IMPORT_BAD_ENCODING = ("Encodage non reconnu : le texte n'est ni en UTF-8 ni en Windows-1252. "
                       "Enregistrez le fichier en « CSV UTF-8 ».")
IMPORT_OLD_XLS = "Format XLS (Excel 97-2003) non pris en charge : enregistrez le fichier en XLSX ou en CSV."
IMPORT_ZIP_BOMB = "Classeur refusé : son contenu décompressé est anormalement volumineux."
IMPORT_NOT_A_SHEET = "Archive ZIP qui n'est ni un classeur XLSX ni un classeur ODS."
IMPORT_UNREADABLE_SHEET = "Classeur illisible (fichier endommagé ?) : ouvrez-le et enregistrez-le à nouveau."
IMPORT_WRONG_SHEET = ("Le classeur n'a pas de feuille « {sheet} » et en a plusieurs ({sheets}) : "
                      "renommez « {sheet} » la feuille à importer.")
IMPORT_QUOTES = "Guillemets mal fermés : une cellule commence par « \" » sans se terminer."
IMPORT_CELL_HUGE = "Cellule démesurée (plus de 131 072 caractères)."
IMPORT_TOO_MANY_CELLS = ("{found} cellules pour {expected} colonnes : une cellule contient-elle le "
                         "séparateur sans guillemets ?")
IMPORT_CSV_READ = "CSV, séparateur {delimiter}, {encoding}"
IMPORT_SHEET_READ = "{format}, feuille « {sheet} »"
IMPORT_UNTITLED = "n° {number} (sans titre)"
IMPORT_UNKNOWN_COLUMN = "colonne inconnue ; colonnes possibles : {expected}"
IMPORT_DUPLICATE_COLUMN = "colonne en double (déjà « {first} »)"
IMPORT_MISSING_COLUMN = ("colonne « {column} » manquante (colonnes lues : {found} ; le séparateur "
                         "doit être le point-virgule, la virgule ou la tabulation)")
IMPORT_NOTHING_TO_RECORD = "il faut au moins une colonne « bénévole », « pseudo » ou « anonymes »"
IMPORT_REQUIRED = "valeur obligatoire manquante"
IMPORT_FORMULA = "commence par « {sign} » : les formules de tableur ne sont pas acceptées, retirez ce signe"
IMPORT_TOO_LONG = "texte trop long ({length} caractères, {limit} au plus)"
IMPORT_BAD_DATE = "date invalide « {value} » : attendu JJ/MM/AAAA, et une date qui existe"
IMPORT_FUTURE_DATE = "date dans le futur « {value} »"
IMPORT_BAD_TIME = "heure invalide « {value} » : attendu HH:MM, par exemple 13:30"
IMPORT_BAD_HOURS = "nombre d'heures invalide « {value} » : attendu un nombre entre 0 et 24, par exemple 4,5"
IMPORT_BAD_COUNT = "nombre de passages anonymes invalide « {value} » : attendu un entier positif"
IMPORT_WHICH_DROPIN = ("plusieurs permanences le {day} : indiquez l'heure de début sur la première "
                       "ligne de chacune")
IMPORT_OTHER_END = "heure de fin différente de celle de la ligne {line} pour la même permanence"
IMPORT_HOURS_MISSING = "heures manquantes pour « {name} »"
IMPORT_HOURS_WITHOUT_NAME = "des heures sont indiquées sans nom de bénévole"
IMPORT_VOLUNTEER_TWICE = "« {name} » figure déjà à la ligne {line} pour cette permanence"
IMPORT_UNKNOWN_ALIAS = ("pseudonyme inconnu « {alias} » : importez d'abord la liste des personnes "
                        "(parcours import personnes FICHIER)")
IMPORT_AMBIGUOUS_ALIAS = "plusieurs personnes ont le pseudonyme « {alias} » (n° {ids}) : précisez-le"
IMPORT_VISIT_TWICE = "passage déjà noté à la ligne {line} pour cette permanence"
IMPORT_DROPIN_EXISTS = "la permanence du {day} existe déjà (n° {id}) : ce registre a-t-il déjà été importé ?"
IMPORT_ALIAS_TWICE = "pseudonyme « {alias} » en double (déjà à la ligne {line})"
IMPORT_ALIAS_EXISTS = "le pseudonyme « {alias} » existe déjà (personne n° {id})"
IMPORT_UNKNOWN_REFERENT = "référent·e inconnu·e « {name} » : indiquez un utilisateur de Parcours (parcours user list)"
IMPORT_NOT_REFERENT = "« {name} » est {role} : seul·e un·e référent·e, superviseur·e ou admin peut suivre une personne"
IMPORT_DONE_REGISTER = ("Import réussi ({read_as}) : {dropins} permanence(s), {volunteers} bénévole(s), "
                        "{visits} passage(s) identifié(s), {anonymous} passage(s) anonyme(s).")
IMPORT_DONE_PERSONS = ("Import réussi ({read_as}) : {persons} personne(s), dont {referents} avec "
                       "référent·e, {notes} note(s).")
IMPORT_DRY_RUN = "Vérification seulement, rien n'a été écrit. {summary}"
IMPORT_WOULD_REGISTER = ("Le fichier ({read_as}) est correct : l'import créerait {dropins} permanence(s), "
                         "{volunteers} bénévole(s), {visits} passage(s) identifié(s), {anonymous} passage(s) anonyme(s).")
IMPORT_WOULD_PERSONS = ("Le fichier ({read_as}) est correct : l'import créerait {persons} personne(s), "
                        "dont {referents} avec référent·e, {notes} note(s).")
IMPORT_TEMPLATE_WRITTEN = "Modèle « {kind} » écrit dans {path}."
IMPORT_TEMPLATE_FORMAT = "Format de modèle inconnu pour {path} : utilisez l'extension .csv, .xlsx ou .ods."
IMPORT_USAGE = ("Indiquez le type et le fichier (parcours import registre FICHIER), "
                "ou demandez un modèle (parcours import --template registre).")
DB_NOT_READY = "La base de données n'est pas initialisée ou pas à jour : lancez « parcours init » (avec --admin NOM pour une base neuve)."
