"""One sample call per registered service, and one refused call, with what its audit row says.

:data:`SAMPLES` is keyed like :data:`core.services.registry.REGISTRY` (the dotted path of the
body), so a service registered without a sample fails the meta-test. Each entry is the call
that should succeed (``ok``) and, where the policy lets every role run the service, the
call that should be refused (``no``); for the others the refusal is the policy's own: the
same call by a role the policy leaves out (:func:`refusal`).

``person`` names the person the row must point to: a key of :attr:`World.ids`, ``"new"``
for the person the call created (its result's ``id``), or None where no person is read.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, time, timedelta
from pathlib import Path
from typing import Any

from core import services as svc
from core.definitions.model import Role
from core.services.demo_copies import copy_year
from core.services.policy import POLICY
from core.services import REGISTRY  # the package loads every service first

from .world import (ADDED_ALIAS, ALIAS, COMMENT, IMPORTED_ALIAS, IMPORTED_NOTE, NEW_FACTS,
                    NEW_HOLD_REASON, NEW_NOTE, NEW_PARTNER, NEW_PASSWORD, SNOOZE_REASON,
                    TODAY, World)
from tests.accounts import PASSWORD

Run = Callable[[World, svc.Credential], Any]
NOBODY = "nobody"
"""A caller whose credential matches no session: the door refuses it before any body runs."""
ROLE_USER = {Role.BENEVOLE: "bea", Role.STAGIAIRE: "sam", Role.REFERENT: "camille",
             Role.SUPERVISEUR: "sonia", Role.ADMIN: "admin"}
START, END = date(2026, 1, 1), date(2026, 3, 31)


@dataclass(frozen=True)
class Try:
    """A call by ``user`` and what its single audit row must say."""

    user: str
    run: Run
    person: str | None = None
    outcome: str = "done"
    reason: str | None = None


@dataclass(frozen=True)
class Sample:
    ok: Try
    no: Try | None = None


def refused(user: str, run: Run, reason: str, person: str | None = None) -> Try:
    return Try(user, run, person, "refused", reason)


def _csv(*rows: list[str]) -> bytes:
    return "\r\n".join(";".join(r) for r in rows).encode("utf-8-sig")


def _fresh(w: World, name: str) -> Any:
    """A file name not used yet in this world's folder (exports never overwrite)."""
    number = 1
    while (w.tmp / f"{number}-{name}").exists():
        number += 1
    return w.tmp / f"{number}-{name}"


def _backup(w: World) -> Path:
    """The backup the create sample wrote when it ran before (a key rotation may have begun
    since, which refuses a new one), else one written without the door."""
    from core.services.backups import write_backup
    made = w.tmp / "copie.sauvegarde"
    if made.exists():
        return made
    return Path(write_backup(w.app, w.tmp / f"essai-{secrets.token_hex(4)}.sauvegarde").path)
def _copy_aliases(w: World) -> list[str]:
    from sqlalchemy import func, select

    from core.persistence.models import Person
    with w.app.db.read() as session:
        count = session.scalar(select(func.count()).select_from(Person).where(
            Person.delegation_id == 1, Person.erased_at.is_(None)))
    return [f"Copie {n}" for n in range(count or 0)]


def _key(w: World) -> str:
    return f"no_referent:person:{w.ids['unfollowed']}"


SAMPLES: dict[str, Sample] = {
    # sessions and tokens
    "core.services.auth.whoami": Sample(
        Try("bea", lambda w, c: svc.whoami(w.app, c)),
        refused(NOBODY, lambda w, c: svc.whoami(w.app, c), "not_authenticated")),
    "core.services.auth.sign_out": Sample(
        Try("bea", lambda w, c: svc.sign_out(w.app, c)),
        refused(NOBODY, lambda w, c: svc.sign_out(w.app, c), "not_authenticated")),
    "core.services.auth.change_password": Sample(
        Try("camille", lambda w, c: svc.change_password(w.app, c, PASSWORD, NEW_PASSWORD)),
        refused("camille", lambda w, c: svc.change_password(w.app, c, NEW_PASSWORD, PASSWORD),
                "permission_denied")),
    "core.services.auth.reauthenticate": Sample(
        Try("camille", lambda w, c: svc.reauthenticate(w.app, c, PASSWORD)),
        refused("camille", lambda w, c: svc.reauthenticate(w.app, c, NEW_PASSWORD),
                "permission_denied")),
    "core.services.auth.create_token": Sample(
        Try("camille", lambda w, c: svc.create_token(w.app, c, timedelta(days=7), "kanari-x")),
        refused("camille", lambda w, c: svc.create_token(w.app, c, timedelta(days=9999)),
                "input_error")),
    "core.services.auth.list_tokens": Sample(
        Try("camille", lambda w, c: svc.list_tokens(w.app, c)),
        refused(NOBODY, lambda w, c: svc.list_tokens(w.app, c), "not_authenticated")),
    "core.services.auth.revoke_token": Sample(
        Try("camille", lambda w, c: svc.revoke_token(w.app, c, w.ids["token"])),
        refused("bea", lambda w, c: svc.revoke_token(w.app, c, w.ids["token"]), "not_found")),
    # the audit log itself
    "core.services.audit_log.list_audit": Sample(
        Try("sonia", lambda w, c: svc.list_audit(w.app, c, person=w.ids["person"]), "person")),
    "core.services.audit_log.verify_audit": Sample(
        Try("sonia", lambda w, c: svc.verify_audit(w.app, c))),
    "core.services.audit_log.audit_head": Sample(
        Try("admin", lambda w, c: svc.audit_head(w.app, c))),
    # the base's keys (each world copy has its own key file)
    "core.services.key_rotation.rotate_step": Sample(
        Try("admin", lambda w, c: svc.rotate_step(w.app, c, batch=1)),
        refused("admin", lambda w, c: svc.rotate_step(w.app, c, batch=0), "input_error")),
    "core.services.key_rotation.key_status": Sample(
        Try("admin", lambda w, c: svc.key_status(w.app, c))),
    # persons
    "core.services.persons.add_person": Sample(
        Try("bea", lambda w, c: svc.add_person(w.app, c, ADDED_ALIAS), "new"),
        refused("bea", lambda w, c: svc.add_person(w.app, c, ADDED_ALIAS, delegation="lyon"),
                "permission_denied")),
    "core.services.persons.list_persons": Sample(
        Try("bea", lambda w, c: svc.list_persons(w.app, c, search=ALIAS)),
        refused("bea", lambda w, c: svc.list_persons(w.app, c, search=ALIAS, referent="camille"),
                "permission_denied")),
    "core.services.persons.count_persons": Sample(
        Try("bea", lambda w, c: svc.count_persons(w.app, c, search=ALIAS)),
        refused("bea", lambda w, c: svc.count_persons(w.app, c, search=ALIAS, referent="camille"),
                "permission_denied")),
    "core.services.persons.show_person": Sample(
        Try("camille", lambda w, c: svc.show_person(w.app, c, ALIAS), "person"),
        refused("bea", lambda w, c: svc.show_person(w.app, c, w.ids["abroad"]), "not_found",
                "abroad")),
    "core.services.facts.person_facts": Sample(
        Try("camille", lambda w, c: svc.person_facts(w.app, c, w.ids["person"]), "person")),
    "core.services.notes.add_note": Sample(
        Try("camille", lambda w, c: svc.add_note(w.app, c, w.ids["person"], NEW_NOTE), "person")),
    "core.services.notes.list_notes": Sample(
        Try("camille", lambda w, c: svc.list_notes(w.app, c, w.ids["person"]), "person")),
    # consents and the person's export
    "core.services.consents.give_consent": Sample(
        Try("camille", lambda w, c: svc.give_consent(w.app, c, w.ids["person"], "partage",
                                                     partner=NEW_PARTNER), "person"),
        refused("camille", lambda w, c: svc.give_consent(w.app, c, w.ids["unfollowed"], "partage",
                                                         partner=NEW_PARTNER),
                "permission_denied", "unfollowed")),
    "core.services.consents.withdraw_consent": Sample(
        Try("camille", lambda w, c: svc.withdraw_consent(w.app, c, w.ids["person"],
                                                         w.ids["shared"]), "person"),
        refused("camille", lambda w, c: svc.withdraw_consent(w.app, c, w.ids["person"], 999_999),
                "not_found", "person")),
    "core.services.consents.list_consents": Sample(
        Try("camille", lambda w, c: svc.list_consents(w.app, c, w.ids["person"]), "person")),
    "core.services.person_export._export": Sample(
        Try("sonia", lambda w, c: svc.export_person(
            w.app, c, w.ids["person"], _fresh(w, "export.txt"), reason="Demande de la personne"),
            "person", reason="exceptional_access"),
        refused("sonia", lambda w, c: svc.export_person(
            w.app, c, w.ids["person"], _fresh(w, "export.txt"), partner=NEW_PARTNER,
            reason="Demande de la personne"), "consent_required", "person")),
    # erasure, legal holds, retention
    "core.services.erasure.erase_person": Sample(
        Try("sonia", lambda w, c: svc.erase_person(w.app, c, w.ids["erasable"],
                                                   "demande de la personne (art. 17)"),
            "erasable"),
        refused("sonia", lambda w, c: svc.erase_person(w.app, c, w.ids["person"], "demande"),
                "permission_denied", "person")),
    "core.services.holds.place_hold": Sample(
        Try("sonia", lambda w, c: svc.place_hold(w.app, c, w.ids["unfollowed"], NEW_HOLD_REASON),
            "unfollowed")),
    "core.services.holds.lift_hold": Sample(
        Try("sonia", lambda w, c: svc.lift_hold(w.app, c, w.ids["person"]), "person"),
        refused("sonia", lambda w, c: svc.lift_hold(w.app, c, w.ids["unfollowed"]),
                "input_error", "unfollowed")),
    "core.services.retention.due_items": Sample(
        Try("sonia", lambda w, c: svc.due_items(w.app, c))),
    # Nothing is due in this young world: the door lets the call in, the body finds no item.
    "core.services.retention.apply_item": Sample(
        refused("sonia", lambda w, c: svc.apply_item(w.app, c, "R7:audit"), "not_found")),
    # tracks
    "core.services.tracks.start_track": Sample(
        Try("camille", lambda w, c: svc.start_track(w.app, c, w.ids["person"], "psp"), "person"),
        refused("bea", lambda w, c: svc.start_track(w.app, c, w.ids["abroad"], "psp"),
                "not_found", "abroad")),
    "core.services.tracks.list_actions": Sample(
        Try("camille", lambda w, c: svc.list_actions(w.app, c, w.ids["person"]), "person"),
        refused("bea", lambda w, c: svc.list_actions(w.app, c, w.ids["abroad"]), "not_found",
                "abroad")),
    "core.services.tracks.advance": Sample(
        Try("camille", lambda w, c: svc.advance(w.app, c, w.ids["person"], "essai", "noter",
                                                facts=NEW_FACTS), "person"),
        refused("bea", lambda w, c: svc.advance(w.app, c, w.ids["person"], "essai", "noter",
                                                facts=NEW_FACTS), "permission_denied", "person")),
    "core.services.tracks.referent_candidates": Sample(
        Try("camille", lambda w, c: svc.referent_candidates(w.app, c, w.ids["person"]), "person"),
        refused("bea", lambda w, c: svc.referent_candidates(w.app, c, w.ids["abroad"]),
                "not_found", "abroad")),
    "core.services.file_history.history": Sample(
        Try("camille", lambda w, c: svc.history(w.app, c, w.ids["person"]), "person"),
        refused("bea", lambda w, c: svc.history(w.app, c, w.ids["person"], "essai"),
                "permission_denied", "person")),
    "core.services.deadlines.list_deadlines": Sample(
        Try("camille", lambda w, c: svc.list_deadlines(w.app, c, w.ids["person"]), "person"),
        refused("bea", lambda w, c: svc.list_deadlines(w.app, c, w.ids["abroad"]), "not_found",
                "abroad")),
    # drop-ins
    "core.services.dropins.open_dropin": Sample(
        Try("bea", lambda w, c: svc.open_dropin(w.app, c, TODAY + timedelta(days=1))),
        refused("bea", lambda w, c: svc.open_dropin(w.app, c, TODAY, time(18), time(14)),
                "input_error")),
    "core.services.dropins.record_visit": Sample(
        Try("bea", lambda w, c: svc.record_visit(w.app, c, w.ids["dropin"], w.ids["person"]),
            "person"),
        refused("bea", lambda w, c: svc.record_visit(w.app, c, w.ids["dropin"], w.ids["abroad"]),
                "not_found", "abroad")),
    "core.services.dropins.record_anonymous": Sample(
        Try("bea", lambda w, c: svc.record_anonymous(w.app, c, w.ids["dropin"], 2)),
        refused("bea", lambda w, c: svc.record_anonymous(w.app, c, w.ids["dropin"], 0),
                "input_error")),
    "core.services.dropins.close_dropin": Sample(
        Try("bea", lambda w, c: svc.close_dropin(w.app, c, w.ids["dropin"])),
        refused("bea", lambda w, c: svc.close_dropin(w.app, c, 999_999), "not_found")),
    "core.services.dropins.list_dropins": Sample(
        Try("bea", lambda w, c: svc.list_dropins(w.app, c)),
        refused(NOBODY, lambda w, c: svc.list_dropins(w.app, c), "not_authenticated")),
    "core.services.dropin_visits.list_visits": Sample(
        Try("bea", lambda w, c: svc.list_visits(w.app, c, w.ids["dropin"])),
        refused("admin", lambda w, c: svc.list_visits(w.app, c, w.ids["dropin"]),
                "permission_denied")),
    # supervision, reports, batches
    "core.services.review.review_queue": Sample(
        Try("sonia", lambda w, c: svc.review_queue(w.app, c))),
    "core.services.review.review_counts": Sample(
        Try("sonia", lambda w, c: svc.review_counts(w.app, c))),
    "core.services.review_decisions.acknowledge": Sample(
        Try("sonia", lambda w, c: svc.acknowledge(w.app, c, _key(w)), "unfollowed")),
    "core.services.review_decisions.snooze": Sample(
        Try("sonia", lambda w, c: svc.snooze(w.app, c, _key(w), TODAY + timedelta(days=7),
                                             SNOOZE_REASON), "unfollowed")),
    "core.services.review_decisions.reassign": Sample(
        Try("sonia", lambda w, c: svc.reassign(w.app, c, _key(w), "camille"), "unfollowed")),
    "core.services.review_decisions.comment": Sample(
        Try("camille", lambda w, c: svc.comment(w.app, c, _key(w), COMMENT), "unfollowed")),
    "core.services.report.activity_report": Sample(
        Try("sonia", lambda w, c: svc.activity_report(w.app, c, START, END))),
    "core.services.report.explain_figure": Sample(
        Try("sonia", lambda w, c: svc.explain_figure(w.app, c, START, END, "permanences"))),
    "core.services.report.export_report": Sample(
        Try("sonia", lambda w, c: svc.export_report(w.app, c, START, END, "csv",
                                                    w.tmp / "rapport.csv"))),
    "core.services.report_rebuild.rebuild_aggregates": Sample(
        Try("admin", lambda w, c: svc.rebuild_aggregates(w.app, c))),
    "core.services.importer._import": Sample(
        Try("sonia", lambda w, c: svc.import_bytes(
            w.app, c, "personnes", _csv(["pseudo", "premier passage", "référent", "notes"],
                                        [IMPORTED_ALIAS, "", "", IMPORTED_NOTE]), "liste.csv"))),
    # A real fill writes a whole fictitious year (the demo's own tests do): here the base
    # holds persons, which the demo refuses inside its body, after the door let it in.
    "core.services.demo._fill_one": Sample(
        refused("admin", lambda w, c: svc.fill_demo(w.app, c, year=2025), "input_error")),
    # backups: the drill verifies a file written without the door (no audit row of its own)
    "core.services.backups.create_backup": Sample(
        Try("admin", lambda w, c: svc.create_backup(w.app, c, w.tmp / "copie.sauvegarde"))),
    "core.services.restores.verify_backup": Sample(
        Try("admin", lambda w, c: svc.verify_backup(w.app, c, _backup(w)))),
    "core.services.backups.prune_backups": Sample(
        Try("admin", lambda w, c: svc.prune_backups(w.app, c))),
    # A bulk copy of a delegation (the demo's volumes): the world's persons, new aliases.
    "core.services.demo_copies.copy_year": Sample(
        Try("admin", lambda w, c: copy_year(w.app, c, 1, 0, _copy_aliases(w)))),
    # accounts and delegations
    "core.services.users.add_user": Sample(
        Try("admin", lambda w, c: svc.add_user(w.app, c, "nadia", "benevole", PASSWORD,
                                               ["principale"]))),
    "core.services.users.list_users": Sample(Try("admin", lambda w, c: svc.list_users(w.app, c))),
    "core.services.users.disable_user": Sample(
        Try("admin", lambda w, c: svc.disable_user(w.app, c, "bea"))),
    "core.services.users.set_role": Sample(
        Try("admin", lambda w, c: svc.set_role(w.app, c, "sam", "benevole"))),
    "core.services.users.reset_password": Sample(
        Try("admin", lambda w, c: svc.reset_password(w.app, c, "sam", NEW_PASSWORD))),
    "core.services.users.set_delegations": Sample(
        Try("admin", lambda w, c: svc.set_delegations(w.app, c, "yann", ["principale", "lyon"]))),
    "core.services.users.add_delegation": Sample(
        Try("admin", lambda w, c: svc.add_delegation(w.app, c, "marseille", "Marseille"))),
    "core.services.users.record_agrement": Sample(
        Try("admin", lambda w, c: svc.record_agrement(w.app, c, "principale", "59",
                                                      granted_on=date(2025, 6, 1))),
        refused("admin", lambda w, c: svc.record_agrement(w.app, c, "principale", "59"),
                "input_error")),
    "core.services.users.list_delegations": Sample(
        Try("bea", lambda w, c: svc.list_delegations(w.app, c)),
        refused(NOBODY, lambda w, c: svc.list_delegations(w.app, c), "not_authenticated")),
}


def operation(path: str) -> str:
    return REGISTRY[path].service_name


def writes(path: str) -> bool:
    return bool(REGISTRY[path].writes)


def refusal(path: str) -> Try | None:
    """The refused call of a service: its own, else the sample run by a role the policy
    leaves out (None when every role may run it and no refusal was written)."""
    sample = SAMPLES[path]
    if sample.no is not None:
        return sample.no
    denied = [r for r in ROLE_USER if r not in POLICY[operation(path)]]
    if not denied:
        return None
    return replace(sample.ok, user=ROLE_USER[denied[0]], person=None, outcome="refused",
                   reason="permission_denied")
