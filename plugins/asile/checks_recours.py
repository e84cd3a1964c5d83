"""Checks of the appeal stages: the CNDA appeal, the Dublin transfer and removal-order appeals.

Legal aid's effect on the CNDA month is not a check here: the rule ``asile.cnda_1m`` carries
its suspension condition (a request within 15 days of the notification, dated by the
recorded request), and the engine refuses a late one with the reason ``asile.aj_hors_delai``.
"""

from __future__ import annotations

from core import CheckContext, CheckResult, blocking, passed, short_date, warning
from plugins.asile.checks import as_date, due_of

REJECTIONS = ("rejet", "irrecevabilite")


def cnda_needs_rejection(ctx: CheckContext) -> CheckResult:
    """The CNDA hears appeals against an OFPRA rejection or inadmissibility decision."""
    if ctx.fact("decision_ofpra") in REJECTIONS and ctx.fact("date_notification_rejet"):
        return passed("asile.cnda_rejet_ofpra", "Une décision de rejet de l'OFPRA est enregistrée.")
    return blocking("asile.cnda_sans_rejet_ofpra",
                    "Aucune décision de rejet de l'OFPRA n'est enregistrée : pas de recours à la CNDA.",
                    "Enregistrez la décision de l'OFPRA et sa date de notification ; après une "
                    "clôture, voyez avec l'avocat·e (réouverture ou recours) [U].",
                    missing=("decision_ofpra", "date_notification_rejet"))


def cnda_appeal(ctx: CheckContext) -> list[CheckResult]:
    """The appeal file, and its date against the (possibly suspended) month."""
    results = []
    needed = {"recours_motive": "recours motivé en français",
              "copie_decision_ofpra": "copie de la décision de l'OFPRA"}
    missing = [name for name in needed if ctx.fact(name) is not True]
    if missing:
        results.append(blocking("asile.dossier_cnda_incomplet",
                                "Pièces manquantes : " + ", ".join(needed[m] for m in missing) + ".",
                                "Complétez le recours avant de l'envoyer.", missing=missing))
    due, lodged = due_of(ctx, "asile.cnda_1m"), as_date(ctx.fact("date_recours_cnda"))
    if due is not None and lodged is not None and lodged > due:
        results.append(warning("asile.cnda_hors_delai", f"Recours après la date limite du {short_date(due)}.",
                               "Le recours risque d'être rejeté comme tardif : voyez l'avocat·e."))
    if ctx.fact("droit_au_maintien") is False:
        results.append(warning("asile.sans_droit_au_maintien",
                               "Pas de droit au maintien pendant le recours.",
                               "Demandez au tribunal administratif la suspension de l'éloignement "
                               "(CESEDA L542-2 et suivants) [U]."))
    return results or [passed("asile.cnda_dans_le_delai", "Recours complet et dans le délai.")]


def _appeal_in_time(ctx: CheckContext, lodged_fact: str, rules: tuple[str, ...], code: str,
                    against: str) -> CheckResult:
    """Warn when the appeal is lodged after the running deadline (time-barred: the lawyer
    decides what to do)."""
    lodged = as_date(ctx.fact(lodged_fact))
    for rule_id in rules:
        due = due_of(ctx, rule_id)
        if due is not None and lodged is not None and lodged > due:
            return warning(f"{code}_hors_delai",
                           f"Recours contre {against} après la date limite du {short_date(due)}.",
                           "Le recours risque d'être irrecevable : voyez l'avocat·e.")
    return passed(f"{code}_dans_le_delai", f"Recours contre {against} dans le délai.")


def dublin_appeal(ctx: CheckContext) -> CheckResult:
    """A late appeal against a transfer (7 days, or 48 hours in detention)."""
    return _appeal_in_time(ctx, "date_recours_transfert",
                           ("asile.dublin_recours_48h", "asile.dublin_recours_7j"),
                           "asile.dublin_recours", "le transfert")


def removal_appeal(ctx: CheckContext) -> CheckResult:
    """A late appeal against a removal order (7 days, or 48 hours with detention)."""
    return _appeal_in_time(ctx, "date_recours_oqtf",
                           ("asile.oqtf_recours_48h", "asile.oqtf_recours_7j"),
                           "asile.oqtf_recours", "l'éloignement")
