"""Roles, signing in, the session and the lock screen."""

# --- roles (their labels are core's: core.services.role_label) -------------------------
ROLE_OTHER = "autre rôle"

# --- sign-in, session, lock -------------------------------------------------------------
KEY_SIGN_IN = "Se connecter"
KEY_SIGN_OUT = "Se déconnecter"
KEY_UNLOCK = "Déverrouiller"
KEY_CONFIRM = "Valider"
SIGNIN_TITLE = "Connexion"
SIGNIN_HELP = "Votre nom d'utilisateur, Entrée, votre mot de passe, Entrée."
SIGNIN_NAME = "Nom d'utilisateur"
SIGNIN_PASSWORD = "Mot de passe"
SIGNIN_NAME_EMPTY = "Indiquez votre nom d'utilisateur."
SIGNIN_PASSWORD_EMPTY = "Indiquez votre mot de passe."
SIGNIN_CHECKING = "Vérification du mot de passe…"
SIGNIN_ENTRY = "{name} — {role}"
SESSION_ENDED = ("Votre session a été fermée (compte désactivé, rôle ou mot de passe changé, "
                 "ou trop de mots de passe refusés) : reconnectez-vous.")
SESSION_EXPIRED = "Votre session a atteint sa durée maximale : reconnectez-vous."
SESSION_IDLE = "Votre session a expiré après une période d'inactivité : reconnectez-vous."
SESSION_MISSING = "Vous n'êtes pas connecté·e : reconnectez-vous."
PASSWORD_TITLE = "Nouveau mot de passe"
PASSWORD_HELP = ("Votre mot de passe a été réinitialisé : choisissez-en un nouveau avant de "
                 "continuer. Entrée passe au champ suivant puis enregistre ; Échap vous "
                 "déconnecte.")
PASSWORD_CURRENT = "Mot de passe actuel (provisoire)"
PASSWORD_NEW = "Nouveau mot de passe"
PASSWORD_AGAIN = "Le nouveau mot de passe, une seconde fois"
PASSWORD_MISMATCH = "Les deux saisies du nouveau mot de passe diffèrent."
PASSWORD_CHANGED = "Mot de passe changé."
LOCK_TITLE = "Écran verrouillé"
LOCK_HELP = ("Parcours s'est verrouillé après {minutes} {unit} sans activité. Tapez votre "
             "mot de passe puis Entrée pour reprendre là où vous en étiez.")
LOCK_HELP_ASKED = "Parcours est verrouillé. Tapez votre mot de passe puis Entrée pour reprendre."
REAUTH_TITLE = "Contenu restreint"
REAUTH_HELP = ("Confirmez votre mot de passe pour ouvrir le récit, les détails de plainte et "
               "les notes restreintes. Entrée valide, Échap annule.")
REASON_TITLE = "Accès exceptionnel"
REASON_HELP = ("Vous ne suivez pas cette personne. Indiquez le motif de cet accès à son "
               "contenu restreint : il est enregistré au journal d'audit et signalé dans la "
               "file de revue. Entrée valide, Échap annule.")
REASON_LABEL = "Motif"
REASON_EMPTY = "Indiquez le motif de cet accès."
