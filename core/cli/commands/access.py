"""``parcours login``, ``logout``, ``whoami``, ``password``, ``reauth``, ``token`` and ``audit``.

``login`` opens a session and keeps its secret in an owner-only file
(:mod:`core.cli.session_file`); every other command presents it. Passwords are read from one
line of standard input with ``--password-stdin`` (scripts), or typed at the terminal without
echo.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta

import click

from core import messages as M
from core.cli.options import (MAX_ID, Context, common, parse_count, parse_day, read_password,
                              read_password_change)
from core.cli.clocks import Clocks, clocks
from core.cli.render import emit_json, line, table
from core.errors import InputError

_EXPIRY = re.compile(r"([0-9]{1,4}) ?(j|d|h|min|m|mois)")
_UNITS = {"j": "days", "d": "days", "h": "hours", "min": "minutes"}
"""Days as French people write them (``30j``), or as ``30d``; minutes as ``min``. A bare
``m`` (minutes or mois?) and ``mois`` (of which length?) are refused, saying what to write."""


def _when(moment: datetime, ctx: Context) -> str:  # aware
    """When a session or a token ends, or an audit entry was written: the user's clock."""
    return clocks(ctx).at(moment)


@click.command("login")
@click.argument("name", metavar="NOM")
@click.option("--password-stdin", is_flag=True, help="Lire le mot de passe sur l'entrée standard.")
@common
def login_cmd(ctx: Context, name: str, password_stdin: bool) -> None:
    """Se connecter : ouvre une session pour les commandes suivantes."""
    from core.cli import session_file
    from core.services import sign_in
    signed = sign_in(ctx.app(), name, read_password(password_stdin))
    _end_saved_session(ctx)  # the file was its only handle here; a copy would stay live
    session_file.save(ctx.url, signed.secret)
    user = signed.user
    if ctx.json:
        emit_json({"name": user.name, "role": user.role, "delegations": user.delegations,
                   "expires_at": signed.expires_at,
                   "must_change_password": user.must_change_password})
        return
    idle = round(ctx.app().security.idle.total_seconds() / 60)
    line(M.CLI_SIGNED_IN.format(name=user.name, role=M.role_label(user.role), idle=idle,
                                until=_when(signed.expires_at, ctx)))
    if user.must_change_password:
        line(M.PASSWORD_MUST_CHANGE)


@click.command("logout")
@common
def logout_cmd(ctx: Context) -> None:
    """Se déconnecter : la session prend fin, ici et dans la base."""
    from core.cli import session_file
    _end_saved_session(ctx)
    session_file.forget(ctx.url)
    emit_json({"signed_out": True}) if ctx.json else line(M.CLI_SIGNED_OUT)


def _end_saved_session(ctx: Context) -> None:
    """End, in the base, the session saved in this machine's file (by ``logout``, and by a
    ``login`` that replaces it): even in a file others may read (it may have been copied),
    and even with PARCOURS_TOKEN set (a personal token ends with « token revoke », not here)."""
    from core.cli import session_file
    from core.errors import NotAuthenticated
    from core.services import sign_out
    credential = session_file.saved(ctx.url)
    if credential is not None:
        try:
            sign_out(ctx.app(), credential)
        except NotAuthenticated:
            pass  # already over: forgetting or replacing the file is all there is to do


@click.command("whoami")
@common
def whoami_cmd(ctx: Context) -> None:
    """Qui est connecté·e : nom, rôle, délégations, fin de la session."""
    from core.services import whoami
    me = whoami(ctx.app(), ctx.credential())
    if ctx.json:
        emit_json({"name": me.name, "role": me.role, "delegations": me.delegations,
                   "expires_at": me.expires_at, "kind": me.kind,
                   "must_change_password": me.must_change_password, "scope": me.scope,
                   "clock": me.clock})
        return
    line(M.CLI_WHOAMI.format(name=me.name, role=M.role_label(me.role),
                             delegations=M.some_codes(me.delegations) or "—",
                             until=Clocks(me.clock).at(me.expires_at)))
    if me.scope is not None:
        line(M.CLI_WHOAMI_SCOPE.format(what=M.TOKEN_SCOPE_LABELS.get(me.scope, me.scope)))


@click.command("password")
@click.option("--password-stdin", is_flag=True,
              help="Lire le mot de passe actuel puis le nouveau (deux lignes) sur l'entrée standard.")
@common
def password_cmd(ctx: Context, password_stdin: bool) -> None:
    """Changer son propre mot de passe (vos autres sessions sont fermées)."""
    from core.services import change_password
    current, new = read_password_change(password_stdin)
    change_password(ctx.app(), ctx.credential(), current, new)
    emit_json({"changed": True}) if ctx.json else line(M.CLI_PASSWORD_CHANGED)


@click.command("reauth")
@click.option("--password-stdin", is_flag=True, help="Lire le mot de passe sur l'entrée standard.")
@common
def reauth_cmd(ctx: Context, password_stdin: bool) -> None:
    """Confirmer son mot de passe avant d'ouvrir un contenu restreint."""
    from core.services import reauthenticate
    app = ctx.app()
    reauthenticate(app, ctx.credential(), read_password(password_stdin))
    minutes = int(app.security.reauth.total_seconds() // 60)
    emit_json({"confirmed": True, "minutes": minutes}) if ctx.json \
        else line(M.CLI_REAUTH_DONE.format(minutes=minutes))


def parse_expiry(value: str) -> timedelta:
    """``30j`` (or ``30d``), ``12h`` or ``90min`` as a duration."""
    found = _EXPIRY.fullmatch(value.strip().lower())
    if not found or found.group(2) not in _UNITS:
        refusal = M.TOKEN_BAD_EXPIRY if not found else M.TOKEN_AMBIGUOUS_EXPIRY
        raise click.BadParameter(refusal.format(value=value[:20], days=366),
                                 param_hint="--expires")
    return timedelta(**{_UNITS[found.group(2)]: int(found.group(1))})


@click.group("token")
def token_group() -> None:
    """Jetons personnels pour les scripts (PARCOURS_TOKEN)."""


@token_group.command("create")
@click.option("--expires", default="30j", show_default=True, metavar="DUREE",
              help="Durée de validité : 30j (jours), 12h (heures) ou 90min (minutes) ; "
                   "pour des mois, des jours (180j).")
@click.option("--label", metavar="LIBELLE", help="À quoi sert ce jeton.")
@click.option("--scope", metavar="PORTEE",
              help="Limiter le jeton : « lecture » (rien n'est modifié) ou « statistiques » "
                   "(le rapport d'activité seul). Sans elle, il peut tout ce que vous pouvez.")
@common
def token_create(ctx: Context, expires: str, label: str | None, scope: str | None) -> None:
    """Créer un jeton personnel (affiché une seule fois)."""
    from core.services import create_token
    made = create_token(ctx.app(), ctx.credential(), parse_expiry(expires), label, scope)
    if ctx.json:
        emit_json({"id": made.session_id, "token": made.secret, "expires_at": made.expires_at})
        return
    line(M.CLI_TOKEN_CREATED.format(id=made.session_id, until=_when(made.expires_at, ctx),
                                    secret=made.secret))


@token_group.command("list")
@common
def token_list(ctx: Context) -> None:
    """Lister ses jetons personnels."""
    from core.services import list_tokens
    rows = list_tokens(ctx.app(), ctx.credential())
    if ctx.json:
        emit_json({"tokens": rows})
        return
    on = clocks(ctx)
    table(("n°", "libellé", "portée", "créé le", "expire le", "dernier usage", "révoqué"),
          ((t.id, t.label or "", M.TOKEN_SCOPE_SHOWN.get(t.scope, t.scope), on.at(t.created_at),
            on.at(t.expires_at), on.at(t.last_seen_at),
            on.at(t.revoked_at) if t.revoked_at else "") for t in rows))


@token_group.command("revoke")
@click.argument("token_id", metavar="N")
@common
def token_revoke(ctx: Context, token_id: str) -> None:
    """Révoquer un jeton personnel."""
    from core.services import revoke_token
    row = revoke_token(ctx.app(), ctx.credential(),
                       parse_count(token_id, "N", M.CLI_NOT_A_NUMBER, 1, MAX_ID))
    emit_json(row) if ctx.json else line(M.CLI_TOKEN_REVOKED.format(id=row.id))


@click.group("audit")
def audit_group() -> None:
    """Journal d'audit : qui a vu ou modifié quoi."""


@audit_group.command("list")
@click.option("--person", metavar="N", help="Seulement cette personne.")
@click.option("--user", metavar="NOM", help="Seulement ce compte.")
@click.option("--from", "start", metavar="DATE", help="À partir de ce jour.")
@click.option("--to", "end", metavar="DATE", help="Jusqu'à ce jour inclus.")
@click.option("--after", metavar="N", help="Les entrées plus anciennes que l'entrée n° N "
                                           "(la suite d'une page).")
@common
def audit_list(ctx: Context, person: str | None, user: str | None, start: str | None,
               end: str | None, after: str | None) -> None:
    """Lister le journal (superviseur·es : « qui a vu ce dossier »)."""
    from core.services import list_audit
    number = None if person is None else parse_count(person, "--person", M.CLI_NOT_A_NUMBER, 1,
                                                     MAX_ID)
    older = None if after is None else parse_count(after, "--after", M.CLI_NOT_A_NUMBER, 1,
                                                   MAX_ID)
    rows = list_audit(ctx.app(), ctx.credential(), person=number, user=user,
                      start=parse_day(start, "--from"), end=parse_day(end, "--to"), after=older)
    from core.services.audit_log import MAX_ROWS
    cut = len(rows) >= MAX_ROWS  # the service's cap: older rows exist, say so
    following = str(rows[-1].seq) if cut else None
    if ctx.json:
        emit_json({"entries": rows, "truncated": cut, "next": following})
        return
    on = clocks(ctx)
    table(("n°", "quand", "qui", "rôle", "opération", "personne", "objet", "résultat", "motif"),
          ((r.seq, on.at(r.at), r.user or "", M.role_label(r.role or ""),
            M.AUDIT_OPERATIONS.get(r.operation, r.operation), r.person_id or "", r.target or "",
            M.AUDIT_OUTCOMES.get(r.outcome, r.outcome),
            M.AUDIT_REASONS.get(r.reason or "", r.reason or "")) for r in rows))
    if cut:
        line(M.CLI_AUDIT_CUT.format(count=MAX_ROWS, after=following))


@audit_group.command("verify")
@click.option("--anchor", metavar="N:EMPREINTE", help="Tête du journal notée auparavant.")
@common
def audit_verify(ctx: Context, anchor: str | None) -> None:
    """Vérifier que le journal n'a été ni modifié, ni réordonné, ni tronqué."""
    from core.services import verify_audit
    found = verify_audit(ctx.app(), ctx.credential(), anchor)
    if ctx.json:
        emit_json(found)
    else:
        line(found.message)
    if not found.ok:
        raise click.exceptions.Exit(1)


@audit_group.command("head")
@common
def audit_head_cmd(ctx: Context) -> None:
    """La tête du journal (N:EMPREINTE), à noter ailleurs pour détecter une troncature."""
    from core.services import audit_head
    seq, digest = audit_head(ctx.app(), ctx.credential())
    emit_json({"seq": seq, "hash": digest}) if ctx.json \
        else line(M.CLI_AUDIT_HEAD.format(seq=seq, hash=digest))


COMMANDS = [login_cmd, logout_cmd, whoami_cmd, password_cmd, reauth_cmd, token_group, audit_group]
__all__ = ["COMMANDS", "InputError", "parse_expiry"]
