"""Anonymous visitors are recorded only at a drop-in whose day has come, as a known person's
visit is: a volunteer could count them at a drop-in opened ahead (next month's), and the
reports counted visitors in a month still to come."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from core import services as svc
from core.errors import InputError
from core.persistence.models import Visit
from tests.accounts import who, with_clock
from tests.cli_runner import Cli


def _anonymous(app) -> int:
    with app.db.read() as session:
        return session.scalar(select(func.coalesce(func.sum(Visit.count), 0))
                              .where(Visit.person_id.is_(None))) or 0


def test_anonymous_visitors_wait_for_the_drop_in_s_day(app):
    bea = who(app, "bea")
    ahead = svc.open_dropin(app, bea, date(2026, 4, 7)).id  # opened a month ahead: allowed
    known = svc.add_person(app, bea, "Rose").id
    with pytest.raises(InputError, match="futur"):
        svc.record_visit(app, bea, ahead, known)  # a known person: refused, as it was
    with pytest.raises(InputError, match="futur"):
        svc.record_anonymous(app, bea, ahead, 3)
    assert _anonymous(app) == 0
    april = svc.activity_report(app, who(app, "sonia"), date(2026, 4, 1), date(2026, 4, 30))
    figures = {f.key: f.value for s in april.sections for f in s.figures}
    assert figures["passages_anonymes"] == 0

    on_the_day = with_clock(app, date(2026, 4, 7))
    view = svc.record_anonymous(on_the_day, who(on_the_day, "bea"), ahead, 3)
    assert view.anonymous_visits == 3


def test_the_command_line_refuses_them_before_the_day(cli: Cli):
    cli.add_user("lou", "benevole")
    cli.ok("dropin", "open", "2026-03-17", user="lou")  # next Tuesday's
    cli.fails("dropin", "anonymous", "1", "--count", "4", user="lou", code=1, match="futur")
    assert cli.json("dropin", "list", user="lou")["dropins"][0]["anonymous_visits"] == 0
