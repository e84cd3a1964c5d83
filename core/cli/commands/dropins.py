"""``parcours dropin``: opening a drop-in and recording visits."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from core import messages as M
from core.cli.options import Context, common, parse_count, parse_day, parse_hour
from core.cli.render import emit_json, line

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
@common
def dropin_open(ctx: Context, day: str, start: str | None, end: str | None,
                volunteers: tuple[str, ...], delegation: str | None) -> None:
    """Ouvrir une permanence ; affiche son numéro."""
    from core.services import open_dropin, parse_volunteer
    view = open_dropin(ctx.app(), ctx.credential(), parse_day(day, "DATE"), parse_hour(start, "--from"),
                       parse_hour(end, "--to"),
                       [parse_volunteer(v) for v in volunteers], delegation=delegation)
    emit_json(view) if ctx.json else line(M.CLI_DROPIN_OPENED.format(id=view.id, day=view.day))


def _summary(ctx: Context, view: DropInView) -> None:
    emit_json(view) if ctx.json else line(M.CLI_DROPIN_VISITS.format(
        id=view.id, identified=view.identified_visits, anonymous=view.anonymous_visits))


@dropin_group.command("visit")
@click.argument("dropin", metavar="PERMANENCE")
@click.argument("person", metavar="PERSONNE")
@common
def dropin_visit(ctx: Context, dropin: str, person: str) -> None:
    """Enregistrer le passage d'une personne connue."""
    from core.services import record_visit
    _summary(ctx, record_visit(ctx.app(), ctx.credential(), dropin, person))


@dropin_group.command("anonymous")
@click.argument("dropin", metavar="PERMANENCE")
@click.option("--count", default="1", metavar="N", show_default=True, help="Nombre de passages.")
@common
def dropin_anonymous(ctx: Context, dropin: str, count: str) -> None:
    """Enregistrer des passages anonymes."""
    from core.services import record_anonymous
    number = parse_count(count, "--count", M.COUNT_BAD)
    _summary(ctx, record_anonymous(ctx.app(), ctx.credential(), dropin, number))


COMMANDS = [dropin_group]
