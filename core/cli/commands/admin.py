"""``parcours init`` and ``parcours user``: setting up the database and its users."""

from __future__ import annotations

import click

from core import messages as M
from core.cli.options import Context, common
from core.cli.render import emit_json, line, table


@click.command("init")
@click.option("--admin", metavar="NOM", help="Nom du premier administrateur.")
@common
def init_cmd(ctx: Context, admin: str | None) -> None:
    """Créer ou mettre à jour la base, et le premier administrateur."""
    from core.services import initialise
    app = ctx.app()
    user = initialise(app, admin)
    url = app.db.engine.url.render_as_string(hide_password=True)
    if ctx.json:
        emit_json({"database": url, "admin": user})
        return
    line(M.CLI_INIT_DONE.format(url=url))
    if user:
        line(M.CLI_INIT_ADMIN.format(name=user.name))


@click.group("user")
def user_group() -> None:
    """Gérer les utilisateurs."""


@user_group.command("add")
@click.argument("name", metavar="NOM")
@click.option("--role", required=True, metavar="ROLE",
              help="benevole, stagiaire, referent, superviseur ou admin.")
@common
def user_add(ctx: Context, name: str, role: str) -> None:
    """Ajouter un utilisateur avec son rôle (administrateurs)."""
    from core.services import add_user
    user = add_user(ctx.app(), ctx.who(), name, role)
    emit_json(user) if ctx.json else line(M.CLI_USER_ADDED.format(name=user.name, role=user.role))


@user_group.command("list")
@common
def user_list(ctx: Context) -> None:
    """Lister les utilisateurs."""
    from core.services import list_users
    users = list_users(ctx.app(), ctx.who())
    if ctx.json:
        emit_json({"users": users})
        return
    table(("nom", "rôle", "actif"), ((u.name, u.role, "oui" if u.active else "non") for u in users))


COMMANDS = [init_cmd, user_group]
