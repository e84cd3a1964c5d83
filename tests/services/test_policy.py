"""The access policy: deny by default, one row per service, and the full scope matrix.

The matrix test drives the real services for every role × scope × data class × read/write
and compares what happens with :data:`EXPECTED`, written here by hand from the issue (not
derived from the policy module), so that a change to either shows.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from pydantic import BaseModel, ConfigDict
from sqlalchemy import select

from core import hookimpl
from core import services as svc
from core.definitions.model import (CASEWORKERS, Role, Sensitivity, StepDefinition,
                                    TrackDefinition, TransitionDefinition, fact)
from core.errors import NotAuthenticated, NotFound, PermissionDenied, ReauthRequired
from core.persistence.access_models import AuditEntry
from core.plugins import build_plugin_host
from core.services.policy import POLICY, READ, WRITE, DataClass, Decision, Scope, allowed
from core.services import REGISTRY  # the package loads every service first
from tests.accounts import PASSWORD, USERS, follow, forget, make_app, who


def test_every_registered_service_has_a_policy_row():
    missing = sorted({run.service_name for run in REGISTRY.values()} - set(POLICY))
    assert not missing, f"services sans règle d'accès : {missing}"


def test_no_policy_row_without_a_service():
    assert sorted(set(POLICY) - {run.service_name for run in REGISTRY.values()}) == []


def test_unknown_service_is_denied_to_every_role():
    assert not any(allowed("service.inexistant", role) for role in Role)


# --- the matrix ------------------------------------------------------------------------------

B, S, R, SV, A = (Role.BENEVOLE, Role.STAGIAIRE, Role.REFERENT, Role.SUPERVISEUR, Role.ADMIN)
FD, CASE, SENS, RESTR = (DataClass.FRONT_DESK, DataClass.CASE, DataClass.SENSITIVE,
                         DataClass.RESTRICTED)
OWN, DEL, OTHER = Scope.OWN, Scope.DELEGATION, Scope.OTHER
ok, reauth, reason, no = "allow", "reauth", "reason", "deny"

EXPECTED: dict[tuple[str, Role, Scope], tuple[str, str, str, str]] = {
    # (operation, role, scope): decisions for (front desk, case, sensitive, restricted)
    ("read", B, DEL): (ok, no, no, no), ("read", B, OTHER): (no, no, no, no),
    ("read", S, DEL): (ok, no, no, no), ("read", S, OTHER): (no, no, no, no),
    ("read", R, OWN): (ok, ok, ok, reauth), ("read", R, DEL): (ok, no, no, no),
    ("read", R, OTHER): (no, no, no, no),
    ("read", SV, OWN): (ok, ok, ok, reauth), ("read", SV, DEL): (ok, ok, ok, reason),
    ("read", SV, OTHER): (no, no, no, no),
    ("read", A, DEL): (no, no, no, no), ("read", A, OTHER): (no, no, no, no),
    ("write", B, DEL): (ok, no, no, no), ("write", B, OTHER): (no, no, no, no),
    ("write", S, DEL): (ok, no, no, no), ("write", S, OTHER): (no, no, no, no),
    ("write", R, OWN): (ok, ok, ok, ok), ("write", R, DEL): (ok, no, no, no),
    ("write", R, OTHER): (no, no, no, no),
    ("write", SV, OWN): (ok, ok, ok, ok), ("write", SV, DEL): (ok, ok, ok, ok),
    ("write", SV, OTHER): (no, no, no, no),
    ("write", A, DEL): (ok, no, no, no), ("write", A, OTHER): (no, no, no, no),
}
"""Volunteers, interns and the administrator are never anyone's referent: no ``own`` row."""
CLASSES = (FD, CASE, SENS, RESTR)
CASES = [(op, role, scope, cls) for (op, role, scope) in EXPECTED for cls in CLASSES]


def test_the_policy_tables_say_what_the_issue_says():
    for (op, role, scope), decisions in EXPECTED.items():
        table = READ if op == "read" else WRITE
        assert tuple(table[(role, scope)][c].value for c in CLASSES) == decisions, (op, role, scope)


class TrialFacts(BaseModel):
    model_config = ConfigDict(extra="forbid")

    ordinaire: str | None = fact(None, label="Ordinaire")
    sensible: str | None = fact(None, label="Sensible", sensitivity=Sensitivity.SENSITIVE)
    restreint: str | None = fact(None, label="Restreint", sensitivity=Sensitivity.RESTRICTED)


TRIAL = TrackDefinition(
    id="essai", label="Démarche d'essai", domain="essai", initial="ouvert",
    steps=(StepDefinition(id="ouvert", label="Ouvert", facts=TrialFacts),),
    transitions=(TransitionDefinition(trigger="noter", label="Noter", source=("ouvert",),
                                      dest="ouvert", roles=CASEWORKERS, facts=TrialFacts),))


class Trial:
    @hookimpl
    def parcours_track_definitions(self):
        return [TRIAL]


ROLE_USERS = {B: "bea", S: "sam", R: "camille", SV: "sonia", A: "admin"}


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    """Two delegations; in each, persons followed by known referents, with every class of fact."""
    url = f"sqlite:///{tmp_path_factory.mktemp('matrix') / 'm.db'}"
    app = make_app(url, host=build_plugin_host(load_entrypoints=False, extra=[("essai", Trial())]),
                   today=date(2026, 3, 10))
    svc.add_delegation(app, who(app, "admin"), "lyon", "Lyon")
    for name, role, codes in (("rachid", "referent", ["principale"]),
                              ("lea", "superviseur", ["lyon"]), ("yann", "referent", ["lyon"])):
        svc.add_user(app, who(app, "admin"), name, role, PASSWORD, codes)
    svc.set_delegations(app, who(app, "admin"), "admin", ["principale"])  # ends her sessions
    forget(app)
    persons = {}
    for label, referent in (("own-camille", "camille"), ("own-sonia", "sonia"),
                            ("delegation", "rachid"), ("other", "yann")):
        persons[label] = _person(app, label, referent)
    yield app, persons
    app.close()


def _person(app, alias: str, referent: str) -> int:
    person = svc.add_person(app, who(app, referent), alias).id
    follow(app, person, referent)
    svc.start_track(app, who(app, referent), person, "essai")
    svc.advance(app, who(app, referent), person, "essai", "noter",
                facts={"ordinaire": "ORD", "sensible": "SENS", "restreint": "RESTR"})
    return person


def _target(persons: dict[str, int], role: Role, scope: Scope) -> int:
    if scope is OWN:
        return persons["own-camille" if role is R else "own-sonia"]
    return persons["delegation" if scope is DEL else "other"]


def _fresh(app, role: Role):
    return svc.Credential(svc.sign_in(app, ROLE_USERS[role], PASSWORD).secret)


def _fact(app, cred, person: int, name: str, reason: str | None = None):
    try:
        facts = svc.person_facts(app, cred, person, reason=reason)
    except (PermissionDenied, NotFound):
        return None
    found = next((f for f in facts if f.name == name), None)
    return None if found is None or found.locked else found.value


def _observe_read(app, role: Role, person: int, cls: DataClass) -> str:
    cred = _fresh(app, role)
    if cls is FD:
        try:
            shown = svc.show_person(app, cred, person)
        except (PermissionDenied, NotFound):
            return no
        listed = person in {p.id for p in svc.list_persons(app, cred)}
        assert listed, "visible file but missing from the list"
        return ok if shown.alias else no
    if cls is CASE:
        try:
            view = svc.show_person(app, cred, person)
        except (PermissionDenied, NotFound):
            return no
        steps = [t.step for t in view.tracks if t.track == "essai"]
        return ok if view.view == "file" and steps == ["ouvert"] else no
    name, value = ("sensible", "SENS") if cls is SENS else ("restreint", "RESTR")
    if _fact(app, cred, person, name) == value:
        return ok
    if _fact(app, cred, person, name, reason="Vérification demandée par la direction") == value:
        return reason
    try:
        svc.reauthenticate(app, cred, PASSWORD)
    except PermissionDenied:
        return no
    return reauth if _fact(app, cred, person, name) == value else no


def _observe_write(app, role: Role, person: int, cls: DataClass) -> str:
    cred = _fresh(app, role)
    try:
        if cls is FD:
            svc.start_track(app, cred, person, "essai")
        else:
            facts = {CASE: {"ordinaire": "x"}, SENS: {"sensible": "x"},
                     RESTR: {"restreint": "x"}}[cls]
            svc.advance(app, cred, person, "essai", "noter", facts=facts)
    except (PermissionDenied, NotFound):
        return no
    return ok


@pytest.mark.parametrize(("op", "role", "scope", "cls"), CASES,
                         ids=[f"{o}-{r.value}-{s.value}-{c.value}" for o, r, s, c in CASES])
def test_the_services_apply_the_matrix(world, op, role, scope, cls):
    app, persons = world
    expected = EXPECTED[(op, role, scope)][CLASSES.index(cls)]
    person = _target(persons, role, scope)
    observe = _observe_read if op == "read" else _observe_write
    assert observe(app, role, person, cls) == expected
    assert Decision(expected) in (READ if op == "read" else WRITE)[(role, scope)].values()


CONSENT_EXPECTED: dict[tuple[Role, Scope], tuple[str, str, str]] = {
    # (role, scope): who may record a consent to (suivi, statistiques, partage)
    (B, DEL): (no, no, no), (B, OTHER): (no, no, no),
    (S, DEL): (no, no, no), (S, OTHER): (no, no, no),
    (R, OWN): (ok, ok, ok), (R, DEL): (ok, no, no), (R, OTHER): (no, no, no),
    (SV, OWN): (ok, ok, ok), (SV, DEL): (ok, ok, ok), (SV, OTHER): (no, no, no),
    (A, DEL): (no, no, no), (A, OTHER): (no, no, no),
}
"""Consents are caseworkers' (informing the person first is their work); consent to follow-up
is front-desk content, so a referent of her delegation records it before following her."""
PURPOSES = ("suivi", "statistiques", "partage")
CONSENT_CASES = [(role, scope, purpose) for (role, scope) in CONSENT_EXPECTED for purpose in PURPOSES]


@pytest.mark.parametrize(("role", "scope", "purpose"), CONSENT_CASES,
                         ids=[f"{r.value}-{s.value}-{p}" for r, s, p in CONSENT_CASES])
def test_who_records_a_consent(world, role, scope, purpose):
    app, persons = world
    expected = CONSENT_EXPECTED[(role, scope)][PURPOSES.index(purpose)]
    try:
        # A day of its own: the same consent given the same day is one already recorded.
        svc.give_consent(app, _fresh(app, role), _target(persons, role, scope), purpose,
                         partner="PASS" if purpose == "partage" else None,
                         given_on=date(2026, 2, 1) + timedelta(
                             days=CONSENT_CASES.index((role, scope, purpose))))
    except (PermissionDenied, NotFound):
        assert expected == no
    else:
        assert expected == ok


def test_an_exceptional_access_is_audited_and_shown_to_supervisors(world):
    app, persons = world
    cred = _fresh(app, SV)
    before = svc.person_facts(app, cred, persons["delegation"])
    assert next(f for f in before if f.name == "restreint").locked
    facts = svc.person_facts(app, cred, persons["delegation"], reason="Signalement urgent")
    value = next(f.value for f in facts if f.name == "restreint")
    assert value in ("RESTR", "x")
    items = svc.review_queue(app, cred, kinds={"exceptional_access"})
    assert any(i.person_id == persons["delegation"] and "Signalement urgent" in i.detail
               for i in items)
    rows = svc.list_audit(app, cred, person=persons["delegation"])
    access = next(r for r in rows if r.operation == "person.facts" and r.reason == "exceptional_access")
    assert access.detail["reason"] == "Signalement urgent"
    assert f"'{value}'" not in str([r.detail for r in rows])
    # As stored: sealed with her key, the text nowhere in the row; the listing counted it.
    with app.db.read() as session:
        stored = session.scalars(select(AuditEntry).where(AuditEntry.seq == access.seq)).one()
        listing = session.scalars(select(AuditEntry).where(AuditEntry.operation == "audit.list")
                                  .order_by(AuditEntry.seq.desc()).limit(1)).one()
    assert "reason" not in stored.detail and stored.detail["reason_enc"]
    assert "Signalement" not in str(stored.detail)
    assert listing.detail["reasons_opened"] >= 1


# --- sessions and roles --------------------------------------------------------------------------

@pytest.fixture
def app(sqlite_url):
    parcours = make_app(sqlite_url)
    yield parcours
    parcours.close()


@pytest.mark.parametrize("user", sorted(USERS))
def test_user_add_runs_only_for_roles_in_the_policy(app, user):
    role = Role(USERS[user])
    if role in POLICY["user.add"]:
        assert svc.add_user(app, who(app, user), f"nouveau_{user}", "benevole", PASSWORD).role == "benevole"
    else:
        with pytest.raises(PermissionDenied, match="ne permet pas"):
            svc.add_user(app, who(app, user), f"nouveau_{user}", "benevole", PASSWORD)
        assert f"nouveau_{user}" not in {u.name for u in svc.list_users(app, who(app, "admin"))}


def test_a_call_without_a_valid_session_is_refused_with_a_french_message(app):
    for credential in (None, "camille", svc.Credential("pcs_inconnu")):
        with pytest.raises(NotAuthenticated, match="parcours login"):
            svc.list_persons(app, credential)


def test_role_change_ends_the_sessions_and_the_new_role_applies(app):
    camille = who(app, "camille")
    person = svc.add_person(app, camille, "Amina").id
    svc.set_role(app, who(app, "admin"), "camille", "stagiaire")
    with pytest.raises(NotAuthenticated):
        svc.list_persons(app, camille)
    again = svc.Credential(svc.sign_in(app, "camille", PASSWORD).secret)
    suivre = next(a for a in svc.list_actions(app, again, person, "parcours") if a.trigger == "suivre")
    assert not suivre.allowed and "engine.role" in {r.code for r in suivre.reasons}


def test_disabled_user_is_refused_at_once(app):
    bea = who(app, "bea")
    svc.disable_user(app, who(app, "admin"), "bea")
    with pytest.raises(NotAuthenticated):
        svc.list_persons(app, bea)
    with pytest.raises(PermissionDenied, match="incorrect"):
        svc.sign_in(app, "bea", PASSWORD)


ERASURE_EXPECTED = {B: PermissionDenied, S: PermissionDenied, R: PermissionDenied,
                    SV: ReauthRequired, A: PermissionDenied}
"""Erasure and holds: a supervisor only (who must then confirm her password); the others
are refused by the policy before anything is read."""


@pytest.mark.parametrize("role", list(ERASURE_EXPECTED), ids=lambda r: r.value)
def test_only_a_supervisor_may_erase_hold_or_apply_retention(world, role):
    app, persons = world
    cred = _fresh(app, role)
    person = persons["delegation"]
    with pytest.raises(ERASURE_EXPECTED[role]):
        svc.erase_person(app, cred, person, "demande")
    if role is SV:
        svc.place_hold(app, cred, person, "vérification")
        svc.lift_hold(app, cred, person)
        assert isinstance(svc.due_items(app, cred), list)
    else:
        with pytest.raises(PermissionDenied):
            svc.place_hold(app, cred, person, "vérification")
    if role not in (SV, A):
        with pytest.raises(PermissionDenied):
            svc.due_items(app, cred)


def test_a_supervisor_of_another_delegation_cannot_erase(world):
    app, persons = world
    lea = svc.Credential(svc.sign_in(app, "lea", PASSWORD).secret)
    svc.reauthenticate(app, lea, PASSWORD)
    with pytest.raises(NotFound):
        svc.erase_person(app, lea, persons["delegation"], "demande")


# --- what interfaces are offered: asked of core, never restated (issue 14) -------------------

READ_CASES = [(role, scope) for (op, role, scope) in EXPECTED if op == "read"]


@pytest.mark.parametrize(("role", "scope"), READ_CASES, ids=[f"{r.value}-{s.value}" for r, s in READ_CASES])
def test_what_restricted_content_takes_is_what_the_matrix_says(world, role, scope):
    """The TUI asks core what opening a person's restricted content takes, from the view the
    person service gave it; the answer is the matrix's, and "deny" when she is not shown."""
    app, persons = world
    expected = EXPECTED[("read", role, scope)][CLASSES.index(RESTR)]
    try:
        view = svc.show_person(app, _fresh(app, role), _target(persons, role, scope))
    except (PermissionDenied, NotFound):
        assert expected == no
        return
    assert svc.restricted_access(role.value, ROLE_USERS[role], view) == Decision(expected)


@pytest.mark.parametrize("role", list(Role))
def test_the_role_offers_are_the_policy(role):
    assert all(svc.role_may(role.value, name) == (role in roles) for name, roles in POLICY.items())
    desk = EXPECTED[("read", role, DEL)][CLASSES.index(FD)]
    assert svc.role_reads_front_desk(role.value) == (desk == ok)
    assert str(svc.role_refusal(role.value)) == str(PermissionDenied(
        f"Votre rôle ({svc.role_label(role.value)}) ne permet pas cette opération."))


def test_a_refused_service_names_who_may_run_it():
    """The door's refusal says whom to ask (the policy's roles, the administrator last)."""
    assert str(svc.role_refusal("superviseur", "delegation.add")) == (
        "Votre rôle (superviseur·e) ne permet pas cette opération. "
        "Elle revient à un·e administrateur·rice.")
    assert str(svc.role_refusal("benevole", "review.queue")).endswith(
        "Elle revient à un·e référent·e, superviseur·e ou administrateur·rice.")
    assert str(svc.role_refusal("benevole", "no.such.service")) == str(
        svc.role_refusal("benevole"))


def test_nobody_signed_in_is_offered_nothing():
    assert not svc.role_may("", "person.list") and not svc.role_reads_front_desk("")
    assert svc.role_label("") == "" and svc.role_label("inconnu", "autre rôle") == "autre rôle"
