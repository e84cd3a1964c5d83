"""``parcours review``: the supervisors' queue, and the decisions taken on its items."""

from __future__ import annotations

from datetime import date

from typing import Any

import click

from core import messages as M
from core.cli.options import (Context, all_option, common, delegation_filter, domain_code,
                              domain_option, page_size, parse_day)
from core.cli.render import JsonItems, emit_json, line, table


def _kind(value: str) -> str:
    """A kind of alert by its code, or by its label as the table shows it (« Échéance
    dépassée », accents, case and the median dot ignored)."""
    typed = domain_code(value.replace("·", "")) or ""
    by_label = {domain_code(label.replace("·", "")): code for code, label in M.REVIEW_KINDS.items()}
    return by_label.get(typed, value)


@click.group("review", invoke_without_command=True)
@click.option("--kind", "kinds", multiple=True, metavar="TYPE",
              callback=lambda _ctx, _param, values: tuple(_kind(v) for v in values),
              help="overdue, due_soon, stalled, waiting_too_long, no_referent, no_contact, "
                   "exceptional_access, retention ; ou son libellé (« Sans contact »).")
@click.option("--referent", metavar="NOM", help="Seulement les personnes de ce·tte référent·e.")
@click.option("--domain", metavar="DOMAINE", callback=domain_option,
              help="Seulement ce domaine (asile, psp... : voir « parcours domains »).")
@delegation_filter
@click.option("--limit", metavar="N", help="Au plus N alertes (une page).")
@click.option("--after", metavar="SUITE",
              help="Les alertes qui suivent cette position (la « suite » de la page précédente).")
@all_option
@click.option("--counts", is_flag=True, help="Afficher aussi le nombre d'alertes par type.")
@common
@click.pass_context
def review_group(click_ctx: click.Context, ctx: Context, kinds: tuple[str, ...],
                 referent: str | None, domain: str | None, delegation: str | None,
                 limit: str | None, after: str | None, everything: bool, counts: bool) -> None:
    """File de revue : ce qui est en retard, bloqué ou sans suivi."""
    if click_ctx.invoked_subcommand is not None:
        return
    from core.services import review_counts, review_queue
    size = page_size(ctx, limit, M.REVIEW_LIMIT_BAD, everything)
    filters: dict[str, Any] = {"kinds": set(kinds) or None, "referent": referent, "domain": domain,
                               "delegation": delegation}
    if ctx.json and size is None:  # everything, for a program: written as it is read
        out = JsonItems()
        review_queue(ctx.app(), ctx.credential(), after=after, each=out.piece, **filters)
        per_kind = review_counts(ctx.app(), ctx.credential(), **filters) if counts else None
        out.close({"next": None, **({"counts": per_kind} if per_kind is not None else {})})
        return
    items = review_queue(ctx.app(), ctx.credential(), limit=size, after=after, **filters)
    following = items[-1].cursor if size and len(items) == size else None
    per_kind = review_counts(ctx.app(), ctx.credential(), **filters) if counts else None
    if ctx.json:
        emit_json({"items": items, "next": following,
                   **({"counts": per_kind} if per_kind is not None else {})})
        return
    _print(items, following, per_kind)


def _print(items: list, following: str | None, per_kind: dict[str, int] | None) -> None:
    if not items:
        line(M.CLI_NOTHING)
    else:
        table(("gravité", "type", "personne", "démarche", "étape", "depuis", "échéance",
               "référent·e"),
              ((M.REVIEW_SEVERITIES[i.severity], M.REVIEW_KINDS[i.kind], i.alias, i.track or "",
                i.step_label or "", _day(i.since), _day(i.due), i.referent) for i in items))
    for item in items:
        line(f"  {item.key} — {item.detail}")
    if per_kind is not None:
        line(M.CLI_REVIEW_COUNTS.format(counts=", ".join(
            f"{M.REVIEW_KINDS[k]} : {n}" for k, n in per_kind.items())))
    if following:
        line(M.CLI_REVIEW_NEXT.format(after=following))


def _day(value: date | None) -> str:
    """A date as the interface shows it (``JJ/MM/AAAA``); the JSON keeps ISO dates."""
    return M.short_date(value) if value else ""


def _done(ctx: Context, action: str, key: str) -> None:
    emit_json({"key": key, "action": action}) if ctx.json \
        else line(M.CLI_REVIEW_DONE.format(action=M.CLI_REVIEW_ACTIONS[action], key=key))


@review_group.command("ack")
@click.argument("key", metavar="ALERTE")
@common
def review_ack(ctx: Context, key: str) -> None:
    """Marquer une alerte comme vue."""
    from core.services import acknowledge
    acknowledge(ctx.app(), ctx.credential(), key)
    _done(ctx, "acknowledged", key)


@review_group.command("snooze")
@click.argument("key", metavar="ALERTE")
@click.option("--until", required=True, metavar="DATE", help="Date de retour de l'alerte.")
@click.option("--reason", required=True, metavar="MOTIF", help="Motif du report.")
@common
def review_snooze(ctx: Context, key: str, until: str, reason: str) -> None:
    """Reporter une alerte jusqu'à une date, avec un motif."""
    from core.services import snooze
    snooze(ctx.app(), ctx.credential(), key, parse_day(until, "--until"), reason)
    _done(ctx, "snoozed", key)


@review_group.command("reassign")
@click.argument("key", metavar="ALERTE")
@click.option("--to", "referent", required=True, metavar="NOM", help="Nouveau ou nouvelle référent·e.")
@common
def review_reassign(ctx: Context, key: str, referent: str) -> None:
    """Confier la personne à un·e autre référent·e."""
    from core.services import reassign
    reassign(ctx.app(), ctx.credential(), key, referent)
    _done(ctx, "reassigned", key)


@review_group.command("comment")
@click.argument("key", metavar="ALERTE")
@click.option("--text", required=True, metavar="TEXTE", help="Commentaire.")
@common
def review_comment(ctx: Context, key: str, text: str) -> None:
    """Commenter une alerte (note réservée au suivi)."""
    from core.services import comment
    comment(ctx.app(), ctx.credential(), key, text)
    _done(ctx, "commented", key)


COMMANDS = [review_group]
