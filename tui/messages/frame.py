"""The application's frame: its title, the keys' labels and names, dialogs, the command
palette, and Textual's own words in French (:mod:`tui.textual_fr`)."""

APP_TITLE = "Parcours"
"""The one title: the terminal's title bar never shows a name or a file."""

# --- keys -------------------------------------------------------------------------------
KEY_QUIT = "Quitter"
KEY_HELP = "Aide"
KEY_PANIC = "Masquer"
KEY_COMMANDS = "Commandes"
KEY_BACK = "Retour"
KEY_PEOPLE = "Personnes"
KEY_DROPIN = "Permanence"
KEY_OPEN = "Ouvrir"
KEY_NEW_PERSON = "Nouvelle personne"
KEY_SEARCH = "Rechercher"
KEY_RELOAD = "Actualiser"
KEY_ANONYMOUS = "Anonyme"
KEY_NEW_ALIAS = "Nouveau"
KEY_CLOSE_DROPIN = "Clore"
KEY_OPEN_DROPIN = "Ouvrir la permanence"
KEY_NEEDS = "Besoins"
KEY_START_TRACK = "Démarche"
KEY_NOTE = "Note"
KEY_HOLD = "Gel juridique"
KEY_ERASE = "Effacer"
KEY_ACTIONS = "Actions"
KEY_HISTORY = "Historique"
KEY_DEADLINES = "Échéances"
KEY_NOTES = "Notes"
KEY_FACTS = "Informations"
KEY_LOCK = "Verrouiller"
KEY_SAVE = "Enregistrer"
KEY_CANCEL = "Annuler"
KEY_SWITCH_USER = "Changer d'utilisateur"
KEY_LEAVE_PANIC = "Revenir"
KEY_REVIEW = "Revue"
KEY_REPORT = "Rapport"
KEY_ACKNOWLEDGE = "Acquitter"
KEY_SNOOZE = "Reporter"
KEY_REASSIGN = "Confier"
KEY_COMMENT = "Commenter"
KEY_FILTERS = "Filtres"
KEY_PERIOD = "Période"
KEY_EXTERNAL = "Externe"
KEY_SOURCES = "Sources"
KEY_EXPORT = "Exporter"
KEY_FIGURES = "Chiffres"
KEY_MONTHS = "Par mois"
KEY_DOMAINS = "Par domaine"
KEY_PREVIOUS_YEAR = "Année précédente"
KEY_NEXT_YEAR = "Année suivante"
KEY_CHOOSE = "Choisir"
KEY_CLOSE = "Fermer"

# --- dialogs ----------------------------------------------------------------------------
OK = "OK"
YES = "Oui"
NO = "Non"
CONFIRM_TITLE = "Confirmer"
QUIT_HINT = "Pour quitter Parcours : Ctrl+Q."
UNEXPECTED_TITLE = "Erreur inattendue"
UNEXPECTED = ("Une erreur inattendue est survenue ({error}). Rien n'a été modifié si "
              "l'opération était en cours. Réessayez ; si cela se reproduit, prévenez "
              "l'administrateur.")
CRASHED = ("Parcours s'est arrêté sur une erreur inattendue ({error}). Rien n'a été modifié "
           "si une opération était en cours. Relancez-le ; si cela se reproduit, prévenez "
           "l'administrateur.")

# --- command palette --------------------------------------------------------------------
PALETTE_PLACEHOLDER = "Chercher une commande…"
COMMANDS = {
    "home": ("Accueil", "Revenir à l'écran d'accueil"),
    "people": ("Personnes", "Liste et recherche des personnes"),
    "new_person": ("Nouvelle personne", "Enregistrer une personne sous un pseudonyme"),
    "dropin": ("Permanence du jour", "Ouvrir ou reprendre la permanence, enregistrer les passages"),
    "review": ("File de revue", "Alertes à examiner : échéances, étapes sans avancée, "
               "réponses attendues, personnes sans référent·e ou sans contact"),
    "report": ("Rapport d'activité", "Chiffres de l'année, graphiques, diffusion externe, export"),
    "help": ("Aide", "Touches et usage"),
    "panic": ("Masquer l'écran", "Écran vide immédiat (F12 ou Ctrl+B pour revenir)"),
    "lock": ("Verrouiller l'écran", "Masquer l'écran jusqu'à ce que votre mot de passe soit tapé"),
    "switch_user": ("Changer d'utilisateur", "Se déconnecter et revenir à l'écran de connexion"),
    "quit": ("Quitter", "Fermer Parcours"),
}

# --- key names (footers, help) ----------------------------------------------------------
KEY_NAMES = {"escape": "Échap", "enter": "Entrée", "space": "Espace", "tab": "Tab",
             "up": "↑", "down": "↓", "left": "←", "right": "→", "pageup": "Page↑",
             "pagedown": "Page↓", "home": "Début", "end": "Fin", "delete": "Suppr",
             "backspace": "Retour arrière", "minus": "-", "plus": "+", "ctrl": "Ctrl",
             "shift": "Maj", "alt": "Alt"}
"""How a key is named in the footers: French, as on a French keyboard."""

# --- Textual's own words (tui/textual_fr.py) ------------------------------------------
KEY_CLOSE_MENU = "Fermer la liste"
KEY_OPEN_MENU = "Ouvrir la liste"
PALETTE_NO_MATCH = "Aucune commande ne correspond"
PALETTE_CLOSE = "Fermer la palette"
PALETTE_NEXT = "Commande suivante"
PALETTE_PREVIOUS = "Commande précédente"
PALETTE_NEXT_PAGE = "Page suivante"
PALETTE_PREVIOUS_PAGE = "Page précédente"
PALETTE_FIRST = "Première commande"
PALETTE_LAST = "Dernière commande"
