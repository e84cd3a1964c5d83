"""French texts of the ``parcours`` command line."""

# --- command line ---------------------------------------------------------------------
CLI_BAD_HOUR = "heure invalide « {value} » : attendu HH:MM ou 13h30"
CLI_BAD_SET = "Valeur invalide « {value} » : attendu NOM=VALEUR."
CLI_BAD_SUSPEND = "Suspension invalide « {value} » : attendu DEBUT:FIN (deux dates)."
CLI_NO_SUCH_OPTION = "Option inconnue : {name}. Voir « {where} --help »."
CLI_MISSING = "Il manque {what}. Voir « {where} --help »."
CLI_A_PARAMETER = "un paramètre"
CLI_OPTION_NEEDS_VALUE = "L'option {name} attend une valeur. Voir « {where} --help »."
CLI_EXTRA_ARGUMENT = "Argument en trop : {extra}. Voir « {where} --help »."
CLI_BAD_VALUE = "Valeur invalide pour {param} : {message}"
CLI_BAD_CHOICE = "Valeur invalide pour {param} : choisissez parmi {choices}."
CLI_BAD_RANGE = "Valeur invalide pour {param} : attendu un nombre entier de {low} à {high}."
CLI_USAGE = "Commande mal formée. Voir « {where} --help »."
CLI_NO_COMMAND = "Commande inconnue : « {name} ». Voir « parcours --help »."
CLI_ABORTED = "Interrompu."
CLI_UNEXPECTED = "Erreur inattendue ({error}) ; rien n'a été modifié si l'opération était en cours. Relancez avec PARCOURS_DEBUG=1 pour le détail."
CLI_REFUSED_HEAD = "Action « {trigger} » refusée :"
CLI_REASON = "  - {message}{remedy}"
CLI_REASON_WARNING = "  - À noter (n'empêche pas l'action) : {message}{remedy}"
CLI_REASON_TO_FILL = "  - À renseigner avec l'action (--set) : {message}{remedy}"
CLI_REMEDY = " → {remedy}"
CLI_INIT_DONE = "Base prête : {url}"
CLI_INIT_ADMIN = "Administrateur : {name}"
CLI_KEY_FILE_CREATED = ("Fichier de clé de chiffrement créé : {path}\n"
                        "Sans ce fichier, les données chiffrées de la base et toutes ses "
                        "sauvegardes sont perdues, sans recours. Faites-en dès maintenant une "
                        "copie hors de cette machine (par exemple une clé USB chiffrée rangée au "
                        "coffre), jamais à côté de la base ni de ses sauvegardes.")
CLI_USER_ADDED = "Utilisateur « {name} » ajouté ({role})."
CLI_PERSON_ADDED = "Personne ajoutée : n° {id} ({alias})."
# Said, not refused: two persons may share an alias; finding one by it then needs her number.
PERSON_HOMONYMS = ("Attention : ce pseudonyme est déjà celui de {numbers} dans la délégation. "
                   "Ajoutez une initiale ou un chiffre pour les distinguer : la recherche par "
                   "pseudonyme exact et l'import du registre ne sauraient pas laquelle choisir.")
CLI_TRACK_STARTED = "Démarche « {label} » ouverte (n° {id}) à l'étape « {step} »."
CLI_ADVANCED = "Nouvelle étape : {label} ({step})."
CLI_WARNING = "Attention : {message}"
CLI_DEADLINE_OPENED = "Échéance {rule} : {due}"
CLI_DROPIN_OPENED = "Permanence n° {id} ouverte le {day}."
CLI_DROPIN_VISITS = "Permanence n° {id} : {identified} passage(s) identifié(s), {anonymous} anonyme(s)."
CLI_DROPIN_COLUMNS = ("n°", "date", "horaires", "bénévoles", "passages identifiés", "anonymes",
                      "état")
CLI_DROPIN_DELEGATION = "délégation"
CLI_DROPIN_OPEN_STATE = "ouverte"
CLI_DROPIN_CLOSED_STATE = "close le {day}"
CLI_DROPIN_MORE = ("Les {page} plus récentes seulement : choisissez une période (--from, --to), "
                   "ou tout d'un coup : --all.")
CLI_DROPIN_NONE = "Aucune permanence sur cette période."
CLI_VISITS_NONE = "Aucun passage enregistré à cette permanence."
CLI_VISITS_COLUMNS = ("heure", "personne", "besoins", "enregistré par")
CLI_VISITS_ANONYMOUS = "anonyme(s) : {count}"
CLI_DROPIN_SAME_DAY = ("La délégation a déjà une permanence le {day} ({ids}) : enregistrez-y "
                       "les passages (« parcours dropin visit {id} PERSONNE »), ou, pour en ouvrir "
                       "une autre ce jour-là, ajoutez --another.")
CLI_DROPIN_SAME_DAY_CLOSED = ("La délégation a déjà tenu le {day} une permanence, close depuis "
                              "({ids}) : pour en ouvrir une autre ce jour-là, ajoutez --another.")
CLI_DROPIN_ANOTHER_HELP = "Ouvrir une autre permanence un jour qui en a déjà une."
CLI_DROPIN_CLOSED = ("Permanence n° {id} close : {visits} passage(s) identifié(s), {anonymous} "
                     "anonyme(s), {new} nouvelle(s) personne(s), {hours} h de bénévolat.")
CLI_DROPIN_CLOSED_NEEDS = "Besoins exprimés : {needs}."
DROPINS_LIMIT_BAD = "« {value} » : un nombre entier de permanences est attendu (au moins 1)."
CLI_HISTORY_COLUMNS = ("survenu le", "saisi le", "par", "démarche", "événement", "vers")
CLI_NOTHING = "Rien à afficher."
CLI_AUDIT_CUT = ("Les {count} entrées les plus récentes seulement. Suite : parcours audit list "
                 "--after {after} (avec les mêmes filtres) ; ou resserrez avec --from/--to, "
                 "--user ou --person.")
CLI_RESTRICTED_REASON_HELP = ("Motif d'un accès exceptionnel (superviseur·e qui ne la suit pas) : "
                              "quand une vérification lit un contenu restreint.")
CLI_ALL_HELP = "Tout afficher (sinon les {page} premières lignes à l'écran ; le JSON donne tout)."
CLI_LIMIT_OR_ALL = "--limit et --all s'excluent : une page (--limit N) ou tout (--all)."
CLI_PERSONS_NEXT = ("Suite : parcours person list --after '{after}' (avec les mêmes filtres) ; "
                    "tout d'un coup : --all.")
CLI_USAGE_TEXT = """Parcours — accompagnement des personnes en parcours de sortie de la prostitution.

Utilisation : parcours COMMANDE [OPTIONS]   (sans commande, dans un terminal : l'interface)

Mise en route :
  parcours init --admin NOM          créer la base, sa première délégation et le premier administrateur
  parcours login NOM                 se connecter (puis logout, whoami, password, reauth, token)
  parcours user add NOM --role ROLE  ajouter un compte (benevole, stagiaire, referent, superviseur, admin)
  parcours delegation add CODE LIB   ajouter une délégation ; user disable|role|password|delegations
  parcours demo [--year AAAA]        remplir une base vide avec une année fictive

Au quotidien (une fois connecté·e ; PARCOURS_TOKEN pour un script) :
  parcours person add PSEUDO         enregistrer une personne (affiche son numéro)
  parcours person list | show N      lister, afficher un dossier
  parcours track start N DEMARCHE    ouvrir une démarche (voir « parcours tracks »)
  parcours actions N [DEMARCHE]      ce qui est possible ensuite, et pourquoi
  parcours advance N DEMARCHE ACTION [--set NOM=VALEUR ...] [--at DATE] [--note TEXTE]
  parcours deadlines [N]             échéances, avec leur source légale
  parcours person facts N | note add|list N   informations et notes (restreintes : parcours reauth)
  parcours consent give N suivi [--date D] | partage --partner NOM | withdraw N ID | list N
  parcours person export N --output FICHIER [--format texte|json] [--partner NOM]
  parcours dropin open DATE ...      ouvrir une permanence ; dropin visit / anonymous / close
  parcours dropin list               les permanences et leur numéro, les plus récentes d'abord

Supervision :
  parcours review                    ce qui est en retard, bloqué ou sans suivi ; review ack|snooze|reassign|comment
  parcours report --year AAAA        rapport d'activité (--format markdown|csv|json|xlsx|ods, --external)
  parcours import KIND FICHIER       importer un registre ou une liste (--dry-run, --template KIND)
  parcours audit list|verify|head    journal d'audit : qui a vu ou modifié quoi
  parcours keys status|rotate        clé de chiffrement : état, rotation (reprend après une coupure)

Sauvegardes et santé de la base (administrateurs) :
  parcours backup [--output CHEMIN]  sauvegarde chiffrée ; backup --verify FICHIER, backup --prune
  parcours restore FICHIER --db URL  restaurer dans une base vide, puis vérifier
  parcours check                     fichier, pages, schéma, journal d'audit, clés (sans connexion)

Référentiel :
  parcours plugins [--incidents] | domains | tracks [show ID --mermaid] | rules | rule ID --start DATE
  parcours plugin new NOM            écrire une nouvelle extension

Chaque commande accepte --json, --db URL, --today DATE ; « parcours COMMANDE --help » pour le détail."""
CLI_TRACK_ALREADY_OPEN = "Démarche « {label} » déjà ouverte (n° {id}), à l'étape « {step} » : rien n'a été changé."
CLI_BAD_VERSION = "Version invalide « {value} » : attendu le nombre row_version lu avant (par exemple 3)."

# click's own words in every --help (core/cli/french.py puts them in its place)
CLICK_FRENCH = {
    "Usage:": "Utilisation :",
    "Options": "Options",
    "Positional arguments": "Arguments",
    "Commands": "Commandes",
    "Show this message and exit.": "Afficher cette aide et quitter.",
    "Show the version and exit.": "Afficher la version et quitter.",
    "required": "obligatoire",
    "default: {default}": "par défaut : {default}",
    "env var: {var}": "variable d'environnement : {var}",
    "deprecated": "obsolète",
    "Aborted!": "Interrompu.",
    "(dynamic)": "(calculé)",
    "Do you want to continue?": "Continuer ?",
    "Confirm the action without prompting.": "Confirmer sans poser la question.",
}
"""Click's English sentences (the keys, exactly as click writes them) and what to show."""
CLICK_SUBCOMMAND = "COMMANDE [ARGUMENTS]..."
CLICK_SUBCOMMAND_OPTIONAL = "[COMMANDE] [ARGUMENTS]..."
CLICK_SUBCOMMAND_CHAIN = "COMMANDE1 [ARGUMENTS]... [COMMANDE2 [ARGUMENTS]...]..."
CLI_DROPIN_NEED_HELP = ("Besoin exprimé dans ce domaine (répétable ; voir « parcours "
                        "domains »).")
CLI_ACTION_FIELD = "    --set {name}=… {kind}{choices}{required} — {label}"
"""One fact an action asks for, under it in ``parcours actions``."""
CLI_FIELD_KINDS = {"date": "date (JJ/MM/AAAA)", "text": "texte", "integer": "nombre entier",
                   "number": "nombre", "boolean": "oui ou non", "choice": "au choix"}
CLI_FIELD_REQUIRED = ", obligatoire"
CLI_NOTE_SENSITIVITY_HELP = ("ordinaire, sensible, ou restreinte : lue après confirmation du "
                             "mot de passe.")
CLI_NOTE_SENSITIVITY_BAD = "« {value} » : choisissez parmi {levels}."
CLI_DEADLINES_UNTIL_HELP = ("Seulement les échéances de ce jour ou d'avant, dépassées comprises "
                            "(celles de la semaine : --until avec le vendredi).")
CLI_STEP_KINDS = {"action": "à faire", "waiting": "en attente", "final": "finale"}
"""What a step waits for, in ``tracks show``: the association, an authority, nothing."""
CLI_TODAY_WHICH_DELEGATION = ("« aujourd'hui » ({hint}) n'est pas le même jour dans toutes vos "
                              "délégations ({days}) : précisez laquelle avec --delegation CODE.")
CLI_DELEGATION_FILTER_HELP = ("Seulement cette délégation (une des vôtres : voir « parcours "
                              "delegation list »).")
