"""Every French sentence and label of the terminal interface.

Templates use ``str.format`` fields named after what they hold. None of these strings uses
Textual markup: user text is inserted into them and the result is shown as plain
:class:`~textual.content.Content` (see :mod:`tui.text`), so a name such as ``[/]`` stays text.
"""

from __future__ import annotations

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

# --- home -------------------------------------------------------------------------------
HOME_TITLE = "Accueil"
HOME_HELLO = "Bonjour {name} ({role}) — {day}"
HOME_MY_PEOPLE = "Mes personnes"
HOME_MY_DEADLINES = "Échéances proches ou dépassées"
HOME_STALLED = "Étapes à relancer"
HOME_DROPIN = "Permanence du jour"
HOME_NO_PEOPLE = "Personne ne vous est confié·e pour l'instant."
HOME_NO_DEADLINES = "Aucune échéance proche."
HOME_NO_STALLED = "Rien à relancer."
HOME_FRONT_DESK = ("Votre rôle vous donne accès à la permanence et à la recherche de "
                   "personnes.")
HOME_ADMIN = ("Votre rôle gère les comptes, les délégations et la configuration ; il ne donne "
              "accès à aucun dossier. Vous pouvez enregistrer des personnes et ouvrir la "
              "permanence.")
HOME_DROPIN_NONE = "Aucune permanence ouverte aujourd'hui (touche m pour l'ouvrir)."
HOME_DROPIN_OPEN = "Ouverte : {identified} passage(s) identifié(s), {anonymous} anonyme(s)."
HOME_DROPIN_CLOSED = "Close : {identified} passage(s) identifié(s), {anonymous} anonyme(s)."
HOME_PERSON = "{alias} · {step}"
HOME_DEADLINE = "{due} {state} · {alias} · {label}"
HOME_REVIEW = "{alias} · {step} · {detail}"

# --- people -----------------------------------------------------------------------------
PEOPLE_TITLE = "Personnes"
PEOPLE_SEARCH = "Rechercher un pseudonyme (sans accents ni majuscules)…"
PEOPLE_ANY_REFERENT = "Référent·e : tous"
PEOPLE_ANY_STEP = "Étape : toutes"
PEOPLE_ANY_DOMAIN = "Domaine : tous"
PEOPLE_COUNT = "{count} personne(s)"
PEOPLE_COUNT_SHOWN = "{count} personne(s) — {shown} affichée(s), la suite en descendant"
PEOPLE_EMPTY = "Aucune personne ne correspond."
PEOPLE_HAS_REFERENT = "(oui)"
COL_ID = "n°"
COL_ALIAS = "pseudonyme"
COL_STEP = "étape du parcours"
COL_REFERENT = "référent·e"

# --- new person -------------------------------------------------------------------------
NEW_PERSON_TITLE = "Nouvelle personne"
NEW_PERSON_ALIAS = "Pseudonyme (pas de nom légal)"
NEW_PERSON_FIRST_VISIT = "Premier passage (JJ/MM/AAAA, vide = aucun)"
PERSON_ADDED = "Personne ajoutée : n° {id}."

# --- person file ------------------------------------------------------------------------
FILE_TITLE = "Dossier"
FILE_HEAD = "{alias} · n° {id}"
FILE_PATHWAY = "Parcours : {step}"
FILE_REFERENT = "Référent·e : {name}"
FILE_NO_REFERENT = "Sans référent·e"
FILE_HAS_REFERENT = "Suivie par un·e référent·e"
FILE_DOMAINS = "Démarches ouvertes : {domains}"
FILE_NO_DOMAINS = "Aucune démarche ouverte hors parcours."
FILE_FRONT_DESK = "Vue d'accueil : le détail du dossier est réservé à sa ou son référent·e."
FILE_TRACKS = "Démarches"
FILE_TRACK = "{label}\n  {step}"
FILE_TRACK_CLOSED = "{label}\n  {step} (close)"
FILE_STEP = "Étape actuelle : {step} — depuis le {since}"
FILE_STEP_NEXT_DUE = " — prochaine échéance le {due}"
FILE_NO_ACTIONS = "Aucune action possible depuis cette étape."
FILE_NO_EVENTS = "Aucun événement."
FILE_NO_DEADLINES = "Aucune échéance en cours pour cette démarche."
FILE_NO_NOTES = "Aucune note."
FILE_NOTES_RESTRICTED = ("Les notes sont réservées à la ou au référent·e de la personne et "
                         "aux superviseur·es. Vous pouvez en ajouter une (Ctrl+N).")
FILE_NO_FACTS = "Aucune information enregistrée pour cette démarche."
FACT_LINE = "{label} : {value}"
FACT_LOCKED = "🔒 {label} : restreint — Entrée pour l'ouvrir"
FACT_VALUES = {True: "oui", False: "non", None: "—"}
ACTION_ALLOWED = "✓ {label} → {dest}"
ACTION_BLOCKED = "✗ {label} → {dest} (bloquée)"
ACTION_REASONS = "Pourquoi"
ACTION_NOTHING_TO_EXPLAIN = "Cette action est possible."
REASON_LINE = "• {message}"
REMEDY_LINE = "  → {remedy}"
WARNING_LINE = "⚠ {message}"
BLOCKED_TITLE = "Action bloquée : {label}"
BLOCKED_HINT = "Ce qu'il manque, et comment y remédier :"
TIMELINE_OCCURRED = "survenu le"
TIMELINE_RECORDED = "saisi le"
TIMELINE_BY = "par"
TIMELINE_WHAT = "événement"
EVENT_KINDS = {"person_added": "Personne enregistrée", "track_started": "Démarche ouverte",
               "visit": "Passage à la permanence", "user_added": "Utilisateur ajouté",
               "consent_given": "Consentement enregistré",
               "consent_withdrawn": "Consentement retiré",
               "person_exported": "Export de ses données (droit d'accès)"}
EVENT_TRANSITION = "{label} → {step}"
DEADLINE_LINE = "{due} · {label} · {state}"
DEADLINE_STATES = {"overdue": "dépassée", "due_soon": "proche", "upcoming": "à venir",
                   "suspended": "suspendue"}
NOTE_LINE = "{day} · {author}{track} : {text}"
NOTE_TRACK = " ({track})"
NOTE_LOCKED = "🔒 {day} · {author}{track} : note restreinte — Entrée pour la lire"
ADVANCED = "Nouvelle étape : {label}."
TRACK_STARTED = "Démarche ouverte : {label}."
TRACK_ALREADY_OPEN = "Cette démarche est déjà ouverte : {label}."
NOTE_ADDED = "Note ajoutée."
KEY_CONSENTS = "Consentements"
FILE_CONSENT_ADD = "+ Enregistrer un consentement…"
FILE_NO_CONSENTS = "Aucun consentement enregistré."
CONSENT_LINE = "{mark} {purpose} — donné le {given}{expires} — {status} — par {by}"
CONSENT_LINE_EXPIRES = ", valable jusqu'au {day}"
CONSENT_LINE_WITHDRAWN = "{mark} {purpose} — donné le {given} — retiré le {day} par {by}"
CONSENT_MARKS = {"active": "✓", "future": "…", "expired": "✗", "withdrawn": "✗"}
CONSENT_PARTNER_LABEL = "{purpose} « {partner} »"
CONSENT_PURPOSES = {"suivi": "Suivi individuel", "partage": "Partage avec un partenaire",
                    "statistiques": "Statistiques"}
CONSENT_STATUSES = {"active": "actif", "expired": "expiré", "withdrawn": "retiré",
                    "future": "à venir"}
CONSENT_WITHDRAW = ("Retirer le consentement « {purpose} » ? Le retrait vaut pour toute cette "
                    "finalité et prend effet immédiatement.")
CONSENT_WITHDRAWN = "Consentement retiré : {purpose}."
CONSENT_NOT_ACTIVE = "Ce consentement n'est plus actif : rien à retirer."

# --- why this date ----------------------------------------------------------------------
WHY_TITLE = "Pourquoi cette date ?"
WHY_DUE = "Échéance : {due} ({state})"
WHY_RULE = "Règle : {label} ({rule}, version {version})"
WHY_SOURCE = "Source légale : {source}"
WHY_EVIDENCE = "Fiabilité de la source : {evidence}"
WHY_START = "Point de départ : {start}"
WHY_WARN = "Alerte à partir du : {warn}"
WHY_EXPLANATION = "Explication :"
EVIDENCE = {"V": "vérifiée dans le texte", "S": "source secondaire",
            "U": "non vérifiée"}

# --- advancing --------------------------------------------------------------------------
FORM_TITLE = "{label}"
FORM_DEST = "Vers l'étape : {dest}"
FORM_OCCURRED = "Survenu le (JJ/MM/AAAA ou AAAA-MM-JJ ; vide = aujourd'hui)"
FORM_NOTE = "Note jointe (facultative, réservée aux référent·es)"
FORM_NO_FIELDS = "Cette action ne demande aucune information."
FORM_REQUIRED = " *"
FORM_CONFIDENTIAL = " (confidentiel)"
FORM_DATE_HINT = "JJ/MM/AAAA"
FORM_CHOOSE = "Choisir…"
FORM_CHOOSE_REFERENT = "Choisir la ou le référent·e…"
FORM_INVALID = "Saisie incomplète ou invalide : voir les messages sous les champs."
FORM_REFUSED = "Action refusée :"
FORM_WARNINGS = "À savoir avant de valider :"
FORM_LOADING = "Chargement…"

# --- start a track ----------------------------------------------------------------------
START_TITLE = "Ouvrir une démarche"
START_HELP = "Toutes les démarches des extensions installées. Entrée pour ouvrir."
START_ENTRY = "{label} — {domain}"
START_OPEN_ALREADY = " (déjà ouverte)"

# --- consents ---------------------------------------------------------------------------
CONSENT_TITLE = "Consentement de {alias}"
CONSENT_HELP = ("À enregistrer après l'avoir informée des finalités, des destinataires et de "
                "ses droits ; elle peut le retirer à tout moment.")
CONSENT_PURPOSE = "Finalité"
CONSENT_PARTNER = "Partenaire (nom de la structure)"
CONSENT_GIVEN = "Donné le (JJ/MM/AAAA)"
CONSENT_EXPIRES = "Valable jusqu'au (facultatif)"
CONSENT_RECORDED = "Consentement enregistré."

# --- notes ------------------------------------------------------------------------------
NOTE_TITLE = "Nouvelle note"
NOTE_HELP = ("Note restreinte : seul·es sa ou son référent·e et les superviseur·es la liront, "
             "après confirmation de leur mot de passe.")

# --- drop-in ----------------------------------------------------------------------------
DROPIN_TITLE = "Permanence"
DROPIN_HEAD = "Permanence du {day}"
DROPIN_HOURS = " · {start}–{end}"
DROPIN_VOLUNTEERS = "Bénévoles : {names}"
DROPIN_NO_VOLUNTEER = "Bénévoles : aucun·e indiqué·e"
DROPIN_COUNTS = "Passages : {identified} identifié(s) · {anonymous} anonyme(s)"
DROPIN_NONE = "Aucune permanence ouverte aujourd'hui."
DROPIN_NONE_HINT = "Ctrl+O pour l'ouvrir (bénévoles présent·es et heures)."
DROPIN_SEARCH = "Pseudonyme, puis Entrée"
DROPIN_NEEDS = "Besoins exprimés"
DROPIN_NEEDS_HINT = "cochés = joints au prochain passage"
DROPIN_RECENT = "Derniers passages"
DROPIN_NO_MATCH = "« {text} » inconnue : Ctrl+N la crée."
VISIT_RECORDED = "Passage enregistré : {alias}"
ANONYMOUS_RECORDED = "Passage anonyme enregistré."
RECENT_VISIT = "{alias}{needs}"
RECENT_ANONYMOUS = "anonyme{needs}"
RECENT_NEEDS = " · besoins : {domains}"
OPEN_DROPIN_TITLE = "Ouvrir la permanence du {day}"
OPEN_DROPIN_START = "Début (HH:MM)"
OPEN_DROPIN_END = "Fin (HH:MM)"
OPEN_DROPIN_VOLUNTEERS = "Bénévoles présent·es (cochez) et heures données"
OPEN_DROPIN_OTHER = "Autre bénévole (NOM=HEURES)"
OPEN_DROPIN_OTHER_HINT = "ex. Marie=3"
OPEN_DROPIN_HOURS = "heures"
OPEN_DROPIN_BAD_HOUR = "Heure invalide « {value} » : attendu HH:MM."
CLOSE_CONFIRM = "Clore la permanence ? Plus aucun passage ne pourra y être ajouté."
SUMMARY_TITLE = "Permanence close — bilan"
SUMMARY_LINES = ("Passages identifiés : {visits}", "Passages anonymes : {anonymous}",
                 "Nouvelles personnes : {new_people}",
                 "Bénévoles : {volunteers} · {hours} {hours_word}")
SUMMARY_HOURS = ("heure donnée", "heures données")
SUMMARY_NEEDS = "Besoins exprimés : {needs}"
SUMMARY_NO_NEEDS = "Besoins exprimés : aucun"

# --- review queue ---------------------------------------------------------------------
REVIEW_TITLE = "File de revue"
REVIEW_ANY_KIND = "Type : tous"
REVIEW_ANY_REFERENT = "Référent·e : tous"
REVIEW_ANY_DOMAIN = "Domaine : tous"
REVIEW_COUNT = ("{count} alerte(s) — {high} haute(s), {medium} moyenne(s), {low} basse(s) · "
                "Entrée : dossier")
REVIEW_EMPTY = "Aucune alerte ne correspond."
REVIEW_READ_ONLY = ("Votre rôle permet de consulter et de commenter ; acquitter, reporter et "
                    "réaffecter reviennent aux superviseur·es.")
REVIEW_COL_SEVERITY = "gravité"
REVIEW_COL_KIND = "alerte"
REVIEW_COL_ALIAS = "pseudonyme"
REVIEW_COL_STEP = "étape"
REVIEW_COL_DATE = "date"
REVIEW_COL_REFERENT = "référent·e"
REVIEW_KIND_SHORT = {"overdue": "dépassée", "due_soon": "proche", "stalled": "sans avancée",
                     "waiting_too_long": "sans réponse", "no_referent": "sans référent",
                     "no_contact": "sans contact", "retention": "fin de conservation"}
REVIEW_DETAIL_HEAD = "{kind} · gravité {severity}"
REVIEW_DETAIL_WHO = "{alias} · n° {id}"
REVIEW_DETAIL_TRACK = " · {track} : {step}"
REVIEW_DETAIL_SINCE = "Depuis le {since}"
REVIEW_DETAIL_DUE = "Échéance le {due}"
REVIEW_DETAIL_REFERENT = "Référent·e : {name}"
REVIEW_DETAIL_NO_REFERENT = "Sans référent·e"
REVIEW_ACK_CONFIRM = ("Acquitter l'alerte « {kind} » pour {alias} ? Elle quittera la file "
                      "jusqu'à ce que la situation change.")
REVIEW_ACKNOWLEDGED = "Alerte acquittée : {alias}."
REVIEW_SNOOZED = "Alerte reportée au {until} : {alias}."
REVIEW_REASSIGNED = "Nouvelle référente ou nouveau référent pour {alias} : {name}."
REVIEW_COMMENTED = "Commentaire enregistré pour {alias} (note restreinte au dossier)."
SNOOZE_TITLE = "Reporter l'alerte : {alias}"
SNOOZE_HELP = "L'alerte revient dans la file le jour indiqué."
SNOOZE_UNTIL = "Jusqu'au (JJ/MM/AAAA)"
SNOOZE_REASON = "Motif du report"
REASSIGN_TITLE = "Réaffecter : {alias}"
REASSIGN_HELP = "Choisissez la référente ou le référent, puis Entrée."
REASSIGN_CURRENT = " (actuel·le)"
REASSIGN_NOBODY = "Aucun utilisateur avec un rôle de référent·e ou de superviseur·e."
COMMENT_TITLE = "Commenter : {alias}"
COMMENT_HELP = ("Le commentaire est ajouté au dossier comme note restreinte (sa ou son "
                "référent·e, les superviseur·es).")

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

# --- help -------------------------------------------------------------------------------
HELP_TITLE = "Aide"
HELP_TEXT = """Parcours se pilote au clavier ; les touches du moment sont en bas.

Partout
  F1             cette aide
  F12 ou Ctrl+B  masquer l'écran à l'instant (la même touche pour revenir)
  Ctrl+P         palette : chercher une action par son nom
  Échap          revenir à l'écran précédent
  Ctrl+Q         quitter
  Après quelques minutes sans activité, l'écran se verrouille : votre mot
  de passe le rouvre (« Verrouiller l'écran » dans la palette, à tout moment).

Accueil
  p / m          liste des personnes / permanence du jour
  v              file de revue (référent·es, superviseur·es, administration)
  a              rapport d'activité (superviseur·es, administration)
  Entrée         ouvrir le dossier ou l'échéance sélectionnée

Personnes
  tapez          chercher un pseudonyme (sans accents ni majuscules)
  ↓ puis Entrée  aller à la liste, ouvrir le dossier sélectionné
  Ctrl+N         nouvelle personne

Dossier d'une personne
  a h e n        onglets Actions, Historique, Échéances, Notes
  i              onglet Informations (référent·es, superviseur·es)
  c              onglet Consentements (référent·es, superviseur·es) : Entrée
                 en enregistre un, ou retire celui sélectionné (effet immédiat)
  🔒 Entrée      ouvrir un contenu restreint : votre mot de passe, ou le
                 motif d'un accès exceptionnel (superviseur·es)
  Entrée         action : la faire (formulaire) ou voir pourquoi elle est
                 bloquée ; échéance : « pourquoi cette date ? »
  d              ouvrir une nouvelle démarche
  Ctrl+N         ajouter une note
  Formulaire     Entrée : champ suivant ; Ctrl+S : enregistrer

Permanence
  Ctrl+O         ouvrir la permanence du jour (bénévoles et heures)
  tapez, Entrée  enregistrer le passage de la personne trouvée
  F2             un passage anonyme, en une touche
  Ctrl+N         nouvelle personne (le pseudonyme tapé), passage compris
  F3             aller aux besoins (Espace coche), et revenir
  F10            clore la permanence et voir le bilan

File de revue (alertes les plus graves d'abord)
  Échap          revenir à l'accueil
  Entrée         ouvrir le dossier de la personne
  a              acquitter : l'alerte quitte la file jusqu'à ce que la
                 situation change (superviseur·es)
  r              reporter jusqu'à une date, avec un motif : l'alerte
                 revient ce jour-là (superviseur·es)
  t              confier la personne à un·e autre référent·e
  c              commenter (note restreinte au dossier)
  f              aller aux filtres : type, référent·e, domaine (Tab)
  F5             actualiser

Rapport d'activité (superviseur·es, administration)
  Échap          revenir à l'accueil
  p              choisir l'année ou deux dates ; - / + : année précédente
                 ou suivante
  c m d          onglets Chiffres, Par mois, Par domaine
  Entrée         les enregistrements qui ont fait le chiffre sélectionné
  x              diffusion externe : effectifs inférieurs à 5 masqués
  e              exporter dans un fichier (xlsx, ods, csv, md, json, txt)
  F5             recalculer

Tout texte saisi (pseudonymes, notes) s'affiche tel quel : les crochets
ne sont jamais interprétés."""

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
