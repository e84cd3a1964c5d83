"""French texts of backups, restores, the restore drill and the health of the database file."""

# --- the backup file ------------------------------------------------------------------
BACKUP_NOT_A_BACKUP = "« {path} » n'est pas une sauvegarde Parcours (ou son en-tête est illisible)."
BACKUP_FORMAT_UNKNOWN = ("La sauvegarde « {path} » est au format {version}, que cette version de "
                         "Parcours ne sait pas lire : mettez Parcours à jour.")
BACKUP_TAMPERED = ("La sauvegarde « {path} » a été modifiée, tronquée ou abîmée depuis sa "
                   "création : elle est refusée, rien n'a été restauré.")
BACKUP_WRONG_KEY = ("La clé trouvée ne correspond pas à la sauvegarde « {path} » : indiquez le "
                    "fichier de clé de la base sauvegardée (--key-file ou PARCOURS_KEY_FILE).")
BACKUP_BEFORE_ROTATION = ("La sauvegarde « {path} » date d'avant une rotation des clés : elle a "
                          "besoin de la version {version} de la clé, que le fichier de clé actuel "
                          "n'a plus. Indiquez la copie du fichier de clé faite avant cette "
                          "rotation (--key-file).")
BACKUP_AFTER_KEYFILE = ("La sauvegarde « {path} » a été faite avec la version {version} de la clé, "
                        "plus récente que ce fichier de clé : indiquez le fichier de clé actuel "
                        "(--key-file ou PARCOURS_KEY_FILE).")
BACKUP_UNREADABLE = "Impossible de lire la sauvegarde « {path} » : vérifiez son emplacement et ses droits."
BACKUP_EXISTS = "Le fichier « {path} » existe déjà : il n'a pas été remplacé. Choisissez un autre nom."
BACKUP_FOLDER_MISSING = "Le dossier « {path} » n'existe pas : créez-le ou choisissez un autre emplacement."
BACKUP_CANNOT_WRITE = "Impossible d'écrire la sauvegarde dans « {path} » : vérifiez les droits et la place libre."
BACKUP_DURING_ROTATION = ("Une rotation des clés est en cours : terminez-la (« parcours keys "
                          "rotate ») avant de sauvegarder. Une copie prise maintenant aurait "
                          "besoin de deux versions de la clé, dont l'ancienne quitte le fichier de "
                          "clé à la fin de la rotation : elle ne pourrait plus être restaurée.")
BACKUP_KEY_CHANGED = ("La clé de la base a changé pendant la sauvegarde (rotation des clés) : "
                      "la copie a été abandonnée. Relancez « parcours backup ».")
BACKUP_MEMORY_BASE = "Une base en mémoire ne se sauvegarde pas : indiquez un fichier ou un serveur."

# --- PostgreSQL tools -----------------------------------------------------------------
BACKUP_PG_TOOL_MISSING = ("{tool} est introuvable : installez les outils clients PostgreSQL "
                          "(paquet postgresql-client, de la même version que le serveur ou plus "
                          "récente) ou indiquez leur dossier dans PARCOURS_PG_BIN.")
BACKUP_PG_TOOL_FAILED = "{tool} a échoué (code {code}) : {detail}"

# --- restoring ------------------------------------------------------------------------
RESTORE_NOT_EMPTY = ("La base cible n'est pas vide : une restauration ne se fait que dans une "
                     "base neuve, pour ne rien écraser. Indiquez un fichier ou une base vide.")
RESTORE_KIND_MISMATCH = ("Cette sauvegarde vient d'une base {kind} : restaurez-la dans une base "
                         "{kind} (--db).")
RESTORE_DONE = "Sauvegarde du {created} restaurée dans {url}."
RESTORE_ERASED_AGAIN = ("{count} personne(s) effacée(s) après cette sauvegarde l'ont été de "
                        "nouveau (registre des effacements du fichier de clé).")
_RESTORE_STALE_ADVICE = (" Toute personne effacée après cette sauvegarde est donc revenue, lisible, "
                         "dans la base restaurée : ne la laissez pas utiliser. Restaurez avec le "
                         "fichier de clé le plus récent de cette base (--key-file), ou effacez de "
                         "nouveau chacune (« parcours person erase N ») d'après le registre des "
                         "demandes d'effacement de votre DPO.")
RESTORE_REGISTER_STALE = ("Attention : le registre des effacements de ce fichier de clé n'est "
                          "complet que jusqu'au {as_of}, avant cette sauvegarde du {created}."
                          + _RESTORE_STALE_ADVICE)
RESTORE_REGISTER_UNDATED = ("Attention : le registre des effacements de ce fichier de clé ne dit "
                            "pas jusqu'à quand il est complet (fichier écrit par une version "
                            "antérieure, et aucune sauvegarde faite depuis)." + _RESTORE_STALE_ADVICE)
RESTORE_CHECK_FAILED = ("La base a été restaurée mais la vérification a échoué : ne l'utilisez pas "
                        "avant d'avoir compris pourquoi (voir ci-dessus).")
RESTORE_PG_NEEDS_SERVER = ("Vérifier une sauvegarde PostgreSQL demande un serveur PostgreSQL : "
                           "lancez la commande avec --db vers la base PostgreSQL de l'association.")
VERIFY_PG_CREATEDB = ("Le rôle PostgreSQL ne peut pas créer la base d'essai (droit CREATEDB) : "
                      "lancez la vérification avec le rôle propriétaire (--db).")
VERIFY_DONE = "Sauvegarde du {created} vérifiée : restauration d'essai réussie, copie supprimée."
VERIFY_FAILED = "La restauration d'essai de cette sauvegarde a échoué (voir ci-dessus)."

# --- the backup command ---------------------------------------------------------------
BACKUP_DONE = "Sauvegarde chiffrée écrite : {path} ({size})."
BACKUP_MODES = ("Choisissez une seule action : --output, --verify ou --prune (--prune --output "
                "DOSSIER nettoie ce dossier-là).")
PRUNE_NOT_A_FOLDER = ("« {path} » n'est pas un dossier : --prune --output attend le dossier des "
                      "sauvegardes à nettoyer.")
PRUNE_DONE = ("{deleted} sauvegarde(s) de {days} jours ou plus supprimée(s) dans {folder} "
              "(règle de conservation R10) ; {kept} conservée(s).")
PRUNE_CANNOT_DELETE = ("Impossible de supprimer « {name} » dans « {folder} » : vérifiez les droits "
                       "sur ce dossier (disque en lecture seule ?). {deleted} sauvegarde(s) "
                       "supprimée(s) avant elle.")
PRUNE_NONE_LEFT = ("Attention : aucune sauvegarde récente ne reste dans ce dossier. Faites-en une "
                   "maintenant (« parcours backup »).")

# --- checks (restore drill and ``parcours check``) -------------------------------------
CHECK_NAMES = {"fichier": "Fichier", "integrite": "Intégrité", "schema": "Version du schéma",
               "journal": "Journal d'audit", "cles": "Clés de chiffrement",
               "comptes": "Noms des comptes", "demarches": "Démarches installées", "derivees": "Données dérivées",
               "contenu": "Contenu"}
CHECK_FILE_OK = "Fichier SQLite lisible."
CHECK_FILE_MISSING = "Le fichier « {path} » n'existe pas."
CHECK_FILE_EMPTY = "Le fichier « {path} » est vide : ce n'est pas encore une base (parcours init)."
CHECK_FILE_FOREIGN = ("« {path} » n'est pas un fichier de base de données SQLite : ce n'est pas une "
                      "base Parcours (mauvais fichier ?).")
CHECK_SERVER_OK = "Serveur PostgreSQL joignable."
CHECK_INTEGRITY_OK = "Aucune page endommagée (integrity_check), aucune référence orpheline."
CHECK_INTEGRITY_BAD = ("Le fichier de données est endommagé ({count} problème(s), par exemple : "
                       "{first}). Restaurez la dernière sauvegarde ; en attendant, la base n'est "
                       "ouverte qu'en lecture.")
CHECK_FOREIGN_KEYS_BAD = "{count} référence(s) orpheline(s), par exemple dans la table « {table} »."
CHECK_INTEGRITY_PG = "Contrôle des pages assuré par le serveur PostgreSQL (non vérifié ici)."
CHECK_SCHEMA_OK = "Schéma à jour (version {revision})."
CHECK_SCHEMA_OLD = ("Schéma à la version {found}, cette version de Parcours attend la {head} : "
                    "lancez « parcours upgrade ».")
CHECK_SCHEMA_NONE = "Aucune version de schéma : ce n'est pas une base Parcours, ou elle n'a jamais été initialisée."
CHECK_FOREIGN_BASE = ("Base SQLite d'un autre logiciel (tables {tables}) : ce n'est pas une base "
                      "Parcours. Vérifiez le chemin indiqué.")
CHECK_KEYS_OK = "Clé de la base vérifiée, {count} clé(s) de personne ouverte(s)."
CHECK_KEY_PERSON_BAD = "La clé de la personne n° {person} ne s'ouvre pas avec le fichier de clé."
CHECK_SKIPPED = "Non vérifié : le fichier n'est pas lisible."
CHECK_DERIVED_OK = ("Personnes suivies et chiffres mensuels du rapport conformes aux données, "
                    "dans {delegations} délégation(s).")
CHECK_DERIVED_BAD = ("{persons} personne(s) marquée(s) à tort comme suivie(s) ou non (la file de "
                     "revue peut les oublier) et {figures} chiffre(s) mensuel(s) du rapport "
                     "différent(s) des données : un administrateur les recalcule avec "
                     "« parcours report --rebuild ».")
CHECK_DERIVED_SKIPPED = "Non vérifié : le schéma de la base n'est pas celui de cette version."
CHECK_ACCOUNTS_OK = "Aucun nom de compte actif ne se lit comme un autre ({count} compte(s))."
CHECK_ACCOUNTS_GROUP = "{names}"
CHECK_ACCOUNTS_BAD = ("Comptes actifs dont les noms se lisent pareil ({groups}) : dans le journal "
                      "d'audit, leurs actes se confondent. Désactivez celui qui n'a pas lieu "
                      "d'être (« parcours user disable NOM ») ou demandez à la personne de "
                      "l'utiliser seule.")
CHECK_TRACKS_OK = ("Chaque démarche en cours ({count}) suit une version et une étape "
                   "fournies par les extensions installées.")
CHECK_TRACKS_BAD = ("{count} démarche(s) en cours suivent une version ou une étape que les "
                    "extensions installées ne fournissent plus ({groups}) : personne ne peut y "
                    "agir. Réinstallez la version de l'extension qui les fournit, ou installez "
                    "une version qui les fait migrer (voir « parcours plugins »).")
CHECK_TRACKS_GROUP = "« {track} » version {version}, étape « {step} » : {count}"
CHECK_TRACKS_JOIN = " ; "
CHECK_TRACKS_MORE = "et {count} autre(s) étape(s)"
CHECK_CONTENT_OK = "Nombre de lignes identique à la sauvegarde dans {count} table(s)."
CHECK_CONTENT_BAD = ("Table « {table} » : {found} ligne(s) au lieu de {expected} dans la "
                     "sauvegarde.")
CHECK_ALL_OK = "Tout va bien : la base est saine."
CHECK_SOME_BAD = "Problème trouvé : voir ci-dessus."

# --- a damaged file, opened for writing -------------------------------------------------
DB_DAMAGED_WRITE = ("Le fichier de données est endommagé : les modifications sont refusées pour ne "
                    "pas aggraver les dégâts. La lecture reste possible pour une sauvegarde de "
                    "secours ; lancez « parcours check », puis restaurez la dernière sauvegarde.")
DB_FOREIGN_FILE = ("« {path} » n'est pas une base de données SQLite : ce n'est pas une base "
                   "Parcours. Vérifiez le chemin (--db ou PARCOURS_DB).")
DB_FOREIGN_SQLITE = ("« {path} » est une base SQLite d'un autre logiciel : Parcours n'y écrit "
                     "pas. Vérifiez le chemin (--db ou PARCOURS_DB).")

# Shown on a terminal while the work runs, then erased ({seconds}: time spent so far).
BACKUP_WORKING = "Sauvegarde en cours : copie, chiffrement et écriture de la base… {seconds} s"
VERIFY_WORKING = ("Vérification de la sauvegarde en cours : déchiffrement, restauration d'essai "
                  "et contrôle complet… {seconds} s")
RESTORE_WORKING = "Restauration en cours, puis contrôle complet de la base… {seconds} s"
CHECK_WORKING = ("Vérification de la base en cours : fichier, pages, journal d'audit, clés, "
                 "données dérivées… {seconds} s")
