"""A list exported whole (``each``) is read through a cursor the database streams, on SQLite
and on PostgreSQL (a server-side cursor planned to be read to its end): the same persons, in
the same order, as the list returned at once."""

from __future__ import annotations

import pytest

from core import services as svc
from core.services import persons as listing
from tests.accounts import add_followed, last_audit_rows, who
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


def test_an_export_is_audited_before_its_first_piece_leaves(any_app, monkeypatch):
    """A read's row precedes what it shows: the export's row is written (and committed)
    before the first piece is handed over, with its filters; the door's row ends it."""
    app = any_app
    for alias in ("Amina", "Binta", "Chloé"):
        add_followed(app, alias)
    monkeypatch.setattr(listing, "PIECE", 1)
    sonia = who(app, "sonia")
    seen: list = []
    svc.list_persons(app, sonia, search="i", each=lambda piece: seen.append(last_audit_rows(app, 1)[0]))
    assert seen[0] == ("person.list", "done", None,
                       {"count": 0, "filters": ["search"], "export": "started"})
    assert last_audit_rows(app, 1) == [("person.list", "done", None,
                              {"count": 2, "filters": ["search"], "export": "ended"})]


def test_an_export_whose_row_cannot_be_written_hands_nothing_over(any_app, monkeypatch):
    from core.errors import PersistenceError
    from core.services import registry
    app = any_app
    add_followed(app, "Amina")
    sonia = who(app, "sonia")

    def refused(*args, **kwargs):
        raise PersistenceError("journal indisponible")

    monkeypatch.setattr(registry, "record", refused)
    handed: list = []
    for export in (lambda: svc.list_persons(app, sonia, each=handed.append),
                   lambda: svc.list_deadlines(app, sonia, each=handed.append),
                   lambda: svc.review_queue(app, sonia, each=handed.append)):
        with pytest.raises(PersistenceError):
            export()
    assert handed == []


def test_an_export_failing_part_way_says_how_many_left(any_app, monkeypatch):
    app = any_app
    for alias in ("Amina", "Binta", "Chloé"):
        add_followed(app, alias)
    monkeypatch.setattr(listing, "PIECE", 1)
    handed: list = []

    def reader_gone(piece: list) -> None:
        handed.append(piece)
        if len(handed) == 2:
            raise BrokenPipeError

    with pytest.raises(BrokenPipeError):
        svc.list_persons(app, who(app, "sonia"), each=reader_gone)
    assert last_audit_rows(app, 2) == [
        ("person.list", "done", None, {"count": 0, "filters": [], "export": "started"}),
        ("person.list", "failed", "broken_pipe_error", {"count": 2, "filters": []})]
