"""``parcours person``: adding, listing and showing persons."""

from __future__ import annotations

import click

from core import messages as M
from core.cli.options import Context, common, parse_day
from core.cli.render import emit_json, line, table


@click.group("person")
def person_group() -> None:
    """Gérer les personnes accompagnées."""


@person_group.command("add")
@click.argument("alias", metavar="PSEUDO")
@click.option("--first-visit", metavar="DATE", help="Date du premier passage.")
@common
def person_add(ctx: Context, alias: str, first_visit: str | None) -> None:
    """Enregistrer une personne sous un pseudonyme ; affiche son numéro."""
    from core.services import add_person
    person = add_person(ctx.app(), ctx.who(), alias,
                        first_visit=parse_day(first_visit, "--first-visit"))
    emit_json(person) if ctx.json else line(M.CLI_PERSON_ADDED.format(id=person.id, alias=person.alias))


@person_group.command("list")
@click.option("--search", metavar="TEXTE", help="Recherche dans le pseudonyme (sans accents).")
@common
def person_list(ctx: Context, search: str | None) -> None:
    """Lister les personnes."""
    from core.services import list_persons
    persons = list_persons(ctx.app(), ctx.who(), search=search)
    if ctx.json:
        emit_json({"persons": persons})
        return
    table(("n°", "pseudo", "étape du parcours", "référent·e"),
          ((p.id, p.alias, p.pathway_label, p.referent) for p in persons))


@person_group.command("show")
@click.argument("person", metavar="PERSONNE")
@common
def person_show(ctx: Context, person: str) -> None:
    """Afficher le dossier d'une personne."""
    from core.services import show_person
    view = show_person(ctx.app(), ctx.who(), person)
    if ctx.json:
        emit_json(view)
        return
    line(f"n° {view.id} — {view.alias} — {view.pathway_label or ''}")
    table(("démarche", "étape", "statut", "depuis", "prochaine échéance"),
          ((t.track, t.step_label, t.status, t.step_since.date(), t.next_due) for t in view.tracks))


COMMANDS = [person_group]
