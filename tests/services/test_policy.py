"""The role policy: deny by default, one row per service, enforced on every call."""

from __future__ import annotations

import pytest
from sqlalchemy import update

from core import services as svc
from core.definitions.model import Role
from core.errors import PermissionDenied
from core.persistence.models import User
from core.services.policy import POLICY, allowed
from core.services.registry import REGISTRY

from .conftest import USERS


def test_every_registered_service_has_a_policy_row():
    missing = sorted(set(REGISTRY) - set(POLICY))
    assert not missing, f"services sans règle d'accès : {missing}"


def test_no_policy_row_without_a_service():
    assert sorted(set(POLICY) - set(REGISTRY)) == []


def test_unknown_service_is_denied_to_every_role():
    assert not any(allowed("service.inexistant", role) for role in Role)


@pytest.mark.parametrize("role", list(Role))
@pytest.mark.parametrize("name", sorted(POLICY))
def test_policy_matrix_is_what_the_table_says(name, role):
    assert allowed(name, role) is (role in POLICY[name])


@pytest.mark.parametrize("user", sorted(USERS))
def test_user_add_runs_only_for_roles_in_the_policy(app, user):
    role = Role(USERS[user])
    if role in POLICY["user.add"]:
        assert svc.add_user(app, user, f"nouveau_{user}", "benevole").role == "benevole"
    else:
        with pytest.raises(PermissionDenied, match="ne permet pas"):
            svc.add_user(app, user, f"nouveau_{user}", "benevole")
        assert f"nouveau_{user}" not in {u.name for u in svc.list_users(app, "admin")}


def test_unknown_actor_is_refused_with_a_french_message(app):
    with pytest.raises(PermissionDenied, match="Utilisateur inconnu"):
        svc.add_person(app, "inconnu", "Amina")
    assert svc.list_persons(app, "camille") == []


def test_role_change_applies_at_the_next_call(app):
    assert svc.add_person(app, "camille", "Amina").alias == "Amina"
    with app.db.write() as session:
        session.execute(update(User).where(User.name == "camille").values(role="stagiaire"))
    person = svc.list_persons(app, "camille")[0]
    refused = svc.list_actions(app, "camille", person.id, "parcours")
    suivre = next(a for a in refused if a.trigger == "suivre")
    assert not suivre.allowed and "engine.role" in {r.code for r in suivre.reasons}


def test_deactivated_user_is_refused(app):
    with app.db.write() as session:
        session.execute(update(User).where(User.name == "bea").values(active=False))
    with pytest.raises(PermissionDenied):
        svc.list_persons(app, "bea")
