"""Checks of the health coverage: AME or PUMa (never both), their conditions, CSS, care access.

Adult asylum seekers wait more than 3 months from the registration of their application
before PUMa (read from the shared fact ``demande_asile_depuis``, whatever track holds it),
with the PASS or urgent care as the remedy; minors are exempt from that wait and from AME's
3-month presence. The AME resource ceiling is dated configuration.

PUMa is for a regular stay, AME for an irregular one (domain.md §1): a person's coverage is
one track where moving from one to the other is a transition, and a second coverage track
cannot open one right while another track holds the other. Regular stay is read from any
domain through ``core.regular_stay``; the health tracks themselves are this plugin's own.
"""

from __future__ import annotations

from datetime import date, timedelta

from core import (CheckContext, CheckResult, CheckSpec, asylum_registration, blocking,
                  compute_due, passed, regular_stay, short_date, warning)
from .rules import RULES
from .schemas import SANS_DROITS

COUVERTURE = "sante_couverture"
AME_ACTIVE = ("ame_accordee", "ame_renouvellement")
PUMA_ACTIVE = ("puma_ouverte", "puma_maintien")
PRESENCE_RULE = next(r for r in RULES if r.id == "sante.ame_presence_3m")
CARENCE_RULE = next(r for r in RULES if r.id == "sante.puma_carence_3m")
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


def _minor(ctx: CheckContext, day: date) -> bool:
    """Under the age of majority on ``day`` (an unknown birth date counts as adult)."""
    age = ctx.person.age_on(day)
    return age is not None and age < int(ctx.config.value("age_majorite", day) or 18)


def ame_conditions(ctx: CheckContext) -> list[CheckResult]:
    """AME: irregular stay, more than 3 months of uninterrupted presence except for minors,
    and resources under the ceiling in force (CASF L251-1)."""
    stay = regular_stay(ctx.person, ctx.today)
    if stay is not None:
        return [blocking("sante.ame_sejour_regulier",
                         "Un document de séjour valable est enregistré : c'est la PUMa qui "
                         "s'applique, pas l'AME.", "Demandez la PUMa.")]
    asked = _day(ctx, "date_demande_ame")
    if not _minor(ctx, asked):
        eligible = compute_due(PRESENCE_RULE, _day(ctx, "date_arrivee_france")).due
        if eligible > asked:
            return [blocking("sante.ame_presence_3m",
                             f"Moins de 3 mois de présence : l'AME peut être demandée à partir "
                             f"du {short_date(eligible)}.",
                             "Orientez vers la PASS ou les soins urgents en attendant.")]
    met = "mineure : pas de condition de présence" if _minor(ctx, asked) \
        else "présence de plus de 3 mois"
    return [passed("sante.ame_conditions", f"Séjour irrégulier et {met}."),
            *_ame_resources(ctx, asked)]


def _ame_resources(ctx: CheckContext, day: date) -> list[CheckResult]:
    """Resources of the last 12 months against the ceiling in force on the request's day."""
    amount = ctx.fact("ressources_12_mois")
    ceiling = ctx.config.value("css_gratuite_plafond_personne_seule", day)
    if amount is None:
        return [warning("sante.ame_ressources_non_chiffrees",
                        "Ressources des 12 derniers mois non chiffrées : le plafond de l'AME "
                        "n'est pas vérifié.", "Indiquez le total des ressources des 12 mois.",
                        missing=("ressources_12_mois",))]
    if ceiling is None:
        return [warning("sante.ame_plafond_inconnu",
                        f"Aucun plafond de ressources n'est configuré au {short_date(day)}.",
                        "Ajoutez le plafond en vigueur dans montants.toml.")]
    household = int(ctx.fact("personnes_foyer") or 1)
    if float(amount) > ceiling and household == 1:
        return [blocking("sante.ame_ressources_trop_elevees",
                         f"Ressources ({float(amount):.2f} €) au-dessus du plafond de l'AME "
                         f"({ceiling:.2f} € pour une personne seule au {short_date(day)}).",
                         "Vérifiez les ressources déclarées.")]
    if household > 1:
        return [warning("sante.ame_plafond_foyer",
                        f"Plafond configuré pour une personne seule ({ceiling:.2f} €) : celui "
                        f"d'un foyer de {household} personnes n'est pas vérifié.",
                        "Vérifiez le plafond du foyer auprès de la CPAM.")]
    return [passed("sante.ame_ressources",
                   f"Ressources sous le plafond de l'AME ({ceiling:.2f} €).")]


def puma_conditions(ctx: CheckContext) -> list[CheckResult]:
    """PUMa: a regular stay, and for adult asylum seekers more than 3 months since the
    registration of their application (decree 2019-1531), whether or not a wait was recorded."""
    stay = regular_stay(ctx.person, ctx.today)
    if stay is None and ctx.fact("nationalite_francaise_ue") is not True:
        return [blocking("sante.puma_sans_sejour_regulier",
                         "Aucun document de séjour valable n'est enregistré.",
                         "Enregistrez le document de séjour, ou demandez l'AME si le séjour "
                         "est irrégulier.", missing=("nationalite_francaise_ue",))]
    asked = _day(ctx, "date_demande_puma")
    waiting = _asylum_wait(ctx, asked)
    if waiting is not None:
        return [waiting]
    carence = ctx.track.deadlines.get("sante.puma_carence_3m")
    if carence is not None and carence.due > asked:
        return [blocking("sante.puma_carence_en_cours",
                         f"Carence de 3 mois : la PUMa ne peut être ouverte qu'à partir du "
                         f"{short_date(carence.due)}.",
                         "Orientez vers la PASS en attendant, puis déposez la demande.")]
    if stay is not None and stay.definition_id == "psp_aps":
        # domain.md §4.2 and §10 point 4: whether the APS counts as regular stay is [U]
        return [warning("sante.puma_aps_a_verifier",
                        "Séjour régulier par l'APS du parcours de sortie : acceptation par la "
                        "CPAM non vérifiée [U].",
                        "Vérifiez la liste des titres admis auprès de la CPAM.")]
    return [passed("sante.puma_conditions", "Séjour régulier.")]


def _asylum_wait(ctx: CheckContext, asked: date) -> CheckResult | None:
    registered = asylum_registration(ctx.person)
    if registered is None or _minor(ctx, asked):
        return None
    opens = compute_due(CARENCE_RULE, registered).due
    if asked >= opens:
        return None
    return blocking("sante.puma_carence_asile",
                    f"Demandeuse d'asile majeure : la PUMa n'est ouverte qu'après plus de 3 mois "
                    f"depuis l'enregistrement de la demande d'asile ({short_date(registered)}), "
                    f"soit à partir du {short_date(opens)}.",
                    "En attendant, orientez vers la PASS de l'hôpital ou le dispositif soins "
                    "urgents et vitaux ; une mineure n'a pas de carence (indiquez sa date de "
                    "naissance).")


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
