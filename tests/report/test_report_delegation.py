"""``report --delegation CODE``: a supervisor of several delegations reads the report of one,
the same figures, sources and explanations a supervisor of that delegation alone reads; a
code not hers is refused. ``--explain`` shows a page on screen (``--limit``, ``--all``)."""

from __future__ import annotations

from datetime import date, time

import pytest

from core import services as svc
from core.errors import PermissionDenied
from tests.accounts import forget, who
from tests.cli_runner import ADMIN, Cli

from .conftest import MARCH, Month


def _figures(report) -> list:
    return [(s.title, [(f.key, f.value) for f in s.figures]) for s in report.sections]


@pytest.fixture
def two(month: Month) -> Month:
    """The month of the principal delegation, and Lyon's one drop-in with one visitor."""
    app = month.app
    reference = svc.activity_report(app, who(app, "sonia"), *MARCH)
    admin = who(app, "admin")
    svc.add_delegation(app, admin, "lyon", "Lyon")
    svc.set_delegations(app, admin, "sonia", ["principale", "lyon"])
    forget(app)  # her sessions ended with the change: she signs in again
    sonia = who(app, "sonia")
    dropin = svc.open_dropin(app, sonia, date(2026, 3, 10), time(14), time(17),
                             delegation="lyon").id
    lou = svc.add_person(app, sonia, "Lou", first_visit=date(2026, 3, 10), delegation="lyon").id
    svc.record_visit(app, sonia, dropin, lou)
    month.reference = reference  # type: ignore[attr-defined]
    return month


def test_one_delegation_s_report_is_what_its_supervisor_alone_reads(two):
    app, sonia = two.app, who(two.app, "sonia")
    principale = svc.activity_report(app, sonia, *MARCH, delegation="principale")
    assert _figures(principale) == _figures(two.reference)
    assert principale.delegations == two.reference.delegations
    lyon = svc.activity_report(app, sonia, *MARCH, delegation="lyon")
    counted = dict(f for _, figures in _figures(lyon) for f in figures)
    assert (counted["permanences"], counted["passages"], counted["personnes_vues"]) == (1, 1, 1)
    assert lyon.delegations == ("Lyon",)
    both = dict(f for _, figures in _figures(svc.activity_report(app, sonia, *MARCH))
                for f in figures)
    assert both["permanences"] == dict(
        f for _, figures in _figures(principale) for f in figures)["permanences"] + 1


def test_its_explanations_are_those_of_that_delegation(two):
    app = two.app
    sonia = who(app, "sonia")
    lou = svc.explain_figure(app, sonia, *MARCH, "personnes_vues", delegation="lyon")
    assert lou.total == 1 and len(lou.refs) == 1
    seen = svc.explain_figure(app, sonia, *MARCH, "personnes_vues", delegation="principale")
    assert lou.refs[0] not in seen.refs
    assert seen.total + 1 == svc.explain_figure(app, sonia, *MARCH, "personnes_vues").total


def test_an_external_report_of_one_delegation_is_refused(two):
    """Its hidden small counts would come back by difference with the whole report's."""
    from core.errors import InputError
    app = two.app
    with pytest.raises(InputError, match="Un rapport externe ne se fait pas pour une seule"):
        svc.activity_report(app, who(app, "sonia"), *MARCH, external=True, delegation="lyon")
    with pytest.raises(InputError, match="Un rapport externe"):  # an administrator's always is
        svc.activity_report(app, who(app, "admin"), *MARCH, delegation="lyon")


def test_another_delegation_is_refused(two):
    app = two.app
    svc.add_delegation(app, who(app, "admin"), "nice", "Nice")
    for call in (lambda: svc.activity_report(app, who(app, "sonia"), *MARCH, delegation="nice"),
                 lambda: svc.explain_figure(app, who(app, "sonia"), *MARCH, "passages",
                                            delegation="nice")):
        with pytest.raises(PermissionDenied, match="« nice »"):
            call()


def test_the_command_line_narrows_the_report_and_pages_an_explanation(cli: Cli):
    cli.add_user("sonia", "superviseur")
    cli.ok("delegation", "add", "lyon", "Lyon", user=ADMIN)
    cli.ok("user", "delegations", "sonia", "principale", "lyon", user=ADMIN)
    for n in range(3):
        cli.ok("dropin", "open", f"2026-03-0{n + 2}", "--delegation", "lyon", user="sonia")
    cli.ok("dropin", "open", "2026-03-09", "--delegation", "principale", user="sonia")

    lyon = cli.json("report", "--month", "2026-03", "--delegation", "lyon", user="sonia")
    permanences = [f["value"] for s in lyon["sections"] for f in s["figures"]
                   if f["key"] == "permanences"]
    assert permanences == [3]
    page = cli.ok("report", "--month", "2026-03", "--explain", "permanences", "--limit", "2",
                  user="sonia").out.splitlines()
    assert page[0].endswith(": 4 enregistrement(s)") and len(page) == 4
    assert page[-1].startswith("… et 2 autre(s). Les 2 premiers seulement")
    whole = cli.ok("report", "--month", "2026-03", "--explain", "permanences", "--all",
                   "--delegation", "lyon", user="sonia").out.splitlines()
    assert len(whole) == 4 and "autre(s)" not in whole[-1]
    cli.fails("report", "--month", "2026-03", "--limit", "2", user="sonia", code=2,
              match="s'emploient avec --explain")
    cli.fails("report", "--month", "2026-03", "--delegation", "nice", user="sonia", code=1,
              match="« nice »")
