"""An anonymous count is bounded by the service, not only by the command line: a caller of the
service recorded 2**62 visitors at once, the month's figures could no longer take a second
such count (a database error), and the reports carried the first."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from core import services as svc
from core.errors import InputError
from core.persistence.models import Visit
from core.services.dropins import MAX_ANONYMOUS
from tests.accounts import who
from tests.cli_runner import Cli


def _anonymous(app) -> int:
    with app.db.read() as session:
        return session.scalar(select(func.coalesce(func.sum(Visit.count), 0))
                              .where(Visit.person_id.is_(None))) or 0


@pytest.mark.parametrize("count", [MAX_ANONYMOUS + 1, 2**62, 2**63 - 1])
def test_a_count_beyond_the_bound_is_refused_and_nothing_is_counted(app, count):
    bea = who(app, "bea")
    dropin = svc.open_dropin(app, bea, date(2026, 3, 3)).id
    with pytest.raises(InputError, match=f"Au plus {MAX_ANONYMOUS} passages anonymes"):
        svc.record_anonymous(app, bea, dropin, count)
    assert _anonymous(app) == 0
    march = svc.activity_report(app, who(app, "sonia"), date(2026, 3, 1), date(2026, 3, 31))
    assert {f.key: f.value for s in march.sections for f in s.figures}["passages_anonymes"] == 0
    assert svc.record_anonymous(app, bea, dropin, MAX_ANONYMOUS).anonymous_visits == MAX_ANONYMOUS


def test_the_command_line_says_the_same_bound(cli: Cli):
    cli.add_user("lou", "benevole")
    cli.ok("dropin", "open", "2026-03-03", user="lou")
    cli.fails("dropin", "anonymous", "1", "--count", str(MAX_ANONYMOUS + 1), user="lou", code=2,
              match="--count")
    cli.ok("dropin", "anonymous", "1", "--count", str(MAX_ANONYMOUS), user="lou")
