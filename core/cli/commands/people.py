"""``parcours person`` and ``parcours note``: persons, their files (with their consents), facts,
notes and the export of everything held about one person."""

from __future__ import annotations

import click

from core import messages as M
from core.cli.commands.consents import consent_table
from core.cli.clocks import clocks
from core.cli.options import (Context, all_option, common, delegation_filter, domain_option,
                              page_size, parse_delegation_day)
from core.cli.render import JsonItems, emit_json, fact_cell, line, table


@click.group("person")
def person_group() -> None:
    """Gérer les personnes accompagnées."""


@person_group.command("add")
@click.argument("alias", metavar="PSEUDO")
@click.option("--first-visit", metavar="DATE", help="Date du premier passage.")
@click.option("--delegation", metavar="CODE",
              help="Délégation (par défaut la vôtre, si vous n'en avez qu'une).")
@common
def person_add(ctx: Context, alias: str, first_visit: str | None, delegation: str | None) -> None:
    """Enregistrer une personne sous un pseudonyme ; affiche son numéro."""
    from core.services import add_person
    person = add_person(ctx.app(), ctx.credential(), alias,
                        first_visit=None if first_visit is None else parse_delegation_day(
                            ctx, first_visit, "--first-visit", delegation),
                        delegation=delegation)
    if ctx.json:
        emit_json(person)
        return
    line(M.CLI_PERSON_ADDED.format(id=person.id, alias=person.alias))
    if person.homonyms:
        line(M.PERSON_HOMONYMS.format(numbers=M.some_codes([f"n° {i}" for i in person.homonyms])))


@person_group.command("list")
@click.option("--search", metavar="TEXTE", help="Recherche dans le pseudonyme (sans accents).")
@click.option("--referent", metavar="NOM", help="Seulement les personnes suivies par ce·tte référent·e.")
@click.option("--domain", metavar="DOMAINE", callback=domain_option,
              help="Seulement celles qui ont une démarche ouverte de ce domaine (voir « parcours domains »).")
@click.option("--limit", metavar="N", help="Au plus N personnes (une page).")
@click.option("--after", metavar="SUITE",
              help="Les personnes qui suivent la page précédente (la « suite » qu'elle a donnée).")
@delegation_filter
@all_option
@common
def person_list(ctx: Context, search: str | None, referent: str | None, domain: str | None,
                limit: str | None, after: str | None, delegation: str | None,
                everything: bool) -> None:
    """Lister les personnes de vos délégations, contact le plus récent d'abord."""
    from core.services import list_persons
    size = page_size(ctx, limit, M.PERSONS_LIMIT_BAD, everything)
    if ctx.json and size is None:  # everything, for a program: written as it is read
        out = JsonItems("persons")
        list_persons(ctx.app(), ctx.credential(), search=search, after=after, referent=referent,
                     domain=domain, delegation=delegation, each=out.piece)
        out.close({"next": None})
        return
    persons = list_persons(ctx.app(), ctx.credential(), search=search, limit=size, after=after,
                           referent=referent, domain=domain, delegation=delegation)
    # The next page starts after this page's last person, at her place then.
    following = persons[-1].cursor if size and persons and len(persons) == size else None
    if ctx.json:
        emit_json({"persons": persons, "next": following})
        return
    if not persons:
        line(M.CLI_NOTHING)
        return
    table(("n°", "pseudo", "étape du parcours", "référent·e"),
          ((p.id, p.alias, p.pathway_label, p.referent or (M.CLI_HAS_REFERENT if p.has_referent else ""))
           for p in persons))
    if following:
        line(M.CLI_PERSONS_NEXT.format(after=following))


@person_group.command("show")
@click.argument("person", metavar="PERSONNE")
@common
def person_show(ctx: Context, person: str) -> None:
    """Afficher le dossier d'une personne (ce que votre rôle permet d'en voir)."""
    from core.services import show_person
    view = show_person(ctx.app(), ctx.credential(), person)
    if ctx.json:
        emit_json(view)
        return
    line(f"n° {view.id} — {view.alias} — {view.pathway_label or ''}")
    if view.view != "file":
        line(M.CLI_FRONT_DESK_VIEW.format(domains=", ".join(view.domains) or "—"))
    else:
        table(("démarche", "étape", "statut", "depuis", "prochaine échéance"),
              ((t.track, t.step_label, M.EXPORT_TRACK_STATUS.get(t.status, t.status),
                t.step_since.date() if t.step_since else None, t.next_due)
               for t in view.tracks))
    if view.consents is not None:
        line("")
        line(M.CLI_CONSENTS_HEAD)
        consent_table(view.consents)


@person_group.command("export")
@click.argument("person", metavar="PERSONNE")
@click.option("--output", "-o", required=True, metavar="FICHIER",
              help="Fichier à créer (jamais remplacé s'il existe).")
@click.option("--format", "fmt", default="texte", show_default=True,
              type=click.Choice(list(M.EXPORT_FORMATS)),
              help="texte : lisible, à remettre ; json : pour un autre logiciel.")
@click.option("--partner", metavar="NOM",
              help="Export pour ce partenaire : son consentement au partage est exigé.")
@click.option("--track", "tracks", multiple=True, metavar="DEMARCHE",
              help="Avec --partner : démarche à lui transmettre en plus de celles qui l'ont "
                   "orientée vers lui (nom ou numéro ; répétable).")
@click.option("--reason", metavar="MOTIF",
              help="Motif d'un accès exceptionnel (superviseur·e qui ne la suit pas).")
@common
def person_export_cmd(ctx: Context, person: str, output: str, fmt: str, partner: str | None,
                      tracks: tuple[str, ...], reason: str | None) -> None:
    """Toutes ses données, en clair (droit d'accès, RGPD art. 15) ; après « parcours reauth ».

    Pour un partenaire (--partner), seulement les démarches qui lui sont transmises."""
    from core.services import export_person
    done = export_person(ctx.app(), ctx.credential(), person, output, fmt=fmt, partner=partner,
                         reason=reason, tracks=list(tracks) or None)
    if ctx.json:
        emit_json(done)
        return
    to = M.CLI_EXPORT_TO_PARTNER.format(partner=done.partner) if done.partner \
        else M.CLI_EXPORT_TO_PERSON
    line(M.CLI_PERSON_EXPORTED.format(path=done.path, to=to))


@person_group.command("facts")
@click.argument("person", metavar="PERSONNE")
@click.option("--track", metavar="DEMARCHE", help="Seulement cette démarche.")
@click.option("--reason", metavar="MOTIF",
              help="Motif d'un accès exceptionnel à un contenu restreint (superviseur·e).")
@common
def person_facts_cmd(ctx: Context, person: str, track: str | None, reason: str | None) -> None:
    """Les informations enregistrées ; les restreintes après « parcours reauth »."""
    from core.services import person_facts
    facts = person_facts(ctx.app(), ctx.credential(), person, track, reason)
    if ctx.json:
        emit_json({"facts": facts})
        return
    table(("démarche", "information", "sensibilité", "valeur"),
          ((f.track, f.label, M.SENSITIVITY_LABELS.get(f.sensitivity, f.sensitivity),
            M.CLI_LOCKED if f.locked else fact_cell(f.value)) for f in facts))


@person_group.command("erase")
@click.argument("person", metavar="PERSONNE")
@click.option("--reason", required=True, metavar="MOTIF",
              help="Motif de l'effacement (gardé au journal : ne pas y nommer la personne).")
@common
def person_erase(ctx: Context, person: str, reason: str) -> None:
    """Effacer définitivement une personne (superviseur·e, après « parcours reauth »)."""
    from core.services import erase_person
    view = erase_person(ctx.app(), ctx.credential(), person, reason)
    if ctx.json:
        emit_json({**view.model_dump(mode="json"), "total": view.total, "notify": view.notify})
        return
    line(M.CLI_ERASED.format(id=view.person_id, rows=view.total))
    if view.notify:
        line(M.ERASED_NOTIFY.format(partners=", ".join(f"« {p} »" for p in view.notify)))
    if not view.scrubbed:
        line(M.NOT_SCRUBBED[ctx.app().db.dialect])


@person_group.command("hold")
@click.argument("person", metavar="PERSONNE")
@click.option("--reason", metavar="MOTIF", help="Motif du gel juridique (RGPD art. 17(3)(e)).")
@click.option("--lift", is_flag=True, help="Lever le gel juridique.")
@common
def person_hold(ctx: Context, person: str, reason: str | None, lift: bool) -> None:
    """Placer (--reason) ou lever (--lift) un gel juridique : la conservation ne l'efface pas."""
    from core.cli.options import UsageRefusal
    from core.services import lift_hold, place_hold
    if lift == bool(reason):
        raise UsageRefusal(M.HOLD_LIFT_OR_REASON)
    view = (lift_hold(ctx.app(), ctx.credential(), person) if not reason  # hence --lift
            else place_hold(ctx.app(), ctx.credential(), person, reason))
    if ctx.json:
        emit_json(view)
        return
    line((M.CLI_HOLD_LIFTED if lift else M.CLI_HOLD_PLACED).format(id=view.person_id))


@click.group("note")
def note_group() -> None:
    """Notes sur une personne."""


def _sensitivity(value: str) -> str:
    """A note's sensitivity, in French (« sensible ») or as its code (``sensitive``)."""
    typed = value.strip().lower()
    codes = {label: code for code, label in M.SENSITIVITY_LABELS.items()}
    if typed in codes.values():
        return typed
    if typed in codes:
        return codes[typed]
    raise click.BadParameter(M.CLI_NOTE_SENSITIVITY_BAD.format(
        value=value, levels=", ".join(codes)), param_hint="--sensitivity")


@note_group.command("add")
@click.argument("person", metavar="PERSONNE")
@click.argument("text", metavar="TEXTE")
@click.option("--track", metavar="DEMARCHE", help="Démarche concernée.")
@click.option("--sensitivity", default="restreinte", show_default=True, metavar="NIVEAU",
              callback=lambda _ctx, _param, value: _sensitivity(value),
              help=M.CLI_NOTE_SENSITIVITY_HELP)
@common
def note_add(ctx: Context, person: str, text: str, track: str | None, sensitivity: str) -> None:
    """Ajouter une note au dossier d'une personne."""
    from core.services import add_note
    note = add_note(ctx.app(), ctx.credential(), person, text, track, sensitivity)
    emit_json(note) if ctx.json else line(M.CLI_NOTE_ADDED.format(id=note.id))


@note_group.command("list")
@click.argument("person", metavar="PERSONNE")
@click.option("--reason", metavar="MOTIF",
              help="Motif d'un accès exceptionnel aux notes restreintes (superviseur·e).")
@common
def note_list(ctx: Context, person: str, reason: str | None) -> None:
    """Les notes d'une personne, les plus récentes d'abord."""
    from core.services import list_notes
    notes = list_notes(ctx.app(), ctx.credential(), person, reason)
    if ctx.json:
        emit_json({"notes": notes})
        return
    if not notes:
        line(M.CLI_NOTHING)
        return
    on = clocks(ctx)
    for note in notes:
        line(f"{on.at(note.created_at)} — {note.author} — "
             f"{M.CLI_LOCKED if note.locked else note.text}")


COMMANDS = [person_group, note_group]
