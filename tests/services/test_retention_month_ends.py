"""What ``parcours retention`` lists (and ``--apply`` erases) on the very day the rule says,
when the end is clipped to a shorter month's last day: 29 February 2024 plus 24 months is
28 February 2026, whose cutoff is 28 February 2024. The listing's date bound kept only
starts on or before the cutoff, so such a person was listed, and erased, a day late (the
review queue already said « past its end » that day); a récit likewise (R2). The audit log
(R7) kept the rows of a short month's last day until the 1st: several days share one
clipped cutoff."""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta

import pytest
from sqlalchemy import select, update

from core import services as svc
from core.persistence.access_models import AuditEntry
from core.persistence.models import Person, Track
from core.plugins import build_plugin_host
from core.services import retention, retention_rules
from core.services.app import Parcours, config_dir
from tests.accounts import follow, make_app, reauth, who, with_clock

LEAP = date(2024, 2, 29)


@pytest.mark.parametrize("url", ["sqlite_url", pytest.param("pg_url", marks=pytest.mark.pg)])
def test_a_person_whose_end_is_a_month_end_is_listed_on_that_day(request, url):
    app = make_app(request.getfixturevalue(url), today=LEAP)
    try:
        person = svc.add_person(with_clock(app, LEAP), who(app, "camille"), "Bissextile",
                                first_visit=LEAP).id
        rule = retention_rules.rules_for(date(2026, 2, 28))["R1"]
        assert rule.due(LEAP) == date(2026, 2, 28)
        eve, day = with_clock(app, date(2026, 2, 27)), with_clock(app, date(2026, 2, 28))
        assert [i.person_id for i in svc.due_items(eve, reauth(eve, "sonia"))] == []
        queue = svc.review_queue(day, who(day, "sonia"), kinds={"retention"})
        assert [(i.person_id, i.severity, i.due) for i in queue] == [
            (person, "high", date(2026, 2, 28))]
        listed = [(i.rule, i.person_id, i.due) for i in svc.due_items(day, reauth(day, "sonia"))]
        assert listed == [("R1", person, date(2026, 2, 28))]
    finally:
        app.close()


def _starts() -> list[date]:
    ends = (date(2024, 1, 31), LEAP, date(2024, 3, 31), date(2024, 4, 30),
            date(2023, 12, 31), date(2024, 8, 31), date(2023, 2, 28))
    return sorted({end + timedelta(days=n) for end in ends for n in range(-4, 5)})


@pytest.mark.parametrize("amount", [1, 24])
@pytest.mark.parametrize("url", ["sqlite_url", pytest.param("pg_url", marks=pytest.mark.pg)])
def test_persons_due_to_the_day_around_month_ends(request, url, amount):
    rule = replace(retention_rules.in_force(date(2026, 3, 10))["R1"], amount=amount)
    app = make_app(request.getfixturevalue(url), today=date(2023, 1, 10))
    try:
        sonia = who(app, "sonia")
        persons: dict[int, date] = {}
        for n, day in enumerate(_starts()):
            for k, at in enumerate((time.min, time.max)):  # either end of her day
                for contact in (True, False):  # her last contact, else her creation
                    p = svc.add_person(app, sonia, f"R{n}x{k}{int(contact)}").id
                    stamp = datetime.combine(day, at, tzinfo=UTC)
                    with app.db.write() as s:
                        s.execute(update(Person).where(Person.id == p).values(
                            last_contact_at=stamp if contact else None,
                            created_at=datetime(2022, 1, 1, tzinfo=UTC) if contact else stamp))
                    persons[p] = day
        wrong = []
        for today in sorted({rule.due(d) + timedelta(days=k) for d in persons.values()
                             for k in (-1, 0, 1)}):
            with app.db.read() as s:
                found = {(p, due) for p, _, due in retention.persons_due(s, rule, today)}
            want = {(p, rule.due(d)) for p, d in persons.items() if rule.due(d) <= today}
            if found != want:
                wrong.append((today, sorted(want - found)[:3], sorted(found - want)[:3]))
        assert wrong == []
    finally:
        app.close()


def test_a_recit_whose_end_is_a_month_end_is_listed_on_that_day(tmp_path):
    app = make_app(f"sqlite:///{tmp_path / 'r.db'}", today=date(2025, 4, 20),
                   host=build_plugin_host(allow=["asile"]))
    try:
        camille = who(app, "camille")
        person = svc.add_person(app, camille, "Demandeuse").id
        follow(app, person, day="2025-04-01")
        steps = [("2025-04-20", "pre_enregistrer", {"date_pre_enregistrement": "2025-04-20"}),
                 ("2025-04-23", "enregistrer_procedure_normale",
                  {"date_delivrance_atda": "2025-04-23", "sejour_regulier_jusquau": "2026-02-22"}),
                 ("2025-04-28", "rediger_recit", {"date_recit": "2025-04-28",
                                                  "langue_recit": "dari",
                                                  "recit_traduit_francais": True}),
                 ("2025-05-06", "envoyer_ofpra", {"date_envoi_ofpra": "2025-05-06",
                                                  "formulaire_ofpra": True, "photos": True,
                                                  "copie_atda": True, "envoi_recommande_ar": True}),
                 ("2025-05-20", "enregistrer_introduction",
                  {"date_introduction_ofpra": "2025-05-20"}),
                 ("2025-08-31", "accorder_protection",
                  {"date_notification_protection": "2025-08-31", "protection": "refugiee",
                   "sejour_regulier_jusquau": "2035-08-30"})]
        svc.start_track(with_clock(app, date(2025, 4, 20)), camille, person, "asile")
        for day, trigger, facts in steps:
            svc.advance(with_clock(app, date.fromisoformat(day)), camille, person, "asile",
                        trigger, facts=facts, at=date.fromisoformat(day))
        with app.db.read() as s:
            closed = s.scalar(select(Track.closed_at).where(Track.person_id == person,
                                                            Track.definition_id == "asile"))
        assert closed is not None and closed.date() == date(2025, 8, 31)
        assert retention_rules.rules_for(date(2026, 2, 28))["R2"].due(closed.date()) == \
            date(2026, 2, 28)

        def listed(day: date) -> list[tuple[str, date]]:
            on = with_clock(app, day)
            return [(i.rule, i.due) for i in svc.due_items(on, reauth(on, "sonia"))
                    if i.rule == "R2"]
        assert listed(date(2026, 2, 27)) == []
        assert listed(date(2026, 2, 28)) == [("R2", date(2026, 2, 28))]
    finally:
        app.close()


@pytest.mark.parametrize("amount", [1, 6, 12, 24])
def test_the_first_day_kept_is_the_first_not_past_its_end(amount):
    rule = replace(retention_rules.in_force(date(2026, 3, 10))["R7"], amount=amount)
    starts = [date(2024, 1, 1) + timedelta(days=n) for n in range(4 * 366)]
    ends = [rule.due(d) for d in starts]  # never decreasing: the first end not passed decides
    for today in (date(2026, 1, 1) + timedelta(days=n) for n in range(2 * 366)):
        kept = rule.first_kept(today)
        assert rule.due(kept) >= today > rule.due(kept - timedelta(days=1)), today
        assert kept == starts[bisect_left(ends, today)], today


class _Noon(Parcours):
    """Audit rows written at noon of the evaluation day (the chain stays in time order)."""

    def now(self) -> datetime:
        return datetime.combine(self.today(), time(12), tzinfo=UTC)


def test_audit_rows_go_the_day_after_their_end_even_at_a_month_end(sqlite_url):
    config_dir().mkdir(parents=True, exist_ok=True)
    (config_dir() / "parcours.toml").write_text("[conservation]\njournal_mois = 6\n")
    app = make_app(sqlite_url, today=date(2027, 1, 1), cls=_Noon)
    try:
        for day in (date(2027, 2, 27), date(2027, 2, 28), date(2027, 3, 1)):
            reauth(with_clock(app, day), "sonia")  # that day's rows (sign-in, re-authentication)
        rule = retention_rules.rules_for(date(2027, 8, 29))["R7"]
        assert rule.due(date(2027, 2, 28)) == date(2027, 8, 28)

        def prune(day: date) -> list[str]:
            on = with_clock(app, day)
            svc.apply_item(on, reauth(on, "sonia"), "R7:audit")
            with app.db.read() as s:
                return sorted({a.date().isoformat() for a in s.scalars(select(AuditEntry.at))
                               if a.year == 2027 and a.month < 4})

        # The rows of 27 February end on 27 August: gone the next day, as every day's.
        assert prune(date(2027, 8, 28)) == ["2027-02-28", "2027-03-01"]
        # Those of 28 February end on 28 August, not on the 31st (every day of 29–31 August
        # minus six months is 28 February): gone on the 29th, not on 1 September.
        assert prune(date(2027, 8, 29)) == ["2027-03-01"]
    finally:
        app.close()
