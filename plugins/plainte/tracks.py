"""The complaint track, domain.md §7: preparation, reflection period, *main courante* or
complaint, the prosecutor's decision, appeal or *partie civile*, trial.

A complaint or testimony records the shared fact ``plainte_deposee`` (true); a *main
courante* records it false, since it opens neither the L425-1 card nor the 3 months of CPP
art. 85. Limitation and legal aid are self-loops: they record facts without moving on.
"""

from __future__ import annotations

from datetime import timedelta

from core import Silence, StepDefinition, StepKind, TrackDefinition, TransitionDefinition
from plugins.plainte import schemas as S
from plugins.plainte.rules import PRESCRIPTIONS

T = TransitionDefinition
DAYS = timedelta
BEFORE = ("preparation", "delai_reflexion", "main_courante")
AFTER = ("deposee", "classement", "recours_pg", "partie_civile", "poursuites")
PRESCRIPTION_KINDS = (
    ("contravention", "une contravention", "plainte.prescription_contravention_1a",
     S.PrescriptionFacts),
    ("delit", "un délit", "plainte.prescription_delit_6a", S.PrescriptionFacts),
    ("crime", "un crime", "plainte.prescription_crime_20a", S.PrescriptionFacts),
    ("delit_mineure", "un délit sur mineure, 10 ans", "plainte.prescription_mineure_delit_10a",
     S.PrescriptionMineureFacts),
    ("delit_mineure_20a", "un délit sur mineure, 20 ans (CPP 8 al. 3)",
     "plainte.prescription_mineure_delit_20a", S.PrescriptionMineureFacts),
    ("crime_mineure", "un crime sur mineure", "plainte.prescription_mineure_crime_30a",
     S.PrescriptionMineureFacts),
)
SELF_LOOPS = ("enregistrer_aide_juridictionnelle", "enregistrer_recepisse",
              *(f"evaluer_prescription_{k[0]}" for k in PRESCRIPTION_KINDS))
"""Triggers that record something without moving on (not counted as steps reached)."""


def _loops(trigger: str, label: str, steps: tuple[str, ...], **kw) -> tuple[T, ...]:
    """The same self-loop on several steps (a transition has a single destination)."""
    return tuple(T(trigger=trigger, label=label, source=(s,), dest=s, **kw) for s in steps)


def _prescription(kind: str, what: str, rule: str, facts: type) -> tuple[T, ...]:
    # Choosing one qualification closes the others: only one limitation runs at a time.
    others = tuple(r for r in PRESCRIPTIONS if r != rule)
    checks = ("plainte.majorite",) if facts is S.PrescriptionMineureFacts else ()
    # Which limitation applies tells the qualification, a restricted fact: the move says it.
    return _loops(f"evaluer_prescription_{kind}", f"Évaluer la prescription ({what})",
                  (*BEFORE, *AFTER[:2]), facts=facts, opens=(rule,), closes=others,
                  checks=checks, restricted=True)


STEPS = (
    StepDefinition(id="preparation", label="Préparation (information, sécurité, preuves, avocat·e)",
                   stall_after=DAYS(weeks=6),
                   description="Pas de relance automatique : revue par la ou le superviseur."),
    StepDefinition(id="delai_reflexion", label="Délai de réflexion de 30 jours",
                   stall_after=DAYS(days=21), facts=S.ReflexionFacts,
                   description="Récépissé pendant le délai : pas d'éloignement, travail autorisé "
                               "(démarche « Titre de séjour des victimes »)."),
    StepDefinition(id="main_courante", label="Main courante (pas une plainte)",
                   stall_after=DAYS(days=90), facts=S.MainCouranteFacts,
                   description="N'ouvre ni la carte L425-1 ni le délai de 3 mois de l'article 85."),
    StepDefinition(id="deposee", label="Plainte déposée, décision du parquet attendue",
                   kind=StepKind.WAITING, expected_answer_within=DAYS(days=92),
                   silence_means=Silence.SANS_EFFET, facts=S.PlainteFacts,
                   description="Sans nouvelles 3 mois après la plainte (délit), la plainte avec "
                               "constitution de partie civile devient possible (CPP 85)."),
    StepDefinition(id="classement", label="Classement sans suite : recours ou partie civile",
                   stall_after=DAYS(days=30), facts=S.ClassementFacts),
    StepDefinition(id="recours_pg", label="Recours au procureur général", kind=StepKind.WAITING,
                   silence_means=Silence.SANS_EFFET, facts=S.RecoursProcureurGeneralFacts,
                   description="Pas de délai de réponse fixé [U]."),
    StepDefinition(id="partie_civile", label="Constituée partie civile (juge d'instruction)",
                   kind=StepKind.WAITING, silence_means=Silence.SANS_EFFET,
                   facts=S.PartieCivileFacts,
                   description="Le juge fixe une consignation selon les ressources (aucune avec l'AJ)."),
    StepDefinition(id="poursuites", label="Poursuites engagées, jugement attendu",
                   kind=StepKind.WAITING, silence_means=Silence.SANS_EFFET, facts=S.PoursuitesFacts,
                   description="Pas de délai fixe ; se constituer partie civile avant les "
                               "réquisitions du parquet [U]."),
    StepDefinition(id="jugee", label="Affaire jugée", kind=StepKind.FINAL, facts=S.JugementFacts),
    StepDefinition(id="close", label="Démarche close", kind=StepKind.FINAL, facts=S.ClotureFacts),
)

TRANSITIONS = (
    T(trigger="informer_delai_reflexion", label="Information sur le délai de réflexion reçue",
      source=("preparation",), dest="delai_reflexion", opens=("plainte.reflexion_30j",)),
    T(trigger="deposer_main_courante", label="Déposer une main courante", source=("preparation",),
      dest="main_courante"),
    T(trigger="deposer_plainte", label="Déposer plainte ou témoigner", source=BEFORE,
      dest="deposee", closes=("plainte.reflexion_30j",), opens=("plainte.partie_civile_3m",),
      checks=("plainte.decision_eclairee", "plainte.recepisse", "plainte.prescription")),
    *_loops("enregistrer_recepisse", "Enregistrer le récépissé ou la copie du PV",
            ("deposee", "classement", "poursuites"), facts=S.RecepisseFacts,
            checks=("plainte.recepisse",)),
    *_loops("enregistrer_aide_juridictionnelle", "Enregistrer l'aide juridictionnelle",
            ("preparation", *AFTER), facts=S.AideJuridictionnelleFacts),
    *(t for kind in PRESCRIPTION_KINDS for t in _prescription(*kind)),
    T(trigger="classer_sans_suite", label="Enregistrer le classement sans suite",
      source=("deposee",), dest="classement"),
    T(trigger="former_recours_pg", label="Former un recours au procureur général (CPP 40-3)",
      source=("classement",), dest="recours_pg"),
    T(trigger="confirmer_classement", label="Enregistrer le rejet du recours",
      source=("recours_pg",), dest="classement", facts=S.ClassementFacts),
    T(trigger="se_constituer_partie_civile", label="Plainte avec constitution de partie civile",
      source=("deposee", "classement", "recours_pg"), dest="partie_civile",
      closes=("plainte.partie_civile_3m",),
      checks=("plainte.partie_civile_recevable", "plainte.preuve_premiere_plainte")),
    T(trigger="engager_poursuites", label="Enregistrer les poursuites",
      source=("deposee", "recours_pg", "partie_civile"), dest="poursuites",
      closes=("plainte.partie_civile_3m",)),
    T(trigger="enregistrer_jugement", label="Enregistrer le jugement", source=("poursuites",),
      dest="jugee", checks=("plainte.information_civi",), closes=PRESCRIPTIONS),
    T(trigger="clore", label="Clore la démarche (avec motif)",
      source=(*BEFORE, *AFTER), dest="close",
      closes=("plainte.reflexion_30j", "plainte.partie_civile_3m", *PRESCRIPTIONS)),
)

PLAINTE = TrackDefinition(
    id="plainte", label="Plainte et accompagnement de la victime", domain="plainte",
    initial="preparation", steps=STEPS, transitions=TRANSITIONS,
    description="Du choix éclairé de porter plainte jusqu'au jugement, avec la prescription "
                "et l'aide juridictionnelle.")
