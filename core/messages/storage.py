"""French texts of storage and the services: database errors, policy, persons, review."""

# --- persistence ----------------------------------------------------------------------
DB_CONFLICT_STALE = ("Ce dossier a été modifié par quelqu'un d'autre entre-temps : "
                     "rechargez-le, puis refaites votre modification.")
DB_CONFLICT_CONCURRENT = ("Quelqu'un d'autre modifie les mêmes données au même moment : "
                          "réessayez dans un instant.")
DB_BUSY = "Données occupées, réessayez dans un instant."
DB_DISK_FULL = "Le disque est plein : rien n'a été enregistré. Libérez de la place, puis réessayez."
DB_IO_ERROR = "Erreur de lecture ou d'écriture sur le disque : l'opération n'a pas abouti."
DB_CORRUPT = "Le fichier de données est endommagé : restaurez la dernière sauvegarde."
DB_REPLACED = ("Le fichier de données a été remplacé pendant que Parcours l'avait ouvert : "
               "rien n'a été enregistré. Fermez Parcours, puis relancez-le.")
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
DB_SQLITE_NO_JSON = ("La version de SQLite de ce Python n'a pas les fonctions JSON dont Parcours "
                     "a besoin : installez un Python lié à SQLite 3.38 ou plus récent.")
DB_URL_INVALID = "Adresse de base de données invalide."
DB_IN_MEMORY = ("Une base en mémoire disparaît à la fin de chaque commande : indiquez un "
                "fichier (--db sqlite:///chemin/parcours.db) ou un serveur PostgreSQL.")
DB_URL_UNSUPPORTED = ("Type de base de données non pris en charge (« {backend} ») : "
                      "utilisez SQLite ou PostgreSQL.")
DB_SCHEMA_UNKNOWN = ("La base de données est à une version inconnue de ce logiciel "
                     "(créée par une version plus récente de Parcours ?).")
DB_SCHEMA_MISMATCH = "Le schéma de la base ne correspond pas au code : une migration manque ou n'a pas été appliquée."

# --- services -------------------------------------------------------------------------
SERVICE_DENIED = "Votre rôle ({role}) ne permet pas cette opération."
SERVICE_DENIED_REMEDY = "Elle revient à un·e {roles}."
ROLE_UNKNOWN = "Rôle inconnu « {role} » : choisissez parmi {roles}."
ROLE_TYPED = {"referente": "referent", "superviseure": "superviseur", "administrateur": "admin",
              "administratrice": "admin", "administrateurrice": "admin"}
"""Roles as French people write them (accents, case and the median dot taken off) and their code."""
USER_EXISTS = ("L'utilisateur « {name} » existe déjà (les noms ne distinguent pas majuscules "
               "et minuscules).")
USER_LOOKS_LIKE = ("Le nom « {name} » se confond à l'écran avec « {other} », un compte "
                   "existant (des lettres d'un autre alphabet ou d'une autre langue qui se "
                   "ressemblent) : choisissez un nom qui s'en distingue à la lecture.")
USER_NAME_EMPTY = "Le nom d'utilisateur ne peut pas être vide."
INIT_NEEDS_ADMIN = "Base vide : indiquez le premier administrateur avec --admin NOM."
INIT_ALREADY = "La base est déjà initialisée ; ajoutez des utilisateurs avec « parcours user add »."
ALIAS_EMPTY = "Le pseudonyme ne peut pas être vide."
ALIAS_TOO_LONG = "Le pseudonyme est trop long (80 caractères au plus)."
ALIAS_NUMBER = ("Pseudonyme refusé « {alias} » : il se lit comme un numéro de personne, et "
                "« parcours person show {alias} » trouverait la personne de ce numéro.")
PERSON_UNKNOWN = "Personne introuvable : « {person} »."
PERSON_AMBIGUOUS = ("Plusieurs personnes portent le pseudonyme « {person} » : indiquez son numéro "
                    "(parcours person list --search « {person} »).")
TRACK_NOT_OPEN = "Aucune démarche « {track} » ouverte pour cette personne."
TRACK_STALE = "Ce dossier a été modifié entre-temps par quelqu'un d'autre ; rechargez-le avant de recommencer."
DROPIN_UNKNOWN = "Permanence introuvable : « {dropin} »."
DROPIN_BAD_HOURS = "Horaires invalides : l'heure de fin doit suivre l'heure de début."
VOLUNTEER_BAD = ("Bénévole invalide « {value} » : attendu NOM=HEURES, par exemple Marie=5 ou "
                 "Marie=2h30.")
COUNT_BAD = "Le nombre de passages anonymes doit être un entier positif."
COUNT_TOO_MANY = "Au plus {limit} passages anonymes par enregistrement : rien n'a été enregistré."
VISIT_TWICE = "Ce passage est déjà enregistré pour cette permanence."
VISIT_OTHER_DELEGATION = ("La personne n° {person} est suivie par la délégation « {theirs} » et la "
                          "permanence n° {dropin} est celle de « {here} » : un passage s'enregistre "
                          "à une permanence de sa délégation (vérifiez les deux numéros).")

# --- review queue ---------------------------------------------------------------------
REVIEW_KINDS = {"overdue": "Échéance dépassée", "due_soon": "Échéance proche",
                "stalled": "Étape sans avancée", "waiting_too_long": "Réponse attendue depuis trop longtemps",
                "no_referent": "Sans référent·e", "no_contact": "Sans contact",
                "exceptional_access": "Accès exceptionnel", "retention": "Fin de conservation"}
REVIEW_EXCEPTIONAL = "{user} a ouvert un contenu restreint le {day} : « {reason} »."
AUDIT_REASON_ERASED = "motif illisible : effacé avec le dossier de la personne"
AUDIT_REASON_ALTERED = "motif illisible : altéré dans la base (vérifiez le journal d'audit)"
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
REVIEW_OWN_ACCESS = ("Vous ne pouvez pas classer votre propre accès exceptionnel : un autre "
                     "superviseur de la délégation doit le relire.")
REVIEW_RULE_VEILED = "Échéance (contenu restreint)"
REVIEW_ALREADY_ACKNOWLEDGED = ("Cette alerte est déjà acquittée : elle a quitté la file de revue "
                               "(rien de plus n'est enregistré).")
REVIEW_CURSOR_BAD = "« {value} » n'est pas une position de la file de revue : reprenez la valeur « suite » donnée par la page précédente."
PERSONS_LIMIT_BAD = "« {value} » : un nombre entier de personnes est attendu (au moins 1)."
PERSONS_AFTER_BAD = ("« {value} » n'est pas une suite de la liste des personnes : reprenez "
                     "celle que la page précédente a donnée (entre apostrophes).")
REVIEW_LIMIT_BAD = "« {value} » : un nombre entier d'alertes est attendu (au moins 1)."
DEADLINES_CURSOR_BAD = "« {value} » n'est pas une position de la liste des échéances : reprenez la valeur « suite » donnée par la page précédente."
DEADLINES_LIMIT_BAD = "« {value} » : un nombre entier d'échéances est attendu (au moins 1)."
REVIEW_SNOOZE_DATE = "La date de report doit être postérieure au {today}."
REVIEW_REASON_NEEDED = "Indiquez le motif du report."
REVIEW_COMMENT_EMPTY = "Le commentaire ne peut pas être vide."
REVIEW_REFERENT_ROLE = ("« {name} » ne peut pas suivre cette personne : il faut un·e référent·e ou "
                        "un·e superviseur·e actif·ve de sa délégation ({delegation}). "
                        "Possibles : {names}.")
REVIEW_REFERENT_NONE = ("« {name} » ne peut pas suivre cette personne, et personne ne le peut dans "
                        "sa délégation ({delegation}) : un·e administrateur·rice peut y ajouter "
                        "un compte de référent·e (parcours user add).")
REVIEW_NAMES_MORE = "… et {rest} autre(s)"
CLI_REVIEW_DONE = "Décision enregistrée : {action} ({key})."
CLI_REVIEW_ACTIONS = {"acknowledged": "alerte acquittée", "snoozed": "alerte reportée",
                      "reassigned": "personne confiée", "commented": "commentaire ajouté"}
"""What ``review ack/snooze/reassign/comment`` says it did (the JSON keeps the English ids)."""
CLI_REVIEW_COUNTS = "Par type : {counts}."
CLI_REVIEW_NEXT = ("Suite : parcours review --after '{after}' (avec les mêmes filtres et --limit) ; "
                   "tout d'un coup : --all.")
CLI_DEADLINES_NEXT = ("Suite : parcours deadlines --after '{after}' (avec les mêmes filtres et "
                      "--limit) ; tout d'un coup : --all.")

# --- notes and drop-in closing (services used by the TUI) -------------------------------
NOTE_EMPTY = "La note ne peut pas être vide."
NOTE_TOO_LONG = "La note est trop longue ({limit} caractères au plus)."
TEXT_BAD_CHARACTER = "Le texte contient un caractère non autorisé."
DROPIN_CLOSED = "Cette permanence est déjà close : rien n'a été enregistré."
NEEDS_UNKNOWN_DOMAIN = "Besoin dans un domaine inconnu : « {domain} » (domaines : {domains})."

OS_ERRORS = {"ENOENT": "fichier ou dossier introuvable", "EACCES": "permission refusée",
             "EPERM": "opération non permise", "EISDIR": "c'est un dossier",
             "ENOTDIR": "un élément du chemin n'est pas un dossier",
             "ENOSPC": "plus de place sur le disque", "EROFS": "disque en lecture seule",
             "EEXIST": "le fichier existe déjà", "ENAMETOOLONG": "nom de fichier trop long"}
OS_ERROR_OTHER = "erreur du système (n° {number})"


def os_error(exc: OSError) -> str:
    """What the system refused, in French (its own ``strerror`` is English)."""
    import errno
    name = errno.errorcode.get(exc.errno or 0, "")
    return OS_ERRORS.get(name) or OS_ERROR_OTHER.format(number=exc.errno)
