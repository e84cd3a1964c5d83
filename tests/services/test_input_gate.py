"""Every text a service takes goes through the gate (issue 15, point 1): the meta-test.

Each registered service's parameters are read from its body's type hints; every one that can
carry a text (``str``, ``str | int``, lists, sets and dictionaries of texts, a step's facts)
must have a row in :data:`KINDS` saying what it is and why. Then each is called with hostile
values (NUL, an OSC 52 clipboard write, a lone surrogate, a megabyte, a bidirectional
override...) in place of a good argument, taken from the service's sample call in the audit
meta-test (``tests/audit/samples.py``): every one is refused with one French sentence
(``InputError`` or ``InvalidFacts``) and nothing is written. Each kind has probes of its own: a
name of invisible characters only, a line with a line break, a text one character over its
limit, an identifier nobody has. Both backends run it: the gate refuses before the database,
so SQLite and PostgreSQL say the same thing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pytest

from core.errors import InputError, InvalidFacts, ParcoursError
from core.services.notes import MAX_NOTE
from core.services import REGISTRY  # the package loads every service first
from core.text import MAX_LINE, MAX_NAME, MAX_REASON
from tests.bad_inputs import ANY_TEXT, LINE_ONLY, NAME_ONLY

from .gate_world import (captured, fingerprint, fresh_credential, gate_world,  # noqa: F401
                         text_parameters, values_holding)  # gate_world: the world fixture

NAME, LINE, BLOCK, CODE, KEY, FILTER, PATH, FACTS, SECRET, NEW_SECRET = (
    "name", "line", "block", "code", "key", "filter", "path", "facts", "secret", "new secret")


@dataclass(frozen=True)
class Kind:
    """What a parameter is, why, its limit when it is stored text, and who probes it."""

    kind: str
    why: str
    limit: int | None = None
    user: str | None = None
    """Who runs the kind's own probes, when not the sample's caller (the gate on an
    exceptional access's reason needs a supervisor who does not follow the person)."""


S = "core.services."
KINDS: dict[str, Kind] = {
    # the audit log
    S + "audit_log.list_audit:user": Kind(FILTER, "a user's name to filter on; kept in the "
                                          "call's audit row, so bounded as a name", MAX_NAME),
    S + "audit_log.verify_audit:anchor": Kind(KEY, "N:HASH from audit head, parsed"),
    # sessions and tokens
    S + "auth.change_password:current": Kind(SECRET, "checked against the hash, never kept"),
    S + "auth.change_password:new": Kind(NEW_SECRET, "hashed: the password policy"),
    S + "auth.create_token:label": Kind(LINE, "the token's label, stored", MAX_LINE),
    S + "auth.create_token:scope": Kind(KEY, "one of the token scopes"),
    S + "auth.reauthenticate:password": Kind(SECRET, "checked against the hash, never kept"),
    # persons, notes, facts
    S + "persons.add_person:alias": Kind(NAME, "the alias, sealed", MAX_NAME),
    S + "persons.add_person:delegation": Kind(KEY, "one of the caller's delegation codes"),
    S + "persons.list_persons:delegation": Kind(KEY, "one of the caller's delegation codes"),
    S + "persons.count_persons:delegation": Kind(KEY, "one of the caller's delegation codes"),
    S + "deadlines.list_deadlines:delegation": Kind(KEY, "one of the caller's delegation codes"),
    S + "review.review_queue:delegation": Kind(KEY, "one of the caller's delegation codes"),
    S + "review.review_counts:delegation": Kind(KEY, "one of the caller's delegation codes"),
    S + "dropins.list_dropins:delegation": Kind(KEY, "one of the caller's delegation codes"),
    S + "dropin_visits.list_visits:dropin": Kind(KEY, "a drop-in's number, looked up"),
    S + "persons.show_person:person": Kind(KEY, "a number or an exact alias, looked up"),
    S + "persons.list_persons:search": Kind(FILTER, "matched against opened aliases"),
    S + "persons.list_persons:referent": Kind(FILTER, "a user's name to filter on"),
    S + "persons.list_persons:pathway_step": Kind(FILTER, "a step id to filter on"),
    S + "persons.list_persons:domain": Kind(FILTER, "a domain id to filter on"),
    S + "persons.count_persons:search": Kind(FILTER, "as list_persons"),
    S + "persons.count_persons:referent": Kind(FILTER, "as list_persons"),
    S + "persons.count_persons:pathway_step": Kind(FILTER, "as list_persons"),
    S + "persons.count_persons:domain": Kind(FILTER, "as list_persons"),
    S + "facts.person_facts:person": Kind(KEY, "a number or an exact alias, looked up"),
    S + "facts.person_facts:track": Kind(FILTER, "a track id or definition to filter on"),
    S + "facts.person_facts:reason": Kind(LINE, "an exceptional access's reason, kept in the "
                                          "audit row", MAX_REASON, user="sonia"),
    S + "consents.give_consent:person": Kind(KEY, "a number or an exact alias, looked up"),
    S + "consents.give_consent:purpose": Kind(KEY, "a purpose, or partage:PARTNER (gated as "
                                              "the partner)"),
    S + "consents.give_consent:partner": Kind(NAME, "the partner's name, sealed", MAX_NAME),
    S + "consents.withdraw_consent:person": Kind(KEY, "a number or an exact alias, looked up"),
    S + "consents.withdraw_consent:consent": Kind(KEY, "a consent number, looked up"),
    S + "consents.list_consents:person": Kind(KEY, "a number or an exact alias, looked up"),
    S + "person_export._export:person": Kind(KEY, "a number or an exact alias, looked up"),
    S + "person_export._export:path": Kind(PATH, "a new file, the caller's choice"),
    S + "person_export._export:fmt": Kind(KEY, "one of the export formats"),
    S + "person_export._export:partner": Kind(NAME, "a partner's name, matched against her "
                                              "consents and written in the export", MAX_NAME),
    S + "person_export._export:reason": Kind(LINE, "an exceptional access's reason, kept in "
                                             "the audit row", MAX_REASON),
    S + "person_export._export:tracks": Kind(KEY, "her démarches, each looked up by definition "
                                             "or number"),
    S + "notes.add_note:person": Kind(KEY, "a number or an exact alias, looked up"),
    S + "notes.add_note:text": Kind(BLOCK, "the note, sealed", MAX_NOTE),
    S + "notes.add_note:track": Kind(KEY, "an open track of hers, looked up"),
    S + "notes.add_note:sensitivity": Kind(KEY, "one of the note sensitivities"),
    S + "notes.list_notes:person": Kind(KEY, "a number or an exact alias, looked up"),
    S + "notes.list_notes:reason": Kind(LINE, "an exceptional access's reason, kept in the "
                                        "audit row", MAX_REASON, user="sonia"),
    # erasure, holds, retention
    S + "erasure.erase_person:person": Kind(KEY, "a number or an exact alias, looked up"),
    S + "erasure.erase_person:reason": Kind(LINE, "why, kept in the audit row", MAX_REASON),
    S + "erasure.erase_person:rule": Kind(KEY, "a retention rule id, checked as due"),
    S + "holds.place_hold:person": Kind(KEY, "a number or an exact alias, looked up"),
    S + "holds.place_hold:reason": Kind(LINE, "the hold's reason, sealed", MAX_REASON),
    S + "holds.lift_hold:person": Kind(KEY, "a number or an exact alias, looked up"),
    S + "retention.apply_item:key": Kind(KEY, "a due item's key, looked up"),
    # tracks
    S + "tracks.start_track:person": Kind(KEY, "a number or an exact alias, looked up"),
    S + "tracks.start_track:track": Kind(KEY, "a track definition id, looked up"),
    S + "tracks.list_actions:person": Kind(KEY, "a number or an exact alias, looked up"),
    S + "tracks.list_actions:track": Kind(KEY, "one of her tracks, looked up"),
    S + "tracks.list_actions:reason": Kind(LINE, "an exceptional access's reason, kept in the "
                                           "audit row", MAX_REASON, user="sonia"),
    S + "tracks.advance:person": Kind(KEY, "a number or an exact alias, looked up"),
    S + "tracks.advance:track": Kind(KEY, "one of her open tracks, looked up"),
    S + "tracks.advance:trigger": Kind(KEY, "a transition of the definition"),
    S + "tracks.advance:facts": Kind(FACTS, "the step's schema; texts through the gate"),
    S + "tracks.advance:note": Kind(BLOCK, "a restricted note, sealed", MAX_NOTE),
    S + "tracks.advance:reason": Kind(LINE, "an exceptional access's reason, kept in the "
                                      "audit row", MAX_REASON, user="sonia"),
    S + "tracks.referent_candidates:person": Kind(KEY, "a number or an exact alias, looked up"),
    S + "file_history.history:person": Kind(KEY, "a number or an exact alias, looked up"),
    S + "file_history.history:track": Kind(KEY, "one of her tracks, looked up"),
    S + "file_history.history:reason": Kind(LINE, "an exceptional access's reason, kept in the "
                                      "audit row", MAX_REASON, user="sonia"),
    S + "deadlines.list_deadlines:person": Kind(KEY, "a number or an exact alias, looked up"),
    S + "deadlines.list_deadlines:referent": Kind(FILTER, "a user's name to filter on"),
    S + "deadlines.list_deadlines:after": Kind(KEY, "the previous page's cursor, parsed"),
    S + "persons.list_persons:after": Kind(KEY, "the previous page's cursor, parsed"),
    # drop-ins
    S + "dropins.open_dropin:volunteers": Kind(NAME, "volunteers' names, stored", MAX_NAME),
    S + "dropins.open_dropin:delegation": Kind(KEY, "one of the caller's delegation codes"),
    S + "dropins.record_visit:dropin": Kind(KEY, "a drop-in number, looked up"),
    S + "dropins.record_visit:person": Kind(KEY, "a number or an exact alias, looked up"),
    S + "dropins.record_visit:needs": Kind(KEY, "domain ids, checked against the catalog"),
    S + "dropins.record_anonymous:dropin": Kind(KEY, "a drop-in number, looked up"),
    S + "dropins.record_anonymous:needs": Kind(KEY, "domain ids, checked against the catalog"),
    S + "dropins.close_dropin:dropin": Kind(KEY, "a drop-in number, looked up"),
    # supervision, reports, import
    S + "review.review_queue:kinds": Kind(KEY, "alert kinds, checked against the list"),
    S + "review.review_queue:referent": Kind(FILTER, "a user's name to filter on"),
    S + "review.review_queue:domain": Kind(FILTER, "a domain id to filter on"),
    S + "review.review_queue:after": Kind(KEY, "the previous page's cursor, parsed"),
    S + "review.review_counts:kinds": Kind(KEY, "as review_queue"),
    S + "review.review_counts:referent": Kind(FILTER, "as review_queue"),
    S + "review.review_counts:domain": Kind(FILTER, "as review_queue"),
    S + "demo_copies.copy_year:aliases": Kind(NAME, "the copies' aliases, sealed", MAX_NAME),
    S + "demo_copies.copy_year:code": Kind(KEY, "a demo delegation's code (demo-N), looked up, "
                                           "or created with that number"),
    S + "review_decisions.acknowledge:key": Kind(KEY, "an item's key, parsed and looked up"),
    S + "review_decisions.snooze:key": Kind(KEY, "an item's key, parsed and looked up"),
    S + "review_decisions.snooze:reason": Kind(LINE, "the snooze's reason, sealed", MAX_REASON),
    S + "review_decisions.reassign:key": Kind(KEY, "an item's key, parsed and looked up"),
    S + "review_decisions.reassign:referent": Kind(KEY, "a user of her delegation, looked up"),
    S + "review_decisions.comment:key": Kind(KEY, "an item's key, parsed and looked up"),
    S + "review_decisions.comment:text": Kind(BLOCK, "a restricted note, sealed", MAX_NOTE),
    S + "report.explain_figure:key": Kind(KEY, "a figure's key; kept in the audit row, so "
                                          "bounded as a line"),
    S + "report.export_report:fmt": Kind(KEY, "one of the export formats"),
    S + "report.activity_report:delegation": Kind(KEY, "one of the caller's delegation codes"),
    S + "users.list_users:delegation": Kind(KEY, "a delegation code (any, for an administrator)"),
    S + "report.explain_figure:delegation": Kind(KEY, "one of the caller's delegation codes"),
    S + "report.export_report:delegation": Kind(KEY, "one of the caller's delegation codes"),
    S + "report.export_report:path": Kind(PATH, "where the file goes, the caller's choice"),
    S + "importer._import:kind": Kind(KEY, "one of the import layouts"),
    S + "importer._import:delegation": Kind(KEY, "one of the caller's delegation codes"),
    # accounts and delegations
    S + "users.add_user:name": Kind(NAME, "the user's name, stored and shown", MAX_NAME),
    S + "users.add_user:role": Kind(KEY, "one of the roles"),
    S + "users.add_user:password": Kind(NEW_SECRET, "hashed: the password policy"),
    S + "users.add_user:delegations": Kind(KEY, "delegation codes, looked up"),
    S + "users.disable_user:name": Kind(KEY, "a user, looked up"),
    S + "users.set_role:name": Kind(KEY, "a user, looked up"),
    S + "users.set_role:role": Kind(KEY, "one of the roles"),
    S + "users.reset_password:name": Kind(KEY, "a user, looked up"),
    S + "users.reset_password:password": Kind(NEW_SECRET, "hashed: the password policy"),
    S + "users.set_delegations:name": Kind(KEY, "a user, looked up"),
    S + "users.set_delegations:codes": Kind(KEY, "delegation codes, looked up"),
    S + "users.add_delegation:code": Kind(CODE, "the new delegation's code: a-z, 0-9, -"),
    S + "users.add_delegation:label": Kind(NAME, "the delegation's name, stored", MAX_NAME),
    S + "users.add_delegation:holiday_subdivision": Kind(KEY, "a school-holiday zone"),
    S + "users.add_delegation:department": Kind(KEY, "a department number"),
    S + "users.record_agrement:code": Kind(KEY, "a delegation code, looked up"),
    S + "users.record_agrement:department": Kind(KEY, "a department number"),
}
"""Every text parameter of every service (``module.function:parameter``), and what it is."""

HOSTILE = ANY_TEXT
"""Refused whatever the parameter (passwords: see :func:`_expected`)."""
UNKNOWN = "inconnu-zz9"


def _probes(kind: Kind) -> dict[str, str]:
    """Each kind's own refusals, beyond :data:`HOSTILE`."""
    over = "x" * ((kind.limit or 0) + 1)
    return {
        NAME: {**{k: v for k, v in NAME_ONLY.items() if k != "81 caractères"},
               "tab": "Ami\tna", "one over the limit": over},
        LINE: {**LINE_ONLY, "one over the limit": over},
        BLOCK: {"lone carriage return": "ligne\rautre", "one over the limit": over},
        CODE: {"not a code": "Lyon Été", "line break": "lyon\nest", "too long": "a" * 31},
        KEY: {"unknown": UNKNOWN, "line break": "x\ny"},
        FILTER: {},
        PATH: {"no such folder": "/nonexistent-parcours-dir/rapport.csv"},
        FACTS: {"line break": "a\nb", "one over the limit": "x" * (MAX_LINE + 1)},
        SECRET: {},
        NEW_SECRET: {"weak": "abc", "line break": "Cheval-Correct\nPile-2026"},
    }[kind.kind]


_FRENCH = re.compile(r"[éèêàçô«»]|\b(le|la|les|de|du|des|un|une|est|pas|pour|au|aux)\b",
                     re.IGNORECASE)


def _expected(kind: Kind, label: str) -> tuple[type[ParcoursError], ...]:
    if kind.kind == SECRET and label not in ("caractère nul", "demi-caractère isolé",
                                             "un mégaoctet"):
        return (ParcoursError,)  # passes the door: a wrong password, refused as such
    if kind.kind in (KEY, CODE, PATH) and label in _probes(kind):
        return (ParcoursError,)  # unknown: NotFound, InputError or PermissionDenied
    return (InputError, InvalidFacts)


def _problems(world, entry: str, values: dict[str, str], *, only_refused: bool = True,
              ) -> list[str]:
    """Call the service with each value in place of the parameter; describe what went wrong."""
    path, name = entry.split(":")
    kind = KINDS[entry]
    call = captured(world, path)
    secret = kind.kind in (SECRET, NEW_SECRET)
    annotation = text_parameters()[entry]
    problems = []
    for label, text in values.items():
        for value in values_holding(annotation, text):
            user = kind.user if kind.user and label not in HOSTILE else call.user
            credential = fresh_credential(world.app, user) if secret else world.cred(user)
            before = fingerprint(world.app, sessions=not secret)
            args, kwargs = call.replaced(name, value)
            expected = _expected(kind, label) if only_refused else (ParcoursError,)
            try:
                REGISTRY[path](world.app, credential, *args, **kwargs)
            except expected as exc:
                if not _FRENCH.search(exc.msg) or "\n" in exc.msg.strip():
                    problems.append(f"{label}: not one French sentence: {exc.msg[:200]!r}")
            except ParcoursError as exc:
                problems.append(f"{label}: {type(exc).__name__} {exc.msg[:200]!r}")
            except Exception as exc:
                problems.append(f"{label}: unexpected {type(exc).__name__}: {str(exc)[:200]!r}")
            else:
                if only_refused:
                    problems.append(f"{label}: accepted")
            if fingerprint(world.app, sessions=not secret) != before:
                problems.append(f"{label}: something was written")
    return problems


def test_every_text_parameter_of_every_service_is_classified():
    found = set(text_parameters())
    missing = sorted(found - set(KINDS))
    stale = sorted(set(KINDS) - found)
    assert not missing, ("text parameters with no row in KINDS (say what each is, and make "
                         f"sure the service gates it): {missing}")
    assert not stale, f"rows of KINDS for parameters that no longer exist: {stale}"


def test_every_stored_text_has_a_limit():
    assert [e for e, k in KINDS.items() if k.kind in (NAME, LINE, BLOCK) and not k.limit] == []


@pytest.mark.parametrize("entry", sorted(KINDS))
def test_hostile_text_is_refused_in_french_and_nothing_is_written(world, entry):
    assert _problems(world, entry, HOSTILE) == []


@pytest.mark.parametrize("entry", sorted(e for e, k in KINDS.items() if _probes(k)))
def test_each_kind_refuses_what_its_own_rules_refuse(world, entry):
    assert _problems(world, entry, _probes(KINDS[entry])) == []


@pytest.mark.parametrize("entry", sorted(e for e, k in KINDS.items() if k.kind == FILTER))
def test_filters_never_fail_unexpectedly(world, entry):
    """A read filter may find nothing; it never fails with anything but a French refusal."""
    odd = {"line break": "a\nb", "unknown": UNKNOWN, "wildcards": "%_", "long": "é" * 5000}
    assert _problems(world, entry, odd, only_refused=False) == []
