"""The association's approval (*agrément*) for the PSP, domain.md §2.3.

An approval is stored as dates (:class:`core.delegation.Agrement`); its period is computed
here with the ``psp.agrement_*`` rules: a file is complete when the prefect asked for nothing
within 2 months, the prefect's silence 4 months after a complete file is an approval, and an
approval lasts 3 years. The check ``psp.agrement`` guards the filing of a PSP application:
the association must be approved for the department on the filing date (blocking), and is
warned when the approval ends within 4 months.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from core.builtin.rules import RULES
from core.delegation import Agrement
from core.engine.checks import CheckContext, CheckResult, blocking, passed, warning
from core.messages import short_date
from core.rules.compute import compute_due

RULE = {r.id: r for r in RULES}
COMPLETE, SILENCE, VALIDITY = (RULE["psp.agrement_dossier_complet_2m"],
                               RULE["psp.agrement_silence_4m"], RULE["psp.agrement_3a"])


@dataclass(frozen=True)
class ApprovalPeriod:
    """When one approval is valid, and whether it was granted by silence."""

    agrement: Agrement
    start: date
    end: date
    tacit: bool

    @property
    def warn_from(self) -> date:
        return self.end - timedelta(days=max(VALIDITY.warn_before_days))


def approval_period(agrement: Agrement) -> ApprovalPeriod | None:
    """The period an approval covers; None when it was refused or is still pending."""
    explicit = agrement.valid_from or agrement.granted_on
    pending = not agrement.requested_on and not agrement.completed_on
    if explicit is None and (agrement.refused_on or pending):
        return None
    start, tacit = explicit, False
    if start is None:
        complete = agrement.completed_on
        if complete is None:
            # Not pending: a file not complete yet was at least requested.
            assert agrement.requested_on is not None
            complete = compute_due(COMPLETE, agrement.requested_on).due
        start, tacit = compute_due(SILENCE, complete).due, True
    end = agrement.valid_to or compute_due(VALIDITY, start).due
    return ApprovalPeriod(agrement, start, end, tacit)


def agrement(ctx: CheckContext) -> CheckResult:
    """A PSP application is filed by an association approved on the filing date."""
    delegation = ctx.person.delegation
    if delegation is None or not delegation.agrements:
        # Nothing recorded yet (a new installation): say so rather than stop every filing.
        return warning("psp.agrement_non_renseigne",
                       "L'agrément de l'association n'est pas renseigné pour cette délégation : "
                       "sa validité à la date du dépôt n'est pas vérifiée.",
                       "Renseignez les dates d'agrément de la délégation (arrêté préfectoral).")
    filed = ctx.fact_date("date_envoi", ctx.today) or ctx.today
    periods = [p for a in delegation.agrements_here() if (p := approval_period(a)) is not None]
    current = [p for p in periods if p.start <= filed <= p.end]
    if not current:
        return _not_approved(filed, periods)
    period = max(current, key=lambda p: p.end)
    how = " (agrément obtenu par le silence du préfet)" if period.tacit else ""
    if filed >= period.warn_from:
        return warning("psp.agrement_expire_bientot",
                       f"L'agrément de l'association expire le {short_date(period.end)}{how}.",
                       "Déposez sans attendre la demande de renouvellement de l'agrément : "
                       "sans lui, aucune demande de parcours ne peut être déposée.")
    return passed("psp.agrement_valide",
                  f"Association agréée jusqu'au {short_date(period.end)}{how}.")


def _not_approved(filed: date, periods: list[ApprovalPeriod]) -> CheckResult:
    later = min((p.start for p in periods if p.start > filed), default=None)
    ended = max((p.end for p in periods if p.end < filed), default=None)
    if later is not None:
        situation = f"l'agrément ne prend effet que le {short_date(later)}"
    elif ended is not None:
        situation = f"l'agrément a pris fin le {short_date(ended)}"
    else:
        situation = "aucun agrément n'est enregistré pour ce département"
    return blocking("psp.agrement_absent",
                    f"L'association n'est pas agréée à la date du dépôt ({short_date(filed)}) : "
                    f"{situation}.",
                    "Seule une association agréée pour le département peut déposer la demande "
                    "(CASF L121-9) : faites-la porter par une association agréée ou attendez "
                    "l'agrément.", missing=("date_envoi",))
