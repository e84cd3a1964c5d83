"""Checks of the PSP's life after entry: renewal, the end of the pathway, AFIS and its rivals.

At each renewal the prefect weighs the commitments kept (circular, annex 7) and, after CE 19
November 2021 n° 440802, whether prostitution has stopped; AFIS conditions are checked again
(CASF R121-12-13-1). Ending the pathway ends the APS and the AFIS that depend on it; AFIS
excludes RSA and ADA both ways, and stops from the month after the decision that ends it.
These checks warn and compute dates: the prefect decides, the caseworker must know.
"""

from __future__ import annotations

from datetime import date

from core.builtin.rules import RULES
from core.crossdomain import flagged
from core.engine.checks import (CheckContext, CheckResult, TrackSnapshot, blocking, passed,
                                warning)
from core.messages import short_date
from core.rules.compute import compute_due

AFIS_END = next(r for r in RULES if r.id == "psp.afis_fin_mois")
APS_MINIMUM = next(r for r in RULES if r.id == "psp.aps_validite_6m")
AFIS_RUNNING = ("demandee", "versee")


def _afis(ctx: CheckContext) -> TrackSnapshot | None:
    return next((t for t in ctx.person.tracks if t.definition_id == "psp_afis" and t.open
                 and t.step in AFIS_RUNNING), None)


def _last_paid(ctx: CheckContext, day: date) -> str:
    return f"{short_date(compute_due(AFIS_END, day, calendar=ctx.calendar).due)}"


def renouvellement_conditions(ctx: CheckContext) -> list[CheckResult]:
    """Commitments kept, cessation, and AFIS conditions, assessed at each renewal."""
    results = []
    if ctx.fact("engagements_tenus") is False:
        results.append(warning(
            "psp.engagements_non_tenus",
            "Engagements du parcours non tenus : le renouvellement en dépend et peut être refusé.",
            "Expliquez dans le bilan de suivi (annexe 7) ce qui a empêché de les tenir et ce "
            "qui est prévu."))
    if ctx.fact("cessation_effective") is False:
        results.append(warning(
            "psp.cessation_non_effective",
            "La cessation de la prostitution n'est pas effective : c'est au renouvellement que "
            "le préfet l'apprécie (CE 19 novembre 2021, n° 440802 ; portée exacte non "
            "vérifiée [U]).",
            "Préparez le bilan avec la personne et parlez-en avec la ou le superviseur."))
    return results + _afis_again(ctx) or [
        passed("psp.renouvellement_conditions", "Engagements tenus et cessation effective.")]


def _afis_again(ctx: CheckContext) -> list[CheckResult]:
    afis = _afis(ctx)
    if afis is None:
        return []
    if flagged(ctx.person, "beneficiaire_rsa") or flagged(ctx.person, "beneficiaire_ada"):
        return [warning("psp.afis_conditions_perdues",
                        "L'AFIS est versée alors que la personne perçoit le RSA ou l'ADA, ou y "
                        "est éligible : elle ne peut pas être renouvelée.",
                        "Enregistrez l'arrêt de l'AFIS (à compter du mois suivant) et "
                        "prévenez la MSA.")]
    amount = ctx.fact("ressources_mois_precedent")
    if amount is None:
        return [warning("psp.afis_ressources_a_verifier",
                        "L'AFIS est versée : ses conditions de ressources sont à revérifier "
                        "pour le renouvellement.",
                        "Indiquez les ressources du mois précédent.",
                        missing=("ressources_mois_precedent",))]
    ceiling = ctx.config.value("rsa_socle_personne_seule", ctx.event_day)
    if ceiling is not None and float(amount) >= ceiling:
        return [warning("psp.afis_ressources_depassees",
                        f"Ressources ({float(amount):.2f} €) au moins égales au RSA "
                        f"({ceiling:.2f} €) : l'AFIS ne sera pas renouvelée.",
                        "Prévenez la MSA ; étudiez le RSA ou un autre revenu.")]
    return [passed("psp.afis_conditions_maintenues", "Conditions de l'AFIS toujours remplies.")]


def dependances(ctx: CheckContext) -> list[CheckResult]:
    """Ending the pathway ends the APS and AFIS that depend on it: say which are still open."""
    day = ctx.fact_date("date_sortie") or ctx.fact_date("date_fin") or ctx.event_day
    results = []
    for track in ctx.person.tracks:
        if not track.open:
            continue
        if track.definition_id == "psp_afis":
            results.append(warning(
                "psp.afis_a_arreter",
                "L'AFIS dépend du parcours : elle s'arrête à compter du mois suivant la fin, "
                f"dernier mois versé jusqu'au {_last_paid(ctx, day)}.",
                "Enregistrez l'arrêt de l'AFIS dans sa démarche et prévenez la MSA."))
        elif track.definition_id == "psp_aps":
            results.append(warning(
                "psp.aps_a_clore",
                "L'APS (CESEDA L425-4) est liée au parcours : elle ne sera pas renouvelée.",
                "Clôturez la démarche APS et préparez un autre droit au séjour."))
    return results or [passed("psp.sans_dependance", "Aucune APS ni AFIS en cours.")]


def afis_cumul(ctx: CheckContext) -> CheckResult:
    """RSA or ADA granted while AFIS runs: AFIS must stop from the following month (4°)."""
    afis = _afis(ctx)
    if afis is None:
        return passed("psp.afis_sans_cumul", "Aucune AFIS en cours.")
    what = "le RSA" if ctx.facts.get("beneficiaire_rsa") else "l'ADA"
    return warning("psp.afis_cumul",
                   f"L'AFIS est en cours alors que la personne obtient {what} : les deux ne se "
                   "cumulent pas (CASF R121-12-13-1 4°) ; l'AFIS s'arrête à compter du mois "
                   f"suivant, dernier mois versé jusqu'au {_last_paid(ctx, ctx.event_day)}.",
                   "Prévenez la MSA et enregistrez l'arrêt de l'AFIS dans sa démarche.")


def aps_duree(ctx: CheckContext) -> CheckResult:
    """The APS of the pathway lasts at least 6 months (CESEDA L425-4)."""
    issued = ctx.fact_date("date_delivrance_aps", ctx.event_day) or ctx.event_day
    until = ctx.fact_date("sejour_regulier_jusquau")
    minimum = compute_due(APS_MINIMUM, issued).due
    if until is None:
        return blocking("psp.aps_fin_inconnue", "La fin de validité de l'APS n'est pas indiquée.",
                        "Indiquez la date portée sur l'APS.", missing=("sejour_regulier_jusquau",))
    if until < minimum:
        return warning("psp.aps_trop_courte",
                       f"APS valable jusqu'au {short_date(until)} : moins des 6 mois prévus par "
                       f"L425-4 (au moins jusqu'au {short_date(minimum)}).",
                       "Signalez-le à la préfecture et demandez une APS d'au moins 6 mois.")
    return passed("psp.aps_duree", f"APS d'au moins 6 mois (jusqu'au {short_date(until)}).")
