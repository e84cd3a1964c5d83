"""Encryption benchmark: a persisted ``advance`` with a sensitive fact, sealed and not sealed.

Run with ``.venv/bin/python bench/crypto_bench.py`` (``--help`` for the sizes; the default base
holds 100,000 persons). It is a script, not a test: it prints a table (and writes it as
markdown with ``--output``) and always exits 0.

What is timed, per command, on one SQLite base (WAL, ``synchronous=FULL``) in one process, the
two variants alternating command by command within each batch (the order rotates between
batches):

* ``sealed``: ``core.services.advance`` firing ``noter`` on a bench track whose facts are one
  ordinary and one *sensitive* text, for a referent following the person. Besides the engine
  work and the writes (event, sealed value, projection, commit), encryption costs: the
  person's data key read from ``person_keys`` and unwrapped with the KEK, her alias opened for
  the engine's person snapshot, her earlier sensitive values opened (the engine needs the
  track's facts), the new value sealed (AES-256-GCM, bound to its row).
* ``plain``: the very same call on other persons of the same base, with
  ``core.services.keys.Sealer`` replaced by a pass-through (the value's JSON bytes, as sealed
  values are before encryption): every query, validation and write the same, no key read, no
  cryptography. The two sets of persons were created the same way (through the services), the
  plain ones under the pass-through, so each set only ever meets its own format.

The ratio is ``sealed / plain``: the median of the per-batch ratios (numerator and denominator
from the same batch), with the minimum and maximum, on the wall clock (what a user waits) and
on the process's CPU time (which leaves out the commit's fsync and the other processes of a
shared machine, where the noise is; encryption is CPU work).

The base: ``--persons`` persons (default 100,000) inserted in bulk with Core ``executemany``
(going through ``add_person`` one by one would take an hour), each with her own data key
wrapped by the KEK, her alias sealed under it and keyed-hashed, her ``parcours`` track in
individual follow-up and its ``track_started`` event, as the services would write them; the
alias search tokens (``person_search``) are left out, since no advance reads them. The timed
persons (``--measured`` per variant) are then created through the services. With
``--rotate``, a KEK rotation of the whole base is timed at the end (``parcours keys rotate``'s
service, 500 persons per transaction).
"""

from __future__ import annotations

import argparse
import gc
import json
import logging
import sqlite3
import statistics
import sys
import tempfile
import time
import traceback
from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

TODAY = date(2026, 3, 10)
PASSWORD = "Banc-Essai-Cheval-2026!"
FOLLOW = {"referent": "camille"}
"""What ``suivre`` asks; her consent to follow-up is recorded before (``give_consent``)."""
CHUNK = 10_000


# --- the bench track: one transition, an ordinary and a sensitive fact ----------------------
def bench_host():  # a PluginHost with the built-in tracks and the bench track
    from pydantic import BaseModel, ConfigDict

    from core import hookimpl
    from core.definitions.model import (CASEWORKERS, Sensitivity, StepDefinition,
                                        TrackDefinition, TransitionDefinition, fact)
    from core.plugins import build_plugin_host

    class NoteFacts(BaseModel):
        model_config = ConfigDict(extra="forbid")

        objet: str | None = fact(None, label="Objet", max_length=200)
        situation: str | None = fact(None, label="Situation", max_length=500,
                                     sensitivity=Sensitivity.SENSITIVE)

    track = TrackDefinition(
        id="carnet", label="Carnet de suivi (banc d'essai)", domain="banc", initial="ouvert",
        steps=(StepDefinition(id="ouvert", label="Ouvert", facts=NoteFacts),),
        transitions=(TransitionDefinition(trigger="noter", label="Noter", source=("ouvert",),
                                          dest="ouvert", roles=CASEWORKERS, facts=NoteFacts),))

    class Bench:
        @hookimpl
        def parcours_track_definitions(self):
            return [track]

    return build_plugin_host(load_entrypoints=False, extra=[("banc", Bench())])


class PlainSealer:
    """``keys.Sealer`` without cryptography: a value's JSON bytes, stored and read as they are."""

    def __init__(self, _keys: Any, session: Any) -> None:
        self.session = session

    def seal(self, person_id: int, table: str, row_id: int, column: str, value: Any) -> bytes:
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"),
                          default=str).encode("utf-8")

    def open(self, person_id: int, table: str, row_id: int, column: str, blob: bytes) -> Any:
        return json.loads(blob)

    def preload(self, person_ids: list[int]) -> None:
        pass

    def forget(self, person_id: int) -> None:
        pass


# --- set-up -----------------------------------------------------------------------------------
def open_app(directory: Path):
    from core import services as svc
    from core.auth.passwords import HashCost
    from core.auth.settings import SecuritySettings
    from core.services.app import Parcours

    cheap = SecuritySettings(hash_cost=HashCost(time_cost=1, memory_kib=1024, parallelism=1))
    app = Parcours.open(f"sqlite:///{directory / 'parcours.db'}", host=bench_host(), today=TODAY,
                        security=cheap, key_file=str(directory / "cles" / "banc.json"))
    svc.initialise(app, "admin", PASSWORD)
    admin = svc.Credential(svc.sign_in(app, "admin", PASSWORD).secret)
    svc.add_user(app, admin, "camille", "referent", PASSWORD)
    camille = svc.Credential(svc.sign_in(app, "camille", PASSWORD).secret)
    return app, admin, camille


def bulk_persons(app, count: int) -> None:
    """``count`` followed persons, written as the services write them, in Core executemany."""
    from sqlalchemy import insert, select

    from core.crypto import search
    from core.persistence.models import Event, Person, PersonKey, Track, User
    from core.services.keys import Sealer

    now = datetime(2026, 3, 1, 10, 0, tzinfo=UTC)
    with app.db.read() as session:
        camille = session.scalar(select(User.id).where(User.name == "camille"))
    search_key = app.keys.search_key
    for start in range(1, count + 1, CHUNK):
        ids = range(start, min(count, start + CHUNK - 1) + 1)
        with app.db.write() as session:
            sealer = Sealer(app.keys, session)
            keys = [sealer.fresh(pid) for pid in ids]
            aliases = {pid: f"Personne {pid:06d}" for pid in ids}
            session.execute(insert(Person), [
                {"id": pid, "delegation_id": 1, "referent_id": camille, "created_by": camille,
                 "alias_enc": sealer.seal(pid, "persons", pid, "alias", aliases[pid]),
                 "alias_hash": search.alias_hash(search_key, aliases[pid]), "version": 1,
                 "created_at": now, "last_contact_at": now, "pathway_closed": False}
                for pid in ids])
            session.execute(insert(PersonKey.__table__), keys)
            session.execute(insert(Track), [
                {"id": pid, "person_id": pid, "delegation_id": 1, "definition_id": "parcours",
                 "definition_version": 1, "step": "suivi_individuel", "status": "open",
                 "facts": FOLLOW, "step_since": now, "last_event_at": now, "opened_at": now,
                 "version": 2} for pid in ids])
            session.execute(insert(Event), [
                {"person_id": pid, "track_id": pid, "kind": "track_started",
                 "to_step": "premier_accueil", "occurred_at": now, "recorded_at": now,
                 "actor_id": camille, "actor_role": "referent", "facts": {}, "checks": []}
                for pid in ids])


def measured_persons(app, camille, count: int, label: str) -> list[int]:
    """``count`` persons through the services: added, followed, with the bench track open."""
    from core import services as svc
    persons = []
    for i in range(count):
        pid = svc.add_person(app, camille, f"{label} {i}").id
        svc.give_consent(app, camille, pid, "suivi")
        svc.advance(app, camille, pid, "parcours", "suivre", facts=FOLLOW)
        svc.start_track(app, camille, pid, "carnet")
        persons.append(pid)
    return persons


def check_formats(app, sealed: list[int], plain: list[int]) -> None:
    """The plain persons have no data key and clear JSON; the sealed ones a key and ciphertext."""
    from sqlalchemy import func, select

    from core.persistence.models import Person, PersonKey
    with app.db.read() as session:
        def keys(ids: list[int]) -> int:
            return session.scalar(select(func.count()).select_from(PersonKey)
                                  .where(PersonKey.person_id.in_(ids)))
        first = {p.id: p.alias_enc for p in session.scalars(
            select(Person).where(Person.id.in_([sealed[0], plain[0]])))}
        assert keys(plain) == 0 and keys(sealed) == len(sealed)
        assert first[plain[0]].startswith(b'"') and first[sealed[0]].startswith(b"PC1")


# --- the timed operations -------------------------------------------------------------------
def operations(app, camille, sealed: list[int], plain: list[int],
               ) -> dict[str, Callable[[], None]]:
    from core import services as svc
    from core.services import keys as keys_module

    real = keys_module.Sealer
    turn = {"sealed": 0, "plain": 0}

    def advance(variant: str, persons: list[int], sealer: type) -> Callable[[], None]:
        def run() -> None:
            person = persons[turn[variant] % len(persons)]
            turn[variant] += 1
            keys_module.Sealer = sealer  # read by Call.sealer at each call
            try:
                svc.advance(app, camille, person, "carnet", "noter",
                            facts={"objet": "entretien",
                                   "situation": f"hébergée chez une amie, semaine {turn[variant]}"})
            finally:
                keys_module.Sealer = real
        return run

    return {"sealed": advance("sealed", sealed, real),
            "plain": advance("plain", plain, PlainSealer)}


def with_plain_sealer(work: Callable[[], Any]) -> Any:
    from core.services import keys as keys_module
    real = keys_module.Sealer
    keys_module.Sealer = PlainSealer
    try:
        return work()
    finally:
        keys_module.Sealer = real


# --- measuring ------------------------------------------------------------------------------
def measure(ops: dict[str, Callable[[], None]], batches: int, per_batch: int,
            ) -> dict[str, dict[str, list[float]]]:
    """Per clock (``wall``, ``cpu``) and variant: the mean µs of each batch (``<variant>``) and
    every single command's µs (``<variant> single``).

    Within a batch the variants alternate command by command (the order rotating between
    batches): on a shared machine the load drifts within seconds, and alternating keeps both
    variants under the same drift. The process's CPU time leaves out the waits (the commit's
    fsync, other processes), where most of the noise is; encryption is pure CPU.
    """
    names = list(ops)
    found: dict[str, dict[str, list[float]]] = {
        clock: {key: [] for n in names for key in (n, f"{n} single")} for clock in ("wall", "cpu")}
    for op in ops.values():  # warm caches, connections and lazy imports
        for _ in range(3):
            op()
    for batch in range(batches):
        order = names[batch % len(names):] + names[:batch % len(names)]
        gc.collect()
        times = {clock: {n: [] for n in names} for clock in found}
        for _ in range(per_batch):
            for name in order:
                wall, cpu = time.perf_counter(), time.process_time()
                ops[name]()
                times["cpu"][name].append((time.process_time() - cpu) * 1e6)
                times["wall"][name].append((time.perf_counter() - wall) * 1e6)
        for clock, per_name in times.items():
            for name, values in per_name.items():
                found[clock][name].append(statistics.fmean(values))
                found[clock][f"{name} single"].extend(values)
    return found


def p99(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]


def report(args: argparse.Namespace, setup: float, found: dict[str, dict[str, list[float]]],
           rotation: tuple[float, int] | None) -> str:
    lines = [
        f"Python {sys.version.split()[0]}, SQLite {sqlite3.sqlite_version}; base of "
        f"{args.persons:,} persons (set-up {setup:.0f} s); {args.batches} batches × {args.ops} "
        f"advances per variant, over {args.measured} persons per variant.",
        "",
        "| clock | variant | median µs | min | max | p99 µs |",
        "|---|---|---:|---:|---:|---:|",
    ]
    for clock, values in found.items():
        for name in ("sealed", "plain"):
            batch = values[name]
            lines.append(f"| {clock} | {name} | {statistics.median(batch):.0f} | {min(batch):.0f}"
                         f" | {max(batch):.0f} | {p99(values[name + ' single']):.0f} |")
    lines += ["", "| ratio (median of per-batch ratios) | median | min | max | sealed − plain |",
              "|---|---:|---:|---:|---:|"]
    for clock, values in found.items():
        ratios = [a / b for a, b in zip(values["sealed"], values["plain"], strict=True)]
        gap = statistics.median(values["sealed"]) - statistics.median(values["plain"])
        lines.append(f"| sealed / plain, {clock} | {statistics.median(ratios):.2f} | "
                     f"{min(ratios):.2f} | {max(ratios):.2f} | {gap:.0f} µs |")
    if rotation is not None:
        seconds, persons = rotation
        lines += ["", f"KEK rotation of the whole base (500 persons per transaction): "
                      f"{persons:,} persons' keys re-wrapped in {seconds:.1f} s "
                      f"({persons / seconds:,.0f} per second)."]
    return "\n".join(lines)


def run(args: argparse.Namespace) -> None:
    logging.getLogger("parcours").addHandler(logging.NullHandler())  # plugin incidents
    with tempfile.TemporaryDirectory(prefix="parcours-bench-") as tmp:
        directory = Path(tmp)
        started = time.perf_counter()
        app, admin, camille = open_app(directory)
        bulk_persons(app, args.persons)
        sealed = measured_persons(app, camille, args.measured, "Chiffrée")
        plain = with_plain_sealer(lambda: measured_persons(app, camille, args.measured, "Claire"))
        check_formats(app, sealed, plain)
        setup = time.perf_counter() - started
        print(f"set-up {setup:.1f} s; files in {directory} (deleted at the end)", flush=True)
        found = measure(operations(app, camille, sealed, plain), args.batches, args.ops)
        rotation = None
        if args.rotate:
            from core import services as svc
            began = time.perf_counter()
            summary = svc.rotate_keys(app, admin, batch=500)
            rotation = (time.perf_counter() - began, summary.rewrapped)
        text = report(args, setup, found, rotation)
        print(text)
        if args.output:
            Path(args.output).write_text(_markdown(args, text), encoding="utf-8")
        app.close()


def _markdown(args: argparse.Namespace, table: str) -> str:
    day = datetime.now(UTC).date().isoformat()
    return (f"# Encryption cost: a persisted advance with a sensitive fact\n\n"
            f"`bench/crypto_bench.py --persons {args.persons} --measured {args.measured} "
            f"--batches {args.batches} --ops {args.ops}{' --rotate' if args.rotate else ''}`, "
            f"run on {day} (2 shared vCPU; compare only figures from the same run).\n\n"
            f"{table}\n")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--persons", type=int, default=100_000, help="persons in the base")
    parser.add_argument("--measured", type=int, default=200,
                        help="persons the advances rotate over, per variant")
    parser.add_argument("--batches", type=int, default=9, help="batches (at least 7)")
    parser.add_argument("--ops", type=int, default=40, help="advances per variant per batch")
    parser.add_argument("--rotate", action="store_true", help="time a KEK rotation at the end")
    parser.add_argument("--output", help="also write the table as markdown to this file")
    args = parser.parse_args(argv)
    args.batches = max(7, args.batches)
    try:
        run(args)
    except Exception:  # a benchmark never fails the build; say what broke
        traceback.print_exc()
        print("crypto_bench: interrupted by the error above; no figures.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
