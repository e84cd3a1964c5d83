"""``parcours plugins``, ``domains``, ``tracks``, ``rules`` and ``rule``: what is installed,
no data needed; ``plugins --incidents`` reads the technical log of plugin incidents."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING, Any

import click

from core import messages as M
from core.cli.options import Context, common, parse_day, parse_hour
from core.cli.render import emit_json, line, safe, table

if TYPE_CHECKING:
    from core.plugins import PluginHost


def _host() -> PluginHost:  # lazy: building the host imports every plugin
    from core.plugins import build_plugin_host
    return build_plugin_host()


@click.command("plugins")
@click.option("--incidents", "show_incidents", is_flag=True,
              help="Afficher le journal technique des incidents d'extension.")
@common
def plugins_cmd(ctx: Context, show_incidents: bool) -> None:
    """Lister les extensions et ce qu'elles apportent."""
    from core.services import catalog
    if show_incidents:
        _incidents(ctx)
        return
    items = catalog.plugins(_host())
    if ctx.json:
        emit_json({"plugins": items})
        return
    table(("extension", "statut", "version", "démarches", "problème"),
          ((p["name"], p["status_label"], p["version"], ", ".join(p["tracks"]), p["problem"])
           for p in items))
    logged = len(catalog.incidents())
    if logged:
        line(M.PLUGIN_INCIDENTS_HINT.format(count=logged))


def _incidents(ctx: Context) -> None:
    from core.incidents import IncidentLog
    from core.services import catalog
    log = IncidentLog()
    found = catalog.incidents(log)
    if ctx.json:
        emit_json({"log": str(log.path), "incidents": found})
        return
    if not found:
        line(M.PLUGIN_INCIDENTS_NONE.format(path=log.path))
    for item in found:
        message = f" : {item['message']}" if item["message"] else ""
        line(M.PLUGIN_INCIDENT_LINE.format(at=item["at"], plugin=item["plugin"],
                                           where=item["where"], error=item["error"],
                                           message=message))
        for frame in item["frames"]:
            line(M.PLUGIN_INCIDENT_FRAME.format(**frame))


@click.command("domains")
@common
def domains_cmd(ctx: Context) -> None:
    """Lister les domaines d'accompagnement et leur libellé."""
    from core.services import catalog
    items = catalog.domains(_host())
    if ctx.json:
        emit_json({"domains": items})
        return
    table(("domaine", "libellé", "extension", "démarches"),
          ((d["id"], d["label"], d["plugin"], ", ".join(d["tracks"])) for d in items))


@click.group("tracks", invoke_without_command=True)
@common
@click.pass_context
def tracks_group(click_ctx: click.Context, ctx: Context) -> None:
    """Lister les démarches (définitions) disponibles."""
    if click_ctx.invoked_subcommand is not None:
        return
    from core.services import catalog
    docs = catalog.track_documents(_host())
    if ctx.json:
        emit_json({"tracks": docs})
        return
    table(("id", "version", "libellé", "domaine", "étapes"),
          ((d["id"], d["version"], d["label"], d["domain_label"], len(d["steps"])) for d in docs))


@tracks_group.command("show")
@click.argument("track_id", metavar="ID")
@click.option("--mermaid", is_flag=True, help="Diagramme d'états au format Mermaid.")
@common
def tracks_show(ctx: Context, track_id: str, mermaid: bool) -> None:
    """Afficher une démarche : étapes et transitions."""
    from core.services import catalog
    defn = _host().catalog.definition(track_id)
    if mermaid:
        emit_json({"id": defn.id, "mermaid": catalog.mermaid(defn)}) if ctx.json \
            else line(catalog.mermaid(defn))
        return
    doc = catalog.track_document(defn)
    if ctx.json:
        emit_json(doc)
        return
    line(f"{doc['label']} ({doc['id']} v{doc['version']})")
    table(("étape", "type", "libellé"),
          ((s["id"], M.CLI_STEP_KINDS.get(s["kind"], s["kind"]), s["label"]) for s in doc["steps"]))
    line("")
    table(("action", "depuis", "vers", "rôles"),
          ((t["trigger"], ", ".join(t["source"]), t["dest"],
            ", ".join(M.role_label(r) for r in t["roles"])) for t in doc["transitions"]))


@click.command("rules")
@click.option("--format", "fmt", type=click.Choice(["table", "md"]), default="table",
              show_default=True, help="md : la table des délais en Markdown (docs/law.md).")
@common
def rules_cmd(ctx: Context, fmt: str) -> None:
    """Lister les règles d'échéance et leur source légale."""
    from core.services import catalog
    host = _host()
    if fmt == "md":
        from core.services.law_table import law_markdown
        click.echo(safe(law_markdown(host.catalog)), nl=False)
        return
    items = catalog.rules(host)
    if ctx.json:
        emit_json({"rules": items})
        return
    table(("règle", "v", "durée", "départ", "source"),
          ((r["id"], r["version"], _span(r["duration"], r["unit"]), r["start_fact"],
            f"{r['source']} [{r['evidence']}]") for r in items))


def _span(amount: Any, unit: str) -> str:
    """« 15 jours calendaires », « 6 mois »: the unit in words (its code is the JSON's)."""
    one, many = M.UNIT_LABELS.get(unit, (unit, unit))
    return f"{amount} {one if amount == 1 else many}"


def _suspension(value: str, zone: str) -> tuple[date, date]:
    start, sep, end = value.partition(":")
    if not sep:
        raise click.BadParameter(M.CLI_BAD_SUSPEND.format(value=value), param_hint="--suspend")
    return parse_day(start, "--suspend", zone), parse_day(end, "--suspend", zone)


@click.command("rule")
@click.argument("rule_id", metavar="ID")
@click.option("--start", "start", required=True, metavar="DATE", help="Date de départ du délai.")
@click.option("--heure", "hour", metavar="HH:MM",
              help="Heure de départ, pour un délai en heures (48 h, 96 h).")
@click.option("--suspend", "suspend", multiple=True, metavar="DEBUT:FIN",
              help="Période de suspension (répétable), refusée si la loi ne la permet pas.")
@click.option("--subdivision", "subdivision", metavar="CODE",
              help="Jours fériés d'une subdivision (57, 67, 68 : Alsace-Moselle ; 971 à 976 : "
                   "outre-mer).")
@common
def rule_cmd(ctx: Context, rule_id: str, start: str, hour: str | None, suspend: tuple[str, ...],
             subdivision: str | None) -> None:
    """Calculer une échéance à partir d'une règle seule."""
    from core.delegation import zone_of_subdivision
    from core.rules.calendar import subdivision_code
    from core.services import catalog
    # « aujourd'hui » where that calendar is used (in La Réunion after midnight, mainland
    # France's day is still its yesterday); « Guadeloupe » is the clock of 971.
    subdivision = subdivision_code(subdivision)
    zone = zone_of_subdivision(subdivision)
    day = parse_day(start, "--start", zone)
    moment = parse_hour(hour, "--heure")
    due = catalog.compute_rule(_host(), rule_id, datetime.combine(day, moment) if moment else day,
                               [_suspension(s, zone) for s in suspend], subdivision=subdivision)
    if ctx.json:
        emit_json({**due.model_dump(mode="json"), "due": due.due.isoformat()})
        return
    line(due.explanation)


COMMANDS = [plugins_cmd, domains_cmd, tracks_group, rules_cmd, rule_cmd]
