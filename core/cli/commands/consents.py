"""``parcours consent``: a person's consents per purpose (give, withdraw, list)."""

from __future__ import annotations

from typing import Any

import click

from core import messages as M
from core.cli.options import Context, common, parse_day, parse_her_day
from core.cli.render import emit_json, line, table


def purpose_label(consent: Any) -> str:
    """``suivi individuel``, ``partage avec un partenaire « X »``..."""
    label = M.CONSENT_PURPOSE_LABELS.get(consent.purpose, consent.purpose)
    return M.CLI_CONSENT_PARTNER.format(purpose=label, partner=consent.partner) \
        if consent.partner else label


def consent_table(consents: Any) -> None:
    """The consents as a table (or a sentence when there are none)."""
    if not consents:
        line(M.CLI_CONSENTS_NONE)
        return
    table(M.CLI_CONSENT_COLUMNS,
          ((c.id, purpose_label(c), c.given_on, c.expires_on,
            M.CONSENT_STATUS_LABELS.get(c.status, c.status), c.recorded_by,
            c.withdrawn_at.date() if c.withdrawn_at else None) for c in consents))


@click.group("consent")
def consent_group() -> None:
    """Consentements d'une personne, par finalité (suivi, partage, statistiques)."""


@consent_group.command("give")
@click.argument("person", metavar="PERSONNE")
@click.argument("purpose", metavar="FINALITE")
@click.option("--partner", metavar="NOM", help="Partenaire (finalité « partage »).")
@click.option("--date", "--at", "given", metavar="DATE",
              help="Jour où elle a consenti (aujourd'hui par défaut).")
@click.option("--expires", metavar="DATE", help="Dernier jour de validité (sans limite par défaut).")
@common
def consent_give(ctx: Context, person: str, purpose: str, partner: str | None, given: str | None,
                 expires: str | None) -> None:
    """Enregistrer son consentement : suivi, partage --partner NOM, ou statistiques."""
    from core.dates import says_today
    from core.services import give_consent
    # « aujourd'hui » is her day, which the service reads on her delegation's clock.
    expires_today = expires is not None and says_today(expires)
    consent = give_consent(ctx.app(), ctx.credential(), person, purpose,
                           given_on=parse_her_day(given, "--date"),
                           expires_on=None if expires_today else parse_day(expires, "--expires"),
                           partner=partner, expires_today=expires_today)
    if ctx.json:
        emit_json(consent)
        return
    line(M.CLI_CONSENT_GIVEN.format(
        id=consent.id, purpose=purpose_label(consent), given=M.short_date(consent.given_on),
        expires=M.CLI_CONSENT_EXPIRES.format(day=M.short_date(consent.expires_on))
        if consent.expires_on else ""))


@consent_group.command("withdraw")
@click.argument("person", metavar="PERSONNE")
@click.argument("consent", metavar="N_CONSENTEMENT")
@common
def consent_withdraw(ctx: Context, person: str, consent: str) -> None:
    """Enregistrer le retrait d'un consentement (et des autres de même finalité) : effet immédiat."""
    from core.services import withdraw_consent
    withdrawn = withdraw_consent(ctx.app(), ctx.credential(), person, consent)
    if ctx.json:
        emit_json(withdrawn)
        return
    line(M.CLI_CONSENT_WITHDRAWN.format(id=withdrawn.id, purpose=purpose_label(withdrawn)))


@consent_group.command("list")
@click.argument("person", metavar="PERSONNE")
@common
def consent_list(ctx: Context, person: str) -> None:
    """Les consentements d'une personne, retirés et expirés compris."""
    from core.services import list_consents
    consents = list_consents(ctx.app(), ctx.credential(), person)
    if ctx.json:
        emit_json({"consents": consents})
        return
    consent_table(consents)


COMMANDS = [consent_group]
