"""French texts of the engine: errors, definition checks, refusals, deadlines, plugins."""

# --- errors -------------------------------------------------------------------------
DEFINITION_WHERE = "« {definition} »"
DEFINITION_WHERE_STEP = "« {definition} », étape « {step} »"
DEFINITION_ERROR = "Définition {where} : {problem}"
PLUGIN_ERROR = "Extension « {plugin} » : {problem}"
TRANSITION_REFUSED = "Action « {trigger} » refusée depuis l'étape « {step} » : {reasons}"
TRANSITION_IMPOSSIBLE = "action impossible"

# --- definition validation ------------------------------------------------------------
DEF_NO_INITIAL = "aucune étape initiale « {initial} » parmi les étapes déclarées"
DEF_DUPLICATE_STEP = "identifiant d'étape en double"
DEF_DUPLICATE_TRIGGER = "action « {trigger} » déclarée deux fois depuis cette étape"
DEF_UNKNOWN_STEP = "l'action « {trigger} » mène ou part d'une étape inconnue « {target} »"
DEF_UNREACHABLE = "étape inatteignable depuis l'étape initiale"
DEF_FINAL_EXIT = "une étape finale ne peut pas avoir d'action sortante (« {trigger} »)"
DEF_DEAD_END = "étape non finale sans aucune action sortante"
DEF_UNKNOWN_CHECK = "l'action « {trigger} » cite un contrôle inconnu « {check} »"
DEF_UNKNOWN_RULE = "l'action « {trigger} » cite une règle d'échéance inconnue « {rule} »"
DEF_CHOICE_NO_FACT = ("l'action « {trigger} » choisit une règle selon la valeur d'un fait sans "
                      "nommer ce fait (RuleChoice.fact)")
DEF_CHOICE_BAD_PLACE = ("l'action « {trigger} » choisit une règle pour un lieu inconnu « {place} » "
                        "(RuleChoice.places : un code de jours fériés, comme « 973 », ou "
                        "« outre-mer »)")
DEF_CHOICE_NO_RULE = ("l'action « {trigger} » choisit une règle parmi aucune (RuleChoice sans "
                      "cases, default ni places)")
DEF_NO_SOURCE = "l'action « {trigger} » ne part d'aucune étape"
DEF_NO_ROLES = "l'action « {trigger} » n'est ouverte à aucun rôle"
DEF_INITIAL_FINAL = "l'étape initiale ne peut pas être finale"
DEF_STALL_ON_ACTION = "« stall_after » ne s'applique qu'aux étapes d'action"
DEF_WAIT_ON_WAITING = "le délai de réponse attendu ne s'applique qu'aux étapes d'attente"
DEF_DUPLICATE_DEFINITION = "définition « {definition} » version {version} fournie deux fois"
DEF_DUPLICATE_CHECK = "contrôle « {check} » fourni deux fois"
DEF_DUPLICATE_RULE = "règle « {rule} » version {version} fournie deux fois"
DEF_TAKEN_DEFINITION = ("définition « {definition} » déjà fournie par l'extension « {owner} » : "
                        "choisissez un autre identifiant")
DEF_TAKEN_CHECK = ("contrôle « {check} » déjà fourni par l'extension « {owner} » : "
                   "choisissez un autre identifiant")
DEF_TAKEN_RULE = ("règle « {rule} » déjà fournie par l'extension « {owner} » : "
                  "choisissez un autre identifiant")
DEF_LIFE_STORY_TRIGGER = "le récit de vie cite une action inconnue « {trigger} »"
DEF_LIFE_STORY_DECISION = "le récit de vie cite « {step} », qui n'est pas une étape finale"
DEMO_MOVE_KIND = "un pas de démo a soit une action (trigger), soit des alternatives (choices)"
DEMO_MOVE_DELAY = "délai de démo invalide {after} : deux entiers croissants, positifs ou nuls"
DEMO_GOAL_OFF_PATH = "l'objectif de démo « {trigger} » n'est pas un pas du premier chemin de « {definition} »"

# --- engine ---------------------------------------------------------------------------
UNKNOWN_TRIGGER = "L'action « {trigger} » n'existe pas dans la démarche « {track} »."
TRIGGER_NOT_FROM_STEP = "L'action « {trigger} » n'est pas possible depuis l'étape « {step} »."
ROLE_NOT_ALLOWED = "Votre rôle ({role}) ne permet pas cette action."
ROLE_NOT_ALLOWED_REMEDY = "Demandez à un·e {roles} de la faire."
ROLE_LABELS = {"benevole": "bénévole", "stagiaire": "stagiaire", "referent": "référent·e",
               "superviseur": "superviseur·e", "admin": "administrateur·rice"}
ROLES_JOIN = " ou "


def role_label(role: str, unknown: str | None = None) -> str:
    """A role's French label (``referent`` → ``référent·e``); ``unknown``, or the role's own
    name, for a role that has none."""
    return ROLE_LABELS.get(role, role if unknown is None else unknown)


CHECK_CRASHED = "Le contrôle « {check} » de l'extension « {plugin} » a échoué ; l'action est bloquée par prudence."
CHECK_CRASHED_REMEDY = ("Signalez l'incident à l'administrateur ; l'erreur a été consignée dans "
                        "le journal technique (parcours plugins --incidents).")
CHECK_CRASHED_REMEDY_UNLOGGED = ("Signalez l'incident à l'administrateur : l'erreur n'a pas pu "
                                 "être consignée, notez l'heure et l'action tentée.")
FACTS_CRASHED = ("Le formulaire de « {action} » de l'extension « {plugin} » a échoué en lisant la "
                 "saisie ; l'action est bloquée par prudence.")
FACTS_INVALID = "Saisie invalide : {problems}."
FACT_PROBLEM = "{field} : {problem}"
FACT_PROBLEM_LABELLED = "{label} ({field}) : {problem}"
FACT_MISSING = "information obligatoire manquante"
FACT_UNKNOWN = "champ inconnu pour cette étape"
FACT_BAD_DATE = "date attendue au format AAAA-MM-JJ ou JJ/MM/AAAA"
FACT_IMPLAUSIBLE_DATE = "date invraisemblable : l'année doit être entre {first} et {last}"
FACT_BAD_VALUE = "valeur non valide"
FACT_BAD_CHOICE = "valeur attendue parmi : {choices}"
FACT_BAD_NUMBER = "nombre attendu"
FACT_BAD_BOOL = "oui ou non attendu"
FACT_WHOLE = "saisie"

# --- plugin host ----------------------------------------------------------------------
PLUGIN_NOT_ALLOWED = "non autorisée par la configuration"
PLUGIN_IMPORT_FAILED = "impossible de la charger ({error})"
PLUGIN_NAME_TAKEN = ("nom « {name} » déjà pris par l'extension de « {module} » : elle n'est pas "
                     "chargée ; renommez son point d'entrée")
PLUGIN_MODULE_TWICE = "module « {module} » déjà chargé sous un autre nom d'extension"
PLUGIN_BAD_HOOK = "crochet inconnu ou mal déclaré ({error})"
PLUGIN_HOOK_FAILED = "le crochet « {hook} » a levé {error}"
PLUGIN_BAD_CONTRIBUTION = "le crochet « {hook} » a renvoyé une valeur invalide ({error})"
PLUGIN_LONE_MODEL = "un seul {kind} au lieu d'une liste : écrivez return [valeur]"
PLUGIN_NOT_A_LIST = "{kind} au lieu d'une liste"
PLUGIN_WRONG_ITEM = "un élément {kind} au lieu de {expected}"
PLUGIN_PROBLEMS_JOIN = " ; "
PLUGIN_NOTHING_LOADED = ("rien de ce qu'elle fournit n'est chargé (démarches, contrôles, règles, "
                         "domaines, champs ajoutés) : corrigez-la ou retirez-la")
PLUGIN_STATUSES = {"active": "active", "degraded": "dégradée", "blocked": "bloquée",
                   "failed": "en échec"}
"""How ``parcours plugins`` shows each status (the JSON keeps the internal value)."""
PLUGIN_INCIDENTS_HINT = "{count} incident(s) d'extension consigné(s) : parcours plugins --incidents"
PLUGIN_INCIDENTS_NONE = "Aucun incident d'extension consigné (journal : {path})."
PLUGIN_INCIDENT_LINE = "{at}  {plugin}  {where}  {error}{message}"
PLUGIN_INCIDENT_FRAME = "    {file}:{line} dans {function} : {code}"
DEF_DUPLICATE_DOMAIN = "domaine « {domain} » déclaré deux fois"
DEF_TAKEN_DOMAIN = "domaine « {domain} » déjà déclaré par l'extension « {owner} »"

# --- configuration --------------------------------------------------------------------
CONFIG_UNREADABLE = "Fichier de montants illisible ({path}) : {error}"
DEF_EXTENSION_TARGET = "aucune démarche installée n'a cette étape : les champs ajoutés sont ignorés"
DEF_FACT_CLASH = "champs ajoutés déjà présents dans l'étape : {fields}"
DEF_VALIDATOR_CLASH = ("validateurs ajoutés du même nom que ceux de l'étape, qu'ils remplaceraient : "
                       "{names} ; renommez-les")
BAD_DATE = ("Date invalide « {value} » : attendu AAAA-MM-JJ ou JJ/MM/AAAA en chiffres, sans espace, "
            "et une date qui existe.")
IMPLAUSIBLE_YEAR = "Date invraisemblable « {value} » : l'année doit être entre {first} et {last}."
TRACK_UNKNOWN = "Démarche inconnue : « {track} »."
TRACK_UNKNOWN_LIST = "Démarche inconnue : « {track} » (la liste : « parcours tracks »)."
TRACK_NOT_INSTALLED = ("La démarche « {track} » de cette personne (version {version}, étape "
                       "« {step} ») n'est plus fournie par les extensions installées : aucune "
                       "action n'y est possible ; signalez-le à l'administrateur.")
STEP_NOT_INSTALLED = "{step} (étape inconnue des extensions installées)"
TRACK_UNKNOWN_DOMAIN = "Démarche inconnue : « {track} » ; les démarches de ce domaine : {tracks}."

# --- plugin template ------------------------------------------------------------------
PLUGIN_NAME_BAD = "Nom d'extension invalide « {name} » : lettres minuscules, chiffres et _ (2 à 31 caractères, commençant par une lettre)."
PLUGIN_FOLDER_EXISTS = "Le dossier {path} existe déjà ; choisissez un autre nom ou un autre dossier."
CLI_PLUGIN_WRITTEN = ("Extension écrite dans {path}. Ensuite, dans l'environnement de Parcours : "
                      "pip install -e {path} puis « parcours plugins ».")

# --- built-in domains -----------------------------------------------------------------
DOMAIN_PARCOURS = "Parcours d'accompagnement"
DOMAIN_PARCOURS_DESCRIPTION = "Du premier accueil au suivi individuel par un·e référent·e."
DOMAIN_PSP = "Parcours de sortie de la prostitution (PSP)"
DOMAIN_PSP_DESCRIPTION = ("Le parcours autorisé par le préfet, son autorisation provisoire de "
                          "séjour et l'aide financière (AFIS).")
DOMAIN_UNKNOWN = "Domaine inconnu « {domain} » : choisissez parmi {known} (voir « parcours domains »)."
DOMAIN_UNDECLARED = "domaine « {domain} » sans libellé déclaré (parcours_domains) : affiché tel quel"
DATE_IN_FUTURE = "Date dans le futur « {value} » : on n'enregistre que ce qui a déjà eu lieu."
DATE_TOO_EARLY = "Date invraisemblable « {value} » : aucune date avant {earliest} n'est acceptée ici."
ADVANCE_BEFORE_LAST_STEP = ("Date « {value} » antérieure à la dernière étape enregistrée de cette "
                            "démarche ({last}) : indiquez cette date ou une date postérieure.")
