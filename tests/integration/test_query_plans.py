"""Query plans of the hot paths at 10,000 persons: an index, never a whole scan of the log.

A base of 10,020 persons (ten played through the services, then repeated in bulk by the
demo's copier, keys and sealed fields included, in a delegation of 10,000 and one of ten) is
asked the hot questions through the
services themselves: a person's file (show, actions, advance), her open deadlines, the review
queue's first page (a supervisor's, one referent's, and its counts), a person search, the
people screen's filters (pathway step, domain) and what retention says is due.
Every statement they send is explained (``EXPLAIN QUERY PLAN`` on SQLite, ``EXPLAIN`` on
PostgreSQL when configured), with and without the planner's statistics, and the test fails
if one reads ``events`` or ``deadlines`` whole, or every row of a status (how load_file once
read every open deadline of the country through the ``(status, warn_from)`` index), or, for
a single person's questions, any of ``events``, ``deadlines``, ``tracks``, ``persons``,
``sensitive_facts`` other than through her id, her tracks' ids or a row id. Plans, not
timings: speed is measured in ``bench/``.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import closing, contextmanager
from datetime import date
from typing import Any

import pytest
from sqlalchemy import select, text

from core import services as svc
from core.persistence.models import Person, Track
from core.persistence.tuning import refresh_statistics
from core.services.app import Parcours
from core.services.demo_copies import copy_year
from tests.accounts import add_followed, make_app, who, with_clock
from tests.conftest import throwaway_database
from tests.statements import sent

pytestmark = pytest.mark.slow  # building 10,000 persons takes about ten seconds

TODAY = date(2026, 9, 11)
X = date(2026, 3, 10)
REPEAT = 1000
NAMES = ("Amina", "Binta", "Chloé", "Dina", "Eva", "Fatou", "Grace", "Hana", "Inès", "Jade",
         "Kenza", "Lina", "Maya", "Nour", "Océane", "Priya", "Rose", "Sara", "Tess", "Yasmine")
LOG_TABLES = ("events", "deadlines")
FILE_TABLES = ("events", "deadlines", "tracks", "persons", "sensitive_facts")
ONLY_STATUS = re.compile(r"^SEARCH (\w+) USING (COVERING )?INDEX \w+ \(status=\?\)$")
"""Every row of a status (every open deadline of the country): a scan under another name."""
OF_A_PERSON = re.compile(r"\((\w+=\? AND )*(person_id|track_id|rowid|id)=\?")
PG_ONLY_STATUS = re.compile(r"Index Cond: \(status = '\w+'::[\w ]+\)$")


def _bad_sqlite(line: str, tables: tuple[str, ...], one_person: bool) -> bool:
    """A plan line that reads one of ``tables`` whole (or, for one person, beyond her rows)."""
    words = line.split()
    if len(words) < 2 or words[0] not in ("SCAN", "SEARCH") or words[1] not in tables:
        return False
    if words[0] == "SCAN" or ONLY_STATUS.match(line):
        return True
    return one_person and not OF_A_PERSON.search(line)


SMALL = 1000
"""PostgreSQL rightly reads a table of a few pages whole: such tables are not checked there."""


def _bad_pg(line: str, tables: tuple[str, ...], one_person: bool) -> bool:
    if any(re.search(rf"Seq Scan on {t}\b", line) for t in tables):
        return True
    return one_person and bool(PG_ONLY_STATUS.search(line))


def _large(app: Parcours, tables: tuple[str, ...]) -> tuple[str, ...]:
    with app.db.read() as session:
        return tuple(t for t in tables
                     if session.scalar(text(f"SELECT count(*) FROM {t}")) >= SMALL)


def _walk_psp(app: Parcours, person: int) -> None:
    steps = [("signer_document", {"date_signature_document": "2026-01-05"}),
             ("constituer_dossier", {"piece_identite": "oui", "attestation_cessation": "oui",
                                     "domiciliation": "oui"}),
             ("transmettre", {"date_envoi": "2026-01-20"}),
             ("enregistrer_avis", {"date_commission": "2026-03-01", "avis": "favorable"}),
             ("autoriser", {"date_decision": "2026-03-10", "debut_periode": "2026-03-10"})]
    svc.start_track(app, who(app, "camille"), person, "psp", at=X)
    for trigger, facts in steps:
        svc.advance(app, who(app, "camille"), person, "psp", trigger, facts=facts, at=X)


def _template(app: Parcours) -> None:
    """Ten persons of the first delegation: followed or not, a PSP with its deadlines, notes,
    visits."""
    dropin = svc.open_dropin(app, who(app, "bea"), X).id
    for n, alias in enumerate(NAMES[:10]):
        if n < 6:
            person = add_followed(app, alias, first_visit=X)
            if n < 4:
                _walk_psp(app, person)
            svc.add_note(app, who(app, "camille"), person, f"Note de suivi {n}")
        else:
            person = svc.add_person(app, who(app, "bea"), alias, first_visit=X).id
        svc.record_visit(app, who(app, "bea"), dropin, person)


@contextmanager
def _database(kind: str, folder: Any) -> Iterator[str]:
    if kind == "sqlite":
        yield f"sqlite:///{folder / 'plans.db'}"
        return
    with throwaway_database() as url:  # skips, with the reason, where no server is set
        yield url


@pytest.fixture(scope="module", params=["sqlite", pytest.param("pg", marks=pytest.mark.pg)])
def base(tmp_path_factory, request) -> Iterator[Parcours]:
    with _database(request.param, tmp_path_factory.mktemp("plans")) as url:
        yield from _built(url)


def _built(database_url: str) -> Iterator[Parcours]:
    app = make_app(database_url, today=X)
    _template(app)
    aliases = [f"{NAMES[n % len(NAMES)]} {chr(65 + n // len(NAMES) % 26)}{n // 520}"
               for n in range(10 * REPEAT)]
    copy_year(app, who(app, "admin"), 1, 0, aliases)
    copy_year(app, who(app, "admin"), 1, 0, [f"{name} Z" for name in NAMES[:10]], "demo-2")
    svc.add_user(app, who(app, "admin"), "nadia", "superviseur", "Cheval-Correct-Pile-2026!",
                 ["principale", "demo-1", "demo-2"])
    # A region: two small delegations of the three, read one by one on their own indexes.
    svc.add_user(app, who(app, "admin"), "regine", "superviseur", "Cheval-Correct-Pile-2026!",
                 ["principale", "demo-2"])
    # Two delegations that hold most of the base: listed, yet walked on the national indexes.
    svc.add_user(app, who(app, "admin"), "ines", "superviseur", "Cheval-Correct-Pile-2026!",
                 ["demo-1", "demo-2"])
    yield with_clock(app, TODAY)
    app.close()


@pytest.fixture(params=["without statistics", "with statistics"])
def app(base: Parcours, request) -> Parcours:
    base.db.dispose()  # statistics are read when a connection opens (and written as it closes)
    if request.param == "with statistics":
        refresh_statistics(base.db.engine)
        base.db.dispose()
    elif base.db.dialect == "sqlite":
        path = base.db.engine.url.database
        with closing(sqlite3.connect(path)) as raw:
            raw.execute("DROP TABLE IF EXISTS sqlite_stat1")
            raw.commit()
    return base


def _statements(app: Parcours, run: Callable[[], Any]) -> list[tuple[str, Any]]:
    with sent(app.db) as found:
        run()
    return [(s.sql, s.parameters) for s in found if not s.many and s.sql.lstrip().upper()
            .startswith(("SELECT", "UPDATE", "DELETE", "WITH"))]


def _plans(app: Parcours, statements: list[tuple[str, Any]]) -> list[tuple[str, list[str]]]:
    out = []
    with app.db.engine.connect() as conn:
        raw = conn.connection.driver_connection
        for statement, params in statements:
            if app.db.dialect == "sqlite":
                rows = raw.execute("EXPLAIN QUERY PLAN " + statement, params).fetchall()
                out.append((statement, [r[3] for r in rows]))
            else:
                with raw.cursor() as cursor:
                    cursor.execute("EXPLAIN " + statement, params)
                    out.append((statement, [r[0] for r in cursor.fetchall()]))
        conn.rollback()
    return out


def _scans(app: Parcours, run: Callable[[], Any], *, one_person: bool,
           tables: tuple[str, ...] | None = None) -> list[str]:
    bad_line = _bad_sqlite if app.db.dialect == "sqlite" else _bad_pg
    tables = tables or (FILE_TABLES if one_person else LOG_TABLES)
    if app.db.dialect != "sqlite":
        tables = _large(app, tables)
    bad = []
    for statement, lines in _plans(app, _statements(app, run)):
        hits = [line for line in lines if bad_line(line.strip(), tables, one_person)]
        if hits:
            bad.append(f"{hits} in {statement[:300]}")
    return bad


def _followed(app: Parcours) -> int:
    with app.db.read() as session:
        return session.scalar(select(Track.person_id).join(Person).where(
            Person.delegation_id == 1, Track.definition_id == "psp", Track.status == "open")
            .order_by(Track.person_id).limit(1))


def test_the_base_is_national_in_size(app: Parcours):
    with app.db.read() as session:
        assert session.scalar(text("SELECT count(*) FROM persons")) >= 10_000
        assert session.scalar(text("SELECT count(*) FROM deadlines WHERE status = 'open'")) >= 4000


@pytest.mark.parametrize("operation", ["show", "actions", "deadlines", "facts", "advance"])
def test_a_persons_file_reads_only_her_rows(app: Parcours, operation: str):
    sonia, person = who(app, "sonia"), _followed(app)
    run = {"show": lambda: svc.show_person(app, sonia, person),
           "actions": lambda: svc.list_actions(app, sonia, person),
           "deadlines": lambda: svc.list_deadlines(app, sonia, person),
           "facts": lambda: svc.person_facts(app, sonia, person),
           "advance": lambda: svc.advance(app, who(app, "camille"), person, "parcours",
                                          "mettre_en_pause")}[operation]
    try:
        assert _scans(app, run, one_person=True) == []
    finally:
        if operation == "advance":
            svc.advance(app, who(app, "camille"), person, "parcours", "reprendre_suivi")


@pytest.mark.parametrize("who_asks", ["nadia", "sonia", "camille"])
def test_the_review_queues_first_page_never_reads_the_log(app: Parcours, who_asks: str):
    credential = who(app, who_asks)

    def run() -> None:
        page = svc.review_queue(app, credential, limit=50)
        assert page
        svc.review_queue(app, credential, limit=50, after=page[-1].cursor)
        svc.review_counts(app, credential)
        svc.review_queue(app, credential, referent="camille", limit=50)
    # Nationally most open deadlines are in the queue: PostgreSQL may read them all, as it
    # should; the log, never. One referent's queue reads neither whole, on both back-ends.
    national = app.db.dialect != "sqlite" and who_asks != "camille"
    tables = ("events",) if national else LOG_TABLES
    assert _scans(app, run, one_person=False, tables=tables) == []


def _has_statistics(app: Parcours) -> bool:
    with app.db.read() as session:
        return bool(session.scalar(text(
            "SELECT count(*) FROM sqlite_master WHERE name = 'sqlite_stat1'")))


NATIONAL_WALK = re.compile(r"^SEARCH (deadlines|tracks) USING (COVERING )?INDEX "
                           r"ix_\w+_status_\w+ \(status=")


@pytest.mark.parametrize("who_asks", ["sonia", "regine"])
def test_a_few_delegations_queue_walks_their_own_indexes(app: Parcours, who_asks: str):
    """A supervisor of one delegation, or of two, reads each one's deadlines and tracks on
    their ``(delegation_id, status, …)`` indexes, never the national ``(status, …)`` ones:
    those give the queue's order, so a planner likes them, and read every other
    delegation's rows before hers."""
    if app.db.dialect != "sqlite":
        pytest.skip("PostgreSQL's planner weighs the delegations' statistics itself; its "
                    "plans are checked for scans by the test above")
    if not _has_statistics(app):
        pytest.skip("without statistics, SQLite may take the national index for the three "
                    "days of due_soon (a few rows in the country): a fair choice; the "
                    "statistics are refreshed after every migration and bulk write")
    credential = who(app, who_asks)

    def run() -> None:
        page = svc.review_queue(app, credential, limit=50)
        svc.review_queue(app, credential, limit=50, after=page[-1].cursor)
        svc.review_counts(app, credential)
    walked = [line.strip() for statement, lines in _plans(app, _statements(app, run))
              if "queue" in statement or "found" in statement for line in lines
              if re.match(r"^SEARCH (deadlines|tracks) ", line.strip())]
    # A person's tracks probed by her id (is she followed?) are hers, not a walk.
    assert walked and [line for line in walked if not re.search(
        r"\((delegation_id|person_id|rowid)=\?", line)] == []
    assert not [line for line in walked if NATIONAL_WALK.match(line)]


PERSONS_WALK = r"^(SCAN persons|SEARCH persons USING (COVERING )?INDEX)"


def _queue_walks(app: Parcours, credential: Any, pattern: str, **asked: Any) -> list[str]:
    """The plan lines matching ``pattern`` of the queue statements a first page sends."""
    return [line.strip() for statement, plan in _plans(app, _statements(
        app, lambda: svc.review_queue(app, credential, limit=50, **asked)))
        if "queue" in statement for line in plan if re.match(pattern, line.strip())]


@pytest.mark.parametrize("who_asks", ["nadia", "sonia"])
def test_no_contact_walks_followed_persons_only(app: Parcours, who_asks: str):
    """The persons not seen for a while are walked among followed persons only
    (``persons (…, followed, last_contact_at)``): from ``last_contact_at`` alone, every
    person ever seen came first, the closed files of past years before any open one."""
    if app.db.dialect != "sqlite":
        pytest.skip("PostgreSQL's plans are checked for scans by the test above")
    walked = _queue_walks(app, who(app, who_asks), PERSONS_WALK, kinds={"no_contact"})
    assert walked and all("followed_last_contact_at" in line for line in walked), walked


@pytest.mark.parametrize("who_asks", ["nadia", "sonia"])
def test_no_referent_walks_followed_persons_only(app: Parcours, who_asks: str):
    """Followed persons without a referent are found among followed persons (``persons
    (…, followed, …)``): from a delegation's persons, every person of every year was read and
    probed for an open track."""
    if app.db.dialect != "sqlite":
        pytest.skip("PostgreSQL's plans are checked for scans by the test above")
    walked = _queue_walks(app, who(app, who_asks), PERSONS_WALK, kinds={"no_referent"})
    assert walked and all("followed" in line or "referent_id" in line for line in walked), walked


def test_a_wide_scope_listed_walks_the_national_indexes(app: Parcours):
    """A supervisor of two delegations that hold most of the base walks the national indexes
    in the queue's order (``access.sees_most``); given her delegations as a list, SQLite read
    each one's persons on its own index and sorted them all (0.24 to 0.62 s for a page of a
    supervisor of 8 to 20 delegations of 31 at 100,000 persons)."""
    if app.db.dialect != "sqlite":
        pytest.skip("PostgreSQL's plans are checked for scans by the test above")
    walked = _queue_walks(app, who(app, "ines"), r"^SEARCH persons")
    assert walked and not [line for line in walked if "ix_persons_delegation_id" in line], walked


@pytest.mark.parametrize("who_asks", ["camille", "nadia"])
def test_a_referents_queue_reaches_her_open_rows_only(app: Parcours, who_asks: str):
    """One referent's items (her own queue, or a supervisor asking for hers) are found from
    her persons, read first, whose open tracks and deadlines are reached on ``(person_id,
    status)``: with the status hidden from the planner (lest it walk the national
    ``(status, …)`` indexes), each person's every track and deadline of past years was read
    to keep the open ones."""
    if app.db.dialect != "sqlite":
        pytest.skip("PostgreSQL's plans are checked for scans by the test above")
    asked = {"referent": "camille"} if who_asks == "nadia" else {}
    walked = _queue_walks(app, who(app, who_asks), r"^(SEARCH|SCAN) (deadlines|tracks) ",
                          **asked)
    assert {line.split()[1] for line in walked} == {"deadlines", "tracks"}, walked
    assert not [line for line in walked if line.startswith("SCAN")], walked
    assert all(re.search(r"\(person_id=\? AND status=\?\)$|\(rowid=\?\)$", line)
               for line in walked), walked


@pytest.mark.parametrize("who_asks", ["nadia", "camille"])
def test_a_referents_arms_read_her_open_deadlines_and_tracks_once(app: Parcours, who_asks: str,
                                                                  monkeypatch):
    """Her three deadline arms and her three track arms each read their rows once (one
    expression the statement materialises), and say what they said when each read its own."""
    if app.db.dialect != "sqlite":
        pytest.skip("SQLite: PostgreSQL's arms are not found from her persons")
    from core.services import review, review_shared
    credential, asked = who(app, who_asks), {"referent": "camille"} if who_asks == "nadia" else {}
    read = _queue_walks(app, credential, r"^(MATERIALIZE walk_|SEARCH deadlines )", **asked)
    assert sorted(line.split()[0] for line in read) == ["MATERIALIZE", "MATERIALIZE",
                                                        "SEARCH"], read

    def queue() -> list[Any]:
        first = svc.review_queue(app, credential, limit=8, **asked)
        later = svc.review_queue(app, credential, limit=8, after=first[-1].cursor, **asked)
        return [first, later, svc.review_counts(app, credential, **asked)]

    shared = queue()
    monkeypatch.setattr(review_shared, "shared", lambda arms: arms)
    review._BUILT.clear()
    alone = queue()
    review._BUILT.clear()
    assert len(shared[0]) == 8 and shared[1] and shared == alone


@pytest.mark.parametrize("who_asks", ["nadia", "sonia"])
def test_waiting_steps_are_sorted_out_in_the_index(app: Parcours, who_asks: str):
    """The tracks waiting too long are walked on an index that carries their definition and
    step (``(…, status, step_since, definition_id, definition_version, step)``): from
    ``(status, step_since)`` alone, every open track older than the loosest threshold was
    read from its row to learn whether it waits at all."""
    if app.db.dialect != "sqlite":
        pytest.skip("PostgreSQL's plans are checked for scans by the test above")
    walked = _queue_walks(app, who(app, who_asks), r"^SEARCH tracks", kinds={"waiting_too_long"})
    assert walked and all("_step_since_step (" in line for line in walked), walked


@pytest.mark.parametrize("who_asks", ["sonia", "regine"])
def test_a_delegations_report_reads_its_own_tracks(app: Parcours, who_asks: str):
    """The distinct counts of a few delegations' report read their tracks from
    ``ix_tracks_delegation_report``: never the national ``ix_tracks_report`` range (every
    delegation's tracks of a definition) nor, one person at a time, every year's tracks."""
    if app.db.dialect != "sqlite" or not _has_statistics(app):
        pytest.skip("SQLite with statistics: PostgreSQL's plans and the planner's guesses "
                    "are checked for scans by the tests above")
    credential = who(app, who_asks)
    lines = [line.strip() for _, plan in _plans(app, _statements(app, lambda: svc.activity_report(
        app, credential, date(2026, 1, 1), date(2026, 12, 31)))) for line in plan
        if re.match(r"^(SEARCH|SCAN) tracks\b", line.strip())]
    assert any("ix_tracks_delegation_report (delegation_id=?" in line for line in lines)
    assert [line for line in lines if "ix_tracks_report" in line or line.startswith("SCAN")
            or "person_id=?" in line] == []


@pytest.mark.parametrize(("who_asks", "index"), [
    ("nadia", "COVERING INDEX ix_report_aggregates_months (month>? AND month<?)"),
    ("sonia", "INDEX sqlite_autoindex_report_aggregates_1 (delegation_id=? AND month>? AND "
              "month<?)")])
def test_a_reports_monthly_sums_are_read_in_month_order(app: Parcours, who_asks: str,
                                                        index: str):
    """Every delegation's months (a national report) come from ``ix_report_aggregates_months``
    in the grouping's order, one delegation's from its range of the primary key: never
    skipped through once per delegation and grouped in a temporary tree."""
    if app.db.dialect != "sqlite":
        pytest.skip("SQLite: PostgreSQL reads a table of a few pages whole, rightly")
    credential = who(app, who_asks)
    plans = [lines for statement, lines in _plans(app, _statements(app, lambda: svc.activity_report(
        app, credential, date(2026, 1, 1), date(2026, 12, 31)))) if "FROM report_aggregates" in statement]
    assert plans and all([line.strip() for line in lines] == [f"SEARCH report_aggregates USING {index}"]
                         for lines in plans), plans


def test_a_search_narrows_on_the_alias_hashes(app: Parcours):
    sonia = who(app, "nadia")

    def run() -> None:
        assert svc.list_persons(app, sonia, search="Amina", limit=20)
        svc.list_persons(app, sonia, limit=50)
    assert _scans(app, run, one_person=False) == []


@pytest.mark.parametrize("who_asks", ["sonia", "camille"])
def test_deadline_lists_start_from_the_callers_persons(app: Parcours, who_asks: str):
    credential = who(app, who_asks)

    def run() -> None:
        svc.list_deadlines(app, credential, referent="camille", urgent=True)  # the home panel
        svc.list_deadlines(app, credential)
    # On SQLite a plain join walked every open deadline of the country in due order to keep
    # the caller's. PostgreSQL rightly reads them all when her delegation holds the base.
    tables = LOG_TABLES if app.db.dialect == "sqlite" else ("events",)
    assert _scans(app, run, one_person=False, tables=tables) == []


def test_a_national_page_of_deadlines_walks_the_due_index_and_stops(app: Parcours):
    """A page of a national scope is read in due order from the index, never every open
    deadline of the country sorted (what a national supervisor's unpaged list costs)."""
    if app.db.dialect != "sqlite":
        # At 10,000 persons PostgreSQL rightly sorts the top 50 of 8,000 rows read in one pass.
        pytest.skip("PostgreSQL chooses a top-N sort of a table this small")
    nadia = who(app, "nadia")
    statements = [s for s in _statements(app, lambda: svc.list_deadlines(app, nadia, limit=50))
                  if "FROM deadlines" in s[0]]
    assert len(statements) == 1
    ((_, lines),) = _plans(app, statements)
    assert any("ix_deadlines_status_due" in line for line in lines), lines
    assert not any("TEMP B-TREE" in line for line in lines), lines


@pytest.mark.parametrize("who_asks", ["sonia", "nadia"])
@pytest.mark.parametrize("filters", [{"pathway_step": "suivi_individuel"}, {"domain": "psp"}],
                         ids=["pathway_step", "domain"])
def test_the_people_filters_start_from_the_callers_persons(app: Parcours, who_asks: str,
                                                           filters: dict[str, str]):
    """The filters are correlated to the persons the caller may see: never every pathway (or
    every open track of a domain) of the country first, grouped or listed."""
    credential = who(app, who_asks)

    def run() -> None:
        assert svc.list_persons(app, credential, limit=50, **filters)
        assert svc.count_persons(app, credential, **filters)
    # Nationally (every delegation), PostgreSQL may rightly hash every track of the country
    # once rather than probe each person's: only a delegation's filters are checked there.
    if app.db.dialect != "sqlite" and who_asks == "nadia":
        pytest.skip("national filters read what the country holds, on PostgreSQL's choice")
    # Each track read through a person's id (or a row id), as for one person's file: the old
    # plan read every pathway of the country through ``ix_tracks_report (definition_id=?)``
    # without statistics, a whole scan of its covering index with them.
    assert _scans(app, run, one_person=True, tables=("tracks",)) == []


def test_retention_due_items_start_from_the_candidate_tracks(app: Parcours):
    """R2 looks for a life story's facts and notes from the closed tracks it may concern, by
    their events: never every sealed fact or note of the country (nor the log)."""
    from core.plugins import build_plugin_host
    # A life story is declared by the asylum plugin: the same base, seen with it.
    asylum = Parcours(app.db, build_plugin_host(allow=["asile"]), today=TODAY,
                      security=app.security, key_file=app.key_file)
    assert asylum.catalog.life_stories()
    credential = who(asylum, "nadia")
    statements = _statements(asylum, lambda: svc.due_items(asylum, credential))
    assert any("sensitive_facts" in sql and "notes" in sql for sql, _ in statements)
    assert _scans(asylum, lambda: svc.due_items(asylum, credential), one_person=False,
                  tables=("events", "sensitive_facts", "notes")) == []
