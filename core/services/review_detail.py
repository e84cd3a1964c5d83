"""Describing a review item once its row is on the page: labels, severity and the French detail.

The queue's query (:mod:`core.services.review_items`) gives each item's numbers, days and
ids; this module turns one such row into what a supervisor reads (the track and step labels
of its definition, the rule's label, how many days, what the authority's silence means, who
opened restricted content and why), for the items of one page only.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from core import messages as M
from core.definitions.catalog import Catalog
from core.services.review_items import SEVERITIES


def _day(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def _rule_label(catalog: Catalog, rule_id: str, version: int) -> str:
    return next((r.label for r in catalog.rules.get(rule_id, []) if r.version == version), rule_id)


def _place(catalog: Catalog, row: Any) -> tuple[dict[str, Any], Any]:
    """The track and step fields of an item's row, and its step (None without a track)."""
    defn = catalog.definitions.get((row.definition_id, row.definition_version)) \
        if row.definition_id else None
    if defn is None:
        return {}, None
    step = defn.step(row.step)
    return {"track": defn.id, "track_label": defn.label, "domain": defn.domain,
            "step_label": step.label}, step


def describe(catalog: Catalog, today: date, row: Any,
             audits: dict[int, tuple[str, str | None]],
             seen: dict[Any, Any] | None = None) -> dict[str, Any]:
    """Every field of a :class:`~core.services.review.ReviewItem` but the alias and cursor.

    ``seen``: what the rows of one page share (their tracks' and steps' labels, their rules'),
    worked out once for the page rather than once per item.
    """
    seen = {} if seen is None else seen
    since, due = _day(row.since), _day(row.due)
    item = {"key": row.key, "kind": row.kind, "severity": SEVERITIES[row.sev],
            "person_id": row.person_id, "track_id": row.track_id, "track": None,
            "track_label": None, "domain": None, "step": row.step, "step_label": None,
            "since": since, "due": due, "referent": row.referent, "detail": ""}
    where = (row.definition_id, row.definition_version, row.step)
    if where not in seen:
        seen[where] = _place(catalog, row)
    fields, step = seen[where]
    item.update(fields)
    item["detail"] = _detail(catalog, today, row, step, since, due, audits, seen)
    return item


def _detail(catalog: Catalog, today: date, row: Any, step: Any, since: date | None,
            due: date | None, audits: dict[int, tuple[str, str | None]],
            seen: dict[Any, Any]) -> str:
    kind = row.kind
    if kind in ("overdue", "due_soon") and due is not None:
        message = M.REVIEW_OVERDUE if kind == "overdue" else M.REVIEW_DUE_SOON
        key = (row.rule_id, row.rule_version)
        if key not in seen:
            seen[key] = _rule_label(catalog, *key)
        # A rule a restricted choice opened names what that choice tells (« … (crime) »).
        veiled = (row.definition_id, row.rule_id) in catalog.restricted_rules()
        return message.format(rule=M.REVIEW_RULE_VEILED if veiled else seen[key],
                              days=abs((due - today).days))
    if kind == "stalled" and step is not None and since is not None:
        return M.REVIEW_STALLED.format(days=(today - since).days, limit=step.stall_after.days)
    if kind == "waiting_too_long" and step is not None and since is not None:
        silence = M.SILENCE_MEANS.get(step.silence_means.value if step.silence_means else "", "")
        return M.REVIEW_WAITING.format(days=(today - since).days,
                                       limit=step.expected_answer_within.days, silence=silence)
    if kind == "no_referent":
        return M.REVIEW_NO_REFERENT
    if kind == "no_contact" and since is not None:
        return M.REVIEW_NO_CONTACT.format(days=(today - since).days)
    if kind == "exceptional_access":
        reason, who = audits.get(row.ref, ("", None))
        return M.REVIEW_EXCEPTIONAL.format(user=who or "?", reason=reason,
                                           day=M.short_date(since) if since else "?")
    if kind == "retention" and due is not None:
        if "R1" not in seen:  # once per page: reading the rules reads this machine's settings
            from core.services.retention_rules import rules_for
            seen["R1"] = rules_for(today)["R1"]
        rule = seen["R1"]
        return M.REVIEW_RETENTION.format(day=M.short_date(due), rule=rule.id,
                                         label=rule.label)
    return ""
