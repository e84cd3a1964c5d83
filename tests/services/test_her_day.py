"""What day it is where she is: the evaluation date and the day an act is dated by follow
the clock of her delegation (overseas: its department's), not UTC's.

An act recorded at 21:30 in Guadeloupe, with no date typed, is already the next day in UTC
and in Paris: its checks and the deadlines that count from it used that next day, a day late
for her. The association's own day is mainland France's: until 01:00 or 02:00 there, the UTC
date was still the day before.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from core import services as svc
from core.delegation import HOME_ZONE, DelegationInfo, zone_of
from core.engine.runner import Engine
from core.errors import InputError
from core.services import app as app_module
from tests.accounts import PASSWORD, add_followed, who, with_clock

MOMENT = datetime(2026, 12, 9, 1, 30, tzinfo=UTC)
"""9 December 02:30 in Paris, still 8 December 21:30 in Guadeloupe."""


class Frozen(datetime):
    """The real clock, stopped at :data:`MOMENT`."""

    @classmethod
    def now(cls, tz=None):  # type: ignore[override]
        return MOMENT.astimezone(tz) if tz is not None else MOMENT.replace(tzinfo=None)

    @classmethod
    def combine(cls, *args, **kwargs):  # type: ignore[override]
        return datetime.combine(*args, **kwargs)  # a plain one, as the database binds it


@pytest.fixture
def clocked(app, monkeypatch):
    """The test base on the real clock, stopped at :data:`MOMENT`."""
    monkeypatch.setattr(app_module, "datetime", Frozen)
    return with_clock(app, None)


def test_each_delegation_reads_the_day_on_its_own_clock():
    assert zone_of(None) == HOME_ZONE == "Europe/Paris"
    assert DelegationInfo("metz", holiday_subdivision="57").zone == "Europe/Paris"
    assert DelegationInfo("pap", holiday_subdivision="971").zone == "America/Guadeloupe"
    assert DelegationInfo("stdenis", holiday_subdivision="974").zone == "Indian/Reunion"


def test_today_is_the_associations_day_or_the_one_asked_for(clocked):
    assert MOMENT.date() == date(2026, 12, 9)
    assert clocked.today() == date(2026, 12, 9)
    assert clocked.today("America/Guadeloupe") == date(2026, 12, 8)
    assert clocked.today("Pacific/Noumea") == date(2026, 12, 9)
    assert with_clock(clocked, date(2026, 3, 10)).today("America/Guadeloupe") \
        == date(2026, 3, 10)  # a configured date stays the date everywhere


def test_an_act_without_a_date_is_judged_on_her_day(clocked, monkeypatch):
    admin = who(clocked, "admin")
    svc.add_delegation(clocked, admin, "pap", "Pointe-à-Pitre", holiday_subdivision="971")
    svc.add_user(clocked, admin, "gaelle", "referent", PASSWORD, ["pap"])
    here = add_followed(clocked, "Amina")
    there = add_followed(clocked, "Maëlys", referent="gaelle", delegation="pap")
    seen: list[tuple[date, date]] = []
    fire = Engine.fire

    def spied(self, state, trigger, actor, *, today, occurred_at=None, **kwargs):
        seen.append((today, occurred_at.date()))
        return fire(self, state, trigger, actor, today=today, occurred_at=occurred_at,
                    **kwargs)

    monkeypatch.setattr(Engine, "fire", spied)
    for person, referent in ((here, "camille"), (there, "gaelle")):
        svc.advance(clocked, who(clocked, referent), person, "parcours", "mettre_en_pause")
    assert seen == [(date(2026, 12, 9), date(2026, 12, 9)),
                    (date(2026, 12, 8), date(2026, 12, 8))]
    # the act itself keeps the real moment it was recorded
    [event] = [e for e in svc.history(clocked, who(clocked, "gaelle"), there)
               if e.trigger == "mettre_en_pause"]
    assert event.occurred_at == MOMENT


def test_a_step_dated_her_day_follows_one_recorded_this_evening(clocked):
    """At 21:30 in Guadeloupe the pause recorded is already 9 December in UTC: the next step
    dated 8 December, her day, was refused as before it (« 09/12/2026 », her tomorrow)."""
    admin = who(clocked, "admin")
    svc.add_delegation(clocked, admin, "pap", "Pointe-à-Pitre", holiday_subdivision="971")
    svc.add_user(clocked, admin, "gaelle", "referent", PASSWORD, ["pap"])
    there = add_followed(clocked, "Maëlys", referent="gaelle", delegation="pap")
    gaelle = who(clocked, "gaelle")
    svc.advance(clocked, gaelle, there, "parcours", "mettre_en_pause")
    done = svc.advance(clocked, gaelle, there, "parcours", "reprendre_suivi",
                       at=date(2026, 12, 8))
    steps = [e for e in svc.history(clocked, gaelle, there) if e.kind == "transition"]
    assert [e.trigger for e in sorted(steps, key=lambda e: (e.occurred_at, e.id))][-2:] == [
        "mettre_en_pause", "reprendre_suivi"]
    assert done.step != "en_pause"
    with pytest.raises(InputError, match="antérieure à la dernière étape.*08/12/2026"):
        svc.advance(clocked, gaelle, there, "parcours", "mettre_en_pause",
                    at=date(2026, 12, 7))


def test_a_consent_given_this_evening_overseas_is_hers_today(clocked):
    """At 21:30 in Guadeloupe, a consent given without a date was dated Paris's 9 December:
    her entry into follow-up that evening was refused for want of an active consent."""
    admin = who(clocked, "admin")
    svc.add_delegation(clocked, admin, "pap", "Pointe-à-Pitre", holiday_subdivision="971")
    svc.add_user(clocked, admin, "gaelle", "referent", PASSWORD, ["pap"])
    gaelle = who(clocked, "gaelle")
    there = svc.add_person(clocked, gaelle, "Maëlys", delegation="pap").id
    assert svc.give_consent(clocked, gaelle, there, "suivi").given_on == date(2026, 12, 8)
    svc.advance(clocked, gaelle, there, "parcours", "suivre", facts={"referent": "gaelle"})
    with pytest.raises(InputError, match="déjà enregistré"):
        svc.give_consent(clocked, gaelle, there, "suivi", given_on=date(2026, 12, 8))



def test_her_deadlines_are_urgent_and_overdue_on_her_day(clocked):
    """At 21:30 in Guadeloupe (9 December in Paris) a deadline warning from 9 December was
    listed as « urgent » a day early for her, and one due on 8 December as « dépassée »."""
    from tests.services.test_deadline_filters import _psp
    admin = who(clocked, "admin")
    svc.add_delegation(clocked, admin, "pap", "Pointe-à-Pitre", holiday_subdivision="971")
    svc.add_user(clocked, admin, "gaelle", "referent", PASSWORD, ["pap"])
    here = add_followed(clocked, "Amina")
    there = add_followed(clocked, "Maëlys", referent="gaelle", delegation="pap")
    today = add_followed(clocked, "Nadia", referent="gaelle", delegation="pap")
    for person, referent, decided in ((here, "camille", "2026-08-04"),
                                      (there, "gaelle", "2026-08-04"),
                                      (today, "gaelle", "2026-06-09")):
        _psp(clocked, referent, person, decided)
    six = {d.person_id: d for referent in ("camille", "gaelle")
           for d in svc.list_deadlines(clocked, who(clocked, referent))
           if d.rule == "psp.autorisation_6m"}
    assert six[here].warn_from == six[there].warn_from == date(2026, 12, 9)
    assert (six[here].state, six[there].state) == ("due_soon", "upcoming")
    assert six[today].due == date(2026, 12, 8) and six[today].state == "due_soon"
    assert [d.person_id for d in svc.list_deadlines(clocked, who(clocked, "camille"),
                                                    urgent=True)] == [here]
    assert [d.person_id for d in svc.list_deadlines(clocked, who(clocked, "gaelle"),
                                                    urgent=True)] == [today]



def _followed_through_today(clocked):
    """Gaelle, referent in Guadeloupe (``pap``, 971), and Maëlys, whom she follows since
    1 December with a consent to follow-up valid through 8 December, her today."""
    admin = who(clocked, "admin")
    svc.add_delegation(clocked, admin, "pap", "Pointe-à-Pitre", holiday_subdivision="971")
    svc.add_user(clocked, admin, "gaelle", "referent", PASSWORD, ["pap"])
    gaelle = who(clocked, "gaelle")
    there = svc.add_person(clocked, gaelle, "Maëlys", delegation="pap").id
    svc.give_consent(clocked, gaelle, there, "suivi", given_on=date(2026, 12, 1),
                     expires_on=date(2026, 12, 8))
    svc.advance(clocked, gaelle, there, "parcours", "suivre", facts={"referent": "gaelle"},
                at=date(2026, 12, 1))
    return gaelle, there

def test_her_consents_are_active_or_expired_on_her_day(clocked, tmp_path):
    """At 21:30 in Guadeloupe (9 December in Paris) her consents valid through 8 December,
    her today, were listed as « expiré », and the export to the partner she consented to
    was refused, her follow-up said ended."""
    gaelle, there = _followed_through_today(clocked)
    given = svc.give_consent(clocked, gaelle, there, "partage", partner="CeGIDD",
                             given_on=date(2026, 12, 1), expires_on=date(2026, 12, 8))
    assert given.status == "active"
    assert [c.status for c in svc.list_consents(clocked, gaelle, there)] == ["active"] * 2
    svc.reauthenticate(clocked, gaelle, PASSWORD)
    done = svc.export_person(clocked, gaelle, there, tmp_path / "cegidd.json", fmt="json",
                             partner="CeGIDD", tracks=["parcours"])
    assert done.partner == "CeGIDD"


def test_a_case_track_opens_on_her_day_while_her_consent_holds(clocked):
    """At 21:30 in Guadeloupe, her consent to follow-up valid through 8 December, her today,
    was read as expired on Paris's 9 December: opening a case track was refused, while
    her steps that evening were allowed."""
    gaelle, there = _followed_through_today(clocked)
    assert svc.start_track(clocked, gaelle, there, "psp").created


class Night(Frozen):
    """The real clock stopped at 8 December 20:30 UTC: 21:30 in Paris, already 9 December
    00:30 in La Réunion."""

    @classmethod
    def now(cls, tz=None):  # type: ignore[override]
        moment = datetime(2026, 12, 8, 20, 30, tzinfo=UTC)
        return moment.astimezone(tz) if tz is not None else moment.replace(tzinfo=None)


def test_a_register_imported_after_midnight_in_la_reunion_holds_its_night(app, monkeypatch):
    """The night's outreach in La Réunion, imported at 00:30 on 9 December there: its rows
    dated 9 December were refused as « dans le futur », mainland France's day being the 8th."""
    from core.services.importer import import_bytes
    from tests.importer.conftest import to_csv
    monkeypatch.setattr(app_module, "datetime", Night)
    clocked = with_clock(app, None)
    admin = who(clocked, "admin")
    svc.add_delegation(clocked, admin, "stdenis", "Saint-Denis", holiday_subdivision="974")
    svc.add_user(clocked, admin, "rose", "superviseur", PASSWORD, ["stdenis"])
    register = to_csv([["date", "début", "fin", "bénévole", "heures", "pseudo", "anonymes"],
                       [date(2026, 12, 9), None, None, "Marie", 2, None, 3]])
    report = import_bytes(clocked, who(clocked, "rose"), "registre", register, "nuit.csv")
    assert report.written and not report.issues
    [dropin] = svc.list_dropins(clocked, who(clocked, "rose"))
    assert (dropin.day, dropin.anonymous_visits) == (date(2026, 12, 9), 3)


def test_nothing_is_dated_her_tomorrow(clocked):
    """At 21:30 in Guadeloupe, a step, a track or a first visit dated 9 December, her
    tomorrow (Paris's today), was recorded as having happened: only a day after Paris's was
    refused as « dans le futur »."""
    admin = who(clocked, "admin")
    svc.add_delegation(clocked, admin, "pap", "Pointe-à-Pitre", holiday_subdivision="971")
    svc.add_user(clocked, admin, "gaelle", "referent", PASSWORD, ["pap"])
    there = add_followed(clocked, "Maëlys", referent="gaelle", delegation="pap")
    gaelle = who(clocked, "gaelle")
    tomorrow, today = date(2026, 12, 9), date(2026, 12, 8)
    for act in (lambda day: svc.advance(clocked, gaelle, there, "parcours", "mettre_en_pause",
                                        at=day),
                lambda day: svc.start_track(clocked, gaelle, there, "psp", at=day),
                lambda day: svc.add_person(clocked, gaelle, "Zoé", first_visit=day)):
        with pytest.raises(InputError, match="dans le futur « 09/12/2026 »"):
            act(tomorrow)
        act(today)
    # in Paris, that day is today
    here = add_followed(clocked, "Amina")
    svc.advance(clocked, who(clocked, "camille"), here, "parcours", "mettre_en_pause",
                at=tomorrow)


def test_a_note_written_this_evening_is_dated_her_day(clocked):
    """At 21:30 in Guadeloupe a note was dated 9 December (its UTC day, her tomorrow) in
    her file in the interface."""
    admin = who(clocked, "admin")
    svc.add_delegation(clocked, admin, "pap", "Pointe-à-Pitre", holiday_subdivision="971")
    svc.add_user(clocked, admin, "gaelle", "referent", PASSWORD, ["pap"])
    there = add_followed(clocked, "Maëlys", referent="gaelle", delegation="pap")
    gaelle = who(clocked, "gaelle")
    written = svc.add_note(clocked, gaelle, there, "Rendez-vous pris pour lundi.")
    [listed] = svc.list_notes(clocked, gaelle, there)
    assert written.created_at.date() == listed.created_at.date() == date(2026, 12, 8)
    assert listed.created_at == MOMENT  # the same moment, on her clock


def test_her_withdrawal_this_evening_is_said_on_her_day(clocked):
    """At 21:30 in Guadeloupe she withdrew her consent: her consents, the refusal of a new
    track and a second withdrawal said she did so on Wednesday 9 December, her tomorrow."""
    from core.errors import ConflictError, ConsentRequired
    admin = who(clocked, "admin")
    svc.add_delegation(clocked, admin, "pap", "Pointe-à-Pitre", holiday_subdivision="971")
    svc.add_user(clocked, admin, "gaelle", "referent", PASSWORD, ["pap"])
    gaelle = who(clocked, "gaelle")
    there = svc.add_person(clocked, gaelle, "Maëlys", delegation="pap").id
    given = svc.give_consent(clocked, gaelle, there, "suivi", given_on=date(2026, 12, 1))
    withdrawn = svc.withdraw_consent(clocked, gaelle, there, given.id)
    assert withdrawn.withdrawn_at is not None
    assert withdrawn.withdrawn_at.date() == date(2026, 12, 8)
    [listed] = svc.list_consents(clocked, gaelle, there)
    assert listed.withdrawn_at == withdrawn.withdrawn_at == MOMENT
    assert listed.withdrawn_at.date() == date(2026, 12, 8)
    with pytest.raises(ConsentRequired, match="mardi 8 décembre 2026"):
        svc.start_track(clocked, gaelle, there, "psp")
    with pytest.raises(ConflictError, match="mardi 8 décembre 2026"):
        svc.withdraw_consent(clocked, gaelle, there, given.id)


def test_no_visit_at_a_drop_in_of_her_tomorrow(clocked):
    """At 21:30 in Guadeloupe, the drop-in opened ahead for 9 December, its tomorrow, took
    visits as if that day had come (only a day after Paris's next one was refused)."""
    admin = who(clocked, "admin")
    svc.add_delegation(clocked, admin, "pap", "Pointe-à-Pitre", holiday_subdivision="971")
    svc.add_user(clocked, admin, "gaelle", "referent", PASSWORD, ["pap"])
    gaelle = who(clocked, "gaelle")
    known = svc.add_person(clocked, gaelle, "Maëlys").id
    ahead = svc.open_dropin(clocked, gaelle, date(2026, 12, 9)).id
    with pytest.raises(InputError, match="futur"):
        svc.record_anonymous(clocked, gaelle, ahead, 2)
    with pytest.raises(InputError, match="futur"):
        svc.record_visit(clocked, gaelle, ahead, known)
    tonight = svc.open_dropin(clocked, gaelle, date(2026, 12, 8)).id
    svc.record_anonymous(clocked, gaelle, tonight, 2)
    assert svc.record_visit(clocked, gaelle, tonight, known).identified_visits == 1
