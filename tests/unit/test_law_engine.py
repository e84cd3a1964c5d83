"""The engine features the law needs (issue 12), on synthetic rules and tracks with real dates:
holidays of the national and Alsace-Moselle calendars, what a date means, délais francs, hours,
month ends, suspension conditions, rule choices, restarts, continuous stays and start-after."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from pydantic import BaseModel, ConfigDict, ValidationError

from core import (Actor, Catalog, DeadlineRule, DefinitionError, DelegationInfo, Engine,
                  Evidence, InputError, Kind, NoFacts, PersonSnapshot, Role, RuleChoice,
                  StepDefinition,
                  StepKind, Suspension, SuspensionCondition, TrackDefinition,
                  TransitionDefinition, TransitionRefused, Unit, compute_due, fact)
from core.rules.calendar import FrenchCalendar, french_calendar
from core.rules.suspension import refusal

REFERENT = Actor("camille", Role.REFERENT)


def rule(**kw) -> DeadlineRule:
    base = {"id": "demo.delai", "label": "Délai", "source": "texte de démonstration",
            "start_fact": "date_depart", "start_label": "départ", "duration": 1,
            "unit": Unit.CALENDAR_DAYS}
    return DeadlineRule(**{**base, **kw})


# --- holidays -------------------------------------------------------------------------------

# (holiday, a start 21 days before it, the first working day after it); each holiday falls on
# a weekday that year, so removing it from the calendar leaves the due date on the holiday.
NATIONAL = [
    ("Jour de l'an", date(2026, 1, 1), date(2026, 1, 2)),
    ("Lundi de Pâques", date(2026, 4, 6), date(2026, 4, 7)),
    ("Fête du Travail", date(2026, 5, 1), date(2026, 5, 4)),
    ("Fête de la Victoire", date(2026, 5, 8), date(2026, 5, 11)),
    ("Ascension", date(2026, 5, 14), date(2026, 5, 15)),
    ("Lundi de Pentecôte", date(2026, 5, 25), date(2026, 5, 26)),
    ("Fête nationale", date(2026, 7, 14), date(2026, 7, 15)),
    ("Assomption", date(2025, 8, 15), date(2025, 8, 18)),
    ("Toussaint", date(2024, 11, 1), date(2024, 11, 4)),
    ("Armistice", date(2026, 11, 11), date(2026, 11, 12)),
    ("Noël", date(2026, 12, 25), date(2026, 12, 28)),
]
TWENTY_ONE = rule(duration=21)


@pytest.mark.parametrize(("name", "holiday", "next_day"), NATIONAL, ids=[n for n, *_ in NATIONAL])
def test_each_of_the_eleven_national_holidays_moves_a_deadline(name, holiday, next_day):
    """A deadline falling on a public holiday moves to the next working day (domain.md §0):
    each of the eleven national holidays, on a weekday, pushes a 21-day deadline past it."""
    assert holiday.weekday() < 5
    due = compute_due(TWENTY_ONE, holiday - timedelta(days=21))
    assert (due.unadjusted, due.due) == (holiday, next_day)
    assert f"est férié ({name})" in due.explanation


def test_the_national_calendar_has_exactly_these_eleven_holidays():
    """No regional day slips into the national calendar (Good Friday, 26 December)."""
    national = FrenchCalendar()
    for year in (2024, 2025, 2026):
        days = [date(year, 1, 1) + timedelta(days=n) for n in range(366)]
        names = {national.holiday_name(d) for d in days if d.year == year} - {None}
        assert len(names) == 11
    assert national.holiday_name(date(2026, 4, 3)) is None  # Good Friday
    assert national.holiday_name(date(2025, 12, 26)) is None


@pytest.mark.parametrize("subdivision", ["57", "67", "68"])
def test_alsace_moselle_adds_good_friday_and_26_december(subdivision):
    """Local law in Moselle, Bas-Rhin and Haut-Rhin adds Good Friday and Saint Stephen's Day:
    21 days from Friday 13 March 2026 end on Good Friday 3 April, moved over the weekend and
    Easter Monday to Tuesday 7 April; 26 December 2025 (a Friday) moves to Monday 29."""
    local = french_calendar(subdivision)
    good_friday = compute_due(TWENTY_ONE, date(2026, 3, 13), calendar=local)
    assert (good_friday.unadjusted, good_friday.due) == (date(2026, 4, 3), date(2026, 4, 7))
    assert "Vendredi saint" in good_friday.explanation
    saint_stephen = compute_due(TWENTY_ONE, date(2025, 12, 5), calendar=local)
    assert saint_stephen.due == date(2025, 12, 29)
    national = compute_due(TWENTY_ONE, date(2026, 3, 13))
    assert national.due == date(2026, 4, 3)


def test_a_rule_before_a_national_body_counts_on_the_national_calendar():
    """Before a body seated in mainland France, Good Friday is worked even for a person
    followed in Moselle: the date stays on it, and the explanation says why; a working-day
    count and a suspension's window likewise."""
    national = rule(duration=21, national_calendar=True)
    moselle = french_calendar("57")
    due = compute_due(national, date(2026, 3, 13), calendar=moselle)
    assert (due.unadjusted, due.due) == (date(2026, 4, 3), date(2026, 4, 3))
    assert "calendrier national" in due.explanation
    assert "calendrier national" not in compute_due(national, date(2026, 3, 13)).explanation
    # where her own holidays would change nothing, nothing is said of them
    plain = compute_due(national, date(2026, 1, 5), calendar=moselle)
    assert plain.due == date(2026, 1, 26) and "calendrier national" not in plain.explanation
    # four working days from Thursday 2 April: 3 (Good Friday) is off in Moselle only
    working = rule(duration=4, unit=Unit.WORKING_DAYS, national_calendar=True)
    assert compute_due(working, date(2026, 4, 2), calendar=moselle).due == date(2026, 4, 9)
    window = SuspensionCondition(cause="demande", source="texte", code="demo.tard", within=21)
    suspended = rule(duration=2, unit=Unit.MONTHS, suspension=window, national_calendar=True)
    late = refusal(suspended, date(2026, 3, 13), date(2026, 4, 4), moselle)
    assert late is not None and "au plus tard le vendredi 3 avril 2026" in late


def test_the_places_known_without_the_holidays_package_are_its_codes():
    from core.rules.calendar import PLACES, _codes
    assert PLACES == frozenset(_codes().values())


def test_unknown_subdivision_is_refused_and_mainland_departments_are_national():
    with pytest.raises(InputError, match="Calendrier des jours fériés inconnu"):
        FrenchCalendar("Atlantide")
    assert FrenchCalendar("59").subdiv is None


# --- what a date means ---------------------------------------------------------------------

def test_franc_ends_the_day_after_and_says_why():
    """CE 1 July 2020 n° 438152: neither the day of notification nor the last day counts.
    Notified Monday 2 March 2026, a 2-month appeal ends on Monday 4 May (2 May is a Saturday,
    franc Sunday 3 May)."""
    franc = rule(duration=2, unit=Unit.MONTHS, franc=True, franc_source="CE 438152")
    due = compute_due(franc, date(2026, 3, 2))
    assert (due.unadjusted, due.due, due.franc) == (date(2026, 5, 3), date(2026, 5, 4), True)
    assert "délai franc (CE 438152)" in due.explanation
    assert "d'où le lendemain du samedi 2 mai 2026" in due.explanation


def test_validity_silence_condition_and_target_never_move():
    validity = compute_due(rule(duration=1, unit=Unit.YEARS, kind=Kind.VALIDITY), date(2026, 8, 15))
    assert validity.due == date(2027, 8, 14)  # a Saturday: the last valid day
    assert validity.explanation.startswith("Valable jusqu'au samedi 14 août 2027 inclus")
    silence = compute_due(rule(duration=2, unit=Unit.MONTHS, kind=Kind.SILENCE), date(2026, 3, 10))
    assert silence.due == date(2026, 5, 10)
    assert silence.explanation.startswith("Décision implicite née le dimanche 10 mai 2026")
    assert "sans report même si ce jour tombe un week-end" in silence.explanation
    condition = compute_due(rule(duration=3, unit=Unit.MONTHS, kind=Kind.CONDITION),
                            date(2026, 1, 10))
    assert condition.due == date(2026, 4, 11)
    assert condition.explanation.startswith("Condition remplie à partir du samedi 11 avril")
    assert not rule(kind=Kind.TARGET, roll_to_working_day=False).roll_to_working_day


@pytest.mark.parametrize("bad", [
    {"kind": Kind.VALIDITY, "roll_to_working_day": True},
    {"kind": Kind.SILENCE, "franc": True, "franc_source": "x"},
    {"franc": True},
    {"unit": Unit.HOURS, "roll_to_working_day": True},
    {"duration": 0},
    {"kind": Kind.VALIDITY, "national_calendar": True},
    {"unit": Unit.HOURS, "national_calendar": True},
])
def test_incoherent_rules_are_refused(bad):
    with pytest.raises(ValidationError):
        rule(**bad)


def test_a_useless_national_calendar_says_to_remove_it():
    # The author read why, not what to do.
    with pytest.raises(ValidationError, match="retirez national_calendar=True"):
        rule(kind=Kind.SILENCE, roll_to_working_day=False, national_calendar=True)


def test_clamped_month_says_so():
    due = compute_due(rule(unit=Unit.MONTHS), date(2026, 1, 31))
    assert "pas de 31 février : dernier jour du mois" in due.explanation


def test_hours_run_from_hour_to_hour_through_the_weekend():
    """48 hours from Friday 6 November 2026 at 17:30 end on Sunday 8 November at 17:30."""
    hours = rule(duration=48, unit=Unit.HOURS)
    due = compute_due(hours, datetime(2026, 11, 6, 17, 30))
    assert (due.due, due.due_at) == (date(2026, 11, 8), datetime(2026, 11, 8, 17, 30))
    assert due.explanation.startswith("Échéance le dimanche 8 novembre 2026 à 17 h 30")
    unknown = compute_due(hours, date(2026, 11, 6))
    assert unknown.due_at == datetime(2026, 11, 8, 0, 0)
    assert "heure de départ non renseignée" in unknown.explanation


def test_end_of_the_nth_month():
    """Rights kept "until the end of the 6th month": expiry 15 March → 30 September; a
    decision's month itself (N = 0) ends on its last day."""
    sixth = rule(duration=6, unit=Unit.MONTH_ENDS, kind=Kind.VALIDITY)
    assert compute_due(sixth, date(2026, 3, 15)).due == date(2026, 9, 30)
    same = rule(duration=0, unit=Unit.MONTH_ENDS, kind=Kind.VALIDITY)
    assert compute_due(same, date(2026, 2, 3)).due == date(2026, 2, 28)


# --- suspensions ---------------------------------------------------------------------------

AJ = SuspensionCondition(cause="demande d'aide juridictionnelle", source="loi 91-647, art. 9-4",
                         code="demo.aj_hors_delai", within=15, start_fact="date_demande_aj",
                         end_fact="date_decision_aj", remedy="Formez le recours.")
APPEAL = rule(duration=1, unit=Unit.MONTHS, franc=True, franc_source="CE 438152", suspension=AJ)


def test_suspension_outside_its_window_is_refused_with_the_reason():
    """Asked 23 days after the notification, legal aid suspends nothing: the suspension is
    refused with the last lawful day; a rule without any cause of suspension refuses all."""
    with pytest.raises(InputError) as late:
        compute_due(APPEAL, date(2026, 3, 2), [Suspension(start=date(2026, 3, 25),
                                                          end=date(2026, 4, 20))])
    assert "au plus tard le mardi 17 mars 2026" in late.value.msg
    with pytest.raises(InputError, match="ne peut pas être suspendu"):
        compute_due(rule(), date(2026, 3, 2), [Suspension(start=date(2026, 3, 2),
                                                         end=date(2026, 3, 3))])


def test_days_left_and_resumption_are_explained():
    due = compute_due(APPEAL, date(2026, 3, 2), [Suspension(start=date(2026, 3, 10),
                                                            end=date(2026, 3, 20))])
    assert due.due == date(2026, 4, 13)
    assert ("il restait 24 jour(s) le mardi 10 mars 2026, qui courent à nouveau à compter du "
            "vendredi 20 mars 2026") in due.explanation


# --- through the engine ----------------------------------------------------------------------

class Depart(BaseModel):
    model_config = ConfigDict(extra="forbid")
    date_depart: date = fact(label="Départ")
    mesure: str = fact("aucune", label="Mesure")
    heure_depart: datetime | None = fact(None, label="Heure")


class DemandeAj(BaseModel):
    model_config = ConfigDict(extra="forbid")
    date_demande_aj: date = fact(label="Demande d'AJ")


class DecisionAj(BaseModel):
    model_config = ConfigDict(extra="forbid")
    date_decision_aj: date = fact(label="Décision d'AJ")


class Reprise(BaseModel):
    model_config = ConfigDict(extra="forbid")
    date_reprise: date = fact(label="Reprise")


S, T = StepDefinition, TransitionDefinition
RULES = [
    APPEAL.model_copy(update={"id": "demo.recours"}),
    rule(id="demo.court", duration=7, start_after=("demo.recours",)),
    rule(id="demo.heures", duration=48, unit=Unit.HOURS, start_fact="heure_depart"),
    rule(id="demo.sejour", duration=6, unit=Unit.MONTHS, kind=Kind.CONDITION, continuous=True,
         restarts={"date_reprise": "reprise"}),
]
TRACK = TrackDefinition(
    id="demo_loi", label="Démonstration", domain="demo", initial="debut",
    steps=(S(id="debut", label="Début"), S(id="ouvert", label="Ouvert", facts=Depart),
           S(id="suspendu", label="Suspendu", facts=DemandeAj),
           S(id="repris", label="Repris", facts=DecisionAj),
           S(id="fin", label="Fin", kind=StepKind.FINAL)),
    transitions=(
        T(trigger="ouvrir", label="Ouvrir", source=("debut",), dest="ouvert",
          opens=("demo.recours", "demo.sejour",
                 RuleChoice(fact="mesure", cases={"retention": "demo.heures"}))),
        T(trigger="suspendre", label="Suspendre", source=("ouvert",), dest="suspendu",
          suspends=("demo.recours",)),
        T(trigger="reprendre", label="Reprendre", source=("suspendu",), dest="repris",
          resumes=("demo.recours",)),
        T(trigger="continuer", label="Continuer", source=("ouvert",), dest="ouvert",
          facts=Reprise, opens=("demo.sejour",)),
        T(trigger="interrompre", label="Interrompre", source=("ouvert",), dest="ouvert",
          facts=NoFacts, closes=("demo.sejour",)),
        T(trigger="constater", label="Constater", source=("repris", "ouvert"), dest="fin",
          closes=("demo.recours",), opens=("demo.court",)),
    ))


@pytest.fixture
def law_engine() -> Engine:
    catalog = Catalog()
    catalog.add_rules("demo", RULES)
    catalog.add_definition("demo", TRACK)
    return Engine(catalog)


def test_a_fact_value_chooses_the_rule(law_engine):
    plain = law_engine.start("demo_loi")
    law_engine.fire(plain, "ouvrir", REFERENT, today=date(2026, 3, 2),
                    facts={"date_depart": "2026-03-02"})
    assert "demo.heures" not in plain.deadlines
    held = law_engine.start("demo_loi")
    law_engine.fire(held, "ouvrir", REFERENT, today=date(2026, 3, 2),
                    facts={"date_depart": "2026-03-06", "mesure": "retention",
                           "heure_depart": "2026-03-06T17:30"})
    assert held.deadlines["demo.heures"].due == date(2026, 3, 8)


def test_suspension_and_resumption_are_dated_from_facts(law_engine):
    """Recorded on 25 March, a request made on 10 March suspends from 10 March; the decision
    notified on 20 March (recorded on 2 April) resumes it from 20 March."""
    state = law_engine.start("demo_loi")
    law_engine.fire(state, "ouvrir", REFERENT, today=date(2026, 3, 2),
                    facts={"date_depart": "2026-03-02"})
    law_engine.fire(state, "suspendre", REFERENT, today=date(2026, 3, 25),
                    facts={"date_demande_aj": "2026-03-10"})
    assert state.deadlines["demo.recours"].suspended_since == date(2026, 3, 10)
    law_engine.fire(state, "reprendre", REFERENT, today=date(2026, 4, 2),
                    facts={"date_decision_aj": "2026-03-20"})
    assert state.deadlines["demo.recours"].due == date(2026, 4, 13)


def test_the_engine_refuses_a_late_suspension(law_engine):
    state = law_engine.start("demo_loi")
    law_engine.fire(state, "ouvrir", REFERENT, today=date(2026, 3, 2),
                    facts={"date_depart": "2026-03-02"})
    with pytest.raises(TransitionRefused) as refused:
        law_engine.fire(state, "suspendre", REFERENT, today=date(2026, 3, 25),
                        facts={"date_demande_aj": "2026-03-25"})
    [reason] = refused.value.reasons
    assert (reason.code, reason.remedy) == ("demo.aj_hors_delai", "Formez le recours.")
    assert state.step == "ouvert"
    view = next(a for a in law_engine.available_actions(state, REFERENT, date(2026, 3, 25))
                if a.trigger == "suspendre")
    assert view.allowed  # the request date is asked: an earlier one would be lawful


def test_a_rule_starts_from_another_deadlines_due_date(law_engine):
    """The 7 days run from the appeal's last day (franc Friday 3 April), not from the day the
    transition is recorded."""
    state = law_engine.start("demo_loi")
    law_engine.fire(state, "ouvrir", REFERENT, today=date(2026, 3, 2),
                    facts={"date_depart": "2026-03-02"})
    outcome = law_engine.fire(state, "constater", REFERENT, today=date(2026, 4, 20))
    opened = next(c for c in outcome.deadlines if c.action == "open")
    assert (opened.rule, opened.due.start, opened.due.due) == ("demo.court", date(2026, 4, 3),
                                                                date(2026, 4, 10))
    assert "échéance de « Délai »" in opened.due.explanation


def test_continuous_rule_keeps_running_and_restarts_from_a_submitted_fact(law_engine):
    """A stay begun on 14 January is more than 6 months long on 15 July; going on without a
    break keeps that count, a break ends it and the next start (1 April) begins afresh."""
    state = law_engine.start("demo_loi")
    law_engine.fire(state, "ouvrir", REFERENT, today=date(2026, 3, 2),
                    facts={"date_depart": "2026-01-14"})
    assert state.deadlines["demo.sejour"].due == date(2026, 7, 15)
    outcome = law_engine.fire(state, "continuer", REFERENT, today=date(2026, 4, 1),
                              facts={"date_reprise": "2026-04-01"})
    assert outcome.deadlines == ()  # continuous: the running clock is kept
    assert state.deadlines["demo.sejour"].start == date(2026, 1, 14)
    law_engine.fire(state, "interrompre", REFERENT, today=date(2026, 4, 2))
    restarted = law_engine.fire(state, "continuer", REFERENT, today=date(2026, 4, 3),
                                facts={"date_reprise": "2026-04-01"})
    [change] = restarted.deadlines
    assert (change.action, change.due.start, change.due.due) == ("open", date(2026, 4, 1),
                                                                  date(2026, 10, 2))
    assert "(reprise)" in change.due.explanation


def test_the_delegation_calendar_moves_due_dates(law_engine):
    """The person's delegation in Moselle: a deadline on Good Friday moves to Tuesday."""
    moselle = PersonSnapshot(delegation=DelegationInfo(code="metz", holiday_subdivision="57"))
    state = law_engine.start("demo_loi")
    law_engine.fire(state, "ouvrir", REFERENT, today=date(2026, 3, 2), person=moselle,
                    facts={"date_depart": "2026-03-02"})
    law_engine.fire(state, "constater", REFERENT, today=date(2026, 4, 20), person=moselle)
    # franc appeal: Friday 3 April (Good Friday) → Tuesday 7 April; + 7 days → 14 April
    assert state.deadlines["demo.court"].start == date(2026, 4, 7)


def test_a_track_may_not_suspend_a_rule_the_law_never_suspends():
    catalog = Catalog()
    catalog.add_rules("demo", [rule()])
    bad = TRACK.model_copy(update={"id": "demo_mal", "transitions": (
        T(trigger="ouvrir", label="Ouvrir", source=("debut",), dest="ouvert",
          opens=("demo.delai",)),
        T(trigger="suspendre", label="Suspendre", source=("ouvert",), dest="fin",
          suspends=("demo.delai",)),
        T(trigger="x", label="x", source=("suspendu", "repris"), dest="fin"),
        T(trigger="y", label="y", source=("debut",), dest="suspendu"),
        T(trigger="z", label="z", source=("debut",), dest="repris"))})
    with pytest.raises(DefinitionError, match="ne prévoit aucune suspension"):
        catalog.add_definition("demo", bad)


def test_practice_rules_say_they_are_not_law():
    practice = rule(evidence=Evidence.PRACTICE, note="relancer")
    text = compute_due(practice, date(2026, 3, 2)).explanation
    assert "[P]. Seuil de pratique de l'association, pas un délai légal. À noter : relancer" in text
