"""A list exported whole (``each``) is read through a cursor the database streams, on SQLite
and on PostgreSQL (a server-side cursor planned to be read to its end): the same persons, in
the same order, as the list returned at once."""

from __future__ import annotations

from core import services as svc
from core.services import persons as listing
from tests.accounts import add_followed, who
from tests.statements import sent


def test_the_persons_exported_in_pieces_are_the_list(any_app, monkeypatch):
    app = any_app
    for alias in ("Amina", "Binta", "Chloé", "Dina"):
        add_followed(app, alias)
    sonia = who(app, "sonia")
    whole = svc.list_persons(app, sonia)
    monkeypatch.setattr(listing, "PIECE", 1)
    pieces: list[list] = []
    with sent(app.db) as statements:
        svc.list_persons(app, sonia, each=pieces.append)
    assert [p.id for part in pieces for p in part] == [p.id for p in whole]
    assert len(pieces) == len(whole) == 4
    if app.db.engine.dialect.name == "postgresql":
        assert any("cursor_tuple_fraction" in s.sql for s in statements)
