"""French texts of the activity report, the demo year and the spreadsheet import."""

# --- activity report, demo year, spreadsheet import (issue 6) -------------------------
REPORT_TITLE = "Rapport d'activité du {start} au {end}"
REPORT_EXTERNAL_TITLE = "Diffusion externe"
REPORT_SECRET = "secret"
REPORT_NOTE_EXTERNAL = ("Diffusion externe : un effectif est remplacé par « secret » quand il est inférieur "
                        "à 5, ou quand il permettrait d'en retrouver un par différence (avec un total, "
                        "ou avec les mois et trimestres terminés avant lui).")
REPORT_EXTERNAL_WHOLE_PERIOD = ("Un rapport pour diffusion externe porte sur un mois, un trimestre ou une "
                                "année entiers (par exemple --year {year}, --quarter {year}-T1 "
                                "ou --month {year}-03) : une période quelconque permettrait de retrouver "
                                "des effectifs masqués par différence.")
REPORT_NOTE_EXTERNAL_RUNNING = ("Période en cours : aucun effectif n'est publié avant sa fin "
                                "(demandé deux jours de suite, le rapport donnerait par différence "
                                "les chiffres d'une journée).")
REPORT_FICTITIOUS = "Données fictives de démonstration : ce rapport ne décrit aucune personne réelle."
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
REPORT_PERIOD_NEEDED = "Indiquez la période : --year AAAA, --quarter AAAA-TN, --month AAAA-MM, ou --from DATE et --to DATE."
REPORT_PERIOD_BOTH = "Indiquez une seule période : --year, --quarter, --month, ou --from et --to."
REPORT_BAD_PART = ("Période invalide « {value} » : attendu par exemple 2026-03 pour --month (ou "
                   "03/2026, mars 2026), 2026-T1 pour --quarter.")
REPORT_BAD_YEAR = "Année invalide « {value} » : attendu quatre chiffres, par exemple 2025."
REPORT_BAD_FORMAT = "Format inconnu « {value} » : choisissez parmi {choices}."
REPORT_OUTPUT_NEEDED = "Le format {format} s'écrit dans un fichier : ajoutez --output FICHIER."
REPORT_AMBIGUOUS_FIGURE = "Indicateur ambigu « {key} » : précisez la clé complète ({choices})."
REPORT_UNKNOWN_FIGURE = "Indicateur inconnu « {key} » : voyez les clés avec « parcours report --json »."
REPORT_EXPLAIN_EXTERNAL = "--explain liste des enregistrements : il ne s'emploie pas avec --external."
REPORT_EXTERNAL_DELEGATION = ("Un rapport externe ne se fait pas pour une seule délégation : ses "
                              "petits effectifs masqués se retrouveraient par différence avec le "
                              "rapport de l'ensemble. Retirez --delegation (ou --external).")
REPORT_EXPLAIN_HEAD = "{label} : {total} enregistrement(s)"
REPORT_EXPLAIN_MORE = ("… et {rest} autre(s). Les {page} premiers seulement sont affichés ; "
                       "tout d'un coup : --all (ou --limit N).")
REPORT_EXPLAIN_LIMIT_BAD = "« {value} » : un nombre entier d'enregistrements est attendu (au moins 1)."
REPORT_PAGE_EXPLAIN_ONLY = ("--limit et --all s'emploient avec --explain CLÉ (la liste des "
                            "enregistrements d'un indicateur) ; le rapport, lui, est toujours entier.")
REPORT_WRITTEN = "Rapport écrit dans {path} ({format})."
REPORT_REBUILD_PROGRESS = "Agrégats du rapport : {done} délégation(s) sur {total}"
REPORT_REBUILT = ("Agrégats du rapport recalculés : {delegations} délégation(s), {rows} ligne(s) ; "
                 "{followed} personne(s) dont le suivi était mal marqué corrigée(s).")
REPORT_REBUILD_ALONE = "--rebuild s'emploie seul, sans période ni format."
REPORT_CANNOT_WRITE = "Impossible d'écrire le fichier {path} : {error}."
REPORT_FILE_EXISTS = ("Le fichier {path} existe déjà : il n'a pas été remplacé (rien n'a été "
                      "écrit). Choisissez un autre nom, ou ajoutez --replace.")
DEMO_NOT_EMPTY = ("La base contient déjà des personnes : la démo n'y ajoute pas de données fictives. "
                  "Utilisez une base vide, ou --force pour les mélanger quand même.")
DEMO_BAD_SCALE = "« {value} » : un entier supérieur ou égal à 1 est attendu."
DEMO_BAD_SEED = "« {value} » : un entier positif ou nul est attendu."
DEMO_PROGRESS = "Démo : {done} personnes écrites sur {total} ({percent} %)"
DEMO_DELEGATION_YEARS = ("délégation-année", "délégations-année")
DEMO_DELEGATIONS = ("{count} délégation", "{count} délégations")
DEMO_DONE = ("Démo {years} : {count} {delegation_years} ({delegations}), {users} utilisateurs, {persons} personnes, "
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
IMPORT_XML_BOMB = ("Classeur refusé : son contenu est anormalement imbriqué ou volumineux pour un "
                   "tableau. Enregistrez-le à nouveau, ou découpez-le.")
IMPORT_NOT_A_SHEET = "Archive ZIP qui n'est ni un classeur XLSX ni un classeur ODS."
IMPORT_UNREADABLE_SHEET = "Classeur illisible (fichier endommagé ?) : ouvrez-le et enregistrez-le à nouveau."
IMPORT_DAMAGED_CELL = ("Cellule illisible : la valeur enregistrée dans le classeur est invalide "
                       "(fichier endommagé ?). Ouvrez-le et enregistrez-le à nouveau.")
IMPORT_WRONG_SHEET = ("Le classeur n'a pas de feuille « {sheet} » et en a plusieurs ({sheets}) : "
                      "renommez « {sheet} » la feuille à importer.")
IMPORT_QUOTES = "Guillemets mal fermés : une cellule commence par « \" » sans se terminer."
IMPORT_CELL_HUGE = "Cellule démesurée (plus de 131 072 caractères)."
IMPORT_TOO_MANY_CELLS = ("{found} cellules pour {expected} colonnes : une cellule contient-elle le "
                         "séparateur sans guillemets ?")
IMPORT_TOO_WIDE = ("Ligne trop large : des cellules sont remplies au-delà de la colonne {limit}. "
                   "Un fichier à importer n'a que quelques colonnes : supprimez les autres.")
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
IMPORT_BAD_HOURS = "nombre d'heures invalide « {value} » : attendu un nombre entre 0 et 24, par exemple 4,5 ou 2h30"
IMPORT_BAD_COUNT = "nombre de passages anonymes invalide « {value} » : attendu un entier positif"
IMPORT_WHICH_DROPIN = ("plusieurs permanences le {day} : indiquez l'heure de début sur la première "
                       "ligne de chacune")
IMPORT_OTHER_END = "heure de fin différente de celle de la ligne {line} pour la même permanence"
IMPORT_HOURS_MISSING = "heures manquantes pour « {name} »"
IMPORT_HOURS_WITHOUT_NAME = "des heures sont indiquées sans nom de bénévole"
IMPORT_VOLUNTEER_TWICE = "« {name} » figure déjà à la ligne {line} pour cette permanence"
IMPORT_UNKNOWN_ALIAS = ("pseudonyme inconnu « {alias} » : importez d'abord la liste des personnes "
                        "(parcours import personnes FICHIER)")
IMPORT_ADMIN_DELEGATION_HOLDS_PERSONS = (
    "Import refusé, rien n'a été enregistré : la délégation « {code} » compte déjà des "
    "personnes. Un administrateur n'importe que dans une délégation qui n'en compte encore "
    "aucune (la reprise de son ancien registre, à l'installation) : ensuite, les réponses d'un "
    "import diraient quels pseudonymes elle suit. Demandez à un·e superviseur·e de la "
    "délégation « {code} » de faire cet import, essai (--dry-run) compris.")
IMPORT_AMBIGUOUS_ALIAS = "plusieurs personnes ont le pseudonyme « {alias} » (n° {ids}) : précisez-le"
IMPORT_VISIT_TWICE = "passage déjà noté à la ligne {line} pour cette permanence"
IMPORT_DROPIN_EXISTS = "la permanence du {day} existe déjà (n° {id}) : ce registre a-t-il déjà été importé ?"
IMPORT_ALIAS_TWICE = "pseudonyme « {alias} » en double (déjà à la ligne {line})"
IMPORT_ALIAS_EXISTS = "le pseudonyme « {alias} » existe déjà (personne n° {id})"
IMPORT_UNKNOWN_REFERENT = "référent·e inconnu·e « {name} » : indiquez un utilisateur de Parcours (parcours user list)"
IMPORT_NOT_REFERENT = "« {name} » est {role} : seul·e un·e référent·e, superviseur·e ou admin peut suivre une personne"
IMPORT_DONE_REGISTER = ("Import réussi ({read_as}) : {dropins} permanence(s), {volunteers} bénévole(s), "
                        "{visits} passage(s) identifié(s), {anonymous} passage(s) anonyme(s).")
IMPORT_PROGRESS = "Import : {done} sur {total} personnes écrites ({percent} %)"
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
DB_OLDER = ("Cette base a été écrite par une version précédente de Parcours (schéma {found} ; "
            "celle-ci attend le {head}). Sauvegardez-la d'abord : avec la version précédente "
            "(« parcours backup »), ou en copiant le fichier de la base, Parcours fermé partout "
            "(pg_dump sur PostgreSQL). Puis lancez « parcours upgrade » : la mise à jour "
            "s'applique entièrement ou pas du tout.")
DB_NEWER = ("Cette base a été écrite par une version plus récente de Parcours (schéma {found} ; "
            "celle-ci ne connaît que jusqu'au {head}) : installez cette version plus récente "
            "pour l'ouvrir.")
UPGRADE_FAILED = ("La mise à jour de la base a échoué : {error} Rien n'en a été gardé : la "
                  "base est telle qu'elle était, utilisable avec la version précédente de "
                  "Parcours.")
DB_RESTORE_INTERRUPTED = ("Cette base est une restauration interrompue : ses lignes sont là mais "
                          "pas sa version de schéma, écrite en dernier. Ne l'initialisez ni ne "
                          "la mettez à jour : supprimez-la, recréez-la vide et relancez "
                          "« parcours restore ».")
DB_NOT_READY = ("La base de données n'est pas initialisée : lancez « parcours upgrade » "
                "(« parcours init --admin NOM » pour une base neuve).")
DEMO_COPY_ALIASES = ("{given} pseudonymes pour {persons} personnes à copier : il en faut un par "
                     "personne, ou un multiple.")
DEMO_DELEGATION = "Délégation fictive n° {number} (démonstration)"
DEMO_NOT_A_DEMO_DELEGATION = ("« {code} » n'est pas une délégation de démonstration (demo-N) : "
                              "la démo n'y écrit pas.")
DEMO_BAD_DELEGATIONS = ("« {value} » : un nombre de délégations entre 1 et le nombre de "
                        "délégations-années (--scale, ici {scale}) est attendu.")

# spreadsheets (core/services/report_sheets.py)
SHEET_ASSOCIATION = "Association"
SHEET_NO_ASSOCIATION = "(nom à indiquer : [association] nom dans parcours.toml)"
SHEET_DELEGATIONS = "Délégation(s)"
SHEET_ALL_DELEGATIONS = "toutes"
SHEET_FROM = "Du"
SHEET_TO = "Au"
SHEET_GENERATED = "Généré le"
SHEET_FICTITIOUS = "DONNÉES FICTIVES — base de démonstration, aucune personne réelle"
SHEET_REAL = "données réelles de l'association"
SHEET_PROVENANCE = "Provenance"
SHEET_PROVENANCE_ITEM = "Élément"
SHEET_PROVENANCE_VALUE = "Valeur"
SHEET_REPORT = "Rapport"
SHEET_SOFTWARE = "Logiciel"
SHEET_SOFTWARE_VALUE = "Parcours {version}"
SHEET_AUDIENCE = "Diffusion"
SHEET_INTERNAL = "usage interne"
SHEET_EXTERNAL = "diffusion externe (effectifs inférieurs à 5 masqués)"
SHEET_DATA = "Données"
SHEET_KEYS = "Clés des chiffres"
SHEET_KEYS_VALUE = ("Chaque feuille de section garde, dans une colonne masquée, la clé de chaque "
                    "chiffre : « parcours report --explain CLÉ » liste les enregistrements qui l'ont fait.")
SHEET_NOTE = "Note"
SHEET_DEFAULT = "Feuille"
SHEET_PROPERTIES_CREATOR = "Parcours"
