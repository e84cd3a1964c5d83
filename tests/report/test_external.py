"""``--external``: whole periods only, and no count below 5 leaves the association, not even
by difference with a total or with the quarter or year around the period."""

from __future__ import annotations

import csv
import io
import json
from datetime import date

import pytest

from core import services as svc
from core.errors import InputError
from core.services.report_export import render
from tests.accounts import who

from .conftest import MARCH, Month, after

Q1 = (date(2026, 1, 1), date(2026, 3, 31))
YEAR = (date(2026, 1, 1), date(2026, 12, 31))


def external(month: Month, span: tuple[date, date]):
    later = after(month)
    return svc.activity_report(later, who(later, "sonia"), *span, external=True)


def test_small_counts_are_secret_and_keep_no_value_nor_sources(month: Month):
    report = external(month, MARCH)
    seen = report.figure("personnes_vues")  # 3 persons
    assert (seen.value, seen.display, seen.suppressed, seen.sources, seen.sources_total) == \
        (None, "secret", "secret", (), None)
    assert report.figure("permanences").value == 3  # drop-ins and hours count no one
    assert report.figure("heures_benevoles").value == 16.5
    assert report.months == () and report.external
    assert any("inférieur à 5" in note for note in report.notes)


def test_a_count_close_to_what_its_months_publish_hides_the_wider_period_and_its_sum(
        month: Month):
    internal = svc.activity_report(month.app, who(month.app, "sonia"), *Q1).values()
    assert (internal["passages_identifies"], internal["passages_anonymes"],
            internal["passages"]) == (6, 16, 22)
    keys = ("passages_identifies", "passages_anonymes", "passages")
    # March, decided when it ended, has 5 identified visits and is published. The quarter's
    # 6 would then say that January and February had one: the quarter's cell goes, and with
    # it its whole sum (22 = 6 + 16), else the visible terms would give it back. Until
    # December 2026 March was hidden instead, decided with the quarter not over yet: asked
    # in April, then again in June, the two answers gave what the rule meant to hide.
    assert [external(month, MARCH).figure(k).value for k in keys] == [5, 10, 15]
    assert [external(month, Q1).figure(k).value for k in keys] == [None, None, None]
    # The year's 6 likewise: the rest of the year (one visit) would be told by difference.
    assert [external(month, YEAR).figure(k).value for k in keys] == [None, None, None]


@pytest.mark.parametrize("span", [(date(2026, 3, 3), date(2026, 3, 3)),
                                  (date(2026, 1, 15), date(2026, 2, 14)),
                                  (date(2026, 2, 1), date(2026, 3, 31)),
                                  (date(2025, 1, 1), date(2026, 12, 31))])
def test_only_whole_months_quarters_and_years_leave(month: Month, span):
    with pytest.raises(InputError, match="un mois, un trimestre ou une année entiers"):
        external(month, span)
    assert svc.activity_report(month.app, who(month.app, "sonia"), *span).values()


def test_the_administrator_is_held_to_whole_periods_too(month: Month):
    with pytest.raises(InputError, match="entiers"):
        svc.activity_report(month.app, who(month.app, "admin"), date(2026, 3, 3), date(2026, 3, 3))
    later = after(month)
    assert svc.activity_report(later, who(later, "admin"), *Q1).external


def test_no_hidden_value_reaches_json_or_csv(month: Month):
    report = external(month, Q1)
    data = json.loads(render(report, "json"))
    figures = {f["key"]: f for s in data["sections"] for f in s["figures"]}
    for key in ("passages_identifies", "passages", "personnes_vues"):
        assert figures[key]["value"] is None and figures[key]["sources"] == []
        assert figures[key]["sources_total"] is None and figures[key]["suppressed"] == "secret"
    rows = {r[3]: r[2] for r in csv.reader(io.StringIO(render(report, "csv").decode("utf-8-sig")),
                                            delimiter=";")}
    assert rows["passages_identifies"] == rows["passages"] == "secret"
    assert rows["permanences"] == "4"  # drop-ins count no one: never secret


def test_two_months_and_their_quarter_do_not_give_the_third(sqlite_url):
    # Five persons come once a month; anonymous visits: 10 in January, 10 in February, 3 in
    # March. March's are secret; January's, February's and the quarter's (23) were each
    # published, none small nor a small number apart: 23 - 10 - 10 gave March's 3.
    from datetime import time
    from decimal import Decimal

    from tests.accounts import make_app
    app = make_app(sqlite_url, today=date(2026, 4, 10))
    bea = who(app, "bea")
    persons = [svc.add_person(app, bea, f"Personne-{i}", first_visit=date(2026, 1, 6)).id
               for i in range(5)]
    for day, anonymous in ((date(2026, 1, 6), 10), (date(2026, 2, 3), 10), (date(2026, 3, 3), 3)):
        dropin = svc.open_dropin(app, bea, day, time(14), time(18), [("Paul", Decimal(4))]).id
        for person in persons:
            svc.record_visit(app, bea, dropin, person)
        svc.record_anonymous(app, bea, dropin, anonymous)
    admin = who(app, "admin")
    january, february = ((date(2026, m, 1), date(2026, m, days)) for m, days in ((1, 31), (2, 28)))
    shown = [svc.activity_report(app, admin, *span).figure("passages_anonymes").value
             for span in (january, february, Q1)]
    assert None in shown, shown
    assert svc.activity_report(app, admin, *MARCH).figure("passages_anonymes").value is None
    app.close()
