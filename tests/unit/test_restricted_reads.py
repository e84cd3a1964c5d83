"""The engine marks a check's results restricted exactly when the check read a restricted fact,
whichever way it read it (one value, its presence, or the whole mapping)."""

from __future__ import annotations

import pytest

import plugins.plainte
from core.engine.restricted_reads import Reads, restricted_names
from core.plugins import build_plugin_host

FACTS = {"qualification": "crime", "date_plainte": "2026-01-23"}


@pytest.mark.parametrize("read", [
    lambda f: f["qualification"],
    lambda f: f.get("qualification"),
    lambda f: "qualification" in f,
    lambda f: dict(f),
    lambda f: {**f},
    lambda f: list(f.items()),
    lambda f: list(f.values()),
    lambda f: [k for k in f],
    lambda f: len(f),
    lambda f: repr(f),
    lambda f: f == {},
    lambda f: f | {},
    lambda f: {} | f,
    lambda f: __import__("copy").copy(f),
    lambda f: __import__("copy").deepcopy(f),
])
def test_any_read_of_a_restricted_value_is_noted(read):
    reads = Reads(frozenset({"qualification"}))
    read(reads.watch(FACTS))
    assert reads.take() is True
    assert reads.take() is False  # and the next check starts afresh


def test_reading_other_facts_notes_nothing():
    reads = Reads(frozenset({"qualification"}))
    facts = reads.watch(FACTS)
    assert facts["date_plainte"] == "2026-01-23" and facts.get("absent") is None
    assert "recepisse_remis" not in facts
    assert reads.take() is False


def test_a_walk_over_facts_without_a_restricted_value_is_noted_too():
    # What it gives depends on whether a restricted value is there: a veil only where one
    # is would tell it.
    reads = Reads(frozenset({"qualification"}))
    facts = reads.watch({"date_plainte": "2026-01-23"})
    assert len(facts) == 1
    assert reads.take() is True


def test_a_submission_without_a_restricted_value_is_handed_as_it_is():
    # What she typed herself: its gaps tell her nothing (« if not ctx.facts » stays plain).
    plain = {"date_plainte": "2026-01-23"}
    assert Reads(frozenset({"qualification"})).watch(plain, present=True) is plain


def test_an_absent_restricted_fact_read_is_noted_too():
    # Else a veil only where the value is would tell that it is there.
    reads = Reads(frozenset({"qualification"}))
    facts = reads.watch({"date_plainte": "2026-01-23"})
    assert facts.get("qualification") is None
    assert reads.take() is True


def test_reading_around_the_watch_raises_rather_than_reads_unseen():
    facts = Reads(frozenset({"qualification"})).watch(FACTS)
    for around in (lambda: dict.get(facts, "qualification"),  # type: ignore[arg-type]
                   lambda: dict.items(facts),  # type: ignore[arg-type]
                   lambda: facts.setdefault("qualification", None),  # type: ignore[attr-defined]
                   lambda: __import__("json").dumps(facts),
                   lambda: __import__("pickle").dumps(facts)):
        with pytest.raises((TypeError, AttributeError)):
            around()


def test_a_definition_without_restricted_facts_hands_them_as_they_are():
    assert Reads(frozenset()).watch(FACTS) is FACTS


def test_the_complaints_qualification_is_what_it_classes_restricted():
    host = build_plugin_host(load_entrypoints=False, extra=[("plainte", plugins.plainte)])
    assert "qualification" in restricted_names(host.catalog.definition("plainte"))
    assert "date_plainte" not in restricted_names(host.catalog.definition("plainte"))
