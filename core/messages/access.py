"""French texts of identity and access: sign-in, sessions, passwords, scopes, audit."""

# --- signing in ---------------------------------------------------------------------------
NOT_SIGNED_IN = "Vous n'êtes pas connecté·e : lancez « parcours login NOM »."
SESSION_ENDED = "Votre session a été fermée : reconnectez-vous avec « parcours login NOM »."
SESSION_EXPIRED = "Votre session a expiré : reconnectez-vous avec « parcours login NOM »."
SESSION_IDLE = "Votre session a expiré après une période d'inactivité : reconnectez-vous avec « parcours login NOM »."
SIGNIN_FAILED = "Nom d'utilisateur ou mot de passe incorrect."
SIGNIN_WAIT = "Trop de tentatives : réessayez dans {seconds} seconde(s)."
SIGNIN_LOCKED = "Trop de tentatives : connexion bloquée pour ce nom pendant {minutes} minute(s)."
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
USER_SELF = "Vous ne pouvez pas modifier ainsi votre propre compte."
USER_LAST_ADMIN = "C'est le dernier administrateur actif : créez-en un autre d'abord."
DELEGATION_UNKNOWN = "Délégation inconnue : « {code} »."
DELEGATION_EXISTS = "La délégation « {code} » existe déjà."
DELEGATION_CODE_BAD = "Code de délégation invalide « {code} » : lettres minuscules, chiffres et tirets, 2 à 30 caractères."
DELEGATION_CHOOSE = "Vous appartenez à plusieurs délégations : précisez laquelle ({codes})."
DELEGATION_NONE = "Vous n'appartenez à aucune délégation : demandez à un administrateur de vous en attribuer une."
DELEGATION_NOT_YOURS = "Vous n'appartenez pas à la délégation « {code} »."
TOKEN_UNKNOWN = "Jeton inconnu : n° {id}."
TOKEN_BAD_EXPIRY = "Durée invalide « {value} » : attendu par exemple 30d, 12h ou 90m (au plus {days} jours)."

# --- scopes --------------------------------------------------------------------------------
ACCESS_DENIED = "Accès refusé : cette personne n'est pas dans votre périmètre."
ACCESS_CASE_DENIED = "Accès refusé : votre rôle ne donne pas accès au détail de ce dossier."
ACCESS_SENSITIVE_DENIED = "Accès refusé : votre rôle ne donne pas accès aux informations sensibles de ce dossier."
ACCESS_RESTRICTED_DENIED = "Accès refusé : votre rôle ne donne pas accès aux contenus restreints (récit, notes, plainte)."
ACTIONS_NOT_READABLE = "Votre rôle ne donne pas accès au détail de cette démarche : actions décrites sans les vérifier."
ACTIONS_NOT_READABLE_REMEDY = "Le ou la référent·e de la personne peut les voir et les faire."

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
CONFIG_BELOW_FLOOR = "Réglage refusé dans {path} : {key} = {value} est en dessous du minimum de sécurité ({floor})."
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
CLI_SIGNED_IN = "Connecté·e : {name} ({role}) ; session valable jusqu'à {until} sans inactivité."
CLI_SIGNED_OUT = "Déconnecté·e."
CLI_WHOAMI = "{name} ({role}) — délégation(s) : {delegations} — session jusqu'au {until}"
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
