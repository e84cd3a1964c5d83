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

from .conftest import MARCH, Month

Q1 = (date(2026, 1, 1), date(2026, 3, 31))
YEAR = (date(2026, 1, 1), date(2026, 12, 31))


def external(month: Month, span: tuple[date, date]):
    return svc.activity_report(month.app, who(month.app, "sonia"), *span, external=True)


def test_small_counts_are_secret_and_keep_no_value_nor_sources(month: Month):
    report = external(month, MARCH)
    seen = report.figure("personnes_vues")  # 3 persons
    assert (seen.value, seen.display, seen.suppressed, seen.sources, seen.sources_total) == \
        (None, "secret", "secret", (), None)
    assert report.figure("permanences").value == 3  # drop-ins and hours count no one
    assert report.figure("heures_benevoles").value == 16.5
    assert report.months == () and report.external
    assert any("inférieur à 5" in note for note in report.notes)


def test_a_count_close_to_the_quarters_hides_and_takes_its_sum_along(month: Month):
    internal = svc.activity_report(month.app, who(month.app, "sonia"), *Q1).values()
    assert (internal["passages_identifies"], internal["passages_anonymes"],
            internal["passages"]) == (6, 16, 22)
    # March has 5 identified visits out of the quarter's 6: publishing both would say that one
    # visit was identified in January-February. March's cell goes, and with it its whole sum
    # (15 = 5 + 10), else the visible terms would give it back.
    march = external(month, MARCH)
    assert [march.figure(k).value for k in ("passages_identifies", "passages_anonymes",
                                            "passages")] == [None, None, None]
    # The quarter's 22 visits are 2 short of the year's 24: hidden, its terms with it.
    assert external(month, Q1).figure("passages").value is None
    year = external(month, YEAR)
    assert [year.figure(k).value for k in ("passages_identifies", "passages_anonymes",
                                           "passages")] == [6, 18, 24]


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
    assert svc.activity_report(month.app, who(month.app, "admin"), *Q1).external


def test_no_hidden_value_reaches_json_or_csv(month: Month):
    report = external(month, MARCH)
    data = json.loads(render(report, "json"))
    figures = {f["key"]: f for s in data["sections"] for f in s["figures"]}
    for key in ("passages_identifies", "passages", "personnes_vues", "personnes_nouvelles"):
        assert figures[key]["value"] is None and figures[key]["sources"] == []
        assert figures[key]["sources_total"] is None and figures[key]["suppressed"] == "secret"
    rows = {r[3]: r[2] for r in csv.reader(io.StringIO(render(report, "csv").decode("utf-8-sig")),
                                            delimiter=";")}
    assert rows["passages_identifies"] == rows["passages"] == "secret"
    assert rows["permanences"] == "3"


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
