"""``--json`` output: Pydantic's serializer writes exactly the text the standard library's
indented encoder wrote (scripts and people read the same bytes as before), a lone surrogate
falls back to the standard library, and nothing a terminal could act on is printed raw."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from decimal import Decimal

import click
import pytest
from click.testing import CliRunner

from core.cli.render import emit_json, json_text, to_data
from core.schemas import AuditView

VIEW = AuditView(seq=7, at=datetime(2026, 3, 10, 9, 30, tzinfo=UTC), user="sonia",
                 role="superviseur", operation="person.show", person_id=12, target="person:12",
                 outcome="done", reason=None, detail={"count": 3, "motif": "é\u202eà"})
SAMPLES = {
    "a view in a list": {"rows": [VIEW, VIEW]},
    "dates, decimals, tuples and sets": {"day": date(2026, 3, 10), "hours": Decimal("5.5"),
                                         "pair": (1, 2), "set": {3}, "empty": [], "none": None},
    "number keys, floats, nested": {1: {"a": [1.5, 1e20, 0.1, float("nan")]}, "b": {}},
    "controls and bidirectional marks": {"text": "a\x01b\x9bc\u202ed\u2066"},
    "a lone surrogate": {"file": "rapport-\udc80.csv"},
}


@pytest.mark.parametrize("value", SAMPLES.values(), ids=SAMPLES.keys())
def test_the_text_is_the_standard_library_s(value):
    assert json_text(value) == json.dumps(to_data(value), ensure_ascii=False, indent=2,
                                          default=str)


def test_what_reaches_the_terminal_is_escaped():
    @click.command()
    def show() -> None:
        emit_json({"text": "a\x9bb\u202ec", "file": "x\udc80"})

    out = CliRunner().invoke(show).output
    assert "\\u009b" in out and "\\u202e" in out and "\\udc80" in out
    assert not any(c in out for c in "\x9b\u202e\udc80")
    assert json.loads(out) == {"text": "a\x9bb\u202ec", "file": "x\udc80"}
