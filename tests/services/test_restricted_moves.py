"""A move whose choice tells a restricted fact (``restricted=True``: the complaint's
prescription, chosen by qualification) is read as its restricted facts are: a supervisor
who does not follow her read « Évaluer la prescription (un crime) » in her history and
« Prescription de l'action publique (crime) » in the deadlines, the qualification her
class of access does not open without the reason of an exceptional access."""

from __future__ import annotations

from datetime import date

import pytest

import plugins.plainte
from core import services as svc
from core.plugins import build_plugin_host
from tests.accounts import add_followed, make_app, reauth, who


def _crime_assessed(sqlite_url, last_facts: str):
    """A base with a complaint whose limitation was assessed as a crime's (20 years from
    ``last_facts``), and the person's number."""
    host = build_plugin_host(load_entrypoints=False, extra=[("plainte", plugins.plainte)])
    app = make_app(sqlite_url, host=host, today=date(2026, 3, 10))
    person = add_followed(app)
    camille = who(app, "camille")
    svc.start_track(app, camille, person, "plainte", at=date(2026, 3, 2))
    svc.advance(app, camille, person, "plainte", "evaluer_prescription_crime",
                facts={"date_derniers_faits": last_facts})
    return app, person


@pytest.fixture
def world(sqlite_url):
    app, person = _crime_assessed(sqlite_url, "2025-11-20")
    try:
        yield app, person
    finally:
        app.close()


def _prescription(events):
    return [e for e in events if e.track == "plainte" and e.kind == "transition"]


def test_the_history_veils_the_choice_until_restricted_content_is_opened(world):
    app, person = world
    sonia = who(app, "sonia")  # supervisor of her delegation, not her referent
    [veiled] = _prescription(svc.history(app, sonia, person, "plainte"))
    assert (veiled.trigger, veiled.facts) == (None, {})
    [opened] = _prescription(svc.history(app, sonia, person, "plainte",
                                         reason="Vérification demandée par la direction"))
    assert opened.trigger == "evaluer_prescription_crime"
    [hers] = _prescription(svc.history(app, reauth(app, "camille"), person, "plainte"))
    assert hers.trigger == "evaluer_prescription_crime"


def test_the_deadline_it_opened_is_listed_without_its_rule(world):
    app, person = world
    [seen] = [d for d in svc.list_deadlines(app, who(app, "sonia"), person)
              if d.track == "plainte" or d.track_id]
    assert seen.due == date(2045, 11, 20)  # the day stays: a deadline is not hidden
    assert "crime" not in f"{seen.rule} {seen.label} {seen.source}".lower()
    [hers] = svc.list_deadlines(app, reauth(app, "camille"), person)
    assert "crime" in hers.label.lower()


def test_the_review_queue_names_such_a_deadline_without_its_rule(sqlite_url):
    app, _ = _crime_assessed(sqlite_url, "2006-04-01")  # 20 years: 1 April 2026
    try:
        items = [i for i in svc.review_queue(app, who(app, "sonia")) if i.track == "plainte"]
        assert [i.kind for i in items] == ["due_soon"]
        assert "crime" not in items[0].detail.lower() and "contenu restreint" in items[0].detail
    finally:
        app.close()
