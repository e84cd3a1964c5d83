"""French texts of identity and access: sign-in, sessions, passwords, scopes, audit."""

# --- signing in ---------------------------------------------------------------------------
NOT_SIGNED_IN = "Vous n'êtes pas connecté·e : lancez « parcours login NOM »."
SESSION_ENDED = "Votre session a été fermée : reconnectez-vous avec « parcours login NOM »."
SESSION_EXPIRED = "Votre session a expiré : reconnectez-vous avec « parcours login NOM »."
SESSION_IDLE = "Votre session a expiré après une période d'inactivité : reconnectez-vous avec « parcours login NOM »."
SIGNIN_FAILED = "Nom d'utilisateur ou mot de passe incorrect."
SIGNIN_WAIT = "Trop de tentatives : réessayez dans {seconds} {unit}."
SECONDS = ("seconde", "secondes")
MINUTES = ("minute", "minutes")
SIGNIN_LOCKED = "Trop de tentatives : connexion bloquée pour ce nom pendant {minutes} {unit}."
SIGNIN_NO_PASSWORD_YET = "Nom d'utilisateur ou mot de passe incorrect."
PASSWORD_MUST_CHANGE = "Votre mot de passe a été réinitialisé : choisissez-en un nouveau avec « parcours password »."
PASSWORD_WRONG_CURRENT = "Le mot de passe actuel est incorrect."
PASSWORD_SAME = "Le nouveau mot de passe doit être différent de l'actuel."
REAUTH_NEEDED = "Contenu restreint : confirmez d'abord votre mot de passe (« parcours reauth »)."
REAUTH_FAILED = "Mot de passe incorrect."
REASON_NEEDED = "Accès exceptionnel à un contenu restreint : indiquez-en le motif (--reason)."

# --- passwords (CNIL délibération 2022-100) -----------------------------------------------
PASSWORD_EMPTY = "Le mot de passe ne peut pas être vide."
PASSWORD_TOO_LONG = "Le mot de passe est trop long ({limit} caractères au plus)."
PASSWORD_BAD_CHARACTER = "Le mot de passe contient un caractère non autorisé."
PASSWORD_WEAK = ("Mot de passe trop faible : au moins {short} caractères mêlant trois types "
                 "(minuscules, majuscules, chiffres, autres signes), ou une phrase de passe "
                 "d'au moins {long} caractères.")
PASSWORD_COMMON = "Ce mot de passe fait partie des mots de passe les plus courants : choisissez-en un autre."

# --- accounts and delegations -------------------------------------------------------------
USER_UNKNOWN = "Utilisateur inconnu : « {name} »."
CLI_USERS_DELEGATION_HELP = ("Seulement les comptes de cette délégation (une des vôtres ; "
                             "n'importe laquelle pour un·e administrateur·rice).")
USERS_LIMIT_BAD = "« {value} » : un nombre entier de comptes est attendu (au moins 1)."
CLI_USERS_MORE = ("… et {rest} autre(s). Les {page} premiers seulement sont affichés ; "
                  "tout d'un coup : --all (ou --limit N), une délégation : --delegation CODE.")
REFERENT_UNKNOWN = ("Aucun compte de vos délégations ne s'appelle « {name} » : indiquez le nom "
                    "d'un·e référent·e tel qu'il s'écrit dans Parcours (son nom de connexion).")
USER_SELF = "Vous ne pouvez pas modifier ainsi votre propre compte."
USER_LAST_ADMIN = "C'est le dernier administrateur actif : créez-en un autre d'abord."
DELEGATION_UNKNOWN = "Délégation inconnue : « {code} »."
DELEGATION_EXISTS = "La délégation « {code} » existe déjà."
DELEGATION_CODE_BAD = "Code de délégation invalide « {code} » : lettres minuscules, chiffres et tirets, 2 à 30 caractères."
DELEGATION_CHOOSE = "Vous appartenez à plusieurs délégations : précisez laquelle ({codes})."
USER_DELEGATION_CHOOSE = ("Plusieurs délégations existent : indiquez celle du compte avec "
                          "--delegation CODE ({codes}).")
DELEGATION_NONE = "Vous n'appartenez à aucune délégation : demandez à un administrateur de vous en attribuer une."
DELEGATION_NOT_YOURS = "Vous n'appartenez pas à la délégation « {code} »."
TOKEN_UNKNOWN = "Jeton inconnu : n° {id}."
TOKEN_BAD_EXPIRY = ("Durée invalide « {value} » : attendu par exemple 30j, 12h ou 90min "
                    "(au plus {days} jours).")
TOKEN_AMBIGUOUS_EXPIRY = ("Durée ambiguë « {value} » : « m » peut dire minutes ou mois. "
                          "Écrivez 90min pour des minutes, ou des jours pour des mois "
                          "(180j pour 6 mois ; au plus {days} jours).")

# --- scopes --------------------------------------------------------------------------------
ACCESS_DENIED = "Accès refusé : cette personne n'est pas dans votre périmètre."
ACCESS_CASE_DENIED = "Accès refusé : votre rôle ne donne pas accès au détail de ce dossier."
ACCESS_SENSITIVE_DENIED = "Accès refusé : votre rôle ne donne pas accès aux informations sensibles de ce dossier."
ACCESS_RESTRICTED_DENIED = "Accès refusé : votre rôle ne donne pas accès aux contenus restreints (récit, notes, plainte)."
ACTIONS_NOT_READABLE = "Votre rôle ne donne pas accès au détail de cette démarche : actions décrites sans les vérifier."
ACTIONS_NOT_READABLE_REMEDY = "Le ou la référent·e de la personne peut les voir et les faire."
CHECK_REASON_RESTRICTED = "Vérification fondée sur un contenu restreint de la personne : ni son motif ni son verdict ne sont affichés."
CHECK_REASON_RESTRICTED_REMEDY = "Si vous suivez la personne, confirmez votre mot de passe pour les voir et agir (en choisissant l'action dans l'interface, ou par « parcours reauth ») ; superviseur·e de sa délégation, indiquez le motif de votre accès exceptionnel (en choisissant l'action, ou avec --reason)."
ACTION_NEEDS_RESTRICTED = "Accès refusé : cette action dépend d'un contenu restreint de la personne, réservé à qui la suit et, sur motif, aux superviseur·es de sa délégation."
# A check refused an action to someone who does not read the file: why is the file's content.
REASONS_WITHHELD_REMEDY = "Le détail est réservé à qui suit la personne et aux superviseur·es de sa délégation."

# --- audit ---------------------------------------------------------------------------------
AUDIT_OK = "Journal d'audit intact : {count} entrée(s) vérifiée(s)."
AUDIT_BROKEN = {
    "modified": "Journal d'audit altéré : l'entrée n° {seq} a été modifiée.",
    "missing": "Journal d'audit altéré : une ou plusieurs entrées manquent avant l'entrée n° {seq}.",
    "order": "Journal d'audit altéré : l'entrée n° {seq} a été déplacée.",
    "truncated": "Journal d'audit altéré : l'entrée n° {seq} de référence a disparu ou a changé (fin du journal supprimée).",
}
AUDIT_BAD_ANCHOR = "Référence invalide « {value} » : attendu N:EMPREINTE (donnée par « parcours audit head »)."

# --- text gate -----------------------------------------------------------------------------
TEXT_THIS_FIELD = "ce champ"
TEXT_NOT_TEXT = "Valeur invalide pour {field} : un texte est attendu."
TEXT_TOO_LONG = "Texte trop long pour {field} ({limit} caractères au plus)."
TEXT_BIDI = "{field} contient des caractères d'inversion du sens d'écriture, non autorisés."
TEXT_EMPTY = "{field} ne peut pas être vide."
CONFIG_BAD_ENV = "Valeur invalide pour {name} : « {value} »."
CONFIG_NOT_WHOLE = "{key} : un nombre entier est attendu"
CONFIG_OUT_OF_RANGE = "Réglage refusé ({where}) : {key} = {value} ; attendu un nombre de {unit} entre {low} et {high}."
CONFIG_UNITS = {"minutes": "minutes", "hours": "heures"}
CONFIG_BELOW_FLOOR = "Réglage refusé dans {path} : {key} = {value} est en dessous du minimum de sécurité ({floor})."
TOKEN_SCOPE_UNKNOWN = "Portée de jeton inconnue « {value} » : choisissez parmi {choices}."
TOKEN_SCOPE_LABELS = {
    "lecture": "la lecture (rien n'y est modifié)",
    "statistiques": "le rapport d'activité",
}
TOKEN_SCOPE_REFUSED = ("Ce jeton personnel ne permet que {what} : cette commande lui est "
                       "refusée. Connectez-vous (« parcours login ») ou créez un jeton de la "
                       "portée voulue (« parcours token create --scope … »).")
TOKEN_SCOPE_SHOWN = {None: "tout", "lecture": "lecture", "statistiques": "statistiques"}
TOKEN_NEEDS_SESSION = "Un jeton personnel se crée depuis une session ouverte avec « parcours login », pas avec un autre jeton."
INIT_PASSWORD_NEEDED = "Indiquez le mot de passe du premier administrateur (--password-stdin, ou saisi au terminal)."
INIT_EXISTING_ADMIN = "L'administrateur « {name} » a déjà un mot de passe ; connectez-vous avec « parcours login {name} »."
REFERENT_NOT_A_USER = "« {name} » ne peut pas être référent·e : choisissez un·e référent·e ou superviseur·e actif·ve de la délégation de la personne."
NOTE_BAD_SENSITIVITY = "Sensibilité inconnue « {value} » : choisissez parmi {choices}."
SESSION_FILE_UNWRITABLE = "Impossible d'enregistrer la session dans {path} ({error})."
SESSION_FILE_OPEN = "Le fichier de session {path} est lisible par d'autres utilisateurs : supprimez-le et reconnectez-vous avec « parcours login NOM »."
CLI_PASSWORD_STDIN = "Aucun terminal pour saisir le mot de passe : passez-le sur l'entrée standard avec --password-stdin."
CLI_PASSWORD_PROMPT = "Mot de passe"
CLI_PASSWORD_NEW = "Nouveau mot de passe"
CLI_PASSWORD_AGAIN = "Confirmez le mot de passe"
CLI_PASSWORD_CURRENT = "Mot de passe actuel"
CLI_PASSWORD_MISMATCH = "Les deux saisies diffèrent."
CLI_PASSWORD_STDIN_TWO = "Avec --password-stdin, donnez le mot de passe actuel puis le nouveau, sur deux lignes."
CLI_AS_GONE = "L'option --as n'existe plus : connectez-vous avec « parcours login NOM » (ou un jeton PARCOURS_TOKEN)."
# Both say the two limits alike: login read « jusqu'à 14:54 sans inactivité » and whoami
# « jusqu'au 03:24 » (the idle end), as if they disagreed.
CLI_SIGNED_IN = ("Connecté·e : {name} ({role}) ; la session se ferme après {idle} min sans "
                 "activité, et au plus tard le {until}.")
CLI_SIGNED_OUT = "Déconnecté·e."
CLI_WHOAMI = ("{name} ({role}) — délégation(s) : {delegations} — session fermée le {until} "
              "sans activité d'ici là")
CLI_WHOAMI_SCOPE = "Ce jeton ne permet que {what}."
CLI_PASSWORD_CHANGED = "Mot de passe changé ; vos autres sessions sont fermées."
CLI_REAUTH_DONE = "Mot de passe confirmé : les contenus restreints sont accessibles pendant {minutes} minutes."
CLI_TOKEN_CREATED = "Jeton n° {id} créé, valable jusqu'au {until}. Conservez-le : il ne sera plus affiché.\n{secret}"
CLI_TOKEN_REVOKED = "Jeton n° {id} révoqué."
CLI_USER_DISABLED = "Utilisateur « {name} » désactivé ; ses sessions sont fermées."
CLI_USER_ROLE = "Utilisateur « {name} » : rôle {role} ; ses sessions sont fermées."
CLI_USER_RESET = "Mot de passe provisoire de « {name} » enregistré : il ou elle devra le changer à la prochaine connexion."
CLI_USER_DELEGATIONS = "Utilisateur « {name} » : délégation(s) {codes}."
CLI_DELEGATION_ADDED = "Délégation « {code} » ajoutée ({label})."
CLI_AUDIT_HEAD = "{seq}:{hash}"
CLI_UPGRADE_DONE = "Base à jour : {url}"
CLI_UPGRADE_RUNNING = ("Mise à jour du schéma de la base… Sur une grande base, certaines tables "
                       "sont reconstruites : comptez quelques minutes, sans interrompre.")
CLI_GRANTED = "Droits accordés au rôle PostgreSQL « {role} »."
ROLES_POSTGRESQL_ONLY = "--app-role ne s'applique qu'à une base PostgreSQL."
ROLES_BAD_NAME = "Nom de rôle PostgreSQL invalide « {role} » : lettres minuscules, chiffres et _."
AUDIT_OUTCOMES = {"done": "fait", "refused": "refusé", "failed": "échec"}
CLI_HAS_REFERENT = "(oui)"
CLI_FRONT_DESK_VIEW = "Vue d'accueil : domaines ouverts {domains} ; le détail est réservé au ou à la référent·e."
CLI_LOCKED = "(restreint : « parcours reauth » ou --reason)"
CLI_NOTE_ADDED = "Note n° {id} ajoutée."
SENSITIVITY_LABELS = {"ordinary": "ordinaire", "sensitive": "sensible", "restricted": "restreinte"}
CLI_TRACK_STARTED_HIDDEN = "Démarche « {label} » ouverte (n° {id})."
CLI_TRACK_ALREADY_OPEN_HIDDEN = "Démarche « {label} » déjà ouverte (n° {id}) : rien n'a été changé."

# --- encryption ----------------------------------------------------------------------------
CRYPTO_UNREADABLE = "Donnée chiffrée illisible : elle a été altérée, déplacée, ou la clé n'est pas la bonne. Rien n'a été affiché ; prévenez l'administrateur."
KEY_NOT_FOUND = "Clé de chiffrement de cette base introuvable : indiquez le fichier de clé (PARCOURS_KEY_FILE, ou [cles] fichier dans parcours.toml). Sans elle, les données chiffrées sont perdues."
KEY_OTHER_BASE = "Le fichier de clé trouvé appartient à une autre base : indiquez celui de cette base (PARCOURS_KEY_FILE)."
KEY_WRONG = "La clé de chiffrement ne correspond pas à cette base : vérifiez le fichier de clé (PARCOURS_KEY_FILE)."
KEY_FILE_OPEN = "Le fichier de clé {path} est lisible par d'autres utilisateurs : restreignez-le (chmod 600) avant de continuer."
KEY_FILE_UNREADABLE = "Le fichier de clé {path} est illisible ou n'est pas un fichier de clé Parcours."
KEY_FILE_EXISTS = "Un fichier de clé existe déjà à {path} : il n'a pas été remplacé."
KEY_FILE_IN_DB_FOLDER = "Le fichier de clé ne doit pas être dans le dossier de la base ({path}) : une copie du dossier emporterait la clé."
KEY_VERSION_MISSING = "La version {version} de la clé de chiffrement manque au fichier de clé."
KEY_NEEDED_FOR_UPGRADE = "Cette mise à jour chiffre les données existantes : elle a besoin de la clé de la base (créée au premier lancement de « parcours upgrade »)."
CRYPTO_ERASED = "Les données de cette personne ont été effacées : elles ne peuvent plus être lues."
KEY_FILE_BEFORE_ROTATION = "Ce fichier de clé date d'avant une rotation des clés : il ne contient pas la version {version} de la clé, celle de la base. Indiquez le fichier de clé actuel (PARCOURS_KEY_FILE)."
KEY_FILE_AFTER_ROTATION = "Le fichier de clé ne contient plus la version {version} de la clé, dont cette base a besoin : la base date d'avant une rotation des clés (sauvegarde restaurée ?). Il faut la copie du fichier de clé faite avant cette rotation."
KEY_IN_KEYRING = "trousseau du système"

# --- key rotation --------------------------------------------------------------------------
KEY_ROTATION_BATCH = "Taille de lot invalide : entre 1 et {limit} personnes par transaction."
KEY_ROTATION_OTHER = "Une autre opération sur les clés est en cours ({kind}) : terminez-la d'abord."
KEY_ROTATION_TARGET_MISSING = "Rotation des clés interrompue : le fichier de clé ne contient plus la version {version} vers laquelle elle re-chiffre. Remettez le fichier de clé utilisé au début de la rotation, puis relancez « parcours keys rotate »."
CLI_KEYS_START = "Rotation de la clé de chiffrement…"
CLI_KEYS_BEGUN = "Nouvelle version {target} de la clé, enregistrée dans le fichier de clé ; {total} personne(s) à ré-envelopper."
CLI_KEYS_RESUMED = "Reprise de la rotation vers la version {target} interrompue."
CLI_KEYS_PROGRESS = "Rotation des clés : {done}/{total} personne(s) ({percent} %)."
CLI_KEYS_FINISHED = "La base utilise maintenant la version {version} de la clé."
CLI_KEYS_DONE = "Rotation terminée : version {version} de la clé ; {count} personne(s) ré-enveloppée(s) ; anciennes versions retirées du fichier de clé ({dropped})."
CLI_KEYS_CLEANED = "Rotation précédente terminée : anciennes versions retirées du fichier de clé ({dropped}). La base utilise la version {version} ; relancez la commande pour une nouvelle rotation."
CLI_KEYS_NOTHING = "Aucune rotation à faire."
CLI_KEYS_COPY = "Faites dès maintenant une nouvelle copie hors ligne du fichier de clé {path} : les copies antérieures n'ouvrent plus cette base (seulement ses sauvegardes d'avant la rotation)."
CLI_KEYS_STATUS_VERSION = "Version de la clé de la base : {version}"
CLI_KEYS_STATUS_FILE = "Fichier de clé : {path} (versions {versions})"
CLI_KEYS_STATUS_ROTATION = "Rotation en cours vers la version {target} : {done}/{total} personne(s), commencée le {started}. Relancez « parcours keys rotate » pour la terminer."
CLI_KEYS_STATUS_CLEANUP = "Rotation terminée mais anciennes versions encore dans le fichier de clé : relancez « parcours keys rotate » pour les retirer."
CLI_KEYS_STATUS_IDLE = "Aucune rotation en cours."
CLI_KEYS_STATUS_COUNTS = "Clés des personnes par version : {counts}"
CLI_KEYS_NONE = "aucune"
DELEGATION_DEPARTMENT_BAD = "Département invalide « {value} » : numéro de département (01 à 95, 2A, 2B, 971 à 976)."
AGREMENT_NO_DATE = "Indiquez au moins une date de l'agrément (demande, dossier complet, décision, validité)."
AGREMENT_BAD_PERIOD = "La fin de validité de l'agrément précède son début."
CLI_AGREMENT_RECORDED = "Agrément enregistré pour la délégation « {code} »."
REQUEST_ID_BAD = ("Identifiant de requête invalide : de 1 à 64 lettres ou chiffres sans accents, "
                  "points, tirets, deux-points ou soulignés.")
REQUEST_UNCHECKED = ("Cette requête a déjà été appliquée, mais sa réponse ne peut pas être redonnée : "
                     "consultez le dossier pour voir où il en est.")
REQUEST_ID_REUSED = ("L'identifiant de requête « {request_id} » a déjà servi pour une autre demande : "
                     "rien n'a été fait. Donnez à chaque demande son propre identifiant.")
REQUEST_TOKEN_SHOWN_ONCE = ("Le jeton n° {id} a déjà été créé par cette requête : son secret ne peut pas "
                            "être affiché à nouveau. Révoquez-le avec « parcours token revoke {id} » "
                            "et créez-en un autre.")
REQUEST_PASSWORD_OTHER = ("La requête « {request_id} » a déjà été appliquée avec un autre mot de passe, "
                          "ou ce mot de passe a changé depuis : rien n'a été fait.")
REQUEST_OTHER_CREDENTIAL = ("Cette requête a été envoyée depuis une autre connexion : sa réponse n'est "
                            "rendue qu'à celle-ci. Consultez le dossier pour voir où il en est.")

# --- the audit log, read by a supervisor: operations and reasons in words -------------------
# Keys are the codes stored in the log (JSON keeps them); a code missing here is shown as is.
AUDIT_OPERATIONS = {
    "init": "création de la base", "auth.login": "connexion", "auth.logout": "déconnexion",
    "auth.password": "changement de mot de passe", "auth.reauth": "mot de passe retapé",
    "auth.whoami": "qui suis-je", "audit.list": "lecture du journal",
    "audit.verify": "vérification du journal", "backup.create": "sauvegarde",
    "backup.prune": "suppression de sauvegardes anciennes",
    "backup.verify": "vérification d'une sauvegarde", "backup.restore": "restauration",
    "consent.give": "consentement enregistré", "consent.list": "lecture des consentements",
    "consent.withdraw": "consentement retiré", "deadline.list": "lecture des échéances",
    "delegation.add": "délégation ajoutée", "delegation.agrement": "agrément enregistré",
    "delegation.list": "lecture des délégations", "demo.fill": "données de démonstration",
    "dropin.anonymous": "passages anonymes", "dropin.close": "permanence close",
    "dropin.list": "lecture des permanences", "dropin.visits": "lecture des passages",
    "dropin.open": "permanence ouverte",
    "dropin.visit": "passage enregistré", "import.run": "import",
    "keys.rotate": "rotation des clés", "keys.status": "état des clés",
    "note.add": "note ajoutée", "note.list": "lecture des notes",
    "person.add": "personne ajoutée", "person.count": "comptage des personnes",
    "person.erase": "effacement d'une personne", "person.export": "export des données",
    "person.facts": "lecture des informations", "person.hold": "gel juridique",
    "person.list": "liste des personnes", "person.show": "lecture d'un dossier",
    "referent.candidates": "référent·es possibles", "report.activity": "rapport d'activité",
    "report.explain": "détail d'un chiffre du rapport", "report.export": "export du rapport",
    "report.rebuild": "recalcul du rapport", "retention.apply": "conservation appliquée",
    "retention.due": "fins de conservation", "review.comment": "commentaire de supervision",
    "review.counts": "comptage de la supervision", "review.decide": "décision de supervision",
    "review.queue": "file de supervision", "token.create": "jeton créé",
    "token.list": "lecture des jetons", "token.revoke": "jeton révoqué",
    "track.actions": "actions possibles", "track.advance": "étape enregistrée",
    "track.history": "lecture de l'historique", "track.start": "démarche ouverte",
    "user.add": "compte ajouté", "user.delegations": "délégations d'un compte",
    "user.disable": "compte désactivé", "user.list": "liste des comptes",
    "user.reset_password": "mot de passe réinitialisé", "user.role": "rôle changé",
}
AUDIT_REASONS = {
    "exceptional_access": "accès exceptionnel", "throttled": "trop de tentatives",
    "disabled": "compte désactivé", "bad_credentials": "nom ou mot de passe incorrect",
    "backup_tampered": "sauvegarde altérée", "bad_number": "nombre invalide",
    "bad_text": "texte invalide", "conflict_error": "modification concurrente",
    "consent_required": "consentement manquant", "database_busy": "base occupée",
    "database_damaged": "base abîmée", "definition_error": "définition invalide",
    "hook_too_slow": "extension trop lente", "implausible_date": "date invraisemblable",
    "input_error": "saisie refusée", "import_rejected": "import refusé", "integrity_alert": "alerte d'intégrité",
    "invalid_facts": "informations invalides", "key_missing": "clé manquante",
    "not_authenticated": "non connecté·e", "not_found": "introuvable",
    "password_change_required": "mot de passe à changer",
    "permission_denied": "non autorisé", "persistence_error": "erreur de la base",
    "plugin_error": "erreur d'une extension", "reason_required": "motif manquant",
    "reauth_required": "mot de passe à retaper", "transition_refused": "étape refusée",
    "unknown_trigger": "action inconnue",
}
