"""Checks of the appeal stages: legal aid for the CNDA, the CNDA appeal, the Dublin appeal.

The CNDA month is suspended and resumed on the day the engine dates the transition, so a
check warns when that day differs from the date the caseworker states: recording a legal-aid
decision late would lengthen the remaining time wrongly.
"""

from __future__ import annotations

from core import CheckContext, CheckResult, blocking, passed, warning
from plugins.asile.checks import as_date, due_of, event_day, fr

REJECTIONS = ("rejet", "irrecevabilite")
EVENT_DATE_FACT = {"demander_aide_juridictionnelle": "date_demande_aj",
                   "decider_aide_juridictionnelle": "date_notification_aj"}


def legal_aid_in_time(ctx: CheckContext) -> CheckResult:
    """Only a legal-aid request within 15 days suspends the CNDA month (loi 91-647 art. 9-4)."""
    due = due_of(ctx, "asile.aide_juridictionnelle_15j")
    asked = as_date(ctx.fact("date_demande_aj"))
    if due is None:
        return blocking("asile.aj_delai_inconnu", "Le délai de 15 jours pour l'AJ n'est pas suivi.",
                        "Enregistrez d'abord la notification de la décision de l'OFPRA.")
    if asked is not None and asked > due:
        return blocking("asile.aj_hors_delai",
                        f"Demande d'AJ après le {fr(due)} : elle ne suspend plus le délai de recours.",
                        "Formez le recours à la CNDA dans le mois et demandez l'AJ dans le recours.")
    return passed("asile.aj_dans_le_delai", f"Demande d'AJ dans le délai (au plus tard le {fr(due)}).")


def event_date(ctx: CheckContext) -> CheckResult:
    """The suspension runs between event days: warn when the stated date is another day."""
    stated = as_date(ctx.fact(EVENT_DATE_FACT.get(ctx.transition.trigger, "")))
    day = event_day(ctx)
    if stated is not None and stated != day:
        return warning("asile.date_evenement_differente",
                       f"L'évènement est daté du {fr(day)} mais la date indiquée est le {fr(stated)} ; "
                       "le délai de recours est suspendu ou repris à la date de l'évènement.",
                       "Enregistrez l'action à la date où c'est arrivé (« Date à laquelle c'est arrivé »).")
    return passed("asile.date_evenement", "La date de l'évènement est celle indiquée.")


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
        results.append(warning("asile.cnda_hors_delai", f"Recours après la date limite du {fr(due)}.",
                               "Le recours risque d'être rejeté comme tardif : voyez l'avocat·e."))
    if ctx.fact("droit_au_maintien") is False:
        results.append(warning("asile.sans_droit_au_maintien",
                               "Pas de droit au maintien pendant le recours.",
                               "Demandez au tribunal administratif la suspension de l'éloignement "
                               "(CESEDA L542-2 et suivants) [U]."))
    return results or [passed("asile.cnda_dans_le_delai", "Recours complet et dans le délai.")]


def dublin_appeal(ctx: CheckContext) -> CheckResult:
    """A late appeal against a transfer is time-barred; say so, the lawyer decides."""
    lodged = as_date(ctx.fact("date_recours_transfert"))
    for rule_id in ("asile.dublin_recours_48h", "asile.dublin_recours_7j"):
        due = due_of(ctx, rule_id)
        if due is not None and lodged is not None and lodged > due:
            return warning("asile.dublin_recours_hors_delai",
                           f"Recours contre le transfert après la date limite du {fr(due)}.",
                           "Le recours risque d'être irrecevable : voyez l'avocat·e.")
    return passed("asile.dublin_recours_dans_le_delai", "Recours contre le transfert dans le délai.")
