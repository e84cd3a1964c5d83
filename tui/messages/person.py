"""A person's file: its tabs, why a date, advancing, starting a track, consents, notes."""

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
STEP_GUIDANCE = "À savoir : {text}"
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
EVENT_VEILED = "Étape enregistrée (contenu restreint) → {step}"
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
FILE_SHORT_TABS = {"tab-history": "Hist.", "tab-facts": "Infos", "tab-consents": "Consent."}
"""The file's tab titles where the full ones do not fit on one line (80 columns)."""
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
FORM_DELEGATION = "Délégation"
FORM_DELEGATION_MISSING = "Vous appartenez à plusieurs délégations : choisissez laquelle."
FORM_INVALID = "Saisie incomplète ou invalide : voir les messages sous les champs."
FORM_REFUSED = "Action refusée :"
FORM_NEEDS_PASSWORD = ("Cette action dépend d'un contenu restreint : elle attend votre mot de passe "
                       "(Ctrl+S pour le taper de nouveau).")
FORM_NEEDS_REASON = ("Cette action dépend d'un contenu restreint : elle attend le motif de votre "
                     "accès exceptionnel (Ctrl+S pour l'indiquer).")
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

# --- legal hold and erasure (a supervisor of her delegation) ------------------------------
FILE_HELD = "⚖ Sous gel juridique : ni la fin de conservation ni un effacement ne la touchent."
HOLD_TITLE = "Gel juridique — {alias} (n° {id})"
HOLD_HELP = ("Un gel juridique (contentieux, réquisition, obligation légale : RGPD art. 17-3-e) "
             "suspend la fin de conservation de son dossier et interdit tout effacement, "
             "jusqu'à ce qu'il soit levé. Le motif est chiffré avec sa clé.")
HOLD_REASON = "Motif du gel"
HOLD_REASON_EMPTY = "Indiquez le motif du gel juridique."
HOLD_PLACED = "Gel juridique placé sur {alias} (n° {id})."
HOLD_LIFT_QUESTION = ("Lever le gel juridique de {alias} (n° {id}) ? La fin de conservation "
                      "s'appliquera de nouveau à son dossier.")
HOLD_LIFTED = "Gel juridique levé pour {alias} (n° {id})."
ERASE_TITLE = "Effacer définitivement {alias} (n° {id})"
ERASE_HELP = ("Définitif : son pseudonyme, ses notes, ses informations, ses passages nommés et "
              "sa clé sont détruits, et rien ne pourra les relire. Les chiffres des rapports "
              "passés restent. Le motif reste dans le journal d'audit : écrivez une catégorie "
              "(« demande de la personne, art. 17 »), jamais qui elle est.")
ERASE_REASON = "Motif de l'effacement"
ERASE_REASON_EMPTY = "Indiquez le motif de l'effacement."
ERASE_NUMBER = "Pour confirmer, tapez son numéro"
ERASE_NUMBER_WRONG = "Tapez son numéro ({id}) pour confirmer l'effacement."
ERASED = "{alias} (n° {id}) a été effacée : son dossier n'existe plus."
ERASED_NOTIFY_TITLE = "Partenaires à prévenir de l'effacement"
ERASED_NOTIFY_INTRO = ("Ces partenaires ont reçu ses données : prévenez-les de l'effacement "
                       "(RGPD art. 19). Notez-les maintenant, Parcours ne les connaît plus :")
ERASED_NOT_SCRUBBED = ("Attention : la base n'a pas pu être nettoyée tout de suite (une autre "
                       "session la lit). Ses données sont déjà illisibles (clé détruite) ; "
                       "lancez « parcours retention --apply » plus tard pour terminer le "
                       "nettoyage.")
ERASED_NOT_VACUUMED = ("Attention : les tables PostgreSQL n'ont pas été nettoyées (VACUUM refusé : "
                       "le rôle de l'application n'en est pas propriétaire). Ses données sont déjà "
                       "illisibles (clé détruite) ; l'administrateur·rice doit lancer, avec le "
                       "compte propriétaire de la base : psql \"$OWNER_URL\" -c VACUUM")
ERASED_NOT_SCRUBBED_BY_KIND = {"sqlite": ERASED_NOT_SCRUBBED, "postgresql": ERASED_NOT_VACUUMED}
"""What to say when an erasure could not scrub the files, per kind of base."""
ERASE_NEEDS_PASSWORD = "L'effacement attend votre mot de passe : Ctrl+S pour le taper de nouveau."
