"""The review queue and the person search, each beside the same SQL run raw (issue 11 §3).

The raw twin of a service is *its own SQL*: the statements the service sends for its answer
are recorded once (the door's session check, audit row and id lookups left out) and replayed
with plain ``sqlite3`` in one read transaction, rows fetched, and the aliases they read
opened with ``cryptography`` alone (a key unwrapped, an alias decrypted and decoded per
person: what showing a page of persons costs however it is written). The ratio is then what
the service adds to that work: the door, building the items.
The page's statement also reads its persons' sealed aliases and wrapped keys (joined on the
page's rows), so the replay reads them too. Pages are first pages of 50 (the CLI's
``--limit``), as a screen shows them.

Both keep their statements prepared from one run to the next (the service reads on
connections of their own, read-only for good: see ``core.persistence.database``). What the
replay does not pay is the audit row every service call writes: a write by another
connection makes SQLite drop the reader's page cache at its next transaction, so each call
of the service reads its pages again from the file system cache (measured on the 10k base:
the referent page's replay takes 2.2–2.5 ms alone, 2.8–3.2 ms when a write comes between two
runs). That is part of the door, as the audit row itself is.

* national: ``nadia``, supervisor of every delegation; delegation: ``sonia``, of the first
  one; region: ``regine``, of a tenth of them (a regional supervisor, whose first
  page cost more than the national one when the choice of plan counted delegations);
  referent: ``nadia`` asking for one referent's items (the busiest referent of the first
  delegation).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any

from sqlalchemy import event, func, select

from core import services as svc
from core.crypto.keyfile import KeyFile
from core.persistence.access_models import Delegation
from core.persistence.models import Person, User
from core.services.app import Parcours

from volumes import PASSWORD, Volume, reader, sql

PAGE = 50
DOOR = ("auth_sessions", "user_delegations", "audit_log", "sqlite_sequence", "base_info")


def record(app: Parcours, run: Callable[[], Any], keep: Callable[[str], bool]) -> list[tuple]:
    found: list[tuple[str, Any]] = []

    def listen(conn, cursor, statement, params, context, many) -> None:
        head = statement.lstrip().upper()
        first = re.search(r"\bFROM\s+(\w+)", statement)  # a subquery's "(" is no table
        # A referent's queue opens with the rows its arms share (``WITH walk_0 AS …``).
        if not many and head.startswith(("SELECT", "WITH")) and keep(statement) and \
                not (first and first.group(1) in DOOR):
            found.append((statement, params))

    for engine in app.db.engines:

        event.listen(engine, "before_cursor_execute", listen)
    try:
        run()
    finally:
        for engine in app.db.engines:
            event.remove(engine, "before_cursor_execute", listen)
    return found


def replay(volume: Volume, statements: list[tuple]) -> Callable[[], None]:
    """The statements run raw in one read transaction, and the aliases they read opened as
    a page shows them: each person's data key unwrapped with the key file's KEK, her alias
    decrypted and decoded, with ``cryptography``'s AES-GCM alone (the same contexts as
    :mod:`core.crypto.contexts`). Other sealed values are not opened here."""
    con = reader(volume)
    keks = KeyFile.read(volume.key_file).keys

    def run() -> None:
        keys: dict[int, tuple[int, int, bytes]] = {}
        aliases: list[tuple[int, bytes]] = []
        con.execute("BEGIN")
        for statement, params in statements:
            cursor = con.execute(statement, params)
            _sealed(cursor.description, cursor.fetchall(), keys, aliases)
        # The writes measured between rounds may bring a person onto the page whose key the
        # recorded key read does not name: read hers as the service would.
        missing = sorted({pid for pid, _ in aliases} - keys.keys())
        if missing:
            marks = ", ".join("?" * len(missing))
            cursor = con.execute(sql(volume, "SELECT person_id, dek_version, kek_version, "
                                     f"wrapped FROM person_keys WHERE person_id IN ({marks})"),
                                 missing)
            _sealed(cursor.description, cursor.fetchall(), keys, aliases)
        con.execute("COMMIT")
        _open_aliases(keks, keys, aliases)
    return run


def _sealed(description: Any, rows: list[Any], keys: dict[int, tuple[int, int, bytes]],
            aliases: list[tuple[int, bytes]]) -> None:
    """The wrapped keys and sealed aliases among ``rows`` (by column name)."""
    names = [column[0] for column in description or ()]
    person = names.index("person_id") if "person_id" in names else None
    if "wrapped" in names and person is not None:
        dek, kek, wrapped = (names.index(n) for n in ("dek_version", "kek_version", "wrapped"))
        keys.update((row[person], (row[dek], row[kek], bytes(row[wrapped])))
                    for row in rows if row[wrapped] is not None)
    if "alias_enc" in names:
        # Her id: ``person_id`` beside other rows' columns, ``id`` in a row of ``persons``.
        owner = person if person is not None else names.index("id")
        sealed = names.index("alias_enc")
        aliases += [(row[owner], bytes(row[sealed])) for row in rows if row[sealed] is not None]


def _open_aliases(keks: dict[int, bytes], keys: dict[int, tuple[int, int, bytes]],
                  aliases: list[tuple[int, bytes]]) -> list[str]:
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    def opened(key: bytes, blob: bytes, context: str) -> bytes:
        return AESGCM(key).decrypt(blob[3:15], blob[15:], context.encode())

    deks = {pid: (opened(keks[kek], wrapped, f"person_key:{pid}:{dek}:{kek}"), dek)
            for pid, (dek, kek, wrapped) in keys.items()}
    return [json.loads(opened(deks[pid][0], blob, f"persons:{pid}:alias:{deks[pid][1]}"))
            for pid, blob in aliases]


def _pair(volume: Volume, app: Parcours, name: str, run: Callable[[], Any],
          keep: Callable[[str], bool]) -> dict[str, Callable[[], Any]]:
    return {name: run, f"raw {name.split(' ', 1)[1]}": replay(volume, record(app, run, keep))}


def _busiest_referent(app: Parcours) -> str:
    with app.db.read() as session:
        first = session.scalar(select(Delegation.id).where(Delegation.code == "demo-1"))
        return session.execute(
            select(User.name).join(Person, Person.referent_id == User.id)
            .where(Person.delegation_id == first).group_by(User.name)
            .order_by(func.count().desc()).limit(1)).scalar_one()


def _region(app: Parcours, name: str = "regine", every: int = 10) -> svc.Credential:
    """``regine``, a supervisor of a tenth of the delegations (a region: about a tenth of the
    persons), created on first use and given the new ones as the base grows; ``every=3``:
    ``lea``, of a third of them (ten of the thirty at 100k persons, a large region).

    Every tenth delegation (three of the thirty at 100k persons): spread over the
    delegations' numbers as a region is over the association's, each working through the
    same years as the others (:data:`volumes.DELEGATIONS`)."""
    admin = svc.Credential(svc.sign_in(app, "admin", PASSWORD).secret)
    with app.db.read() as session:
        codes = list(session.scalars(select(Delegation.code).where(Delegation.code != "principale")
                                     .order_by(Delegation.id)))
    region = codes[::every]
    if name in {u.name for u in svc.list_users(app, admin)}:
        svc.set_delegations(app, admin, name, region)
    else:
        svc.add_user(app, admin, name, "superviseur", PASSWORD, region)
    return svc.Credential(svc.sign_in(app, name, PASSWORD).secret)


def review_ops(volume: Volume, app: Parcours) -> dict[str, Callable[[], Any]]:
    nadia = svc.Credential(svc.sign_in(app, "nadia", PASSWORD).secret)
    sonia = svc.Credential(svc.sign_in(app, "sonia", PASSWORD).secret)
    regine = _region(app)
    lea = _region(app, "lea", 3)
    referent = _busiest_referent(app)
    queue = lambda s: " queue" in s or "AS queue" in s  # noqa: E731
    ops: dict[str, Callable[[], Any]] = {}
    ops.update(_pair(volume, app, "review national page",
                     lambda: svc.review_queue(app, nadia, limit=PAGE), queue))
    ops.update(_pair(volume, app, "review delegation page",
                     lambda: svc.review_queue(app, sonia, limit=PAGE), queue))
    ops.update(_pair(volume, app, "review region page",
                     lambda: svc.review_queue(app, regine, limit=PAGE), queue))
    ops.update(_pair(volume, app, "review large region page",
                     lambda: svc.review_queue(app, lea, limit=PAGE), queue))
    ops.update(_pair(volume, app, "review referent page",
                     lambda: svc.review_queue(app, nadia, referent=referent, limit=PAGE), queue))
    # The counts' statement holds no queue: each arm counted ("AS found"), then summed.
    counted = lambda s: "AS found" in s  # noqa: E731
    ops.update(_pair(volume, app, "review counts", lambda: svc.review_counts(app, nadia),
                     counted))
    return ops


def search_ops(volume: Volume, app: Parcours) -> dict[str, Callable[[], Any]]:
    nadia = svc.Credential(svc.sign_in(app, "nadia", PASSWORD).secret)
    sonia = svc.Credential(svc.sign_in(app, "sonia", PASSWORD).secret)
    # The page's own SQL: every read it sends but the door's (session, audit). The twins
    # kept only the persons' and keys' reads before, leaving out the tracks, referents and
    # delegations a page of persons also reads, and the deadlines' aliases.
    page = lambda s: True  # noqa: E731
    ops: dict[str, Callable[[], Any]] = {}
    ops.update(_pair(volume, app, "person search",
                     lambda: svc.list_persons(app, nadia, search="Marie", limit=20), page))
    ops.update(_pair(volume, app, "person list page",
                     lambda: svc.list_persons(app, sonia, limit=PAGE), page))
    referent = _busiest_referent(app)
    ops.update(_pair(volume, app, "deadlines home",
                     lambda: svc.list_deadlines(app, sonia, referent=referent, urgent=True),
                     page))
    ops.update(_pair(volume, app, "deadlines delegation",
                     lambda: svc.list_deadlines(app, sonia), page))
    ops.update(_pair(volume, app, "deadlines national page",
                     lambda: svc.list_deadlines(app, nadia, limit=PAGE), page))
    return ops
