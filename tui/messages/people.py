"""The home screen, the people list and a new person."""

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
HOME_MORE_PEOPLE = "… et d'autres : la liste des personnes (touche p) les montre toutes."
HOME_MORE_REVIEW = "… et d'autres : la revue (touche v) les montre toutes."
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
PEOPLE_COUNT_UNCOUNTED = ("{shown} personne(s) affichée(s), la suite en descendant "
                          "(au moins 3 lettres pour les compter)")
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
