"""French texts of consent per purpose and of the person's export (GDPR art. 15)."""

# --- purposes and states ------------------------------------------------------------------
CONSENT_PURPOSE_LABELS = {"suivi": "suivi individuel", "partage": "partage avec un partenaire",
                          "statistiques": "statistiques"}
CONSENT_STATUS_LABELS = {"active": "actif", "expired": "expiré", "withdrawn": "retiré",
                         "future": "à venir"}

# --- the checks that read consents ---------------------------------------------------------
CONSENT_REFERENT_MISSING = "Aucun·e référent·e n'est désigné·e pour le suivi individuel."
CONSENT_REFERENT_MISSING_REMEDY = "Indiquez le ou la référent·e qui suivra la personne."
CONSENT_SUIVI_MISSING = ("Aucun consentement actif de la personne au suivi individuel n'est "
                         "enregistré (jamais recueilli, ou expiré).")
CONSENT_SUIVI_MISSING_REMEDY = ("Recueillez son accord, puis enregistrez-le dans son dossier "
                                "(onglet Consentements, ou « parcours consent give N suivi »).")
CONSENT_SUIVI_WITHDRAWN = "La personne a retiré son consentement au suivi individuel le {day}."
CONSENT_SUIVI_WITHDRAWN_REMEDY = ("Le suivi ne reprend que si elle donne de nouveau son accord, "
                                  "enregistré dans son dossier.")
CONSENT_SUIVI_LATER = ("Le consentement au suivi est daté du {given}, après le jour de l'entrée "
                       "en suivi ({day}).")
CONSENT_SUIVI_LATER_REMEDY = "Datez l'entrée en suivi au plus tôt du jour du consentement."
CONSENT_SUIVI_OK = "Référent·e et consentement au suivi enregistrés."
CONSENT_SHARE_NO_PARTNER = "Aucun partenaire nommé : aucune information n'est transmise."
CONSENT_SHARE_MISSING = ("La personne n'a pas de consentement actif au partage de ses "
                         "informations avec « {partner} ».")
CONSENT_SHARE_MISSING_REMEDY = ("Enregistrez son accord pour ce partenaire (« parcours consent "
                                "give N partage --partner NOM »), ou orientez-la sans nommer de "
                                "partenaire ni rien lui transmettre.")
CONSENT_SHARE_LATER = ("Le consentement au partage avec « {partner} » est daté du {given}, après "
                       "le jour de l'orientation ({day}) : il ne couvre pas une transmission "
                       "antérieure.")
CONSENT_SHARE_LATER_REMEDY = ("Datez l'orientation au plus tôt du jour de son accord ; une "
                              "information transmise avant son accord ne peut pas être couverte "
                              "après coup.")
CONSENT_SHARE_OK = "Consentement au partage avec ce partenaire actif (consentement n° {id})."
CONSENT_CASE_WITHDRAWN = ("La personne a retiré son consentement au suivi individuel (le {day}) : "
                          "ce dossier ne peut plus qu'être clos.")
CONSENT_CASE_WITHDRAWN_REMEDY = ("Clôturez la démarche ; si elle donne de nouveau son accord, "
                                 "enregistrez-le d'abord dans son dossier.")
CONSENT_CASE_LAPSED = ("Le consentement de la personne au suivi individuel a expiré (le {day}) : "
                       "ce dossier ne peut plus qu'être clos.")
CONSENT_CASE_LAPSED_REMEDY = ("Recueillez de nouveau son accord et enregistrez-le, ou clôturez "
                              "la démarche.")

# --- the consent services ------------------------------------------------------------------
CONSENT_PURPOSE_UNKNOWN = "Finalité inconnue « {value} » : choisissez parmi {choices}."
CONSENT_PARTNER_FIELD = "le partenaire"
CONSENT_PARTNER_NEEDED = "Un consentement au partage nomme son partenaire (--partner NOM)."
CONSENT_PARTNER_ONLY_SHARE = "Un partenaire ne se précise que pour la finalité « partage »."
CONSENT_FUTURE = "La date du consentement ({day}) est dans le futur."
CONSENT_TWICE = ("Ce consentement est déjà enregistré (n° {id}, donné le {day}) : rien n'a été "
                 "enregistré. Pour le renouveler, indiquez le jour où elle l'a redonné.")
CONSENT_EXPIRY_BEFORE = ("La fin de validité ({expires}) précède la date du consentement "
                         "({given}).")
CONSENT_UNKNOWN = "Consentement inconnu pour cette personne : n° {id}."
CONSENT_ALREADY_WITHDRAWN = "Le consentement n° {id} a déjà été retiré le {day}."

# --- command line -----------------------------------------------------------------------------
CLI_CONSENT_GIVEN = "Consentement n° {id} enregistré : {purpose}, donné le {given}{expires}."
CLI_CONSENT_EXPIRES = ", valable jusqu'au {day}"
CLI_CONSENT_PARTNER = "{purpose} « {partner} »"
CLI_CONSENT_WITHDRAWN = "Consentement n° {id} retiré ({purpose}) : effet immédiat."
CLI_CONSENT_COLUMNS = ("n°", "finalité", "donné le", "valable jusqu'au", "statut",
                       "enregistré par", "retiré le")
CLI_CONSENTS_HEAD = "Consentements :"
CLI_CONSENTS_NONE = "Aucun consentement enregistré."
CLI_PERSON_EXPORTED = ("Export écrit : {path}. Il contient ses données en clair : remettez-le "
                       "{to}, puis supprimez-le.")
CLI_EXPORT_TO_PERSON = "à la personne"
CLI_EXPORT_TO_PARTNER = "au partenaire « {partner} » par un moyen sûr"

# --- the person's export (GDPR art. 15) -------------------------------------------------------
EXPORT_FORMATS = ("texte", "json")
EXPORT_BAD_FORMAT = "Format d'export inconnu « {value} » : choisissez parmi {choices}."
EXPORT_FILE_EXISTS = "Le fichier {path} existe déjà : choisissez un autre nom (rien n'a été écrit)."
EXPORT_NO_FOLDER = "Le dossier {folder} n'existe pas (rien n'a été écrit)."
EXPORT_CANNOT_WRITE = "Impossible d'écrire l'export dans {path} ({error})."
EXPORT_UNFINISHED = "Export de Parcours interrompu avant d'être enregistré : ce fichier ne contient aucune donnée. Supprimez-le, puis relancez l'export."
EXPORT_PARTNER_REFUSED = ("Export refusé : la personne n'a pas de consentement actif au partage "
                          "avec « {partner} ».")
EXPORT_PARTNER_FOLLOW_UP_ENDED = ("Export refusé. {why} Le partage avec « {partner} » s'arrête "
                                  "avec le suivi ; un export remis à la personne reste possible.")
EXPORT_FICTITIOUS = "Données fictives de démonstration"
EXPORT_TITLE = "Données enregistrées par l'association au sujet de {alias} (personne n° {id})"
EXPORT_INTRO = ("Export au titre du droit d'accès (RGPD, article 15), produit le {when} par "
                "{actor}. Il contient toutes les données que l'association conserve à son "
                "sujet dans Parcours, en clair.")
EXPORT_INTRO_PARTNER = "Export produit le {when} par {actor}."
EXPORT_FOR_PARTNER = ("Export destiné au partenaire « {partner} », avec le consentement de la "
                      "personne. Il ne contient que les démarches qui lui sont transmises, sans "
                      "contenu restreint (récit de vie, plainte, notes restreintes) ni passages "
                      "à la permanence.")
EXPORT_TRACKS_WITHOUT_PARTNER = ("« --track » choisit les démarches transmises à un partenaire : "
                                 "sans « --partner », l'export destiné à la personne contient "
                                 "déjà tout.")
EXPORT_TRACK_UNKNOWN = "Aucune de ses démarches ne correspond à « {track} » (rien n'a été écrit)."
EXPORT_PARTNER_NOTHING = ("Rien à transmettre à « {partner} » : aucune de ses orientations ne "
                          "nomme ce partenaire. Choisissez les démarches à lui transmettre avec "
                          "--track DÉMARCHE (par exemple --track sante_soins) ; rien n'a été "
                          "écrit.")
EXPORT_SECTIONS = {
    "person": "Personne", "identity": "Identité", "consents": "Consentements",
    "tracks": "Démarches", "facts": "Informations enregistrées", "deadlines": "Échéances",
    "events": "Historique", "notes": "Notes", "visits": "Passages à la permanence",
    "review_marks": "Décisions de supervision",
    "holds": "Conservation imposée par une obligation légale (gel)",
}
EXPORT_NOTHING = "  (rien d'enregistré)"
EXPORT_FIELDS = {
    "id": "numéro", "alias": "pseudonyme", "delegation": "délégation",
    "first_visit": "premier passage", "referent": "référent·e", "created_at": "enregistrée le",
    "last_contact_at": "dernier contact", "legal_name": "nom à l'état civil",
    "birth_date": "date de naissance", "nationality": "nationalité",
}
EXPORT_CONSENT_LINE = ("  n° {id} — {purpose} — donné le {given}{expires} — {status} — "
                       "enregistré par {by}{withdrawn}")
EXPORT_CONSENT_WITHDRAWN = " — retiré le {day} par {by}"
EXPORT_TRACK_LINE = ("  n° {id} — {label} — étape : {step} — {status} — ouverte le {opened}"
                     "{closed}")
EXPORT_TRACK_CLOSED = " — close le {day}"
EXPORT_TRACK_STATUS = {"open": "en cours", "closed": "close"}
EXPORT_FACT_LINE = "  [{track}] {label} : {value}{sensitivity}"
EXPORT_FACT_SENSITIVITY = " ({level}, enregistrée le {day})"
EXPORT_DEADLINE_LINE = "  [{track}] {label} : le {due} — {status}"
EXPORT_DEADLINE_STATUS = {"open": "en cours", "met": "respectée", "closed": "close"}
EXPORT_DEADLINE_WHY = "    Pourquoi cette date :"
EXPORT_DEADLINE_SOURCE = "    Source : {source}"
EXPORT_EVENT_TRANSITION = "{label} → {step}"
EXPORT_EVENT_CONSENT = "{what} : {purpose}"
EXPORT_EVENT_EXPORTED = {False: "Export de ses données, pour elle-même",
                         True: "Export de ses données, pour un partenaire"}
EXPORT_EVENT_KINDS = {
    "person_added": "Personne enregistrée", "track_started": "Démarche ouverte",
    "visit": "Passage à la permanence", "consent_given": "Consentement enregistré",
    "consent_withdrawn": "Consentement retiré", "person_exported": "Export de ses données",
    "review_acknowledged": "Situation vue en supervision",
    "review_snoozed": "Situation reportée en supervision",
    "review_reassign": "Référent·e changé·e en supervision",
    "review_comment": "Commentaire de supervision", "transition": "Étape enregistrée",
}
EXPORT_EVENT_VEILED = "Étape enregistrée (contenu restreint)"
EXPORT_EVENT_LINE = "  {day} — {what} — par {actor} ({role})"
EXPORT_EVENT_FACTS = "    {name} : {value}"
EXPORT_NOTE_LINE = "  {day} — {author}{track} ({sensitivity}) :"
EXPORT_NOTE_TEXT = "    {text}"
EXPORT_VISIT_LINE = "  permanence du {day}{needs}"
EXPORT_VISIT_NEEDS = " — besoins : {needs}"
EXPORT_REVIEW_LINE = "  {day} — {action} par {actor}{until}{reason}"
EXPORT_REVIEW_ACTIONS = {"acknowledged": "vu", "snoozed": "reporté"}
EXPORT_REVIEW_UNTIL = " jusqu'au {day}"
EXPORT_REVIEW_REASON = " — motif : {reason}"
EXPORT_HOLD_LINE = "  depuis le {day} — motif : {reason}{lifted}"
EXPORT_HOLD_LIFTED = " — levé le {day}"
EXPORT_YES_NO = {True: "oui", False: "non", None: "—"}
