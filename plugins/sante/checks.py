"""Checks of the health coverage: AME or PUMa (never both), their conditions, CSS, care access.

PUMa is for a regular stay, AME for an irregular one (domain.md §1): a person's coverage is
one track where moving from one to the other is a transition, and a second coverage track
cannot open one right while another track holds the other. Regular stay is read from any
domain through ``core.regular_stay``; the health tracks themselves are this plugin's own.
"""

from __future__ import annotations

from datetime import date, timedelta

from core import (CheckContext, CheckResult, CheckSpec, blocking, compute_due, passed,
                  regular_stay, warning)
from .rules import RULES
from .schemas import SANS_DROITS

COUVERTURE = "sante_couverture"
AME_ACTIVE = ("ame_accordee", "ame_renouvellement")
PUMA_ACTIVE = ("puma_ouverte", "puma_maintien")
PRESENCE_RULE = next(r for r in RULES if r.id == "sante.ame_presence_3m")
SOON = timedelta(days=15)


def _day(ctx: CheckContext, name: str) -> date:
    return ctx.fact_date(name, ctx.today)


def _other_coverages(ctx: CheckContext) -> list:
    """Open coverage tracks of the person other than the one being moved."""
    return [t for t in ctx.person.tracks
            if t.definition_id == COUVERTURE and t.open
            and not (t.id is not None and t.id == ctx.track.id)]


def exclusivite(ctx: CheckContext) -> CheckResult:
    """AME and PUMa exclude each other: no second coverage track holding the other right."""
    wants_ame = ctx.transition.dest == "ame_demandee"
    for other in _other_coverages(ctx):
        if wants_ame and other.step in PUMA_ACTIVE:
            return blocking("sante.puma_exclut_ame",
                            "La personne a déjà la PUMa : l'AME ne peut pas s'y ajouter.",
                            "Faites basculer la démarche de couverture existante vers l'AME "
                            "quand le séjour devient irrégulier.")
        if not wants_ame and other.step in AME_ACTIVE:
            return blocking("sante.ame_exclut_puma",
                            "La personne a déjà l'AME : la PUMa ne peut pas s'y ajouter.",
                            "Utilisez « Basculer vers la PUMa » dans la démarche existante.")
    return passed("sante.couverture_unique", "Aucune autre couverture en cours.")


def ame_conditions(ctx: CheckContext) -> CheckResult:
    """AME: irregular stay and more than 3 months of uninterrupted presence (CASF L251-1)."""
    stay = regular_stay(ctx.person, ctx.today)
    if stay is not None:
        return blocking("sante.ame_sejour_regulier",
                        "Un document de séjour valable est enregistré : c'est la PUMa qui "
                        "s'applique, pas l'AME.", "Demandez la PUMa.")
    eligible = compute_due(PRESENCE_RULE, _day(ctx, "date_arrivee_france")).due
    if eligible > _day(ctx, "date_demande_ame"):
        return blocking("sante.ame_presence_3m",
                        f"Moins de 3 mois de présence : l'AME peut être demandée à partir du "
                        f"{eligible:%d/%m/%Y}.",
                        "Orientez vers la PASS ou les soins urgents en attendant.")
    return passed("sante.ame_conditions", "Séjour irrégulier et présence de plus de 3 mois.")


def puma_conditions(ctx: CheckContext) -> list[CheckResult]:
    """PUMa: a regular stay, and the 3-month wait over for adult asylum seekers."""
    stay = regular_stay(ctx.person, ctx.today)
    if stay is None and ctx.fact("nationalite_francaise_ue") is not True:
        return [blocking("sante.puma_sans_sejour_regulier",
                         "Aucun document de séjour valable n'est enregistré.",
                         "Enregistrez le document de séjour, ou demandez l'AME si le séjour "
                         "est irrégulier.", missing=("nationalite_francaise_ue",))]
    carence = ctx.track.deadlines.get("sante.puma_carence_3m")
    if carence is not None and carence.due > _day(ctx, "date_demande_puma"):
        return [blocking("sante.puma_carence_en_cours",
                         f"La carence de 3 mois court jusqu'au {carence.due:%d/%m/%Y}.",
                         "Orientez vers la PASS en attendant, puis déposez la demande.")]
    if stay is not None and stay.definition_id == "psp_aps":
        # domain.md §4.2 and §10 point 4: whether the APS counts as regular stay is [U]
        return [warning("sante.puma_aps_a_verifier",
                        "Séjour régulier par l'APS du parcours de sortie : acceptation par la "
                        "CPAM non vérifiée [U].",
                        "Vérifiez la liste des titres admis auprès de la CPAM.")]
    return [passed("sante.puma_conditions", "Séjour régulier.")]


def _coverage_open(ctx: CheckContext) -> bool:
    return any(t.definition_id == COUVERTURE and t.open and t.step in AME_ACTIVE + PUMA_ACTIVE
               for t in ctx.person.tracks)


def css_puma(ctx: CheckContext) -> CheckResult:
    """CSS tops up the PUMa; an AME holder cannot get it; resources are needed."""
    steps = {t.step for t in ctx.person.tracks if t.definition_id == COUVERTURE and t.open}
    if steps & set(AME_ACTIVE):
        return blocking("sante.ame_exclut_css", "La CSS complète la PUMa, pas l'AME.",
                        "Sans objet tant que la personne relève de l'AME.")
    if not steps & set(PUMA_ACTIVE):
        return blocking("sante.css_sans_puma", "La PUMa n'est pas ouverte.",
                        "Ouvrez d'abord les droits PUMa dans la démarche de couverture.")
    if ctx.fact("justificatif_ressources") is not True:
        return blocking("sante.css_ressources_manquantes", "Les ressources ne sont pas au dossier.",
                        "Joignez les ressources des 12 mois de référence.",
                        missing=("justificatif_ressources",))
    return passed("sante.css_possible", "PUMa ouverte et ressources au dossier.")


def couverture_pour_soins(ctx: CheckContext) -> CheckResult:
    """Orienting to a structure that needs coverage warns when no right is open yet."""
    if ctx.fact("structure") in SANS_DROITS or _coverage_open(ctx):
        return passed("sante.orientation_possible", "Orientation compatible avec les droits.")
    return warning("sante.soins_sans_couverture",
                   "Aucune couverture maladie ouverte : cette structure pourra facturer.",
                   "Orientez vers la PASS, le CeGIDD ou une ONG en attendant les droits.")


def couverture_ouverte(ctx: CheckContext) -> CheckResult:
    """Declaring a GP (médecin traitant) needs rights open (domain.md §4.2 S3)."""
    if _coverage_open(ctx):
        return passed("sante.droits_ouverts", "Droits AME ou PUMa ouverts.")
    return blocking("sante.sans_couverture", "Aucune couverture maladie ouverte (AME ou PUMa).",
                    "Ouvrez d'abord les droits ; en attendant, PASS ou CeGIDD.")


CHECKS = [
    CheckSpec(id="sante.exclusivite_couverture", label="AME et PUMa s'excluent",
              func=exclusivite),
    CheckSpec(id="sante.ame_conditions", label="Conditions de l'AME", func=ame_conditions),
    CheckSpec(id="sante.puma_conditions", label="Conditions de la PUMa", func=puma_conditions),
    CheckSpec(id="sante.css_puma", label="CSS : PUMa ouverte", func=css_puma),
    CheckSpec(id="sante.couverture_pour_soins", label="Couverture pour l'orientation",
              func=couverture_pour_soins),
    CheckSpec(id="sante.couverture_ouverte", label="Droits ouverts", func=couverture_ouverte),
]
