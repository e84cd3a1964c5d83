"""Listing drop-ins: each one's volunteers and visits, with as many statements for ten years of
Tuesdays as for two (issue 11, national scale)."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest

from core import services as svc
from core.errors import InputError
from tests.accounts import who
from tests.statements import sent

FIRST = date(2025, 12, 2)  # twelve Tuesdays before the tests' today


def _tuesdays(app, first: int, last: int) -> list[int]:
    """Drop-ins on the ``first``…``last`` Tuesdays: volunteers and visits of their own."""
    ids = []
    for n in range(first, last):
        dropin = svc.open_dropin(app, who(app, "bea"), FIRST + timedelta(weeks=n),
                                 volunteers=[(f"Bénévole {n}", Decimal("2.5")),
                                             ("Anne", Decimal("1"))]).id
        person = svc.add_person(app, who(app, "bea"), f"Personne {n}").id
        svc.record_visit(app, who(app, "bea"), dropin, person)
        svc.record_anonymous(app, who(app, "bea"), dropin, n + 1)
        ids.append(dropin)
    return ids


def _statements(app) -> list[str]:
    with sent(app.db) as found:
        svc.list_dropins(app, who(app, "bea"))
    return [s.sql for s in found if not s.sql.startswith(("BEGIN", "PRAGMA",
                                                          "UPDATE auth_sessions"))]


def test_each_dropin_shows_its_own_volunteers_and_visits(any_app):
    app = any_app
    ids = _tuesdays(app, 0, 3)
    listed = {d.id: d for d in svc.list_dropins(app, who(app, "bea"))}
    assert list(listed) == ids[::-1]  # most recent first
    for n, dropin in enumerate(ids):
        view = listed[dropin]
        assert [(v.name, v.hours) for v in view.volunteers] == [("Anne", 1.0),
                                                                 (f"Bénévole {n}", 2.5)]
        assert (view.identified_visits, view.anonymous_visits) == (1, n + 1)


def test_listing_sends_as_many_statements_for_twelve_dropins_as_for_two(any_app):
    app = any_app
    _tuesdays(app, 0, 2)
    svc.list_dropins(app, who(app, "bea"))
    few = _statements(app)
    _tuesdays(app, 2, 12)
    many = _statements(app)
    assert len(svc.list_dropins(app, who(app, "bea"))) == 12
    assert len(many) == len(few), "\n".join(many)


@pytest.mark.parametrize("hours", [Decimal("0.001"), Decimal("0.004"), Decimal("24.006")])
def test_hours_that_round_to_nothing_or_past_a_day_are_refused(app, hours):
    """« 0,001 » passed as more than 0, then was stored as 0.00 hours; the command line's
    « NOM=0,001 » too."""
    with pytest.raises(InputError):
        svc.open_dropin(app, who(app, "bea"), FIRST, volunteers=[("Anne", hours)])
    with pytest.raises(InputError):
        svc.parse_volunteer(f"Anne={hours}".replace(".", ","))
    assert svc.parse_volunteer("Anne=1,005") == ("Anne", Decimal("1.01"))
