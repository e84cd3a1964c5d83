"""``[securite]`` in ``parcours.toml``: timeouts, and an Argon2id cost that never goes below
OWASP's minimum (19 MiB, 2 passes, 1 lane)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from core.auth import passwords
from core.auth.passwords import HashCost
from core.auth.settings import ARGON2_FLOOR, SecuritySettings
from core.errors import InputError


@pytest.fixture(autouse=True)
def _no_idle_override(monkeypatch):
    monkeypatch.delenv("PARCOURS_SESSION_IDLE_MINUTES", raising=False)


def _load(tmp_path, text: str) -> SecuritySettings:
    (tmp_path / "parcours.toml").write_text(text, encoding="utf-8")
    return SecuritySettings.load(tmp_path)


def test_without_a_file_the_cost_is_rfc_9106s_second_recommendation(tmp_path):
    assert SecuritySettings.load(tmp_path).hash_cost == HashCost(3, 65536, 4)


def test_the_cost_may_be_set_at_the_floor_and_keys_left_out_keep_their_default(tmp_path):
    floor = _load(tmp_path, "[securite]\nargon2_memory_kib = 19456\nargon2_time_cost = 2\n"
                            "argon2_parallelism = 1\nsession_idle_minutes = 20\n")
    assert floor.hash_cost == HashCost(time_cost=2, memory_kib=19456, parallelism=1)
    assert floor.idle == timedelta(minutes=20)
    stored = passwords.hash_password("Cheval-Correct-Pile-2026!", floor.hash_cost)
    assert "m=19456,t=2,p=1" in stored
    assert passwords.verify(stored, "Cheval-Correct-Pile-2026!", floor.hash_cost)
    raised = _load(tmp_path, "[securite]\nargon2_time_cost = 4\n")
    assert raised.hash_cost == HashCost(time_cost=4, memory_kib=65536, parallelism=4)


@pytest.mark.parametrize("key", sorted(ARGON2_FLOOR))
def test_a_cost_below_the_floor_is_refused_naming_the_key_and_the_floor(tmp_path, key):
    floor = ARGON2_FLOOR[key][1]
    with pytest.raises(InputError) as caught:
        _load(tmp_path, f"[securite]\n{key} = {floor - 1}\n")
    assert key in caught.value.msg and f"minimum de sécurité ({floor})" in caught.value.msg
    assert _load(tmp_path, f"[securite]\n{key} = {floor}\n").hash_cost \
        == HashCost(**{ARGON2_FLOOR[key][0]: floor, **_others(key)})


def _others(key: str) -> dict[str, int]:
    default = HashCost()
    return {name: getattr(default, name) for k, (name, _) in ARGON2_FLOOR.items() if k != key}


@pytest.mark.parametrize("value", ["2.5", '"2"', "true"])
def test_a_cost_that_is_not_a_whole_number_is_refused(tmp_path, value):
    with pytest.raises(InputError, match="argon2_time_cost : un nombre entier est attendu"):
        _load(tmp_path, f"[securite]\nargon2_time_cost = {value}\n")


@pytest.mark.parametrize(("key", "value"), [
    ("session_idle_minutes", "inf"), ("session_idle_minutes", "nan"),
    ("session_idle_minutes", "0"), ("session_idle_minutes", "-1"),
    ("session_idle_minutes", "31"), ("session_max_hours", "13"), ("session_max_hours", "0.5"),
    ("reauth_minutes", "0"), ("tui_lock_minutes", "1e400"), ("lock_minutes", "100000"),
    ("lock_minutes", "-15")])
def test_a_duration_out_of_its_limits_is_refused_naming_the_key_and_the_limits(
        tmp_path, key, value):
    with pytest.raises(InputError) as caught:
        _load(tmp_path, f"[securite]\n{key} = {value}\n")
    low, high = {"session_max_hours": ("1", "12"), "lock_minutes": ("1", "1440")}.get(
        key, ("1", "30"))
    assert f"{key} = " in caught.value.msg and f"entre {low} et {high}" in caught.value.msg


def test_durations_within_their_limits_are_taken(tmp_path):
    settings = _load(tmp_path, "[securite]\nsession_idle_minutes = 30\nsession_max_hours = 1\n"
                               "reauth_minutes = 1\ntui_lock_minutes = 2.5\nlock_minutes = 1440\n")
    assert (settings.idle, settings.absolute, settings.reauth, settings.tui_lock, settings.lock) \
        == (timedelta(minutes=30), timedelta(hours=1), timedelta(minutes=1),
            timedelta(minutes=2.5), timedelta(days=1))


def test_a_duration_given_as_true_is_unreadable(tmp_path):
    with pytest.raises(InputError, match="illisible"):
        _load(tmp_path, "[securite]\nsession_idle_minutes = true\n")
