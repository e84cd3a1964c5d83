"""The activity report screen."""

# --- activity report --------------------------------------------------------------------
REPORT_TITLE = "Rapport d'activité"
REPORT_PERIOD = "Rapport d'activité du {start} au {end}"
REPORT_INTERNAL = " · usage interne"
REPORT_EXTERNAL = " · diffusion externe"
REPORT_LOADING = "Calcul du rapport…"
REPORT_COL_LABEL = "indicateur"
REPORT_COL_VALUE = "valeur"
REPORT_SOURCES_HINT = "{total} enregistrement(s) derrière ce chiffre — Entrée pour les lister."
REPORT_SOURCES_NONE = "Aucun enregistrement derrière ce chiffre."
REPORT_SOURCES_EXTERNAL = "Diffusion externe : sources non listées (x : rapport interne)."
REPORT_SOURCES_TITLE = "Enregistrements : {label}"
REPORT_SOURCES_HEAD = "{total} enregistrement(s) pour la période du {start} au {end} :"
REPORT_SOURCES_MORE = "… et {count} autre(s) (la liste complète : parcours report --explain {key})."
REPORT_REFS = {"person": "personne n° {id}", "visit": "passage n° {id}",
               "dropin": "permanence n° {id}", "dropin_volunteer": "présence bénévole n° {id}",
               "event": "événement n° {id}", "track": "démarche n° {id}"}
REPORT_CHART_MONTHS = "Passages par mois"
REPORT_CHART_IDENTIFIED = "identifiés"
REPORT_CHART_ANONYMOUS = "anonymes"
REPORT_CHART_NO_MONTHS = ("Pas de série mensuelle : aucune permanence dans la période, ou "
                          "diffusion externe (douze mois permettraient de retrouver un petit "
                          "effectif).")
REPORT_CHART_DOMAINS = "Personnes accompagnées par domaine"
REPORT_CHART_NO_DOMAINS = "Aucune personne accompagnée dans un domaine sur la période."
REPORT_CHART_HIDDEN = "Non représentés (effectif masqué) : {labels}"
MONTHS_SHORT = ("janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.",
                "oct.", "nov.", "déc.")
PERIOD_TITLE = "Période du rapport"
PERIOD_HELP = "Une année civile, ou bien deux dates (la période les inclut)."
PERIOD_YEAR = "Année (AAAA)"
PERIOD_FROM = "Du (JJ/MM/AAAA)"
PERIOD_TO = "Au (JJ/MM/AAAA)"
PERIOD_BAD_YEAR = "Année invalide « {value} » : attendu quatre chiffres, par exemple 2025."
PERIOD_BOTH_DATES = "Indiquez les deux dates, ou seulement l'année."
EXPORT_TITLE = "Exporter le rapport"
EXPORT_FORMAT = "Format"
EXPORT_PATH = "Fichier"
EXPORT_FORMATS = {"xlsx": "Classeur Excel (.xlsx)", "ods": "Classeur LibreOffice (.ods)",
                  "csv": "CSV pour tableur (.csv)", "markdown": "Markdown (.md)",
                  "json": "JSON (.json)", "table": "Texte (.txt)"}
EXPORT_EXTENSIONS = {"xlsx": "xlsx", "ods": "ods", "csv": "csv", "markdown": "md",
                     "json": "json", "table": "txt"}
EXPORT_FILE_NAME = "rapport-activite-{period}{external}.{ext}"
EXPORT_FILE_EXTERNAL = "-externe"
EXPORT_NO_PATH = "Indiquez le fichier à écrire."
EXPORT_NO_FOLDER = "Le dossier « {folder} » n'existe pas."
EXPORT_CONFIRM = ("Écrire le rapport du {start} au {end} ({audience}, format {format}) dans "
                  "ce fichier ?\n\n{path}\n\nIl contient les chiffres de l'association : "
                  "rangez-le en lieu sûr.")
EXPORT_REPLACE = "\n\nCe fichier existe déjà : il sera remplacé."
EXPORT_AUDIENCE_INTERNAL = "usage interne"
EXPORT_AUDIENCE_EXTERNAL = "diffusion externe"
EXPORTED = "Rapport écrit dans {path} ({format})."
