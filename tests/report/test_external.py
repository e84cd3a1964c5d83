"""``--external``: counts below 5 never leave the association, not even by difference."""

from __future__ import annotations

import csv
import io
import json
from datetime import date

from core import services as svc
from core.services.report_export import render

from .conftest import MARCH, Month
from tests.accounts import who

DAY = (date(2026, 3, 3), date(2026, 3, 3))
"""3 identified visits (small), 6 anonymous: the total would give the small part away."""


def test_small_counts_become_less_than_five_and_keep_no_value_nor_sources(month: Month):
    report = svc.activity_report(month.app, who(month.app, "sonia"), *MARCH, external=True)
    seen = report.figure("personnes_vues")
    assert (seen.value, seen.display, seen.suppressed, seen.sources, seen.sources_total) == \
        (None, "< 5", "petit", (), None)
    assert report.figure("passages").value == 15 and report.figure("passages").sources == ()
    assert report.figure("permanences").value == 3  # drop-ins and hours count no one
    assert report.figure("heures_benevoles").value == 16.5
    assert report.months == () and report.external
    assert any("inférieurs à 5" in note for note in report.notes)


def test_a_total_is_masked_when_one_of_its_parts_is_hidden(month: Month):
    report = svc.activity_report(month.app, who(month.app, "sonia"), *DAY, external=True)
    assert report.figure("passages_identifies").display == "< 5"
    assert report.figure("passages_anonymes").value == 6
    total = report.figure("passages")
    assert (total.value, total.display, total.suppressed) == (None, "masqué", "secondaire")


def test_no_hidden_value_reaches_json_or_csv(month: Month):
    internal = svc.activity_report(month.app, who(month.app, "sonia"), *DAY)
    assert (internal.figure("passages_identifies").value, internal.figure("passages").value) == (3, 9)
    report = svc.activity_report(month.app, who(month.app, "sonia"), *DAY, external=True)
    data = json.loads(render(report, "json"))
    figures = {f["key"]: f for s in data["sections"] for f in s["figures"]}
    for key in ("passages_identifies", "passages", "personnes_vues", "personnes_nouvelles"):
        assert figures[key]["value"] is None and figures[key]["sources"] == []
        assert figures[key]["sources_total"] is None
    rows = {r[3]: r[2] for r in csv.reader(io.StringIO(render(report, "csv").decode("utf-8-sig")),
                                            delimiter=";")}
    assert rows["passages_identifies"] == "< 5" and rows["passages"] == "masqué"
    assert rows["passages_anonymes"] == "6"
