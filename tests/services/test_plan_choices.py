"""Plan choices kept for a while: whether a scope holds enough of the base to walk the
national indexes (``access.sees_most``) is asked once a minute, not on every page."""

from __future__ import annotations

import time

from core import services as svc
from core.services import access
from tests.accounts import add_followed, who
from tests.statements import sent


def _asks(app, run) -> int:
    """How many times ``run`` counted the base's persons for a plan (``max(id)``)."""
    with sent(app.db) as found:
        run()
    return sum("max(persons.id)" in s.sql for s in found)


def test_the_share_is_asked_once_a_minute_and_answers_the_same(app, monkeypatch):
    add_followed(app, "Amina")
    sonia = who(app, "sonia")
    page = lambda: svc.review_queue(app, sonia, limit=50)  # noqa: E731
    first = page()
    assert _asks(app, page) == 0  # kept: the second page asks nothing
    later = time.monotonic() + access.SHARE_KEPT + 1
    monkeypatch.setattr(access.time, "monotonic", lambda: later)
    assert _asks(app, page) == 1  # a minute on, asked again
    assert page() == first
    # Another share (a page of deadlines walks from 1 %, the queue of a few from half) is
    # asked on its own.
    assert _asks(app, lambda: svc.list_deadlines(app, sonia, limit=50)) == 1
