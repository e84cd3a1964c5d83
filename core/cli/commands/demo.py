"""``parcours demo``: a fictitious delegation's year, to try Parcours or measure it."""

from __future__ import annotations

from typing import Any

import click

from core import messages as M
from core.cli.commands.report import parse_year
from core.cli.options import Context, common, parse_count
from core.cli.progress import ProgressLine
from core.cli.render import emit_json, line


def _count(value: str, hint: str, message: str, minimum: int) -> int:
    """An integer option of at least ``minimum``."""
    return parse_count(value, hint, message, minimum)


@click.command("demo")
@click.option("--year", metavar="AAAA", help="Année de la démo (défaut : l'année précédant --today).")
@click.option("--seed", default="1", metavar="N", show_default=True,
              help="Graine : la même graine donne les mêmes données.")
@click.option("--scale", default="1", metavar="K", show_default=True,
              help="Nombre de délégations-années (10 par année, puis les années précédentes ; "
                   "à deux ans et plus, les parcours sont clos l'année suivante).")
@click.option("--delegations", metavar="D",
              help="Les répartir entre D délégations, chacune une par année "
                   "(défaut : une délégation par délégation-année).")
@click.option("--force", is_flag=True, help="Ajouter la démo même si la base contient des personnes.")
@common
def demo_cmd(ctx: Context, year: str | None, seed: str, scale: str, delegations: str | None,
             force: bool) -> None:
    """Remplir la base avec une année fictive (administrateurs)."""
    from core.services.demo import fill_demo, persons_per_copy
    copies = _count(scale, "--scale", M.DEMO_BAD_SCALE, 1)
    app = ctx.app()
    chosen = parse_year(year) if year else app.today().year - 1
    kwargs: dict[str, Any] = {"year": chosen, "seed": _count(seed, "--seed", M.DEMO_BAD_SEED, 0),
                              "scale": copies, "force": force,
                              "delegations": _count(delegations, "--delegations",
                                                    M.DEMO_BAD_SCALE, 1) if delegations else None}
    if ctx.json:
        emit_json(fill_demo(app, ctx.credential(), **kwargs))
        return
    progress = ProgressLine(M.DEMO_PROGRESS, copies * persons_per_copy())
    try:
        summary = fill_demo(app, ctx.credential(), progress=progress.advance, **kwargs)
    finally:
        progress.close()
    years = "-".join(str(y) for y in sorted({summary.years[0], summary.years[-1]}))
    line(M.DEMO_DONE.format(years=years, count=summary.delegation_years,
                            delegation_years=M.plural(summary.delegation_years,
                                                      *M.DEMO_DELEGATION_YEARS),
                            delegations=M.plural(summary.delegations, *M.DEMO_DELEGATIONS)
                            .format(count=summary.delegations),
                            users=summary.users,
                            persons=summary.persons, dropins=summary.dropins,
                            hours=f"{summary.volunteer_hours:.0f}",
                            visits=summary.visits_identified + summary.visits_anonymous,
                            identified=summary.visits_identified,
                            anonymous=summary.visits_anonymous, transitions=summary.transitions,
                            recits=summary.recits))
    if summary.refused:
        line(M.DEMO_REFUSED.format(count=summary.refused, example=summary.refusals[0]))
    line(M.DEMO_REVIEW_HINT.format(day=f"{chosen}-12-31"))


COMMANDS = [demo_cmd]
