"""The Markdown table of a scale run: each goal's ratio, both medians, the scale, met or not.

Rows are declared here, beside the goal they measure (``shared/performance.md`` ids, and the
issue-11 targets where stricter). A ratio row divides an operation by its baseline at the same
scale; a flatness row divides an operation at a scale by the same operation at the smallest
scale, timed in the same rounds. A flatness row says how many items each returned when they
differ; for an operation that returns its whole result (:data:`WHOLE`: the first delegation
holds two delegation-years at 100k persons, one at 1k and 10k, so its lists double), the plain
ratio then gets no verdict and a second row divides the costs per item returned, what "costs
what it returns" asks. A page (a search, a list) is judged whole: a short page at a small
scale does not make the larger scale's page cheaper per item.
"""

from __future__ import annotations

from timing import Timings, fmt

RATIOS = [
    # section, goal, operation, baseline, target (≤), what the baseline is
    ("write", "G-TXN-1", "advance", "B10", 1.5, "ORM transaction (B10)"),
    ("write", "G-TXN-1", "advance", "B9", 10.0, "raw durable commit (B9)"),
    ("write", "B10/B9", "B10", "B9", None, "how much the ORM alone costs"),
    ("read", "file", "list_actions", "raw file read", None, "the same rows read raw"),
    ("review", "G-Q (issue 11 §3)", "review national page", "raw national page", 3.0,
     "the same SQL page, raw"),
    ("review", "G-Q (issue 11 §3)", "review referent page", "raw referent page", 3.0,
     "the same SQL page, raw"),
    ("review", "G-Q-1", "review delegation page", "raw delegation page", 3.0,
     "the same SQL page, raw"),
    ("review", "G-Q-1", "review region page", "raw region page", 3.0,
     "the same SQL page, raw (a supervisor of a tenth of the delegations)"),
    ("review", "G-Q-1", "review large region page", "raw large region page", 3.0,
     "the same SQL page, raw (a supervisor of a third of the delegations)"),
    ("review", "counts", "review counts", "raw counts", 3.0, "the same counts, raw"),
    ("search", "search", "person search", "raw search", 3.0, "the same SQL page, raw"),
    ("search", "list", "person list page", "raw list page", 3.0, "the same page, raw"),
    ("search", "home", "deadlines home", "raw home", None,
     "the same SQL, raw (one referent's urgent deadlines: the home panel)"),
    ("search", "deadlines", "deadlines delegation", "raw delegation", None,
     "the same SQL, raw (every open deadline of one delegation)"),
    ("search", "deadlines", "deadlines national page", "raw national page", None,
     "the same SQL, raw (a national supervisor's first page of deadlines)"),
    ("startup", "G-UI-1 (issue 11 §5)", "tui first paint", "B4", 2.0,
     "empty Textual app, spawn → first paint (B4)"),
    ("startup", "G-UI-1 (issue 11 §5)", "tui base checked", "B4", None,
     "empty Textual app: spawn → base opened and checked in its worker, after the paint"),
    ("startup", "B2/B1", "B2", "B1", None, "the stack import over the interpreter (B1)"),
    ("startup", "catalog (issue 11 §5)", "tracks --json", "B1", None, "interpreter (B1)"),
    ("startup", "catalog (issue 11 §5)", "rules", "B1", None, "interpreter (B1)"),
    ("startup", "catalog (issue 11 §5)", "rule", "B1", None, "interpreter (B1)"),
    ("startup", "catalog (issue 11 §5)", "plugins", "B1", None, "interpreter (B1)"),
    ("startup", "catalog (issue 11 §5)", "tracks --json", "B2", None, "stack import (B2)"),
    ("startup", "G-CLI-1", "review", "B1+1.2·B2", 1.0, "B1 + 1.2 × B2"),
    ("startup", "G-CLI-1", "report", "B1+1.2·B2", 1.0, "B1 + 1.2 × B2"),
    ("engine", "G-FSM-1 (issue 11 §7)", "engine fire", "B6 trigger", 1.5,
     "bare transitions trigger, one condition, same definition (B6)"),
    ("engine", "G-FSM-5 (issue 11 §7)", "engine refusal", "B6 trigger", 1.0,
     "the same B6 trigger"),
    ("engine", "G-FSM-5", "engine refusal raised", "B6 trigger", 1.0,
     "the same B6 trigger (refusal raised and caught, as before)"),
    ("engine", "G-FSM-1", "engine fire", "B5 dict table", 30.0, "dict table (B5)"),
    ("engine", "B6/B5", "B6 trigger", "B5 dict table", None, "what transitions costs"),
    ("report", "G-R-1", "report delegation-year", "raw delegation-year summary", 3.0,
     "the raw summary read alone (issue 11 §4, as written)"),
    ("report", "G-R-2", "report national 10 years", "raw national summary", 3.0,
     "the raw summary read alone (issue 11 §4, as written)"),
    ("report", "G-R-1", "report delegation-year", "replayed delegation-year report", 3.0,
     "the report's own SQL replayed raw (the same work)"),
    ("report", "G-R-2", "report national 10 years", "replayed national report", 3.0,
     "the report's own SQL replayed raw (the same work)"),
    ("report", "gain", "report delegation-year from rows", "report delegation-year", None,
     "older path ÷ aggregates"),
    ("report", "G-R-2 write", "advance", "advance without aggregate", 1.1,
     "the same write, no aggregate"),
    ("report", "G-R-2 write", "anonymous visit", "anonymous visit without aggregate", 1.1,
     "the same write, no aggregate"),
]
FLAT = [
    # section, goal, operation, target (≤) of op@scale ÷ op@smallest
    ("write", "G-TXN flat (issue 11 §2)", "advance", 1.3),
    ("read", "flat", "list_actions", 1.3),
    ("review", "flat", "review referent page", 1.3),
    ("review", "flat", "review region page", 1.3),
    ("search", "flat", "person search", 1.3),
    ("search", "flat", "deadlines home", 1.3),
    ("search", "flat", "deadlines delegation", 1.3),
    ("search", "flat", "deadlines national page", 1.3),
    ("report", "flat", "report delegation-year", 1.3),
    ("startup", "flat", "tui first paint", 1.3),
    ("startup", "flat", "tui base checked", 1.3),
    ("startup", "flat", "review", 1.3),
    ("startup", "flat", "report", 1.3),
]
WHOLE = {"deadlines home", "deadlines delegation"}
"""Flatness operations that return every item they find (no page): judged per item."""
ABSOLUTE = {  # operation → (scale, ceiling in seconds) from issue 11
    "review national page": (100, 0.100), "review referent page": (100, 0.020),
    "report delegation-year": (100, 0.050), "report national 10 years": (100, 1.0),
}


def _verdict(value: float, target: float | None) -> str:
    if target is None:
        return "—"
    return "met" if value <= target else "**missed**"


PG = " pg"
"""Suffix of a section measured on PostgreSQL (``write pg``...)."""


def _on_pg(rows: list[tuple], sections: list[str]) -> list[tuple]:
    """The rows of ``rows`` again for the sections measured on PostgreSQL too."""
    return [(row[0] + PG, f"{row[1]} · PostgreSQL", *row[2:]) for row in rows
            if row[0] + PG in sections]


def render(timings: Timings, volumes: dict, scales: list[int], sections: list[str],
           pg: dict | None = None) -> str:
    lines = ["| goal | measure | scale | project (median) | baseline (median) | ratio | target "
             "| verdict |", "|---|---|---|---|---|---|---|---|"]
    pg = pg or {}
    for section, goal, op, base, target, what in RATIOS + _on_pg(RATIOS, sections):
        if section not in sections:
            continue
        for scale in (sorted(pg) if section.endswith(PG) else scales):
            a, b = f"{section}|{op}|{scale}", f"{section}|{base}|{scale}"
            if a not in timings.rounds or b not in timings.rounds:
                continue
            ratio = timings.ratio(a, b)
            verdict = _verdict(ratio, target)
            ceiling = ABSOLUTE.get(op)
            if ceiling and scale == ceiling[0] and timings.median(a) > ceiling[1]:
                verdict += f" (absolute > {fmt(ceiling[1])}: **missed**)"
            lines.append(f"| {goal} | {op} ÷ {what} | {scale}k | {fmt(timings.median(a))} | "
                         f"{fmt(timings.median(b))} | {ratio:.2f} | ≤ {target or '—'} | {verdict} |")
    for section, goal, op, target in FLAT + _on_pg(FLAT, sections):
        if section not in sections:
            continue
        chosen = sorted(pg) if section.endswith(PG) else scales
        for scale in chosen[1:]:
            small = chosen[0]
            a, b = f"{section}|{op}|{scale}", f"{section}|{op}|{small}"
            if a not in timings.rounds or b not in timings.rounds:
                continue
            lines += _flat(timings, goal, op, target, a, b, scale, small)
    return "\n".join(lines) + "\n\n" + _volumes([volumes[s] for s in scales]
                                                 + [pg[s] for s in sorted(pg)])


def _flat(timings: Timings, goal: str, op: str, target: float, a: str, b: str, scale: int,
          small: int) -> list[str]:
    """The flatness row of ``op`` (``a`` at ``scale`` ÷ ``b`` at ``small``), and, for an
    operation of :data:`WHOLE` whose two lists differ in length, its cost per item returned."""
    ratio = timings.ratio(a, b)
    items_a, items_b = timings.sizes.get(a), timings.sizes.get(b)
    differ = bool(items_a and items_b and items_a != items_b)
    said = f" ({items_b} → {items_a} items)" if differ else ""
    each_judged = differ and op in WHOLE
    rows = [f"| {goal} | {op} at {scale}k ÷ at {small}k{said} | {scale}k | "
            f"{fmt(timings.median(a))} | {fmt(timings.median(b))} | {ratio:.2f} | "
            f"≤ {target} | {'—' if each_judged else _verdict(ratio, target)} |"]
    if each_judged:
        assert items_a and items_b
        each = ratio * items_b / items_a
        rows.append(f"| {goal} | {op} per item returned at {scale}k ÷ at {small}k{said} | "
                    f"{scale}k | {fmt(timings.median(a) / items_a)} | "
                    f"{fmt(timings.median(b) / items_b)} | {each:.2f} | ≤ {target} | "
                    f"{_verdict(each, target)} |")
    return rows


def _volumes(volumes: list) -> str:
    rows = ["| base | persons | events | open deadlines | size | built by bulk copies in |",
            "|---|---|---|---|---|---|"]
    for v in volumes:
        events, dues, size = v.statistics()
        built = fmt(v.build_seconds) if v.build_seconds else "(cache)"
        rows.append(f"| {v.name} | {v.persons} | {events} | {dues} | {size:.0f} MiB | {built} |")
    return "\n".join(rows) + "\n"
