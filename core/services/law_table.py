"""The law table: every deadline rule version as one Markdown row a jurist can read and sign.

Columns: id, label, duration and unit, what the date means, *franc* or not (with its
source), the move to a working day (on the national calendar where the rule says so), the
start event (and what else starts or restarts the clock), the legal source, the evidence
tag, the version with its effective dates, and when the clock may be suspended. ``parcours
rules --format md`` prints it; ``docs/law.md`` is a copy that a test keeps current. It
reads the plugin catalog only.
"""

from __future__ import annotations

from datetime import date

from core import messages as M
from core.definitions.catalog import Catalog
from core.rules.model import DeadlineRule, Kind, Unit


def law_markdown(catalog: Catalog) -> str:
    """The whole table, with its title and how to read it."""
    header = "| " + " | ".join(M.LAW_HEADERS) + " |"
    rule_line = "|" + "|".join("---" for _ in M.LAW_HEADERS) + "|"
    rows = [_row(catalog, r) for r in catalog.all_rules()]
    return "\n".join([M.LAW_TITLE, "", M.LAW_INTRO, "", header, rule_line, *rows]) + "\n"


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ").strip()


def _row(catalog: Catalog, rule: DeadlineRule) -> str:
    cells = (f"`{rule.id}`", rule.label, duration(rule), M.KIND_LABELS[rule.kind.value],
             _franc(rule), _roll(rule),
             _start(catalog, rule), rule.source, f"[{rule.evidence.value}]", version(rule),
             _suspension(rule))
    return "| " + " | ".join(_cell(c) for c in cells) + " |"


def duration(rule: DeadlineRule) -> str:
    """``2 mois``, ``48 heures``, ``fin du 6e mois suivant``."""
    if rule.unit is Unit.MONTH_ENDS:
        return M.LAW_MONTH_END.format(nth=M.ordinal(rule.duration)) if rule.duration \
            else M.LAW_SAME_MONTH
    singular, plural = M.UNIT_LABELS[rule.unit.value]
    return f"{rule.duration} {singular if rule.duration == 1 else plural}"


def _roll(rule: DeadlineRule) -> str:
    if not rule.roll_to_working_day:
        return M.LAW_NO_ROLL
    return M.LAW_ROLLS_NATIONAL if rule.national_calendar else M.LAW_ROLLS


def _franc(rule: DeadlineRule) -> str:
    if rule.kind is not Kind.LIMIT:
        return M.LAW_NA
    if rule.franc:
        return M.LAW_FRANC.format(source=rule.franc_source)
    return M.LAW_NOT_FRANC.format(source=rule.franc_source) if rule.franc_source else M.LAW_NO


def _start(catalog: Catalog, rule: DeadlineRule) -> str:
    text = f"{rule.start_label} (`{rule.start_fact}`)"
    if rule.start_after:
        labels = ", ".join(f"« {catalog.rule(r).label} »" for r in rule.start_after)
        text += M.LAW_START_AFTER.format(rules=labels)
    if rule.restarts:
        text += M.LAW_RESTARTS.format(events=", ".join(rule.restarts.values()))
    return text


def version(rule: DeadlineRule) -> str:
    """``v2, depuis le 15/07/2024``: the version and the start dates it applies to."""
    start = None if rule.effective_from <= date(1900, 1, 1) else rule.effective_from
    end = rule.effective_to
    if start and end:
        return M.LAW_BETWEEN.format(version=rule.version, start=f"{M.short_date(start)}",
                                    end=f"{M.short_date(end)}")
    if start:
        return M.LAW_FROM.format(version=rule.version, start=f"{M.short_date(start)}")
    if end:
        return M.LAW_UNTIL.format(version=rule.version, end=f"{M.short_date(end)}")
    return M.LAW_ALWAYS.format(version=rule.version)


def _suspension(rule: DeadlineRule) -> str:
    condition = rule.suspension
    if condition is None:
        return M.LAW_NA
    if condition.within is None:
        return M.LAW_SUSPENDED_BY.format(cause=condition.cause, source=condition.source)
    singular, plural = M.UNIT_LABELS[condition.within_unit.value]
    amount = f"{condition.within} {singular if condition.within == 1 else plural}"
    return M.LAW_SUSPENDED_WITHIN.format(cause=condition.cause, amount=amount,
                                         source=condition.source)
