"""``parcours dropin``: opening a drop-in and recording visits."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import click

from core import messages as M
from core.errors import InputError
from core.cli.clocks import clocks
from core.cli.options import (Context, all_option, common, delegation_filter, domain_code,
                              page_size, parse_count, parse_delegation_day, parse_hour)
from core.cli.render import emit_json, line, table

if TYPE_CHECKING:
    from core.schemas import DropInView


@click.group("dropin")
def dropin_group() -> None:
    """Permanences d'accueil et passages."""


@dropin_group.command("open")
@click.argument("day", metavar="DATE")
@click.option("--from", "start", metavar="HH:MM", help="Heure d'ouverture.")
@click.option("--to", "end", metavar="HH:MM", help="Heure de fermeture.")
@click.option("--volunteer", "volunteers", multiple=True, metavar="NOM=HEURES",
              help="Bénévole présent·e et ses heures (répétable).")
@click.option("--delegation", metavar="CODE",
              help="Délégation (par défaut la vôtre, si vous n'en avez qu'une).")
@click.option("--another", is_flag=True, help=M.CLI_DROPIN_ANOTHER_HELP)
@common
def dropin_open(ctx: Context, day: str, start: str | None, end: str | None,
                volunteers: tuple[str, ...], delegation: str | None, another: bool) -> None:
    """Ouvrir une permanence ; affiche son numéro."""
    from core.services import list_dropins, open_dropin, parse_volunteer
    opened_on = parse_delegation_day(ctx, day, "DATE", delegation)
    if not another:
        # Two volunteers each opening the afternoon would split its visits and count it twice
        # in the report, for good: a drop-in is never deleted.
        same = list_dropins(ctx.app(), ctx.credential(), opened_on, opened_on, limit=3,
                            delegation=delegation)
        still_open = [d for d in same if d.closed_at is None]
        if same:
            raise InputError((M.CLI_DROPIN_SAME_DAY if still_open else M.CLI_DROPIN_SAME_DAY_CLOSED)
                             .format(day=M.short_date(opened_on),
                                     ids=", ".join(f"n° {d.id}" for d in same),
                                     id=still_open[0].id if still_open else None))
    view = open_dropin(ctx.app(), ctx.credential(), opened_on, parse_hour(start, "--from"),
                       parse_hour(end, "--to"),
                       [parse_volunteer(v) for v in volunteers], delegation=delegation)
    emit_json(view) if ctx.json else line(M.CLI_DROPIN_OPENED.format(id=view.id,
                                                                      day=M.short_date(view.day)))


def _summary(ctx: Context, view: DropInView) -> None:
    emit_json(view) if ctx.json else line(M.CLI_DROPIN_VISITS.format(
        id=view.id, identified=view.identified_visits, anonymous=view.anonymous_visits))


def _needs_option(func: Callable[..., Any]) -> Callable[..., Any]:
    """``--need DOMAINE``: the needs raised at the visit, as the interface ticks them."""
    return click.option("--need", "needs", multiple=True, metavar="DOMAINE",
                        help=M.CLI_DROPIN_NEED_HELP)(func)


def _ticked(needs: tuple[str, ...]) -> dict[str, bool] | None:
    return {str(domain_code(n)): True for n in needs} or None


@dropin_group.command("visit")
@click.argument("dropin", metavar="PERMANENCE")
@click.argument("person", metavar="PERSONNE")
@_needs_option
@common
def dropin_visit(ctx: Context, dropin: str, person: str, needs: tuple[str, ...]) -> None:
    """Enregistrer le passage d'une personne connue (et ses besoins : --need)."""
    from core.services import record_visit
    _summary(ctx, record_visit(ctx.app(), ctx.credential(), dropin, person, needs=_ticked(needs)))


@dropin_group.command("anonymous")
@click.argument("dropin", metavar="PERMANENCE")
@click.option("--count", default="1", metavar="N", show_default=True, help="Nombre de passages.")
@_needs_option
@common
def dropin_anonymous(ctx: Context, dropin: str, count: str, needs: tuple[str, ...]) -> None:
    """Enregistrer des passages anonymes (et leurs besoins : --need)."""
    from core.services import record_anonymous
    from core.services.dropins import MAX_ANONYMOUS
    number = parse_count(count, "--count", M.COUNT_BAD, maximum=MAX_ANONYMOUS)
    _summary(ctx, record_anonymous(ctx.app(), ctx.credential(), dropin, number,
                                   needs=_ticked(needs)))


@dropin_group.command("list")
@click.option("--from", "start", metavar="DATE", help="À partir de cette date (incluse).")
@click.option("--to", "end", metavar="DATE", help="Jusqu'à cette date (incluse).")
@click.option("--limit", metavar="N", help="Au plus N permanences (les plus récentes).")
@delegation_filter
@all_option
@common
def dropin_list(ctx: Context, start: str | None, end: str | None, limit: str | None,
                delegation: str | None, everything: bool) -> None:
    """Les permanences, les plus récentes d'abord : leur numéro, pour « dropin visit »."""
    from core.services import list_dropins
    size = page_size(ctx, limit, M.DROPINS_LIMIT_BAD, everything)
    # One more than the page: whether to say that there are older ones.
    # « aujourd'hui »: the delegation's day (overseas, mainland France's may be its tomorrow).
    start_on, end_on = (None if value is None
                        else parse_delegation_day(ctx, value, hint, delegation)
                        for value, hint in ((start, "--from"), (end, "--to")))
    found = list_dropins(ctx.app(), ctx.credential(), start_on, end_on,
                         limit=size + 1 if size else None, delegation=delegation)
    shown = found[:size] if size else found
    if ctx.json:
        emit_json({"dropins": shown})
        return
    if not shown:
        line(M.CLI_DROPIN_NONE)
        return
    if len({d.delegation for d in shown}) > 1:  # a national account: say where each one is
        table((M.CLI_DROPIN_DELEGATION, *M.CLI_DROPIN_COLUMNS),
              ((d.delegation, *_row(d)) for d in shown))
    else:
        table(M.CLI_DROPIN_COLUMNS, (_row(d) for d in shown))
    if len(found) > len(shown):
        line(M.CLI_DROPIN_MORE.format(page=len(shown)))


def _row(view: DropInView) -> tuple[object, ...]:
    hours = "–".join(h for h in (view.starts_at, view.ends_at) if h)
    state = (M.CLI_DROPIN_CLOSED_STATE.format(day=M.short_date(view.closed_at))
             if view.closed_at else M.CLI_DROPIN_OPEN_STATE)
    return (view.id, M.short_date(view.day), hours, ", ".join(v.name for v in view.volunteers),
            view.identified_visits, view.anonymous_visits, state)


@dropin_group.command("visits")
@click.argument("dropin", metavar="PERMANENCE")
@common
def dropin_visits(ctx: Context, dropin: str) -> None:
    """Les passages enregistrés à une permanence, les plus récents d'abord (tous postes)."""
    from core.services import list_visits
    found = list_visits(ctx.app(), ctx.credential(), dropin)
    if ctx.json:
        emit_json({"visits": found})
        return
    if not found:
        line(M.CLI_VISITS_NONE)
        return
    labels = {d.id: d.label for d in ctx.app().catalog.domain_definitions.values()}
    on = clocks(ctx)
    table(M.CLI_VISITS_COLUMNS,
          ((on.hour(v.recorded_at),
            v.alias if v.person_id is not None else M.CLI_VISITS_ANONYMOUS.format(count=v.count),
            ", ".join(labels.get(n, n) for n in v.needs), v.recorded_by) for v in found))


@dropin_group.command("close")
@click.argument("dropin", metavar="PERMANENCE")
@common
def dropin_close(ctx: Context, dropin: str) -> None:
    """Clore une permanence : son bilan est figé, elle ne prend plus de passages."""
    from core.services import close_dropin
    from core.services.report_model import display
    view = close_dropin(ctx.app(), ctx.credential(), dropin)
    if ctx.json:
        emit_json(view)
        return
    summary = view.summary
    assert summary is not None  # a closed drop-in keeps its summary
    line(M.CLI_DROPIN_CLOSED.format(id=view.id, visits=summary.visits,
                                    anonymous=summary.anonymous, new=summary.new_people,
                                    hours=display(summary.volunteer_hours)))
    if summary.needs:
        labels = dict(ctx.app().catalog.domains())
        line(M.CLI_DROPIN_CLOSED_NEEDS.format(needs=", ".join(
            f"{labels.get(d, d)} ({n})" for d, n in sorted(summary.needs.items()))))


COMMANDS = [dropin_group]
