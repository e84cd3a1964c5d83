"""A check's reason drawn from a restricted fact is shown only to who reads that fact now.

The complaint's qualification is restricted: its referent reads it once she has confirmed
her password, a supervisor of the delegation only with a stated reason. The check on a civil
party claim reads it, and its reasons said it (« Crime : pas de délai préalable de 3 mois »,
or « n'est recevable qu'à partir du … », which tells it is no crime) in the actions list, in
a refusal and in the history, to the referent before her password and to the supervisor.
"""

from __future__ import annotations

import json
from datetime import date

import pytest

import plugins.plainte
from core import messages as M
from core import services as svc
from core.errors import TransitionRefused
from core.plugins import build_plugin_host
from core.services.restricted_reasons import CODE
from tests.accounts import add_followed, make_app, reauth, who

COMPLAINT = {"mode_plainte": "plainte", "date_plainte": "2026-01-23",
             "service_plainte": "gendarmerie", "recepisse_remis": True,
             "consentement_eclaire": True, "evaluation_risques": True,
             "accompagnement": "association"}
CIVIL_PARTY = {"date_constitution_partie_civile": "2026-02-01",
               "preuve_premiere_plainte": True, "consignation": "a_fixer"}
TRIGGER = "se_constituer_partie_civile"


@pytest.fixture
def case(sqlite_url):
    host = build_plugin_host(load_entrypoints=False, extra=[("plainte", plugins.plainte)])
    app = make_app(sqlite_url, host=host, today=date(2026, 3, 10))
    person = add_followed(app)  # camille's
    svc.start_track(app, who(app, "camille"), person, "plainte", at=date(2026, 1, 5))
    yield app, person
    app.close()


def _complaint(app, person, qualification):
    svc.advance(app, who(app, "camille"), person, "plainte", "deposer_plainte",
                facts={**COMPLAINT, "qualification": qualification}, at=date(2026, 1, 26))


def _claim(app, credential, person):
    [action] = [a for a in svc.list_actions(app, credential, person, "plainte")
                if a.trigger == TRIGGER]
    return action


def _said(value) -> str:
    return json.dumps(value, ensure_ascii=False, default=str)


def test_the_actions_list_veils_a_reason_until_her_referent_confirms(case):
    app, person = case
    _complaint(app, person, "crime")
    veiled = _claim(app, who(app, "camille"), person)
    assert veiled.allowed  # the verdict stays: the action is possible
    assert "Crime" not in _said(veiled.model_dump())
    assert [r.code for r in veiled.reasons if r.restricted] == [CODE]
    assert M.CHECK_REASON_RESTRICTED in [r.message for r in veiled.reasons]
    supervisor = _claim(app, who(app, "sonia"), person)
    assert "Crime" not in _said(supervisor.model_dump())
    shown = _claim(app, reauth(app, "camille"), person)
    assert "plainte.partie_civile_crime" in [r.code for r in shown.reasons]


def test_a_refusal_veils_a_reason_that_tells_the_qualification(case):
    app, person = case
    _complaint(app, person, "delit")  # not a crime: three months to wait
    with pytest.raises(TransitionRefused) as refused:
        svc.advance(app, who(app, "camille"), person, "plainte", TRIGGER,
                    facts=CIVIL_PARTY, at=date(2026, 2, 1))
    assert "recevable" not in str(refused.value)
    assert [r.code for r in refused.value.reasons] == [CODE]
    with pytest.raises(TransitionRefused) as told:
        svc.advance(app, reauth(app, "camille"), person, "plainte", TRIGGER,
                    facts=CIVIL_PARTY, at=date(2026, 2, 1))
    assert "plainte.partie_civile_prematuree" in [r.code for r in told.value.reasons]


def test_the_history_veils_a_recorded_reason_the_same_way(case):
    app, person = case
    _complaint(app, person, "crime")
    svc.advance(app, who(app, "camille"), person, "plainte", TRIGGER, facts=CIVIL_PARTY,
                at=date(2026, 2, 1))
    for name in ("camille", "sonia"):
        events = svc.history(app, who(app, name), person, "plainte")
        assert "Crime" not in _said([e.checks for e in events])
        assert CODE in _said([e.checks for e in events])
    events = svc.history(app, reauth(app, "camille"), person, "plainte")
    assert "Crime" in _said([e.checks for e in events])


def test_a_reason_drawn_from_no_restricted_fact_is_shown_as_it_is(case):
    app, person = case
    _complaint(app, person, "crime")
    actions = svc.list_actions(app, who(app, "camille"), person, "plainte")
    plain = {r.code for a in actions for r in a.reasons if not r.restricted}
    # The receipt's check and the civil party's proof of a first complaint read no
    # qualification: their reasons are not veiled.
    assert {"plainte.recepisse_remis", "plainte.preuve_plainte_manquante"} <= plain
