"""French texts of the input gate: what the services refuse of any value typed or imported."""

# --- one text (core.text) -------------------------------------------------------------------
TEXT_FORBIDDEN = "{field} contient un caractère non autorisé ({what}, position {position})."
TEXT_FORBIDDEN_KINDS = {
    "nul": "caractère nul",
    "control": "caractère de contrôle ou séquence d'échappement",
    "surrogate": "demi-caractère Unicode isolé",
    "bidi": "caractère d'inversion du sens d'écriture",
}
TEXT_NEWLINE = "{field} tient sur une seule ligne : retirez les retours à la ligne et les tabulations."

# --- every argument of a service (core.services.arguments) ----------------------------------
INPUT_SOME_VALUE = "une des valeurs saisies"
INPUT_FIELD = "le champ « {name} »"
INPUT_FIELD_NAME = "un nom de champ"
INPUT_FIELDS = {
    "alias": "le pseudonyme", "anchor": "la référence", "code": "le code de la délégation",
    "codes": "les codes de délégation", "current": "le mot de passe actuel",
    "delegation": "la délégation", "delegations": "les délégations",
    "department": "le département", "domain": "le domaine",
    "dropin": "la référence de la permanence", "day": "le jour", "at": "la date",
    "start": "le début de la période", "end": "la fin de la période",
    "until": "la date de retour", "first_visit": "la date du premier passage",
    "requested_on": "la date de demande", "completed_on": "la date de dossier complet",
    "granted_on": "la date d'accord", "refused_on": "la date de refus",
    "valid_from": "le début de validité", "valid_to": "la fin de validité",
    "lifetime": "la durée", "no_contact_after": "le délai sans contact",
    "facts": "les faits saisis", "fmt": "le format", "holiday_subdivision": "le calendrier des jours fériés",
    "key": "la clé", "kind": "le type", "kinds": "les types d'alerte", "label": "le libellé",
    "name": "le nom", "needs": "les besoins", "new": "le nouveau mot de passe",
    "note": "la note", "password": "le mot de passe", "path": "le chemin du fichier",
    "pathway_step": "l'étape", "person": "la référence de la personne", "reason": "le motif",
    "referent": "le référent", "role": "le rôle", "rule": "la règle", "search": "la recherche",
    "sensitivity": "la sensibilité", "text": "le texte", "track": "la démarche",
    "trigger": "l'action", "user": "l'utilisateur", "volunteers": "les bénévoles",
}
"""Service parameters by their code name, as a sentence names them."""
INPUT_TOO_LONG = "Saisie refusée : {field} dépasse {limit} caractères."
INPUT_TOO_DEEP = "Saisie refusée : {field} est imbriqué sur plus de {limit} niveaux."
INPUT_NUMBER = "Saisie refusée : {field} n'est pas un nombre utilisable (hors limites, infini ou indéfini)."

# --- import (core.services.import_readers, import_cells) ------------------------------------
IMPORT_MIXED_ENCODING = ("Encodage incohérent : le fichier mêle de l'UTF-8 et un autre encodage "
                         "(octet non UTF-8 ici). Enregistrez-le de nouveau en « CSV UTF-8 », "
                         "puis réessayez.")
IMPORT_MOJIBAKE = ("texte mal converti « {sample} » (un « é » devenu « Ã© », par exemple) : "
                   "le fichier a été converti deux fois ; corrigez-le à la source")
IMPORT_FILE_NAME = "le nom du fichier"
IMPORT_OLD_DATE = "date invraisemblable « {value} » : rien n'est noté avant {first}"
CLI_NOT_A_NUMBER = "« {value} » n'est pas un numéro : attendu un nombre entier écrit en chiffres de 0 à 9."
DROPIN_DAY_IMPLAUSIBLE = ("Date invraisemblable pour une permanence « {day} » : au plus tôt en 1970, "
                          "au plus tard un an après aujourd'hui.")
IMPORT_REPLACEMENT_CHARACTER = ("caractère de remplacement « � » : des lettres ont été perdues à une "
                                "conversion du fichier ; corrigez-les à la source")
PLUGIN_TOO_SLOW = ("L'extension « {plugin} » a mis {seconds} s à répondre dans « {hook} » "
                   "(au-delà de {budget} s) : signalez-le à qui la maintient.")
INPUT_YEAR = "Saisie refusée : {field} est une date invraisemblable (l'année doit être entre {first} et {last})."
