"""The help screen."""

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
  Entrée         ouvrir le dossier (d'une échéance : sur celle-ci)

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
  g              gel juridique : le placer (motif), ou le lever (superviseur·es)
  x              effacer la personne pour de bon : motif, son numéro, votre
                 mot de passe ; refusé sous gel juridique (superviseur·es)
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
