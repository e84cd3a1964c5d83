"""``parcours init``, ``upgrade``, ``user`` and ``delegation``: setting up a base and its accounts."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from core import messages as M
from core.messages.grammar import CODES_MORE_JSON
from core.cli.options import (Context, all_option, common, page_size, parse_delegation_day,
                              read_password)
from core.cli.render import emit_json, line, table

if TYPE_CHECKING:
    from datetime import date

    from core.services import Parcours


@click.command("init")
@click.option("--admin", metavar="NOM", help="Nom du premier administrateur.")
@click.option("--password-stdin", is_flag=True, help="Lire son mot de passe sur l'entrée standard.")
@click.option("--delegation", default="principale", show_default=True, metavar="CODE",
              help="Code de la première délégation.")
@click.option("--delegation-label", default="Délégation principale", show_default=True,
              metavar="LIBELLE", help="Nom de la première délégation.")
@click.option("--app-role", metavar="ROLE",
              help="PostgreSQL : rôle de l'application, qui ne possède pas les tables.")
@common
def init_cmd(ctx: Context, admin: str | None, password_stdin: bool, delegation: str,
             delegation_label: str, app_role: str | None) -> None:
    """Créer ou mettre à jour la base, la première délégation et le premier administrateur."""
    from core.services import initialise
    from core.services.users import has_base_row
    app = ctx.app()
    password = read_password(password_stdin, confirm=True) if admin else None
    keyless = not has_base_row(app)
    user = initialise(app, admin, password, delegation=delegation,
                      delegation_label=delegation_label)
    if app_role:
        _grant(app, app_role)
    if ctx.json:
        emit_json({"database": ctx.url, "admin": user, "key_file": _new_key_file(app, keyless)})
        return
    line(M.CLI_INIT_DONE.format(url=ctx.url))
    if user:
        line(M.CLI_INIT_ADMIN.format(name=user.name))
    _say_new_key_file(app, keyless)


@click.command("upgrade")
@click.option("--app-role", metavar="ROLE",
              help="PostgreSQL : rôle de l'application, qui ne possède pas les tables.")
@common
def upgrade_cmd(ctx: Context, app_role: str | None) -> None:
    """Mettre la base au schéma de cette version (à lancer avec le rôle propriétaire)."""
    from core.persistence import migrate
    from core.services.users import has_base_row, upgrade_base
    app = ctx.app()
    if not ctx.json and migrate.current(app.db) not in (None, migrate.head()):
        line(M.CLI_UPGRADE_RUNNING)  # a large base's tables may be rebuilt: minutes, not a hang
    keyless = not has_base_row(app)
    upgrade_base(app)
    if app_role:
        _grant(app, app_role)
    if ctx.json:
        emit_json({"database": ctx.url, "key_file": _new_key_file(app, keyless)})
        return
    line(M.CLI_UPGRADE_DONE.format(url=ctx.url))
    _say_new_key_file(app, keyless)


def _new_key_file(app: Parcours, keyless: bool) -> str | None:
    """The key file this command created (the base had none before it), else None."""
    if not keyless:
        return None
    path = app.keys.keyfile.path
    return str(path) if path is not None else M.KEY_IN_KEYRING


def _say_new_key_file(app: Parcours, keyless: bool) -> None:
    # The one moment the operator learns that the base now depends on a file outside it:
    # without it every sealed value and every backup is lost (docs/security.md).
    created = _new_key_file(app, keyless)
    if created is not None:
        line(M.CLI_KEY_FILE_CREATED.format(path=created))


def _grant(app: Parcours, role: str) -> None:
    from core.persistence.roles import grant_application_role
    grant_application_role(app.db, role)
    line(M.CLI_GRANTED.format(role=role))


@click.group("user")
def user_group() -> None:
    """Gérer les comptes (administrateurs)."""


@user_group.command("add")
@click.argument("name", metavar="NOM")
@click.option("--role", required=True, metavar="ROLE",
              help="benevole, stagiaire, referent, superviseur ou admin.")
@click.option("--delegation", "delegations", multiple=True, metavar="CODE",
              help="Délégation du compte (répétable ; par défaut la seule qui existe).")
@click.option("--password-stdin", is_flag=True, help="Lire le mot de passe sur l'entrée standard.")
@common
def user_add(ctx: Context, name: str, role: str, delegations: tuple[str, ...],
             password_stdin: bool) -> None:
    """Ajouter un compte avec son rôle, ses délégations et son mot de passe."""
    from core.services import add_user
    password = read_password(password_stdin, confirm=True)
    user = add_user(ctx.app(), ctx.credential(), name, role, password, delegations)
    emit_json(user) if ctx.json else line(M.CLI_USER_ADDED.format(
        name=user.name, role=M.role_label(user.role)))


@user_group.command("list")
@click.option("--delegation", metavar="CODE", help=M.CLI_USERS_DELEGATION_HELP)
@click.option("--limit", metavar="N", help="Au plus N comptes (les premiers par nom).")
@all_option
@common
def user_list(ctx: Context, delegation: str | None, limit: str | None, everything: bool) -> None:
    """Lister les comptes, par nom."""
    from core.services import list_users
    from core.services.report_model import display
    size = page_size(ctx, limit, M.USERS_LIMIT_BAD, everything)
    users = list_users(ctx.app(), ctx.credential(), delegation=delegation)
    shown = users[:size] if size else users
    if ctx.json:
        emit_json({"users": shown})
        return
    table(("nom", "rôle", "délégations", "actif"),
          # A national account belongs to every delegation: one line of thousands of
          # characters padded every other row to its width (18 MB for 7,900 accounts).
          ((u.name, M.role_label(u.role), M.some_codes(u.delegations, more=CODES_MORE_JSON),
            "oui" if u.active else "non") for u in shown))
    if len(shown) < len(users):
        line(M.CLI_USERS_MORE.format(rest=display(len(users) - len(shown)), page=len(shown)))


@user_group.command("disable")
@click.argument("name", metavar="NOM")
@common
def user_disable(ctx: Context, name: str) -> None:
    """Désactiver un compte : ses sessions et jetons prennent fin aussitôt."""
    from core.services import disable_user
    user = disable_user(ctx.app(), ctx.credential(), name)
    emit_json(user) if ctx.json else line(M.CLI_USER_DISABLED.format(name=user.name))


@user_group.command("role")
@click.argument("name", metavar="NOM")
@click.argument("role", metavar="ROLE")
@common
def user_role(ctx: Context, name: str, role: str) -> None:
    """Changer le rôle d'un compte : ses sessions et jetons prennent fin aussitôt."""
    from core.services import set_role
    user = set_role(ctx.app(), ctx.credential(), name, role)
    emit_json(user) if ctx.json else line(M.CLI_USER_ROLE.format(
        name=user.name, role=M.role_label(user.role)))


@user_group.command("password")
@click.argument("name", metavar="NOM")
@click.option("--password-stdin", is_flag=True, help="Lire le mot de passe sur l'entrée standard.")
@common
def user_password(ctx: Context, name: str, password_stdin: bool) -> None:
    """Donner un mot de passe provisoire, à changer à la prochaine connexion."""
    from core.services import reset_password
    user = reset_password(ctx.app(), ctx.credential(), name,
                          read_password(password_stdin, confirm=True))
    emit_json(user) if ctx.json else line(M.CLI_USER_RESET.format(name=user.name))


@user_group.command("delegations")
@click.argument("name", metavar="NOM")
@click.argument("codes", metavar="CODE...", nargs=-1, required=True)
@common
def user_delegations(ctx: Context, name: str, codes: tuple[str, ...]) -> None:
    """Fixer les délégations d'un compte (ses sessions prennent fin)."""
    from core.services import set_delegations
    user = set_delegations(ctx.app(), ctx.credential(), name, codes)
    emit_json(user) if ctx.json else line(M.CLI_USER_DELEGATIONS.format(
        name=user.name, codes=", ".join(user.delegations)))


@click.group("delegation")
def delegation_group() -> None:
    """Gérer les délégations."""


@delegation_group.command("add")
@click.argument("code", metavar="CODE")
@click.argument("label", metavar="LIBELLE")
@click.option("--holidays", "subdivision", metavar="ZONE",
              help="Jours fériés et heure locaux (57, 67 ou 68 : Alsace-Moselle ; 971 à 976 : "
                   "outre-mer ; par défaut, ceux de --department).")
@click.option("--department", metavar="DEP", help="Département où elle mène des parcours de sortie.")
@common
def delegation_add(ctx: Context, code: str, label: str, subdivision: str | None,
                   department: str | None) -> None:
    """Ajouter une délégation (vous en devenez membre)."""
    from core.services import add_delegation
    row = add_delegation(ctx.app(), ctx.credential(), code, label, subdivision, department)
    emit_json(row) if ctx.json else line(M.CLI_DELEGATION_ADDED.format(code=row.code, label=row.label))


@delegation_group.command("agrement")
@click.argument("code", metavar="CODE")
@click.option("--department", required=True, metavar="DEP", help="Département de l'agrément.")
@click.option("--requested", metavar="DATE", help="Demande déposée en préfecture.")
@click.option("--complete", metavar="DATE", help="Dossier complet.")
@click.option("--granted", metavar="DATE", help="Arrêté d'agrément.")
@click.option("--refused", metavar="DATE", help="Refus explicite.")
@click.option("--from", "valid_from", metavar="DATE", help="Début de validité fixé par l'arrêté.")
@click.option("--to", "valid_to", metavar="DATE", help="Fin de validité fixée par l'arrêté.")
@common
def delegation_agrement(ctx: Context, code: str, department: str, requested: str | None,
                        complete: str | None, granted: str | None, refused: str | None,
                        valid_from: str | None, valid_to: str | None) -> None:
    """Enregistrer l'agrément (CASF L121-9) d'une délégation pour les parcours de sortie."""
    from core.services import record_agrement

    def day(value: str | None, hint: str) -> date | None:
        """« aujourd'hui » is the delegation's day (overseas, mainland France's may not be)."""
        return None if value is None else parse_delegation_day(ctx, value, hint, code)

    row = record_agrement(
        ctx.app(), ctx.credential(), code, department,
        requested_on=day(requested, "--requested"),
        completed_on=day(complete, "--complete"), granted_on=day(granted, "--granted"),
        refused_on=day(refused, "--refused"), valid_from=day(valid_from, "--from"),
        valid_to=day(valid_to, "--to"))
    emit_json(row) if ctx.json else line(M.CLI_AGREMENT_RECORDED.format(code=row.code))


@delegation_group.command("list")
@common
def delegation_list(ctx: Context) -> None:
    """Lister les délégations (les vôtres, ou toutes pour un administrateur)."""
    from core.services import list_delegations
    rows = list_delegations(ctx.app(), ctx.credential())
    if ctx.json:
        emit_json({"delegations": rows})
        return
    table(("code", "libellé", "jours fériés"),
          ((d.code, d.label, d.holiday_subdivision or "") for d in rows))


COMMANDS = [init_cmd, upgrade_cmd, user_group, delegation_group]
