"""``parcours report``: the activity report of a year or a period, in any format."""

from __future__ import annotations

import re
import sys
import unicodedata
from datetime import date


import click

from core import messages as M
from core.cli.options import (Context, UsageRefusal, all_option, common, delegation_filter,
                              page_size, parse_day)
from core.cli.render import emit_json, line
from core.errors import InputError

FORMATS = ("table", "markdown", "csv", "json", "xlsx", "ods")
"""Repeated from the service so that ``--help`` does not import the services."""
FILE_ONLY = ("xlsx", "ods")


def parse_year(value: str) -> int:
    text = value.strip()
    if not (len(text) == 4 and text.isascii() and text.isdigit() and 1900 <= int(text) <= 2100):
        raise click.BadParameter(M.REPORT_BAD_YEAR.format(value=value), param_hint="--year")
    return int(text)


_MONTH_FIRST = re.compile(r"([0-9]{1,2})[/.-]([0-9]{4})")


def _french_month(value: str) -> tuple[str, str] | None:
    """A month as French people write it, ``12/2026`` or « décembre 2026 » (accents and case
    ignored), as the year and month of ``AAAA-MM``; None for anything else."""
    text = "".join(c for c in unicodedata.normalize("NFKD", value.strip().casefold())
                   if not unicodedata.combining(c))
    found = _MONTH_FIRST.fullmatch(text)
    if found:
        return found[2], found[1]
    name, _, year = text.rpartition(" ")
    names = ["".join(c for c in unicodedata.normalize("NFKD", m) if not unicodedata.combining(c))
             for m in M.MONTHS]
    if name.strip() in names:
        return year, str(names.index(name.strip()) + 1)
    return None


def parse_part(value: str, option: str) -> tuple[int, int]:
    """``AAAA-MM`` (--month; or ``MM/AAAA``, « mars 2026 ») or ``AAAA-TN`` (--quarter) as
    (year, month or quarter)."""
    french = _french_month(value) if option == "--month" else None
    text = "-".join(french) if french is not None else value.strip().upper()
    year, _, part = text.partition("-")
    part = part.removeprefix("T") if option == "--quarter" else part
    top = 4 if option == "--quarter" else 12
    if not (part.isascii() and part.isdigit() and 1 <= int(part) <= top):
        raise click.BadParameter(M.REPORT_BAD_PART.format(value=value), param_hint=option)
    return parse_year(year), int(part)


def period(year: str | None, start: str | None, end: str | None, month: str | None = None,
           quarter: str | None = None) -> tuple[date, date]:
    """The period asked: a whole year, quarter or month, or two dates."""
    if sum(x is not None for x in (year, month, quarter, start or end or None)) > 1:
        raise InputError(M.REPORT_PERIOD_BOTH)
    if year is not None:
        y = parse_year(year)
        return date(y, 1, 1), date(y, 12, 31)
    if month is not None or quarter is not None:
        y, n = parse_part(month or quarter or "", "--month" if month else "--quarter")
        first = date(y, n if month else 3 * n - 2, 1)
        from dateutil.relativedelta import relativedelta
        return first, first + relativedelta(months=1 if month else 3, days=-1)
    since, until = parse_day(start, "--from"), parse_day(end, "--to")
    if since is None or until is None:
        raise InputError(M.REPORT_PERIOD_NEEDED)
    return since, until


@click.command("report")
@click.option("--year", metavar="AAAA", help="Année civile du rapport.")
@click.option("--quarter", metavar="AAAA-TN", help="Trimestre civil (2026-T1).")
@click.option("--month", metavar="AAAA-MM", help="Mois civil (2026-03, 03/2026 ou mars 2026).")
@click.option("--from", "start", metavar="DATE", help="Début de la période (incluse).")
@click.option("--to", "end", metavar="DATE", help="Fin de la période (incluse).")
@click.option("--format", "fmt", metavar="FORMAT",
              help="table (défaut), markdown, csv, json, xlsx ou ods.")
@click.option("--output", metavar="FICHIER", help="Écrire dans ce fichier (obligatoire pour xlsx, ods).")
@click.option("--replace", is_flag=True, help="Avec --output : remplacer le fichier s'il existe.")
@click.option("--external", is_flag=True,
              help="Diffusion hors de l'association (mois, trimestre ou année entiers) : effectifs "
                   "inférieurs à 5, et ce qui permettrait de les retrouver, masqués.")
@click.option("--explain", metavar="CLÉ", help="Lister les enregistrements d'un indicateur.")
@click.option("--limit", metavar="N",
              help="Avec --explain : au plus N enregistrements (les premiers).")
@all_option
@delegation_filter
@click.option("--rebuild", is_flag=True,
              help="Recalculer depuis les données les agrégats mensuels du rapport et les "
                   "personnes suivies (administrateurs).")
@common
def report_cmd(ctx: Context, year: str | None, quarter: str | None, month: str | None,
               start: str | None, end: str | None, fmt: str | None, output: str | None,
               external: bool, explain: str | None, limit: str | None, everything: bool,
               delegation: str | None, rebuild: bool, replace: bool) -> None:
    """Rapport d'activité : permanences, passages, personnes, et chaque domaine."""
    if rebuild:
        if any(v for v in (year, quarter, month, start, end, fmt, output, explain, external,
                           limit, everything, delegation)):
            raise UsageRefusal(M.REPORT_REBUILD_ALONE)
        _rebuild(ctx)
        return
    if (limit is not None or everything) and not explain:
        raise UsageRefusal(M.REPORT_PAGE_EXPLAIN_ONLY)
    first, last = period(year, start, end, month, quarter)
    chosen = "json" if ctx.json else (fmt or "table").strip().lower()
    if chosen not in FORMATS:
        raise click.BadParameter(M.REPORT_BAD_FORMAT.format(value=fmt, choices=", ".join(FORMATS)),
                                 param_hint="--format")
    if explain:
        _explain(ctx, first, last, explain, external, delegation,
                 page_size(ctx, limit, M.REPORT_EXPLAIN_LIMIT_BAD, everything))
        return
    if output:
        from core.services import export_report
        export_report(ctx.app(), ctx.credential(), first, last, chosen, output, external=external,
                      delegation=delegation, replace=replace)
        line(M.REPORT_WRITTEN.format(path=output, format=chosen))
        return
    if chosen in FILE_ONLY:  # a malformed command line, like every other usage error
        raise UsageRefusal(M.REPORT_OUTPUT_NEEDED.format(format=chosen))
    from core.services import activity_report
    from core.services.report_export import render
    data = render(activity_report(ctx.app(), ctx.credential(), first, last, external=external,
                                  delegation=delegation), chosen)
    stream = click.open_file("-", "wb")
    stream.write(data)
    stream.flush()


class _Progress:
    """Delegations rebuilt, on stderr in place when it is a terminal; silent otherwise."""

    def __init__(self) -> None:
        self.live = sys.stderr.isatty()
        self.shown = False

    def __call__(self, done: int, total: int) -> None:
        if self.live:
            self.shown = True
            click.echo("\r" + M.REPORT_REBUILD_PROGRESS.format(done=done, total=total),
                       err=True, nl=False)

    def close(self) -> None:
        if self.shown:
            click.echo(err=True)


def _rebuild(ctx: Context) -> None:
    from core.services import rebuild_aggregates
    progress = _Progress()
    try:
        summary = rebuild_aggregates(ctx.app(), ctx.credential(), progress=progress)
    finally:
        progress.close()
    if ctx.json:
        emit_json(summary)
        return
    line(M.REPORT_REBUILT.format(delegations=summary.delegations, rows=summary.rows,
                                 followed=summary.followed))


def _explain(ctx: Context, first: date, last: date, key: str, external: bool,
             delegation: str | None, size: int | None) -> None:
    if external:
        raise InputError(M.REPORT_EXPLAIN_EXTERNAL)
    from core.services import explain_figure
    from core.services.report_model import display
    found = explain_figure(ctx.app(), ctx.credential(), first, last, key, limit=size,
                           delegation=delegation)
    if ctx.json:
        emit_json(found)
        return
    line(M.REPORT_EXPLAIN_HEAD.format(label=found.label, total=found.total))
    for ref in found.refs:
        line(ref)
    if len(found.refs) < found.total:
        line(M.REPORT_EXPLAIN_MORE.format(rest=display(found.total - len(found.refs)),
                                          page=len(found.refs)))


COMMANDS = [report_cmd]
