"""``parcours track start``, ``actions``, ``advance`` and ``deadlines``: the casework."""

from __future__ import annotations

from typing import Any

import click

from core import messages as M
from core.cli.clocks import clocks
from core.cli.options import (Context, all_option, common, delegation_filter, page_size,
                              parse_count, parse_day, parse_her_day, restricted_reason)
from core.cli.render import JsonItems, emit_json, error, line, table
from core.errors import ParcoursError, TransitionRefused


@click.group("track")
def track_group() -> None:
    """Gérer les démarches d'une personne."""


@track_group.command("start")
@click.argument("person", metavar="PERSONNE")
@click.argument("track", metavar="DEMARCHE")
@click.option("--at", metavar="DATE", help="Date d'ouverture (par défaut : aujourd'hui).")
@common
def track_start(ctx: Context, person: str, track: str, at: str | None) -> None:
    """Ouvrir une démarche pour une personne."""
    from core.services import start_track
    view = start_track(ctx.app(), ctx.credential(), person, track, at=parse_her_day(at, "--at"))
    template = M.CLI_TRACK_STARTED if view.created else M.CLI_TRACK_ALREADY_OPEN
    if view.step_label is None:
        template = M.CLI_TRACK_STARTED_HIDDEN if view.created else M.CLI_TRACK_ALREADY_OPEN_HIDDEN
    emit_json(view) if ctx.json else line(template.format(
        label=view.label, id=view.id, step=view.step_label))


@track_group.command("history")
@click.argument("person", metavar="PERSONNE")
@click.argument("track", metavar="[DEMARCHE]", required=False)
@restricted_reason
@common
def track_history(ctx: Context, person: str, track: str | None, reason: str | None) -> None:
    """Historique des événements (qui, quand c'est arrivé, quand c'est saisi)."""
    from core.services import history
    events = history(ctx.app(), ctx.credential(), person, track, reason=reason)
    if ctx.json:
        emit_json({"events": events})
        return
    catalog, on = ctx.app().catalog, clocks(ctx)
    # recorded on the clock her delegation's day is read on (the service's, for occurred_at)
    table(M.CLI_HISTORY_COLUMNS,
          ((M.short_date(e.occurred_at),
            on.at(e.recorded_at, getattr(e.occurred_at.tzinfo, "key", None)), e.actor,
            *_event_words(catalog, e)) for e in events))


def _event_words(catalog: Any, event: Any) -> tuple[str, str, str]:
    """The track, what happened and the step reached, in the caseworker's words (labels of
    the newest definition: ids such as ``track_started`` or ``suivre`` are not French)."""
    try:
        defn = catalog.definition(event.track) if event.track else None
    except ParcoursError:  # a definition no installed plugin provides any more
        defn = None
    track = defn.label if defn is not None else (event.track or "")
    what = M.EXPORT_EVENT_KINDS.get(event.kind, event.kind)
    if event.kind == "transition" and defn is not None:
        what = next((t.label for t in defn.transitions if t.trigger == event.trigger),
                    event.trigger or what)
    steps = {s.id: s.label for s in defn.steps} if defn is not None else {}
    return track, what, steps.get(event.to_step or "", event.to_step or "")


@click.command("actions")
@click.argument("person", metavar="PERSONNE")
@click.argument("track", metavar="[DEMARCHE]", required=False)
@restricted_reason
@common
def actions_cmd(ctx: Context, person: str, track: str | None, reason: str | None) -> None:
    """Ce qui est possible ensuite, avec les contrôles et leurs raisons."""
    from core.services import list_actions
    actions = list_actions(ctx.app(), ctx.credential(), person, track, reason=reason)
    if ctx.json:
        emit_json({"actions": actions})
        return
    for action in actions:
        mark = "✓" if action.allowed else "✗"
        line(f"{mark} {action.track} · {action.trigger} — {action.label} → {action.dest_label}")
        for said in action.reasons:
            if said.severity != "passed":
                # A warning does not stop the action, nor what blocks it only until the facts
                # the action asks are given (it is allowed: ✓): each said apart.
                shape = (M.CLI_REASON_WARNING if said.severity == "warning" else
                         M.CLI_REASON_TO_FILL if action.allowed else M.CLI_REASON)
                line(shape.format(message=said.message, remedy=M.CLI_REMEDY.format(
                    remedy=said.remedy) if said.remedy else ""))
        for field in action.fields:
            choices = f" ({'|'.join(field.choices)})" if field.choices else ""
            line(M.CLI_ACTION_FIELD.format(
                name=field.name, kind=M.CLI_FIELD_KINDS.get(field.type, field.type),
                choices=choices, required=M.CLI_FIELD_REQUIRED if field.required else "",
                label=field.label))
    if not actions:
        line(M.CLI_NOTHING)


def _facts(values: tuple[str, ...]) -> dict[str, str]:
    facts = {}
    for value in values:
        name, sep, raw = value.partition("=")
        if not sep or not name.strip():
            raise click.BadParameter(M.CLI_BAD_SET.format(value=value), param_hint="--set")
        facts[name.strip()] = raw
    return facts


@click.command("advance")
@click.argument("person", metavar="PERSONNE")
@click.argument("track", metavar="DEMARCHE")
@click.argument("trigger", metavar="ACTION")
@click.option("--at", metavar="DATE", help="Date à laquelle c'est arrivé.")
@click.option("--set", "values", multiple=True, metavar="NOM=VALEUR", help="Information saisie (répétable).")
@click.option("--note", metavar="TEXTE", help="Note jointe à l'événement.")
@click.option("--expected-version", metavar="N",
              help="Refuser (code 4) si la démarche a changé depuis cette version (row_version).")
@restricted_reason
@common
def advance_cmd(ctx: Context, person: str, track: str, trigger: str, at: str | None,
                values: tuple[str, ...], note: str | None, expected_version: str | None,
                reason: str | None) -> None:
    """Faire avancer une démarche ; affiche la nouvelle étape."""
    from core.services import advance
    try:
        result = advance(ctx.app(), ctx.credential(), person, track, trigger, facts=_facts(values),
                         at=parse_her_day(at, "--at"), note=note,
                         expected_version=None if expected_version is None else parse_count(
                             expected_version, "--expected-version", M.CLI_BAD_VERSION),
                         reason=reason)
    except TransitionRefused as exc:
        if ctx.json:  # the document on stdout, the sentence on stderr (main)
            emit_json({"allowed": False, "trigger": exc.trigger, "step": exc.step,
                       "reasons": exc.reasons})
            raise
        _print_refusal(exc)
        raise click.exceptions.Exit(3) from exc
    if ctx.json:
        emit_json(result)
        return
    line(M.CLI_ADVANCED.format(step=result.step, label=result.step_label))
    for warn in result.warnings:
        line(M.CLI_WARNING.format(message=warn.message))
    for change in result.deadlines:
        if change.due:
            line(M.CLI_DEADLINE_OPENED.format(rule=change.rule, due=change.due.explanation))


def _print_refusal(exc: TransitionRefused) -> None:
    error(M.CLI_REFUSED_HEAD.format(trigger=exc.trigger))
    for reason in exc.reasons:
        error(M.CLI_REASON.format(message=reason.message, remedy=M.CLI_REMEDY.format(
            remedy=reason.remedy) if reason.remedy else ""))


@click.command("deadlines")
@click.argument("person", metavar="[PERSONNE]", required=False)
@click.option("--referent", metavar="NOM", help="Seulement les personnes suivies par ce référent.")
@click.option("--urgent", is_flag=True, help="Seulement les échéances dépassées ou proches.")
@click.option("--until", metavar="DATE", help=M.CLI_DEADLINES_UNTIL_HELP)
@click.option("--limit", metavar="N", help="Au plus N échéances (une page).")
@click.option("--after", metavar="SUITE",
              help="Les échéances qui suivent cette position (la « suite » de la page précédente).")
@delegation_filter
@all_option
@common
def deadlines_cmd(ctx: Context, person: str | None, referent: str | None, urgent: bool,
                  until: str | None, limit: str | None, after: str | None,
                  delegation: str | None, everything: bool) -> None:
    """Échéances en cours, avec leur règle et leur source légale."""
    from core.dates import says_today
    from core.services import list_deadlines
    size = page_size(ctx, limit, M.DEADLINES_LIMIT_BAD, everything)
    # « aujourd'hui »: each deadline's day where she is followed, which the service reads.
    by_today = until is not None and says_today(until)
    last = None if by_today else parse_day(until, "--until")
    if ctx.json and size is None:  # everything, for a program: written as it is read
        out = JsonItems("deadlines")
        list_deadlines(ctx.app(), ctx.credential(), person, referent=referent, urgent=urgent,
                       after=after, delegation=delegation, until=last, until_today=by_today,
                       each=out.piece)
        out.close({"next": None})
        return
    items = list_deadlines(ctx.app(), ctx.credential(), person, referent=referent, urgent=urgent,
                           limit=size, after=after, delegation=delegation, until=last,
                           until_today=by_today)
    following = items[-1].cursor if size and len(items) == size else None
    if ctx.json:
        emit_json({"deadlines": items, "next": following})
        return
    if not items:
        line(M.CLI_NOTHING)
    for d in items:
        state = M.DEADLINE_STATES.get(d.state, d.state)
        head = f"{M.short_date(d.due)}  [{state}]  {d.alias} · {d.track}"
        # The front desk sees that a deadline runs, not which rule: no empty « · — ».
        line(f"{head} · {d.rule} — {d.label}" if d.rule else head)
        if d.explanation:
            line(f"    {d.explanation}")
    if following:
        line(M.CLI_DEADLINES_NEXT.format(after=following))


COMMANDS = [track_group, actions_cmd, advance_cmd, deadlines_cmd]
