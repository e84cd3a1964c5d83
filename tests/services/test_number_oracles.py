"""A number outside the caller's scope is refused exactly as a number that does not exist.

A review decision names an item by a key its caller can type (``overdue:deadline:12``), and a
withdrawal names a consent by its number. The refusals told them apart: a comment on a forged
key was written on any deadline or track of the delegation, refused elsewhere, so that a
referent learned, number by number, which persons she does not follow have deadlines and case
tracks (and wrote on their files); a withdrawal of another purpose's consent answered by its
data class (« informations sensibles » for a sharing consent, « détail » for a statistics
one), which told her what the person consented to. Each attempt here is compared with the
same call on a number that does not exist: same class, same words, same exit code, same audit
row.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import func, select

from core import services as svc
from core.cli.main import _exit_code
from core.errors import NotFound, ParcoursError
from core.persistence.access_models import AuditEntry
from core.persistence.models import Consent, Deadline, Person, Track
from core.services.review_items import KIND_ORDER
from tests.accounts import PASSWORD, add_followed, follow, who, with_clock
from tests.services.conftest import walk_psp_to_authorised

Attempt = Callable[[Any], Any]
SENT = [("signer_document", {"date_signature_document": "2026-03-02"}),
        ("constituer_dossier", {"piece_identite": "oui", "attestation_cessation": "oui",
                                "domiciliation": "oui"}),
        ("transmettre", {"date_envoi": "2026-03-05"})]
"""A PSP file sent to the commission: its track waits for an answer."""


@pytest.fixture
def world(app) -> dict[str, Any]:
    """Two delegations, each with a person whose authorised PSP track runs deadlines and who
    consented to every purpose; rachid, a referent of the first, follows neither."""
    admin = who(app, "admin")
    svc.add_delegation(app, admin, "lyon", "Lyon")
    svc.add_user(app, admin, "yann", "superviseur", PASSWORD, ["lyon"])
    svc.add_user(app, admin, "rachid", "referent", PASSWORD, ["principale"])
    abroad = svc.add_person(app, who(app, "yann"), "Noémie").id
    follow(app, abroad, "yann")
    home = add_followed(app)  # camille's
    for person, referent in ((abroad, "yann"), (home, "camille")):
        _fill(app, person, referent)
    return {"app": app, "home": home, "abroad": abroad, "missing": _missing(app)}


def _fill(app, person: int, referent: str) -> None:
    credential = who(app, referent)
    svc.give_consent(app, credential, person, "partage", partner="PASS de Roubaix")
    svc.give_consent(app, credential, person, "statistiques")
    svc.start_track(app, credential, person, "psp")
    walk_psp_to_authorised(app, person, by=referent)


def _missing(app) -> int:
    """A number no row of any table here bears."""
    with app.db.read() as session:
        return 1 + max(session.scalar(select(func.max(column))) or 0 for column in (
            Deadline.id, Track.id, Person.id, Consent.id, AuditEntry.seq)) + 1_000


def _rows(app, model: Any, person: int, **where: Any) -> list[int]:
    with app.db.read() as session:
        return list(session.scalars(select(model.id).where(
            model.person_id == person, *(getattr(model, k) == v for k, v in where.items()))))


def _last_audit(app) -> tuple:
    with app.db.read() as session:
        row = session.scalars(select(AuditEntry).order_by(AuditEntry.seq.desc()).limit(1)).one()
        return row.operation, row.outcome, row.reason, row.person_id, row.target, row.detail


def _refusal(app, attempt: Attempt, typed: Any) -> tuple:
    """What refusing ``attempt(typed)`` answers and leaves behind, what was typed put aside
    (each message quotes it back)."""
    with pytest.raises(ParcoursError) as caught:
        attempt(typed)
    error = caught.value
    return (type(error), str(error).replace(str(typed), "…"), _exit_code(error),
            _last_audit(app))


def _same_as_missing(app, attempt: Attempt, shape: Callable[[int], Any], numbers: list[int],
                     missing: int) -> None:
    """Each of ``numbers`` is refused exactly as ``missing``, a number that does not exist."""
    expected = _refusal(app, attempt, shape(missing))
    assert expected[0] is NotFound
    for number in numbers:
        assert _refusal(app, attempt, shape(number)) == expected, number


def _deadline_key(number: int) -> str:
    return f"overdue:deadline:{number}"


def _track_key(number: int) -> str:
    return f"stalled:track:{number}:connue:2026-03-10"


# --- review decisions ---------------------------------------------------------------------------

def test_a_comment_on_a_file_she_does_not_follow_is_refused_as_a_missing_item(world):
    """rachid reads the front desk of camille's person, not her deadlines or case tracks."""
    app, home, abroad = world["app"], world["home"], world["abroad"]
    rachid = who(app, "rachid")

    def attempt(key: str) -> None:
        svc.comment(app, rachid, key, "Relance faite")
    for shape, model in ((_deadline_key, Deadline), (_track_key, Track)):
        numbers = _rows(app, model, home) + _rows(app, model, abroad)
        assert numbers
        _same_as_missing(app, attempt, shape, numbers, world["missing"])


def test_a_supervisor_s_comment_tells_nothing_of_another_delegation(world):
    app, abroad = world["app"], world["abroad"]
    sonia = who(app, "sonia")

    def attempt(key: str) -> None:
        svc.comment(app, sonia, key, "Relance faite")
    _same_as_missing(app, attempt, _deadline_key, _rows(app, Deadline, abroad),
                     world["missing"])
    _same_as_missing(app, attempt, _track_key, _rows(app, Track, abroad), world["missing"])
    _same_as_missing(app, attempt, lambda n: f"no_referent:person:{n}", [abroad],
                     world["missing"])


def test_a_forged_key_on_her_own_delegation_is_refused_as_a_missing_item(world):
    """A key names an item of its kind: a track's number under a deadline's kind, a
    deadline's under a person's, or an audit row that is no exceptional access, is no item,
    whoever's file it is in."""
    app, home = world["app"], world["home"]
    sonia = who(app, "sonia")
    with app.db.read() as session:
        ordinary = session.scalars(select(AuditEntry.seq).where(
            AuditEntry.person_id == home, AuditEntry.reason.is_(None))).first()
    forged = [(lambda n: f"overdue:track:{n}", _rows(app, Track, home)),
              (lambda n: f"no_contact:deadline:{n}:2026-03-10", _rows(app, Deadline, home)),
              (lambda n: f"exceptional_access:audit:{n}", [ordinary])]
    for decide in _decisions(app, sonia):
        for shape, numbers in forged:
            _same_as_missing(app, decide, shape, numbers, world["missing"])


def test_decisions_tell_nothing_of_another_delegation(world):
    app, abroad = world["app"], world["abroad"]
    sonia = who(app, "sonia")
    for decide in _decisions(app, sonia):
        _same_as_missing(app, decide, _deadline_key, _rows(app, Deadline, abroad),
                         world["missing"])
        _same_as_missing(app, decide, _track_key, _rows(app, Track, abroad), world["missing"])


def _decisions(app, credential: Any) -> list[Attempt]:
    later = app.today() + timedelta(days=7)
    return [lambda key: svc.acknowledge(app, credential, key),
            lambda key: svc.snooze(app, credential, key, later, "Attend la préfecture"),
            lambda key: svc.reassign(app, credential, key, "camille"),
            lambda key: svc.comment(app, credential, key, "Relance faite")]


def test_an_exceptional_access_is_an_item_for_supervisors_only(world):
    """camille follows the person, but her queue shows no exceptional access: its key is
    refused to her as a missing one."""
    app, home = world["app"], world["home"]
    svc.add_note(app, who(app, "camille"), home, "récit confié", sensitivity="restricted")
    svc.add_user(app, who(app, "admin"), "sara", "superviseur", PASSWORD, ["principale"])
    assert svc.list_notes(app, who(app, "sara"), home, reason="vérification")
    [item] = svc.review_queue(app, who(app, "sonia"), kinds={"exceptional_access"})
    camille = who(app, "camille")

    def attempt(key: str) -> None:
        svc.comment(app, camille, key, "Relance faite")
    seq = int(item.key.split(":")[2])
    _same_as_missing(app, attempt, lambda n: f"exceptional_access:audit:{n}", [seq],
                     world["missing"])
    svc.comment(app, who(app, "sonia"), item.key, "Vu avec sara")


def test_the_items_a_queue_shows_are_still_decided(world):
    """A front-desk item about a person she does not follow, her own person's deadline, a
    supervisor's track and deadline: decided as before."""
    app, home = world["app"], world["home"]
    unfollowed = svc.add_person(app, who(app, "bea"), "Sans Suivi").id
    rachid, camille = who(app, "rachid"), who(app, "camille")
    svc.comment(app, rachid, f"no_referent:person:{unfollowed}", "Vue à la permanence")
    [deadline, *_] = _rows(app, Deadline, home)
    svc.comment(app, camille, _deadline_key(deadline), "Relance faite")
    [track, *_] = _rows(app, Track, home, definition_id="psp")
    svc.snooze(app, who(app, "sonia"), _track_key(track), app.today() + timedelta(days=7),
               "Attend la préfecture")
    svc.reassign(app, who(app, "sonia"), _deadline_key(deadline), "camille")


# --- consents -------------------------------------------------------------------------------

def test_a_withdrawal_tells_nothing_of_other_purposes_or_persons(world):
    """rachid may withdraw her consent to follow-up (front desk), and no other: a sharing or
    statistics consent's number, or another person's, is refused as a missing one."""
    app, home, abroad = world["app"], world["home"], world["abroad"]
    rachid = who(app, "rachid")
    other = svc.add_person(app, who(app, "bea"), "Autre").id
    svc.give_consent(app, who(app, "sonia"), other, "suivi")

    def attempt(number: int) -> None:
        svc.withdraw_consent(app, rachid, home, number)
    numbers = (_rows(app, Consent, home, purpose="partage")
               + _rows(app, Consent, home, purpose="statistiques")
               + _rows(app, Consent, abroad) + _rows(app, Consent, other))
    assert len(numbers) == 6
    _same_as_missing(app, attempt, int, numbers, world["missing"])
    [suivi] = _rows(app, Consent, home, purpose="suivi")
    assert svc.withdraw_consent(app, rachid, home, suivi).status == "withdrawn"


def test_her_referent_still_withdraws_every_purpose(world):
    app, home = world["app"], world["home"]
    camille = who(app, "camille")
    for purpose in ("partage", "statistiques"):
        [number] = _rows(app, Consent, home, purpose=purpose)
        assert svc.withdraw_consent(app, camille, home, number).status == "withdrawn"


def test_every_item_a_queue_shows_is_one_its_key_names(world):
    """The keys the queue builds (review_items) are of the shapes a decision accepts: every
    item a supervisor's or a referent's queue shows, of each kind, is commented."""
    app, home = world["app"], world["home"]
    svc.add_note(app, who(app, "camille"), home, "récit confié", sensitivity="restricted")
    assert svc.list_notes(app, who(app, "sonia"), home, reason="vérification")
    unreferred = svc.add_person(app, who(app, "bea"), "Sans Référente").id
    svc.start_track(app, who(app, "sonia"), unreferred, "psp")  # followed, with no referent
    waiting = add_followed(app, "Attente")
    svc.start_track(app, who(app, "camille"), waiting, "psp")
    for trigger, facts in SENT:
        svc.advance(app, who(app, "camille"), waiting, "psp", trigger, facts=facts)
    seen = set()
    for days in (0, 150, 200, 1200):
        later = with_clock(app, app.today() + timedelta(days=days))
        for name in ("sonia", "camille"):
            for item in svc.review_queue(later, who(later, name)):
                svc.comment(later, who(later, name), item.key, "Vu")
                seen.add(item.kind)
    assert seen == set(KIND_ORDER)
