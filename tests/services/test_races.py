"""Two users at once on one PostgreSQL base: races made deterministic.

The first call is held at a chosen point of its transaction (after it has read what it
checks) until the second call has either finished or is waiting for a lock the first one
holds (seen in ``pg_stat_activity``); then it goes on. Whatever the order the database lets
them take, the outcome must be one that the two calls made one after the other give.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any

import pytest
from sqlalchemy import func, select, text

from core import services as svc
from core.errors import InputError, NotFound, ParcoursError, PermissionDenied
from core.persistence.models import DropIn, Note, Person, PersonHold, Track, Visit
from core.services import holds, import_persons, import_register, records
from core.services.import_model import ImportRejected
from core.services.importer import import_bytes
from tests.accounts import PASSWORD, who
from tests.importer.conftest import PEOPLE, REGISTER, to_csv

pytestmark = pytest.mark.pg

WAIT = 20.0
"""Seconds the held call waits at most for the other one to finish or queue."""


def _waiting_for_a_lock(app) -> bool:
    with app.db.engine.connect() as connection:
        return bool(connection.scalar(text(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
            "AND wait_event_type = 'Lock' AND pid <> pg_backend_pid()")))


def race(app, monkeypatch, module: Any, name: str, first: Callable[[], Any],
         second: Callable[[], Any]) -> tuple[Any, Any]:
    """Run ``first`` in a thread, held right after its call of ``module.name`` until
    ``second`` (in another thread) has finished or waits for a lock; each result or error."""
    real = getattr(module, name)
    second_done = threading.Event()
    reached = threading.Event()

    def held(*args: Any, **kwargs: Any) -> Any:
        answer = real(*args, **kwargs)
        if threading.current_thread().name == "first" and not reached.is_set():
            reached.set()
            deadline = time.monotonic() + WAIT
            while not second_done.is_set() and not _waiting_for_a_lock(app):
                assert time.monotonic() < deadline, "the second call neither ended nor waited"
                time.sleep(0.02)
        return answer

    monkeypatch.setattr(module, name, held)
    results: dict[str, Any] = {}

    def run(label: str, body: Callable[[], Any]) -> None:
        try:
            results[label] = body()
        except ParcoursError as exc:  # what the user is told: checked by the test
            results[label] = exc
        finally:
            if label == "second":
                second_done.set()

    one = threading.Thread(name="first", target=run, args=("first", first))
    one.start()
    assert reached.wait(WAIT), "the first call never reached the point where it is held"
    two = threading.Thread(name="second", target=run, args=("second", second))
    two.start()
    one.join(WAIT * 2)
    two.join(WAIT * 2)
    assert not one.is_alive() and not two.is_alive()
    return results["first"], results["second"]


def _failed(result: Any) -> bool:
    return isinstance(result, ParcoursError)


def test_an_erasure_and_a_legal_hold_at_once_never_both_succeed(pg_app, monkeypatch):
    """Erasing her checks that no hold stands; a hold placed meanwhile must either refuse the
    erasure or be refused itself (she is erased): never a hold reported placed and then
    deleted by the erasure, or left on an erased person."""
    app = pg_app
    person = svc.add_person(app, who(app, "sonia"), "Amina").id
    svc.reauthenticate(app, who(app, "sonia"), PASSWORD)
    erased, held = race(
        app, monkeypatch, holds, "active",
        lambda: svc.erase_person(app, who(app, "sonia"), person, "demande de la personne"),
        lambda: svc.place_hold(app, who(app, "sonia"), person, "procédure en cours"))
    assert _failed(erased) != _failed(held), (erased, held)
    with app.db.read() as session:
        gone = session.scalar(select(Person.erased_at).where(Person.id == person)) is not None
        standing = session.scalar(select(func.count()).select_from(PersonHold).where(
            PersonHold.person_id == person, PersonHold.lifted_at.is_(None)))
    if gone:
        assert isinstance(held, NotFound) and standing == 0, held
    else:
        assert isinstance(erased, PermissionDenied) and standing == 1, erased


def test_two_holds_at_once_leave_one(pg_app, monkeypatch):
    app = pg_app
    person = svc.add_person(app, who(app, "sonia"), "Amina").id
    first, second = race(
        app, monkeypatch, holds, "active",
        lambda: svc.place_hold(app, who(app, "sonia"), person, "procédure en cours"),
        lambda: svc.place_hold(app, who(app, "sonia"), person, "autre procédure"))
    assert not _failed(first) and isinstance(second, InputError), (first, second)
    with app.db.read() as session:
        assert session.scalar(select(func.count()).select_from(PersonHold).where(
            PersonHold.person_id == person)) == 1


def test_the_same_track_started_twice_at_once_is_opened_once(pg_app, monkeypatch):
    """``track start`` returns the open track when there is one; two at once must not open
    two tracks of one definition for her."""
    app = pg_app
    person = svc.add_person(app, who(app, "camille"), "Amina").id
    svc.give_consent(app, who(app, "camille"), person, "suivi", given_on=app.today())
    svc.advance(app, who(app, "camille"), person, "parcours", "suivre",
                facts={"referent": "camille"})
    first, second = race(
        app, monkeypatch, records, "open_tracks",
        lambda: svc.start_track(app, who(app, "camille"), person, "psp"),
        lambda: svc.start_track(app, who(app, "camille"), person, "psp"))
    assert not _failed(first) and not _failed(second), (first, second)
    assert first.id == second.id and [first.created, second.created].count(True) == 1
    with app.db.read() as session:
        assert session.scalar(select(func.count()).select_from(Track).where(
            Track.person_id == person, Track.definition_id == "psp")) == 1


def _one_refused_as_existing(first: object, second: object) -> ImportRejected:
    """Of two imports raced, exactly one refused, every issue an « existe déjà »."""
    assert _failed(first) != _failed(second), (first, second)
    refused = first if _failed(first) else second
    assert isinstance(refused, ImportRejected) and all(
        "existe déjà" in issue.message for issue in refused.issues), refused
    return refused


def test_one_register_imported_twice_at_once_is_written_once(pg_app, monkeypatch):
    app = pg_app
    for alias in ("Amina", "Rose", "Éloïse"):
        svc.add_person(app, who(app, "bea"), alias)
    data = to_csv(REGISTER)
    first, second = race(
        app, monkeypatch, import_register, "_against_database",
        lambda: import_bytes(app, who(app, "sonia"), "registre", data, "registre.csv"),
        lambda: import_bytes(app, who(app, "sonia"), "registre", data, "registre.csv"))
    _one_refused_as_existing(first, second)
    with app.db.read() as session:
        assert session.scalar(select(func.count()).select_from(DropIn)) == 3
        assert session.scalar(select(func.count()).select_from(Visit)) == 7


def test_one_person_list_imported_twice_at_once_adds_each_person_once(pg_app, monkeypatch):
    app = pg_app
    data = to_csv(PEOPLE)
    first, second = race(
        app, monkeypatch, import_persons, "persons_by_key",
        lambda: import_bytes(app, who(app, "sonia"), "personnes", data, "personnes.csv"),
        lambda: import_bytes(app, who(app, "sonia"), "personnes", data, "personnes.csv"))
    assert len(_one_refused_as_existing(first, second).issues) == 3
    with app.db.read() as session:
        assert session.scalar(select(func.count()).select_from(Person)) == 3


def _followed(app) -> int:
    person = svc.add_person(app, who(app, "camille"), "Amina").id
    svc.give_consent(app, who(app, "camille"), person, "suivi", given_on=app.today())
    svc.advance(app, who(app, "camille"), person, "parcours", "suivre",
                facts={"referent": "camille"})
    svc.reauthenticate(app, who(app, "sonia"), PASSWORD)
    return person


def _erasing(app, person: int) -> Callable[[], Any]:
    return lambda: svc.erase_person(app, who(app, "sonia"), person, "demande de la personne")


def test_a_note_written_while_she_is_erased_never_lands_after_the_erasure(pg_app, monkeypatch):
    """The note read her row and her key before the erasure committed, then wrote after it:
    a note about an erased person, sealed with her destroyed key, its author and date in
    clear. It now waits for the erasure, and is refused as about an unknown person."""
    app = pg_app
    person = _followed(app)
    erased, noted = race(app, monkeypatch, holds, "active", _erasing(app, person),
                         lambda: svc.add_note(app, who(app, "camille"), person, "Vue ce jour"))
    assert not _failed(erased) and isinstance(noted, NotFound), (erased, noted)
    with app.db.read() as session:
        assert session.scalar(select(func.count()).select_from(Note).where(
            Note.person_id == person)) == 0


def test_a_step_taken_while_she_is_erased_is_refused(pg_app, monkeypatch):
    app = pg_app
    person = _followed(app)
    erased, moved = race(app, monkeypatch, holds, "active", _erasing(app, person),
                         lambda: svc.advance(app, who(app, "camille"), person, "parcours",
                                             "mettre_en_pause"))
    assert not _failed(erased) and isinstance(moved, NotFound), (erased, moved)
    with app.db.read() as session:
        assert session.scalar(select(func.count()).select_from(Track).where(
            Track.person_id == person, Track.step == "en_pause")) == 0


def test_a_reassignment_decided_while_she_is_erased_gives_her_no_referent(pg_app, monkeypatch):
    """The supervisor's reassignment read her before the erasure committed and wrote her new
    referent after it, with that name in clear in its event."""
    app = pg_app
    person = _followed(app)
    key = f"no_referent:person:{person}"
    erased, moved = race(app, monkeypatch, holds, "active", _erasing(app, person),
                         lambda: svc.reassign(app, who(app, "sonia"), key, "sonia"))
    assert not _failed(erased) and isinstance(moved, NotFound), (erased, moved)
    with app.db.read() as session:
        assert session.scalar(select(Person.referent_id).where(Person.id == person)) is None


def test_two_visits_counted_at_once_on_one_month_both_count(pg_app, monkeypatch):
    """Two anonymous visits at one drop-in add to the same aggregate rows (delegation, month,
    figure): the second waits for the first's upsert, then adds to it; neither is lost, and
    the rows are what a rebuild computes."""
    from core.services import dropins, report_aggregates
    app = pg_app
    dropin = svc.open_dropin(app, who(app, "bea"), app.today()).id
    first, second = race(app, monkeypatch, dropins, "run_writes",
                         lambda: svc.record_anonymous(app, who(app, "bea"), dropin, 2),
                         lambda: svc.record_anonymous(app, who(app, "bea"), dropin, 5))
    assert not _failed(first) and not _failed(second), (first, second)
    with app.db.read() as session:
        assert report_aggregates.differences(session, 1) == 0
        totals, _ = report_aggregates.totals(session, "0000-01", "9999-12", None)
    assert (totals["visits_anonymous"], totals["anonymous_rows"]) == (7, 2)


def test_a_number_of_another_delegation_is_refused_without_waiting_for_her_writers(pg_app):
    """``advance`` locked the row of the number it was given before checking that the
    person is the caller's: a user of another delegation waited for that person's writers,
    and learnt when she was being written about, before being told « introuvable »."""
    app = pg_app
    admin = who(app, "admin")
    svc.add_delegation(app, admin, "lyon", "Lyon")
    svc.add_user(app, admin, "lucie", "referent", PASSWORD, delegations=["lyon"])
    person = _followed(app)
    lucie = svc.Credential(svc.sign_in(app, "lucie", PASSWORD).secret)
    with app.db.engine.connect() as holder, holder.begin():
        holder.execute(select(Person.id).where(Person.id == person).with_for_update())
        answers: list[object] = []

        def attempt() -> None:
            try:
                svc.advance(app, lucie, person, "parcours", "mettre_en_pause")
            except ParcoursError as exc:
                answers.append(exc)
        thread = threading.Thread(target=attempt)
        thread.start()
        thread.join(5)
        waited = thread.is_alive()
    thread.join(WAIT)
    assert not waited, "the other delegation's call waited for her row"
    assert len(answers) == 1 and isinstance(answers[0], NotFound), answers


@pytest.mark.parametrize("anonymous", [False, True])
def test_a_visit_recorded_while_the_drop_in_closes_is_in_its_summary(pg_app, monkeypatch,
                                                                     anonymous):
    """The visit read the drop-in open, then the closing froze its summary and committed
    before the visit did: a visit at a closed drop-in, missing from the summary kept."""
    from core.services import dropins
    app = pg_app
    person = svc.add_person(app, who(app, "bea"), "Amina").id
    dropin = svc.open_dropin(app, who(app, "bea"), app.today()).id
    visit = ((lambda: svc.record_anonymous(app, who(app, "bea"), dropin, 2)) if anonymous
             else (lambda: svc.record_visit(app, who(app, "bea"), dropin, person)))
    recorded, closed = race(app, monkeypatch, dropins, "_open", visit,
                            lambda: svc.close_dropin(app, who(app, "bea"), dropin))
    assert not _failed(closed), closed
    with app.db.read() as session:
        rows = session.scalars(select(Visit).where(Visit.dropin_id == dropin)).all()
    summary = closed.summary
    assert (summary.anonymous, summary.visits) == (
        sum(v.count for v in rows if v.person_id is None),
        len([v for v in rows if v.person_id is not None])), (recorded, summary, rows)
    assert rows or isinstance(recorded, InputError), recorded


def test_wrong_confirmations_sent_together_still_end_the_session_at_the_limit(pg_app,
                                                                            monkeypatch):
    """Each confirmation counted the session's refused ones before its own was recorded:
    sent together, they all read the same count, and none ended the session, so that a
    workstation left signed in gave as many guesses at the password as calls sent at once."""
    from core.errors import NotAuthenticated
    from core.services import auth
    app = pg_app
    credential = who(app, "camille")
    limit = app.security.failures_before_lock
    for _ in range(limit - 2):
        with pytest.raises(PermissionDenied):
            svc.reauthenticate(app, credential, "pas le bon")
    first, second = race(app, monkeypatch, auth, "_recent_password_failures",
                         lambda: svc.reauthenticate(app, credential, "pas le bon"),
                         lambda: svc.reauthenticate(app, credential, "toujours pas"))
    assert type(first) is PermissionDenied and type(second) is NotAuthenticated, (first, second)
    with pytest.raises(NotAuthenticated):
        svc.whoami(app, credential)


@pytest.mark.parametrize("names", [("Lucie", "Lucie"), ("Lucie", "lucie")])
def test_one_name_added_by_two_administrators_at_once_makes_one_account(pg_app, monkeypatch,
                                                                          names):
    """Each looked for the name (up to case) before either added it: « Lucie » and « lucie »
    made two accounts of one colleague, and the same name twice a bare refusal of the base."""
    from core import messages as M
    from core.persistence.models import User
    from core.services import users
    app = pg_app
    first, second = race(
        app, monkeypatch, users, "same_name",
        lambda: svc.add_user(app, who(app, "admin"), names[0], "referent", PASSWORD),
        lambda: svc.add_user(app, who(app, "admin"), names[1], "referent", PASSWORD))
    assert not _failed(first) and isinstance(second, InputError), (first, second)
    assert str(second) == M.USER_EXISTS.format(name="Lucie"), second
    with app.db.read() as session:
        assert session.scalar(select(func.count()).select_from(User).where(
            func.lower(User.name) == "lucie")) == 1


def test_two_look_alike_names_added_at_once_make_one_account(pg_app, monkeypatch):
    """« oriane » and « оriane » (a Cyrillic letter) added at once: each looked for a name that
    reads alike before either was added, so both were made (the lock held names up to case
    only)."""
    from core import messages as M
    from core.services import users
    app = pg_app
    first, second = race(
        app, monkeypatch, users, "looks_like",
        lambda: svc.add_user(app, who(app, "admin"), "oriane", "referent", PASSWORD),
        lambda: svc.add_user(app, who(app, "admin"), "\u043eriane", "referent", PASSWORD))
    assert not _failed(first) and isinstance(second, InputError), (first, second)
    assert str(second) == M.USER_LOOKS_LIKE.format(name="\u043eriane", other="oriane"), second
    assert [u.name for u in svc.list_users(app, who(app, "admin")) if "riane" in u.name] \
        == ["oriane"]


def test_two_rebuilds_of_the_figures_at_once_both_end_with_the_right_rows(pg_app, monkeypatch):
    """The second deleted the rows it saw, not those the first wrote meanwhile, then wrote
    them again: refused with the base's bare « un élément identique existe déjà »."""
    from core.services import report_aggregates
    app = pg_app
    dropin = svc.open_dropin(app, who(app, "bea"), app.today()).id
    svc.record_anonymous(app, who(app, "bea"), dropin, 3)
    first, second = race(app, monkeypatch, report_aggregates, "rebuild",
                         lambda: svc.rebuild_aggregates(app, who(app, "admin")),
                         lambda: svc.rebuild_aggregates(app, who(app, "admin")))
    assert not _failed(first) and not _failed(second), (first, second)
    with app.db.read() as session:
        assert report_aggregates.differences(session, 1) == 0


def test_a_visit_recorded_while_retention_erases_her_keeps_her(pg_app, monkeypatch):
    """Retention read her row (her last contact two years ago), then waited for her lock
    while her visit was recorded: it checked the rule on the row as read before the visit,
    and erased a person who had just come back."""
    from datetime import date

    from core.services import access
    from tests.accounts import reauth, with_clock
    app = pg_app
    person = svc.add_person(with_clock(app, date(2024, 1, 10)), who(app, "camille"), "Revenue",
                            first_visit=date(2024, 1, 10)).id
    later = with_clock(app, date(2026, 2, 1))
    sonia = reauth(later, "sonia")
    dropin = svc.open_dropin(later, who(later, "bea"), date(2026, 1, 31)).id
    erased, came = race(later, monkeypatch, access, "grant",
                        lambda: svc.erase_person(later, sonia, person, "fin de conservation",
                                                 rule="R1"),
                        lambda: svc.record_visit(later, who(later, "bea"), dropin, person))
    assert _failed(erased) != _failed(came), (erased, came)
    with app.db.read() as session:
        gone = session.scalar(select(Person.erased_at).where(Person.id == person)) is not None
    assert gone == _failed(came), (erased, came)


@pytest.mark.parametrize("demote", [False, True])
def test_two_administrators_disabling_each_other_at_once_leave_one(pg_app, monkeypatch, demote):
    """Each checked that another administrator would remain, before the other's change
    committed: both went, and the association was left with no administrator at all."""
    from core import messages as M
    from core.persistence.models import User
    from core.services import users
    app = pg_app
    svc.add_user(app, who(app, "admin"), "alex", "admin", PASSWORD)
    alex = svc.Credential(svc.sign_in(app, "alex", PASSWORD).secret)

    def remove(credential, name):
        if demote:
            return lambda: svc.set_role(app, credential, name, "superviseur")
        return lambda: svc.disable_user(app, credential, name)
    first, second = race(app, monkeypatch, users, "_not_last_admin",
                         remove(who(app, "admin"), "alex"), remove(alex, "admin"))
    assert not _failed(first) and isinstance(second, InputError), (first, second)
    assert str(second) == M.USER_LAST_ADMIN, second
    with app.db.read() as session:
        assert session.scalar(select(func.count()).select_from(User).where(
            User.role == "admin", User.active.is_(True))) == 1


def _reassigned_while(app, monkeypatch, person: int,
                      write: Callable[[], Any]) -> tuple[Any, Any]:
    """Her reassignment from camille to sonia, held once it locked her row, against
    ``write``: the write waits for that lock, and the reassignment commits first."""
    from core.services import access
    key = f"no_referent:person:{person}"
    return race(app, monkeypatch, access, "lock",
                lambda: svc.reassign(app, who(app, "sonia"), key, "sonia"), write)


@pytest.mark.parametrize("write", ["advance", "consent"])
def test_her_former_referent_is_refused_once_the_reassignment_committed(pg_app, monkeypatch,
                                                                         write):
    """The write read her row (camille her referent), then waited for the lock the
    reassignment held: it went on as her referent once another one was named, recording a
    step of her case, or her consent, as a colleague of the delegation may not."""
    app = pg_app
    person = _followed(app)
    svc.start_track(app, who(app, "camille"), person, "psp")
    camille = who(app, "camille")
    if write == "advance":
        body = lambda: svc.advance(app, camille, person, "psp",  # noqa: E731
                                   "signer_document",
                                   facts={"date_signature_document": "2026-03-01"})
    else:
        body = lambda: svc.give_consent(app, camille, person, "statistiques",  # noqa: E731
                                        given_on=app.today())
    moved, written = _reassigned_while(app, monkeypatch, person, body)
    assert not _failed(moved), moved
    assert isinstance(written, PermissionDenied), written
    with app.db.read() as session:
        assert session.scalar(select(func.count()).select_from(Track).where(
            Track.person_id == person, Track.step != "evaluation_besoins",
            Track.definition_id == "psp")) == 0


def test_a_visit_recorded_while_her_row_changes_is_not_refused_as_stale(pg_app, monkeypatch):
    """The visit read her row, then waited for the lock her reassignment held: once that had
    committed, her first visit's day was written against the version read before, and the
    visit refused with « Ce dossier a été modifié… rechargez-le », though nothing it read of
    her had changed and a retry went through."""
    from core.persistence.models import User
    app = pg_app
    person = _followed(app)
    dropin = svc.open_dropin(app, who(app, "bea"), app.today()).id
    moved, visited = _reassigned_while(
        app, monkeypatch, person, lambda: svc.record_visit(app, who(app, "bea"), dropin, person))
    assert not _failed(moved) and not _failed(visited), (moved, visited)
    with app.db.read() as session:
        row = session.get_one(Person, person)
        referent = session.scalar(select(User.name).where(User.id == row.referent_id))
        assert (row.first_visit, referent) == (app.today(), "sonia")


def test_an_erasure_reason_is_checked_against_the_alias_committed_while_it_waited(pg_app):
    """Her alias changed by a write that held her row while the erasure waited for it: the
    reason was checked against the alias read before the wait (« Amina »), and « demande de
    Noémie » erased the person now called Noémie."""
    from core import messages as M
    from core.services import access, aliases
    from core.services.principal import authenticate
    from core.services.registry import unit_of_work
    app = pg_app
    person = svc.add_person(app, who(app, "camille"), "Amina").id
    sonia = who(app, "sonia")
    svc.reauthenticate(app, sonia, PASSWORD)
    answers: list[object] = []

    def erase() -> None:
        try:
            answers.append(svc.erase_person(app, sonia, person, "demande de Noémie"))
        except ParcoursError as exc:
            answers.append(exc)
    with app.db.read() as session:
        principal = authenticate(session, who(app, "camille"), app.now())
    with unit_of_work(app, principal) as call:
        aliases.write(call, access.find(call, person, write=True), "Noémie")
        thread = threading.Thread(target=erase)
        thread.start()
        deadline = time.monotonic() + WAIT
        while not _waiting_for_a_lock(app):
            assert time.monotonic() < deadline, "the erasure did not wait for her row"
            time.sleep(0.02)
    thread.join(WAIT)
    assert len(answers) == 1 and isinstance(answers[0], InputError), answers
    assert str(answers[0]) == M.ERASE_REASON_NAMES_HER, answers[0]


def test_two_prunings_of_the_audit_log_at_once_raise_no_false_alarm(pg_app, monkeypatch):
    """The first read the checkpoint, then the second pruned and committed before the first
    walked the rows: they no longer began where its checkpoint said, and the first was
    refused with « la chaîne d'audit est rompue », an incident that was none."""
    from datetime import UTC, datetime, timedelta

    from core.services import audit
    from tests.accounts import reauth, with_clock
    app = pg_app
    svc.add_person(app, who(app, "camille"), "Amina")
    # Audit rows carry the real clock: thirteen months from now, all of them are past R7.
    later = with_clock(app, datetime.now(UTC).date() + timedelta(days=400))
    sonia = reauth(later, "sonia")
    first, second = race(later, monkeypatch, audit, "_rows",
                         lambda: svc.apply_item(later, sonia, "R7:audit"),
                         lambda: svc.apply_item(later, sonia, "R7:audit"))
    assert not _failed(first) and not _failed(second), (first, second)
    assert svc.verify_audit(app, sonia).ok


def test_her_former_referent_may_not_comment_her_item_once_she_is_reassigned(pg_app,
                                                                            monkeypatch):
    """The comment found the item shown to her referent, then waited for the lock the
    reassignment held: it was written, a restricted note on a file she no longer follows."""
    app = pg_app
    person = _followed(app)
    key = f"no_referent:person:{person}"
    moved, commented = _reassigned_while(
        app, monkeypatch, person,
        lambda: svc.comment(app, who(app, "camille"), key, "Appeler vendredi"))
    assert not _failed(moved) and isinstance(commented, NotFound), (moved, commented)
    with app.db.read() as session:
        assert session.scalar(select(func.count()).select_from(Note).where(
            Note.person_id == person)) == 0
