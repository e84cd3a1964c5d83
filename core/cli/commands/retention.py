"""``parcours retention``: what the retention rules say must go, and doing it (``--apply``)."""

from __future__ import annotations

from typing import Any

import click

from core import messages as M
from core.cli.options import (Context, all_option, common, page_size, parse_count,
                              refuse_a_day_to_come)
from core.cli.render import emit_json, line, table


@click.command("retention")
@click.option("--apply", "apply_", is_flag=True,
              help="Effacer ou purger ce qui est dû (après « parcours reauth »).")
@click.option("--rules", "show_rules", is_flag=True,
              help="Lister les règles de conservation en vigueur et leurs sources.")
@click.option("--limit", metavar="N",
              help="Au plus N éléments dus (les premiers) : à l'écran, ou avec --apply.")
@all_option
@common
def retention_cmd(ctx: Context, apply_: bool, show_rules: bool, limit: str | None,
                  everything: bool) -> None:
    """Ce qui arrive en fin de conservation (règles R1 à R10, avec leurs sources)."""
    if show_rules:
        _rules(ctx)
    elif apply_:
        if everything:  # applying does everything unless --limit says otherwise
            raise click.BadParameter(M.RETENTION_APPLY_ALL, param_hint="--all")
        refuse_a_day_to_come(ctx)
        _apply(ctx, parse_count(limit, "--limit", M.RETENTION_LIMIT_BAD, 1)
               if limit is not None else None)
    else:
        _due(ctx, page_size(ctx, limit, M.RETENTION_LIMIT_BAD, everything))


def _due(ctx: Context, size: int | None) -> None:
    from core.services import due_items
    from core.services.report_model import display
    items = due_items(ctx.app(), ctx.credential())
    if ctx.json:
        emit_json({"items": items[:size] if size else items})
        return
    if not items:
        line(M.RETENTION_NOTHING)
        return
    _per_rule(items)
    if any(i.rule == "R1" for i in items):
        from core.services.review_items import RETENTION_WARNING
        line(M.RETENTION_REVIEW_AHEAD.format(days=RETENTION_WARNING.days))
    shown = items[:size] if size else items
    table(M.RETENTION_COLUMNS, (
        (i.rule, (f"n° {i.person_id}" if i.person_id else "—")
         + (f" ({M.RETENTION_HELD})" if i.held else ""),
         M.short_date(i.due), i.what) for i in shown))
    if len(shown) < len(items):
        line(M.RETENTION_MORE.format(rest=display(len(items) - len(shown)), page=len(shown)))


def _per_rule(items: list[Any]) -> None:
    """A line per rule: how many items are due, how many held, and its source, once."""
    from core.services.report_model import display
    rules: dict[str, list[Any]] = {}
    for item in items:
        rules.setdefault(item.rule, []).append(item)
    for rule, due in rules.items():
        held = sum(i.held for i in due)
        line(M.RETENTION_RULE_DUE.format(
            rule=rule, label=due[0].label, count=display(len(due)), source=due[0].source,
            held=M.RETENTION_RULE_HELD.format(held=display(held)) if held else ""))


def _apply(ctx: Context, limit: int | None) -> None:
    from core.services import apply_due
    done: list[dict] = []

    def progress(item, text: str, ok: bool) -> None:
        done.append({"key": item.key, "rule": item.rule, "person_id": item.person_id,
                     "done": ok, "message": text})
        if not ctx.json:
            line(text)

    summary = apply_due(ctx.app(), ctx.credential(), progress, limit=limit)
    if ctx.json:
        emit_json({"items": done, "done": summary.done, "held": summary.held,
                   "failed": summary.failed, "scrubbed": summary.scrubbed,
                   "stopped": summary.stopped.msg if summary.stopped else None})
    else:
        line(M.RETENTION_SUMMARY.format(done=summary.done, held=summary.held,
                                        failed=summary.failed))
        if not summary.scrubbed:
            line(M.NOT_SCRUBBED[ctx.app().db.dialect])
    if summary.stopped is not None:  # what was done is said first; the run did not finish
        raise summary.stopped


def _rules(ctx: Context) -> None:
    from core.services.retention_rules import rules_for
    rules = list(rules_for(ctx.app().today()).values())
    if ctx.json:
        emit_json({"rules": [{"id": r.id, "label": r.label, "data": r.data,
                              "duration": r.duration_label, "start": r.start,
                              "action": r.action, "source": r.source, "since": r.since,
                              "applied_by": r.applied_by} for r in rules]})
        return
    table(M.RETENTION_RULE_COLUMNS, ((r.id, r.label, f"{r.duration_label} après {r.start}",
                                      r.applied_by or M.RETENTION_ACTIONS.get(r.action, r.action),
                                      r.source) for r in rules))


COMMANDS = [retention_cmd]
