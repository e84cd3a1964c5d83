"""Deadline rules on real legal examples (domain.md §0 and §9), directly and through the engine."""

from __future__ import annotations

import copy
from datetime import date, datetime, timedelta

import pytest
from pydantic import BaseModel, ConfigDict

from core import (Catalog, DeadlineRule, Engine, Evidence, InputError, NoFacts, NotFound,
                  StepDefinition, StepKind, Suspension, SuspensionCondition, TrackDefinition,
                  TransitionDefinition, TransitionRefused, Unit, compute_due, fact)

from .scenarios import psp_authorised, psp_to_avis

# --- rules mirroring the timer table ------------------------------------------------------

OFPRA_21J = DeadlineRule(
    id="asile.ofpra_21j", label="Dépôt de la demande à l'OFPRA",
    source="CESEDA, délai de dépôt à l'OFPRA après remise de l'ATDA", evidence=Evidence.SECONDARY,
    start_fact="date_atda", start_label="remise de l'ATDA", duration=21, unit=Unit.CALENDAR_DAYS)
# A suspension needs a cause the rule declares; this one has no window (see
# tests/unit/test_law.py for the legal-aid window of the real rule).
CNDA_1M = DeadlineRule(
    id="asile.cnda_1m", label="Recours devant la CNDA",
    source="CESEDA L532-1 (recours devant la CNDA)", evidence=Evidence.SECONDARY,
    start_fact="date_notification_ofpra", start_label="notification de la décision de l'OFPRA",
    duration=1, unit=Unit.MONTHS,
    suspension=SuspensionCondition(cause="demande d'aide juridictionnelle",
                                   source="loi 91-647, article 9-4", code="demo.aj_tardive"))
REFLEXION_30J = DeadlineRule(
    id="plainte.reflexion_30j", label="Délai de réflexion", source="CESEDA R425-1",
    evidence=Evidence.VERIFIED, start_fact="date_information", start_label="information par la police",
    duration=30, unit=Unit.CALENDAR_DAYS)
ENREGISTREMENT_3J = DeadlineRule(
    id="asile.enregistrement_3j", label="Enregistrement de la demande d'asile",
    source="CESEDA L521-4 (enregistrement en 3 jours ouvrés)", evidence=Evidence.SECONDARY,
    start_fact="date_presentation", start_label="présentation au guichet", duration=3,
    unit=Unit.WORKING_DAYS)
# Dublin transfer appeal: 15 days, 7 days since 15 July 2024 (the first version's start is illustrative)
DUBLIN_V1 = DeadlineRule(
    id="asile.dublin_recours", version=1, label="Recours contre un transfert Dublin",
    source="CESEDA L572-4 (ancienne rédaction)", evidence=Evidence.SECONDARY,
    effective_from=date(2019, 1, 1), effective_to=date(2024, 7, 14),
    start_fact="date_notification_dublin", start_label="notification du transfert",
    duration=15, unit=Unit.CALENDAR_DAYS)
DUBLIN_V2 = DUBLIN_V1.model_copy(update={
    "version": 2, "source": "CESEDA L921-1 (loi 2024-42)", "evidence": Evidence.VERIFIED,
    "effective_from": date(2024, 7, 15), "effective_to": None, "duration": 7})


LEADS = ("Échéance le ", "Valable jusqu'au ", "Décision implicite née le ",
         "Condition remplie à partir du ", "Date attendue le ")


def assert_one_sentence(text: str, rule: DeadlineRule) -> None:
    """One French sentence naming the source and the evidence tag (before any caveat)."""
    sentence = text.split(" À noter :")[0].split(" Point non vérifié :")[0]
    assert sentence.startswith(LEADS) and sentence.endswith(".")
    assert sentence.count(".") == 1, sentence
    assert f"selon {rule.source} [{rule.evidence.value}]" in sentence


# --- counting ---------------------------------------------------------------------------

def test_21_calendar_days_from_the_atda():
    due = compute_due(OFPRA_21J, date(2026, 3, 3))
    assert due.due == due.unadjusted == date(2026, 3, 24)
    assert due.explanation == (
        "Échéance le mardi 24 mars 2026 : 21 jours calendaires à compter du mardi 3 mars 2026 "
        "(remise de l'ATDA), selon CESEDA, délai de dépôt à l'OFPRA après remise de l'ATDA [S].")
    assert (due.rule, due.version, due.evidence) == ("asile.ofpra_21j", 1, Evidence.SECONDARY)
    assert due.warn_from == date(2026, 3, 17)
    assert_one_sentence(due.explanation, OFPRA_21J)


@pytest.mark.parametrize("year, unadjusted, due, rolled", [
    (2026, date(2026, 2, 28), date(2026, 3, 2), "samedi 28 février 2026"),
    (2027, date(2027, 2, 28), date(2027, 3, 1), "dimanche 28 février 2027"),
    (2028, date(2028, 2, 29), date(2028, 2, 29), None),
])
def test_one_month_from_31_january_clamps_to_the_end_of_february(year, unadjusted, due, rolled):
    result = compute_due(CNDA_1M, date(year, 1, 31))
    assert (result.unadjusted, result.due) == (unadjusted, due)
    assert "1 mois à compter du" in result.explanation
    if rolled:
        assert (f"reportée au jour ouvré suivant car le {rolled} tombe un week-end"
                in result.explanation)
    else:
        assert "reportée" not in result.explanation
    assert_one_sentence(result.explanation, CNDA_1M)


def test_deadline_on_1_may_moves_to_monday_4_may():
    due = compute_due(OFPRA_21J, date(2026, 4, 10))
    assert due.unadjusted == date(2026, 5, 1)
    assert due.due == date(2026, 5, 4)
    assert ("reportée au jour ouvré suivant car le vendredi 1er mai 2026 est férié "
            "(Fête du Travail)") in due.explanation
    assert due.explanation.startswith("Échéance le lundi 4 mai 2026 :")
    assert_one_sentence(due.explanation, OFPRA_21J)


def test_deadline_on_a_sunday_moves_to_monday():
    due = compute_due(REFLEXION_30J, date(2026, 2, 20))
    assert (due.unadjusted, due.due) == (date(2026, 3, 22), date(2026, 3, 23))
    assert "car le dimanche 22 mars 2026 tombe un week-end" in due.explanation
    assert_one_sentence(due.explanation, REFLEXION_30J)


def test_a_rule_that_does_not_roll_stays_on_the_holiday():
    fixed = OFPRA_21J.model_copy(update={"roll_to_working_day": False})
    due = compute_due(fixed, date(2026, 4, 10))
    assert due.due == due.unadjusted == date(2026, 5, 1)
    assert "reportée" not in due.explanation
    assert_one_sentence(due.explanation, fixed)


def test_working_days_skip_ascension():
    due = compute_due(ENREGISTREMENT_3J, date(2026, 5, 12))
    # Wednesday 13 (1), Thursday 14 is Ascension, Friday 15 (2), weekend, Monday 18 (3)
    assert due.due == due.unadjusted == date(2026, 5, 18)
    assert "3 jours ouvrés à compter du mardi 12 mai 2026" in due.explanation
    the_week_before = compute_due(ENREGISTREMENT_3J, date(2026, 5, 5))
    # Wednesday 6 (1), Thursday 7 (2), Friday 8 May is a holiday, weekend, Monday 11 (3)
    assert the_week_before.due == date(2026, 5, 11)
    assert_one_sentence(due.explanation, ENREGISTREMENT_3J)


def test_suspension_and_resumption_for_the_remaining_time():
    # notified Monday 2 March: due Thursday 2 April; legal aid asked 10 March, granted 20 March:
    # the 23 days left run again from 20 March → Sunday 12 April → Monday 13 April
    plain = compute_due(CNDA_1M, date(2026, 3, 2))
    assert plain.due == date(2026, 4, 2)
    aj = Suspension(start=date(2026, 3, 10), end=date(2026, 3, 20))
    due = compute_due(CNDA_1M, date(2026, 3, 2), [aj])
    assert (due.unadjusted, due.due) == (date(2026, 4, 12), date(2026, 4, 13))
    assert (plain.due - aj.start) == (due.unadjusted - aj.end)  # the same time left
    assert due.suspensions == (aj,)
    assert ("délai suspendu 10 jour(s) au total (du mardi 10 mars 2026 au vendredi 20 mars 2026)"
            in due.explanation)
    assert "car le dimanche 12 avril 2026 tombe un week-end" in due.explanation
    assert_one_sentence(due.explanation, CNDA_1M)


def test_a_suspension_after_the_due_date_changes_nothing():
    late = Suspension(start=date(2026, 4, 20), end=date(2026, 4, 30))
    due = compute_due(CNDA_1M, date(2026, 3, 2), [late])
    assert due.due == date(2026, 4, 2) and due.suspensions == ()


def test_a_backwards_suspension_is_refused():
    with pytest.raises(InputError, match="Période de suspension invalide"):
        compute_due(CNDA_1M, date(2026, 3, 2),
                    [Suspension(start=date(2026, 3, 20), end=date(2026, 3, 10))])


def test_effective_dates_pick_the_version_in_force_at_the_start():
    catalog = Catalog()
    catalog.add_rules("asile", [DUBLIN_V2, DUBLIN_V1])
    before = catalog.rule("asile.dublin_recours", on=date(2024, 7, 10))
    after = catalog.rule("asile.dublin_recours", on=date(2024, 7, 20))
    assert (before.version, after.version) == (1, 2)
    assert catalog.rule("asile.dublin_recours").version == 2
    assert compute_due(before, date(2024, 7, 10)).due == date(2024, 7, 25)
    changed = compute_due(after, date(2024, 7, 20))
    assert (changed.unadjusted, changed.due) == (date(2024, 7, 27), date(2024, 7, 29))
    assert "selon CESEDA L921-1 (loi 2024-42) [V]" in changed.explanation
    with pytest.raises(NotFound) as info:
        catalog.rule("asile.dublin_recours", on=date(2018, 6, 1))
    assert info.value.msg == ("La règle « asile.dublin_recours » n'est pas en vigueur "
                              "au vendredi 1er juin 2018.")
    with pytest.raises(NotFound, match="Règle d'échéance inconnue : « asile.inconnue »"):
        catalog.rule("asile.inconnue")


# --- through the engine -------------------------------------------------------------------

class NotificationFacts(BaseModel):
    model_config = ConfigDict(extra="forbid")
    date_notification_ofpra: date = fact(label="Notification de la décision de l'OFPRA")


class DublinFacts(BaseModel):
    model_config = ConfigDict(extra="forbid")
    date_notification_dublin: date = fact(label="Notification du transfert")


S, T = StepDefinition, TransitionDefinition
CNDA_TRACK = TrackDefinition(
    id="cnda_demo", label="Recours CNDA (démo)", domain="asile", initial="attente_ofpra",
    steps=(S(id="attente_ofpra", label="Décision OFPRA attendue"),
           S(id="rejet_notifie", label="Rejet notifié", facts=NotificationFacts),
           S(id="aj_demandee", label="Aide juridictionnelle demandée", kind=StepKind.WAITING),
           S(id="recours_depose", label="Recours déposé", kind=StepKind.FINAL)),
    transitions=(
        T(trigger="notifier", label="Notifier", source=("attente_ofpra",), dest="rejet_notifie",
          opens=("asile.cnda_1m",)),
        T(trigger="demander_aj", label="Demander l'AJ", source=("rejet_notifie",),
          dest="aj_demandee", suspends=("asile.cnda_1m",)),
        T(trigger="decider_aj", label="Décision d'AJ", source=("aj_demandee",),
          dest="rejet_notifie", facts=NoFacts, resumes=("asile.cnda_1m",)),
        T(trigger="deposer", label="Déposer le recours", source=("rejet_notifie", "aj_demandee"),
          dest="recours_depose", closes=("asile.cnda_1m",)),
    ))
DUBLIN_TRACK = TrackDefinition(
    id="dublin_demo", label="Transfert Dublin (démo)", domain="asile", initial="procedure",
    steps=(S(id="procedure", label="Procédure Dublin"),
           S(id="transfert_notifie", label="Transfert notifié", facts=DublinFacts),
           S(id="fin", label="Fin", kind=StepKind.FINAL)),
    transitions=(
        T(trigger="notifier", label="Notifier", source=("procedure",), dest="transfert_notifie",
          opens=("asile.dublin_recours",)),
        T(trigger="finir", label="Finir", source=("transfert_notifie",), dest="fin",
          closes=("asile.dublin_recours",)),
    ))


@pytest.fixture
def asylum_engine() -> Engine:
    catalog = Catalog()
    catalog.add_rules("asile", [CNDA_1M, DUBLIN_V1, DUBLIN_V2])
    catalog.add_definition("asile", CNDA_TRACK)
    catalog.add_definition("asile", DUBLIN_TRACK)
    return Engine(catalog)


def at(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 10, 0)


def test_engine_suspends_and_resumes_a_deadline(asylum_engine, referent, today):
    eng = asylum_engine
    state = eng.start("cnda_demo")
    opened = eng.fire(state, "notifier", referent, today=today,
                      facts={"date_notification_ofpra": "02/03/2026"})
    [change] = opened.deadlines
    assert (change.rule, change.action, change.due.due) == ("asile.cnda_1m", "open", date(2026, 4, 2))
    assert state.deadlines["asile.cnda_1m"].due == date(2026, 4, 2)
    eng.fire(state, "demander_aj", referent, today=today, occurred_at=at(date(2026, 3, 10)))
    assert state.deadlines["asile.cnda_1m"].suspended_since == date(2026, 3, 10)
    resumed = eng.fire(state, "decider_aj", referent, today=date(2026, 3, 21),
                       occurred_at=at(date(2026, 3, 20)))
    [change] = resumed.deadlines
    assert (change.action, change.on, change.due.due) == ("resume", date(2026, 3, 20),
                                                          date(2026, 4, 13))
    assert "délai suspendu 10 jour(s)" in change.due.explanation
    running = state.deadlines["asile.cnda_1m"]
    assert (running.due, running.suspended_since) == (date(2026, 4, 13), None)
    assert running.suspensions == (Suspension(start=date(2026, 3, 10), end=date(2026, 3, 20)),)
    closed = eng.fire(state, "deposer", referent, today=date(2026, 4, 1))
    assert [(c.rule, c.action) for c in closed.deadlines] == [("asile.cnda_1m", "close")]
    assert state.deadlines == {}


@pytest.mark.parametrize("notified, version, due", [
    ("2024-07-10", 1, date(2024, 7, 25)), ("2024-07-20", 2, date(2024, 7, 29))])
def test_engine_uses_the_rule_version_in_force_at_the_start_fact(asylum_engine, referent, today,
                                                                  notified, version, due):
    state = asylum_engine.start("dublin_demo")
    asylum_engine.fire(state, "notifier", referent, today=today,
                       facts={"date_notification_dublin": notified})
    running = state.deadlines["asile.dublin_recours"]
    assert (running.version, running.due) == (version, due)


def test_engine_with_no_rule_in_force_raises_and_changes_nothing(asylum_engine, referent, today):
    state = asylum_engine.start("dublin_demo")
    before = copy.deepcopy(state)
    with pytest.raises(NotFound, match="n'est pas en vigueur au vendredi 1er juin 2018"):
        asylum_engine.fire(state, "notifier", referent, today=today,
                           facts={"date_notification_dublin": "2018-06-01"})
    assert state == before


# --- built-in PSP rules -------------------------------------------------------------------

def test_builtin_psp_rules_explain_themselves(host):
    # An appeal to the administrative court is a délai franc (CE 1 July 2020 n° 438152):
    # 2 March + 2 months is Saturday 2 May, franc Sunday 3 May, moved to Monday 4 May.
    rule = host.catalog.rule("psp.recours_refus_2m", on=date(2026, 3, 2))
    due = compute_due(rule, date(2026, 3, 2))
    assert (due.unadjusted, due.due) == (date(2026, 5, 3), date(2026, 5, 4))
    assert "délai franc (CE 1er juillet 2020 n° 438152" in due.explanation
    assert "car le dimanche 3 mai 2026 tombe un week-end" in due.explanation
    assert_one_sentence(due.explanation, rule)
    # A 6-month authorisation from 1 November is valid until 30 April, the eve of its
    # anniversary: the next period begins on 1 May, not the day after.
    period = host.catalog.rule("psp.autorisation_6m")
    fixed = compute_due(period, date(2025, 11, 1))
    assert fixed.due == date(2026, 4, 30)  # not moved: the authorisation simply ends that day
    assert fixed.explanation.startswith("Valable jusqu'au jeudi 30 avril 2026 inclus")
    assert_one_sentence(fixed.explanation, period)
    assert fixed.explanation.endswith(" À noter : " + period.note)
    assert fixed.warn_from == date(2026, 3, 5)  # 56 days (8 weeks) before


def test_psp_refusal_opens_the_appeal_deadline(engine, referent, today):
    state = psp_to_avis(engine, referent, today)
    outcome = engine.fire(state, "refuser", referent, today=today,
                          facts={"date_notification_refus": "2026-03-02"})
    [change] = outcome.deadlines
    assert (change.rule, change.due.due) == ("psp.recours_refus_2m", date(2026, 5, 4))
    engine.fire(state, "abandonner", referent, today=today,
                facts={"motif_cloture": "souhait_personne"})
    assert state.deadlines == {}


KEPT = {"engagements_tenus": True, "cessation_effective": True}


def _renew(engine, state, actor, today, debut: date):
    period_end = state.deadlines["psp.autorisation_6m"].due
    engine.fire(state, "transmettre_renouvellement", actor, today=today,
                facts={"date_envoi_renouvellement": date.fromordinal(period_end.toordinal() - 60),
                       **KEPT})
    return engine.fire(state, "renouveler", actor, today=today,
                       facts={"date_decision": debut.isoformat(), "debut_periode": debut.isoformat()})


def test_psp_six_month_periods_up_to_the_24_month_cap(engine, referent, today):
    state = psp_authorised(engine, referent, today, date(2026, 1, 15))
    # Every period is valid until the eve of its anniversary and the next one begins the day
    # after: 15 January to 14 July, 15 July to 14 January... and 24 months end on 14 January.
    cap = state.deadlines["psp.duree_max_24m"]
    assert (cap.start, cap.due) == (date(2026, 1, 15), date(2028, 1, 14))
    ends = [state.deadlines["psp.autorisation_6m"].due]
    for _ in range(3):
        outcome = _renew(engine, state, referent, today, debut=ends[-1] + timedelta(days=1))
        assert [(c.rule, c.action) for c in outcome.deadlines] == [
            ("psp.autorisation_6m", "close"), ("psp.autorisation_6m", "open")]
        ends.append(state.deadlines["psp.autorisation_6m"].due)
        explanation = outcome.deadlines[1].due.explanation
        assert_one_sentence(explanation, engine.catalog.rule("psp.autorisation_6m"))
        assert "6 mois à compter du" in explanation
    assert ends == [date(2026, 7, 14), date(2027, 1, 14), date(2027, 7, 14), date(2028, 1, 14)]
    assert state.deadlines["psp.duree_max_24m"] == cap  # renewals never restart the cap
    before = copy.deepcopy(state)
    with pytest.raises(TransitionRefused) as info:
        engine.fire(state, "transmettre_renouvellement", referent, today=today,
                    facts={"date_envoi_renouvellement": "2027-11-15", **KEPT})
    assert state == before
    assert [r.code for r in info.value.reasons] == ["psp.plafond_24m"]
    assert info.value.reasons[0].message == ("Le parcours ne peut pas dépasser 24 mois au total "
                                             "(fin au plus tard le 14/01/2028).")


def test_psp_renewal_starting_too_late_is_refused_by_the_cap(engine, referent, today):
    state = psp_authorised(engine, referent, today, date(2026, 1, 15))
    _renew(engine, state, referent, today, date(2026, 7, 15))
    _renew(engine, state, referent, today, date(2027, 1, 15))
    engine.fire(state, "transmettre_renouvellement", referent, today=today,
                facts={"date_envoi_renouvellement": "2027-05-15", **KEPT})
    before = copy.deepcopy(state)
    with pytest.raises(TransitionRefused) as info:
        engine.fire(state, "renouveler", referent, today=today,
                    facts={"date_decision": "2027-08-01", "debut_periode": "2027-08-01"})
    assert [r.code for r in info.value.reasons] == ["psp.plafond_24m"]
    assert state == before
    engine.fire(state, "renouveler", referent, today=today,
                facts={"date_decision": "2027-07-10", "debut_periode": "2027-07-15"})
    assert state.step == "autorise"


def test_psp_exit_closes_both_clocks(engine, referent, today):
    state = psp_authorised(engine, referent, today, date(2026, 1, 15))
    outcome = engine.fire(state, "sortir", referent, today=today,
                          facts={"date_sortie": "2026-07-15", "solution_sejour": "salarie"})
    assert sorted((c.rule, c.action) for c in outcome.deadlines) == [
        ("psp.autorisation_6m", "close"), ("psp.duree_max_24m", "close")]
    assert outcome.final and state.deadlines == {}
