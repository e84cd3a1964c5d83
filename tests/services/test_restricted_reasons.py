"""A check result drawn from a restricted fact is shown only to who reads that fact now.

The complaint's qualification is restricted: its referent reads it once she has confirmed
her password, a supervisor of the delegation only with a stated reason. The check on a civil
party claim reads it. Its reasons said it (« Crime : pas de délai préalable de 3 mois », or
« n'est recevable qu'à partir du … »), and so did its verdict: within three months of the
complaint the claim is open for a crime and not for an offence, so the actions list and
``advance`` told the two apart, to the referent before her password and to the supervisor.
"""

from __future__ import annotations

import json
from contextlib import contextmanager
from datetime import date

import pytest

import plugins.plainte
from core import messages as M
from core import services as svc
from core.engine.checks import passed
from core.errors import InputError, ReasonRequired, ReauthRequired
from core.plugins import build_plugin_host
from core.services.restricted_reasons import CODE
from tests.accounts import PASSWORD, add_followed, forget, make_app, reauth, who

COMPLAINT = {"mode_plainte": "plainte", "date_plainte": "2026-01-23",
             "service_plainte": "gendarmerie", "recepisse_remis": True,
             "consentement_eclaire": True, "evaluation_risques": True,
             "accompagnement": "association"}
CIVIL_PARTY = {"date_constitution_partie_civile": "2026-02-01",
               "preuve_premiere_plainte": True, "consignation": "a_fixer"}
TRIGGER = "se_constituer_partie_civile"
CHECK = "plainte.partie_civile_recevable"


@pytest.fixture
def world(sqlite_url):
    """Two persons followed by camille, a complaint each: a crime and an offence."""
    host = build_plugin_host(load_entrypoints=False, extra=[("plainte", plugins.plainte)])
    app = make_app(sqlite_url, host=host, today=date(2026, 3, 10))
    persons = {}
    for alias, qualification in (("Amina", "crime"), ("Binta", "delit")):
        person = add_followed(app, alias)
        svc.start_track(app, who(app, "camille"), person, "plainte", at=date(2026, 1, 5))
        svc.advance(app, who(app, "camille"), person, "plainte", "deposer_plainte",
                    facts={**COMPLAINT, "qualification": qualification}, at=date(2026, 1, 26))
        persons[qualification] = person
    yield app, persons
    app.close()


def _claim(app, credential, person):
    [action] = [a for a in svc.list_actions(app, credential, person, "plainte")
                if a.trigger == TRIGGER]
    return action


def _said(value) -> str:
    return json.dumps(value, ensure_ascii=False, default=str)


def _attempt(app, credential, person, facts=CIVIL_PARTY, reason=None) -> tuple[type, str]:
    try:
        svc.advance(app, credential, person, "plainte", TRIGGER, facts=facts,
                    at=date(2026, 2, 1), reason=reason)
    except Exception as exc:  # what each is answered is compared
        return type(exc), str(exc)
    return type(None), "done"


@pytest.mark.parametrize("name", ["camille", "sonia"])
def test_the_actions_list_tells_a_crime_from_an_offence_to_no_one_locked(world, name):
    app, persons = world
    seen = [_claim(app, who(app, name), persons[q]).model_dump() for q in ("crime", "delit")]
    assert seen[0] == seen[1]
    assert not seen[0]["allowed"]
    assert [r["code"] for r in seen[0]["reasons"] if r["restricted"]] == [CODE]
    assert M.CHECK_REASON_RESTRICTED in _said(seen[0])
    assert "Crime" not in _said(seen) and "recevable" not in _said(seen)


def test_her_referent_reads_it_once_her_password_is_confirmed(world):
    app, persons = world
    camille = reauth(app, "camille")
    crime, delit = (_claim(app, camille, persons[q]) for q in ("crime", "delit"))
    assert crime.allowed and "plainte.partie_civile_crime" in [r.code for r in crime.reasons]
    assert not delit.allowed
    assert "plainte.partie_civile_prematuree" in [r.code for r in delit.reasons]


def test_acting_on_such_a_verdict_asks_for_what_reading_it_asks(world):
    app, persons = world
    for name, refusal in (("camille", ReauthRequired), ("sonia", ReasonRequired)):
        answers = {_attempt(app, who(app, name), persons[q]) for q in ("crime", "delit")}
        assert len(answers) == 1  # done or refused: the same, whatever the qualification
        [(kind, text)] = answers
        assert kind is refusal and "recevable" not in text and "Crime" not in text
    camille = reauth(app, "camille")
    assert _attempt(app, camille, persons["crime"]) == (type(None), "done")
    assert "recevable" in _attempt(app, camille, persons["delit"])[1]


WHY = "contrôle de la constitution de partie civile, référente absente"


def test_a_supervisor_acts_on_it_with_the_reason_of_her_exceptional_access(world):
    # Before, she could not at all (advance took no reason): with the referent away, nobody
    # could file the claim without reassigning the person first.
    app, persons = world
    sonia = who(app, "sonia")
    crime = [a for a in svc.list_actions(app, sonia, persons["crime"], "plainte", reason=WHY)
             if a.trigger == TRIGGER][0]
    assert crime.allowed and "plainte.partie_civile_crime" in [r.code for r in crime.reasons]
    assert "recevable" in _attempt(app, sonia, persons["delit"], reason=WHY)[1]
    assert _attempt(app, sonia, persons["crime"], reason=WHY) == (type(None), "done")
    events = svc.history(app, sonia, persons["crime"], "plainte", reason=WHY)
    assert "Crime" in _said([e.checks for e in events])
    [done] = [e for e in svc.list_audit(app, sonia, person=persons["crime"])
              if e.operation == "track.advance" and e.outcome == "done"
              and e.detail.get("trigger") == TRIGGER]
    assert done.reason == "exceptional_access" and done.detail["reason"] == WHY


def test_a_refusal_that_tells_her_restricted_content_is_reviewed_as_an_exceptional_access(world):
    # The refusal quotes the check drawn from her complaint's qualification (« recevable
    # que à partir du … »: an offence). Its row kept the sealed reason under the refusal's
    # code, which the review queue does not look for: the other supervisors never saw it.
    app, persons = world
    svc.add_user(app, who(app, "admin"), "sara", "superviseur", PASSWORD, ["principale"])
    assert "recevable" in _attempt(app, who(app, "sonia"), persons["delit"], reason=WHY)[1]
    sara = who(app, "sara")
    [refused] = [e for e in svc.list_audit(app, sara, person=persons["delit"])
                 if e.operation == "track.advance" and e.outcome == "refused"]
    assert refused.reason == "exceptional_access" and refused.detail["reason"] == WHY
    assert refused.detail["error"] == "transition_refused"
    [item] = svc.review_queue(app, sara, kinds={"exceptional_access"})
    assert item.person_id == persons["delit"] and WHY in item.detail
    svc.acknowledge(app, sara, item.key)
    assert svc.review_queue(app, sara, kinds={"exceptional_access"}) == []


def test_a_refusal_before_her_restricted_content_is_opened_is_no_exceptional_access(world):
    app, persons = world
    sonia = who(app, "sonia")
    _attempt(app, sonia, persons["delit"])  # no reason: refused, nothing read
    [refused] = [e for e in svc.list_audit(app, sonia, person=persons["delit"])
                 if e.operation == "track.advance" and e.outcome == "refused"]
    assert refused.reason == "reason_required" and "exceptional" not in refused.detail
    assert svc.review_queue(app, sonia, kinds={"exceptional_access"}) == []


def test_a_reason_given_when_nothing_restricted_is_read_is_not_an_exceptional_access(world):
    app, persons = world
    sonia = who(app, "sonia")
    svc.list_actions(app, sonia, persons["crime"], "parcours", reason=WHY)
    assert not [e for e in svc.list_audit(app, sonia, person=persons["crime"])
                if e.reason == "exceptional_access"]


def test_a_reason_that_is_not_one_line_is_refused_before_anything_is_read(world):
    app, persons = world
    with pytest.raises(InputError):
        svc.advance(app, who(app, "sonia"), persons["crime"], "plainte", TRIGGER,
                    facts=CIVIL_PARTY, at=date(2026, 2, 1), reason="motif\x1b]52;c;")


@pytest.mark.parametrize("name", ["camille", "sonia"])
def test_a_refusal_by_another_check_tells_no_more(world, name):
    # Without proof of the first complaint that check refuses, for a crime as for an
    # offence; the civil party check passes for the crime only: still the same answer.
    app, persons = world
    no_proof = {**CIVIL_PARTY, "preuve_premiere_plainte": False}
    answers = {_attempt(app, who(app, name), persons[q], no_proof) for q in ("crime", "delit")}
    assert len(answers) == 1


def test_the_history_veils_a_recorded_result_the_same_way(world):
    app, persons = world
    svc.advance(app, reauth(app, "camille"), persons["crime"], "plainte", TRIGGER,
                facts=CIVIL_PARTY, at=date(2026, 2, 1))
    shown = svc.history(app, who(app, "camille"), persons["crime"], "plainte")
    assert "Crime" in _said([e.checks for e in shown])
    forget(app)  # signed in again: her password not confirmed on this session
    for name in ("camille", "sonia"):
        events = svc.history(app, who(app, name), persons["crime"], "plainte")
        assert "Crime" not in _said([e.checks for e in events])
        assert CODE in _said([e.checks for e in events])


def test_a_result_drawn_from_no_restricted_fact_is_shown_as_it_is(world):
    app, persons = world
    actions = svc.list_actions(app, who(app, "camille"), persons["crime"], "plainte")
    plain = {r.code for a in actions for r in a.reasons if not r.restricted}
    # The receipt's check and the civil party's proof of a first complaint read no
    # qualification: their reasons are not veiled.
    assert {"plainte.recepisse_remis", "plainte.preuve_plainte_manquante"} <= plain


@contextmanager
def _checked_by(app, read):
    """The civil party check replaced, for the block, by one that reads as ``read`` does."""
    def check(ctx):
        return passed("essai.lu", f"Qualification lue : {read(ctx)}")
    spec = app.catalog.checks[CHECK]
    app.catalog.checks[CHECK] = spec.model_copy(update={"func": check})
    try:
        yield
    finally:
        app.catalog.checks[CHECK] = spec


AROUND = {
    "dict.get unbound": lambda ctx: dict.get(ctx.track.facts, "qualification"),
    "setdefault": lambda ctx: ctx.track.facts.setdefault("qualification", None),
    "repr of the snapshot": lambda ctx: repr(ctx.track),
    "dict.items unbound": lambda ctx: dict(dict.items(ctx.track.facts)).get("qualification"),
    "len": lambda ctx: len(ctx.track.facts),
    "deepcopy": lambda ctx: __import__("copy").deepcopy(ctx.track.facts)["qualification"],
    "dataclasses.asdict": lambda ctx: __import__("dataclasses").asdict(ctx.track)["facts"],
    "pickle round trip": lambda ctx: __import__("pickle").loads(
        __import__("pickle").dumps(ctx.track.facts))["qualification"],
    "union": lambda ctx: (ctx.track.facts | {})["qualification"],
}


@pytest.mark.parametrize("how", list(AROUND))
def test_a_check_reading_around_the_watch_shows_nothing(world, how):
    app, persons = world
    with _checked_by(app, AROUND[how]):
        for name in ("camille", "sonia"):
            action = _claim(app, who(app, name), persons["crime"])
            assert "crime" not in _said(action.model_dump()), f"{how}: {name}"


PLAIN = {
    "truthiness of the submission": lambda ctx: "rien soumis" if not ctx.facts else "x",
    "union": lambda ctx: dict(ctx.facts | {}).get("date_plainte"),
    "json of the submission": lambda ctx: json.dumps(ctx.facts),
}


@pytest.mark.parametrize("how", list(PLAIN))
def test_a_check_reading_nothing_restricted_keeps_its_verdict(world, how):
    app, persons = world
    with _checked_by(app, PLAIN[how]):
        action = _claim(app, who(app, "camille"), persons["crime"])
        assert action.allowed and "essai.lu" in [r.code for r in action.reasons], how


def test_a_result_recorded_before_results_were_marked_is_veiled_too(world):
    """Events are append-only: those recorded before the marking keep results that say
    nothing of what they read. They are taken as restricted (deny by default)."""
    from sqlalchemy import insert, select

    from core.persistence.models import Event
    app, persons = world
    with app.db.write() as session:
        row = session.scalars(select(Event).where(Event.person_id == persons["crime"],
                                                  Event.trigger == "deposer_plainte")).one()
        legacy = {c.name: getattr(row, c.key) for c in Event.__table__.columns
                  if c.name != "id"}
        unmarked = {"code": "plainte.partie_civile_crime", "severity": "passed", "remedy": "",
                    "message": "Crime : pas de délai préalable de 3 mois.", "missing": [],
                    "check": CHECK}
        session.execute(insert(Event).values({**legacy, "checks": [unmarked]}))
    for name in ("camille", "sonia"):
        events = svc.history(app, who(app, name), persons["crime"], "plainte")
        assert "Crime" not in _said([e.checks for e in events]), name
    events = svc.history(app, reauth(app, "camille"), persons["crime"], "plainte")
    assert "Crime" in _said([e.checks for e in events])
