"""The volunteers figure counts people: a name once per delegation, so that two delegations'
homonyms are two volunteers in a report covering both (whole months read from the
aggregates, or a period of days counted from the rows)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from core import services as svc
from tests.accounts import who


@pytest.fixture
def two_delegations(app):
    admin = who(app, "admin")
    svc.add_delegation(app, admin, "lyon", "Lyon")
    svc.set_delegations(app, admin, "sonia", ["principale", "lyon"])
    sonia = who(app, "sonia")
    for day, code, names in ((date(2026, 3, 3), "principale", ("Marie", "Paul")),
                             (date(2026, 3, 10), "principale", ("Marie",)),
                             (date(2026, 3, 12), "lyon", ("Marie",))):
        svc.open_dropin(app, sonia, day, delegation=code,
                        volunteers=[(n, Decimal("2")) for n in names])
    return app


@pytest.mark.parametrize("start, end", [(date(2026, 3, 1), date(2026, 3, 31)),
                                        (date(2026, 3, 2), date(2026, 3, 20))],
                         ids=["whole month", "days"])
def test_a_name_counts_once_per_delegation(two_delegations, start, end):
    app = two_delegations
    report = svc.activity_report(app, who(app, "sonia"), start, end)
    values = report.values()
    assert values["permanences"] == 3 and values["heures_benevoles"] == 8
    assert values["benevoles"] == 3  # Marie of each delegation, and Paul
