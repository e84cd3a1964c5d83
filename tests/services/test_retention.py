"""Retention with a fake clock (security.md RT-1, AU-5): a person two years past her last
contact is listed with her rule and its source, erased by ``apply_due``, kept under a legal
hold; the review queue warns before; the audit log is pruned behind a checkpoint and still
verifies; the rules are dated configuration whose bounds are enforced."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import func, select

from core import services as svc
from core.errors import InputError, NotFound, PermissionDenied, ReauthRequired
from core.persistence.access_models import AuditCheckpoint, AuditEntry
from core.persistence.models import Person
from core.services import retention_rules
from tests.accounts import add_followed, make_app, reauth, who, with_clock

START = date(2024, 1, 10)


@pytest.fixture
def app(sqlite_url):
    parcours = make_app(sqlite_url, today=START)
    yield parcours
    parcours.close()


def _person(app, alias: str, day: date) -> int:
    return svc.add_person(with_clock(app, day), who(app, "camille"), alias, first_visit=day).id


def test_a_person_two_years_past_her_last_contact_is_listed_erased_or_kept_when_held(app):
    old, held = _person(app, "Ancienne", START), _person(app, "Gardée", START)
    recent = _person(app, "Récente", date(2025, 6, 1))
    day_before = with_clock(app, date(2026, 1, 9))
    assert svc.due_items(day_before, reauth(day_before, "sonia")) == []
    later = with_clock(app, date(2026, 1, 10))
    sonia = reauth(later, "sonia")
    svc.place_hold(later, sonia, held, "procédure judiciaire en cours")
    items = {i.person_id: i for i in svc.due_items(later, sonia)}
    assert sorted(items) == [old, held]
    assert (items[old].rule, items[old].due, items[old].held) == ("R1", date(2026, 1, 10), False)
    assert "2023-095" in items[old].source and items[old].key == f"R1:person:{old}"
    assert items[held].held is True

    lines = []
    summary = svc.apply_due(later, sonia, lambda item, text, ok: lines.append((item.key, ok)))

    assert (summary.done, summary.held, summary.failed) == (1, 1, 0)
    assert lines == [(f"R1:person:{old}", True), (f"R1:person:{held}", False)]
    with later.db.read() as session:
        erased = {p.id: p.erased_at is not None for p in session.scalars(select(Person))}
        entry = session.scalars(select(AuditEntry).where(
            AuditEntry.operation == "person.erase", AuditEntry.outcome == "done")).one()
    assert erased == {old: True, held: False, recent: False}
    assert (entry.person_id, entry.detail["rule"]) == (old, "R1")
    assert "R1" in entry.detail["reason"]
    assert [i.person_id for i in svc.due_items(later, sonia)] == [held]
    svc.lift_hold(later, sonia, held)
    assert svc.apply_due(later, sonia).done == 1


def test_retention_erases_only_what_is_still_due(app):
    person = _person(app, "Revenue", START)
    later = with_clock(app, date(2026, 2, 1))
    sonia = reauth(later, "sonia")
    svc.record_visit(later, who(later, "bea"),
                     svc.open_dropin(later, who(later, "bea"), date(2026, 1, 31)).id, person)
    with pytest.raises(InputError, match="n'est plus concernée par la règle R1"):
        svc.erase_person(later, sonia, person, "fin de conservation", rule="R1")


def test_retention_needs_a_supervisor_or_admin_and_a_fresh_password(app):
    _person(app, "Ancienne", START)
    later = with_clock(app, date(2026, 2, 1))
    with pytest.raises(PermissionDenied):
        svc.due_items(later, who(later, "camille"))
    assert svc.due_items(later, who(later, "admin")) == []  # no person items for the admin
    with pytest.raises(ReauthRequired):
        svc.apply_due(later, who(later, "sonia"))
    with pytest.raises(NotFound):
        svc.apply_item(later, reauth(later, "sonia"), "R9:rien")


def test_the_review_queue_warns_before_the_end_of_retention(app):
    person = _person(app, "Bientôt", START)
    sonia = who(app, "sonia")
    assert svc.review_queue(with_clock(app, date(2025, 11, 10)), sonia, kinds={"retention"}) == []
    items = svc.review_queue(with_clock(app, date(2025, 11, 20)), sonia, kinds={"retention"})
    assert [(i.person_id, i.due, i.severity) for i in items] == [(person, date(2026, 1, 10),
                                                                   "medium")]
    assert "Fin de conservation le 10/01/2026 (R1" in items[0].detail
    svc.place_hold(app, reauth(app, "sonia"), person, "contentieux")
    assert svc.review_queue(with_clock(app, date(2026, 2, 1)), sonia, kinds={"retention"}) == []


def test_a_page_of_retention_items_reads_the_rules_once(app, monkeypatch):
    """The rules (and this machine's settings file) are read once per page, not per item."""
    for n in range(3):
        _person(app, f"Bientôt {n}", START)
    read = []
    rules_for = retention_rules.rules_for
    monkeypatch.setattr(retention_rules, "rules_for", lambda day: read.append(day) or
                        rules_for(day))
    items = svc.review_queue(with_clock(app, date(2025, 11, 20)), who(app, "sonia"),
                             kinds={"retention"})
    assert len(items) == 3 and all("(R1" in i.detail for i in items)
    assert len(read) == 2  # the page's statement (the rule's duration), then its details


def test_the_audit_log_is_pruned_behind_a_checkpoint_and_still_verifies(app):
    _person(app, "Quelqu'une", START)
    sonia = reauth(app, "sonia")
    assert svc.verify_audit(app, sonia).ok
    with app.db.read() as session:
        rows = session.scalar(select(func.count()).select_from(AuditEntry))
    # Audit rows carry the real clock: thirteen months from now, all of them are past R7.
    later = with_clock(app, datetime.now(UTC).date() + timedelta(days=400))
    due = [i for i in svc.due_items(later, sonia) if i.rule == "R7"]
    assert len(due) == 1 and due[0].count >= rows and "2021-122" in due[0].source

    pruned = svc.apply_item(later, sonia, "R7:audit")

    assert pruned.count == due[0].count + 1  # with the listing's own row
    with app.db.read() as session:
        mark = session.scalars(select(AuditCheckpoint)).one()
        left = session.scalars(select(AuditEntry).order_by(AuditEntry.seq)).all()
    # What remains starts right after the checkpoint: the pruning's own row.
    assert left[0].seq == mark.last_seq + 1 and left[0].prev_hash == mark.last_hash
    assert any(e.operation == "retention.apply" and e.detail["removed"] == pruned.count
               for e in left)
    check = svc.verify_audit(app, sonia)
    assert check.ok, check.message
    svc.add_person(app, who(app, "camille"), "Après la purge")
    assert svc.verify_audit(app, sonia).ok


def test_rules_are_dated_with_sources_and_their_settings_bounded(tmp_path):
    rules = retention_rules.in_force(date(2026, 3, 10))
    assert list(rules) == ["R1", "R2", "R7", "R8", "R10"]
    assert all(r.source and r.label for r in rules.values())
    assert rules["R1"].due(date(2024, 2, 29)) == date(2026, 2, 28)
    assert "R2" not in retention_rules.in_force(date(2023, 10, 31))
    (tmp_path / "parcours.toml").write_text("[conservation]\njournal_mois = 6\nrecit_mois = 3\n")
    settings = retention_rules.load_settings(tmp_path)
    assert retention_rules.in_force(date(2026, 3, 10), settings)["R7"].duration_label == "6 mois"
    (tmp_path / "parcours.toml").write_text("[conservation]\njournal_mois = 36\n")
    with pytest.raises(InputError, match="journal_mois.*entre 6 et 12"):
        retention_rules.load_settings(tmp_path)


def test_the_recit_data_goes_some_months_after_a_final_asylum_decision(tmp_path):
    from core.persistence.models import Note, SensitiveFact
    from core.plugins import build_plugin_host
    app = make_app(f"sqlite:///{tmp_path / 'r.db'}", today=date(2026, 4, 20),
                   host=build_plugin_host(allow=["asile"]))
    camille = who(app, "camille")
    person = add_followed(app, "Demandeuse")
    steps = [("2026-04-20", "pre_enregistrer", {"date_pre_enregistrement": "2026-04-20"}),
             ("2026-04-23", "enregistrer_procedure_normale",
              {"date_delivrance_atda": "2026-04-23", "sejour_regulier_jusquau": "2027-02-22"}),
             ("2026-04-28", "rediger_recit", {"date_recit": "2026-04-28", "langue_recit": "dari",
                                              "recit_traduit_francais": True}),
             ("2026-05-06", "envoyer_ofpra", {"date_envoi_ofpra": "2026-05-06",
                                              "formulaire_ofpra": True, "photos": True,
                                              "copie_atda": True, "envoi_recommande_ar": True}),
             ("2026-05-20", "enregistrer_introduction", {"date_introduction_ofpra": "2026-05-20"}),
             ("2026-06-10", "accorder_protection",
              {"date_notification_protection": "2026-06-10", "protection": "refugiee",
               "sejour_regulier_jusquau": "2036-06-09"})]
    svc.start_track(with_clock(app, date(2026, 4, 20)), camille, person, "asile")
    for day, trigger, facts in steps:
        clock = with_clock(app, date.fromisoformat(day))
        svc.advance(clock, camille, person, "asile", trigger, facts=facts, at=date.fromisoformat(day),
                    note="KANARI-RECIT-NOTE" if trigger == "rediger_recit" else None)
    early = with_clock(app, date(2026, 12, 9))
    assert [i.rule for i in svc.due_items(early, reauth(early, "sonia"))] == []
    later = with_clock(app, date(2026, 12, 10))
    sonia = reauth(later, "sonia")
    items = svc.due_items(later, sonia)
    assert [(i.rule, i.person_id, i.due) for i in items] == [("R2", person, date(2026, 12, 10))]
    done = svc.apply_item(later, sonia, items[0].key)
    assert done.count == 2  # the language of the récit, and the note written with it
    with app.db.read() as session:
        assert session.scalars(select(SensitiveFact.name).where(
            SensitiveFact.person_id == person, SensitiveFact.name == "langue_recit")).all() == []
        assert session.scalars(select(Note.id).where(Note.person_id == person)).all() == []
    assert svc.due_items(later, sonia) == []
    assert svc.show_person(later, sonia, person).alias == "Demandeuse"
    app.close()


class _Testimony:
    """A plugin core has never heard of, whose track records a life story (and another that
    records the same kind of fact without declaring one)."""

    @staticmethod
    def definition(track_id: str, story: bool):
        from pydantic import BaseModel, ConfigDict

        from core import (LifeStory, NoFacts, Sensitivity, StepDefinition, StepKind,
                          TrackDefinition, TransitionDefinition, fact)

        class Told(BaseModel):
            model_config = ConfigDict(extra="forbid")
            langue: str = fact(label="Langue", sensitivity=Sensitivity.SENSITIVE)

        T = TransitionDefinition
        return TrackDefinition(
            id=track_id, label="Témoignage", domain="temoignage", initial="ouvert",
            steps=(StepDefinition(id="ouvert", label="Ouvert"),
                   StepDefinition(id="juge", label="Jugé", kind=StepKind.FINAL),
                   StepDefinition(id="retire", label="Retiré", kind=StepKind.FINAL)),
            transitions=(T(trigger="recueillir", label="Recueillir", source=("ouvert",),
                           dest="ouvert", facts=Told),
                         T(trigger="juger", label="Juger", source=("ouvert",), dest="juge",
                           facts=NoFacts),
                         T(trigger="retirer", label="Retirer", source=("ouvert",), dest="retire",
                           facts=NoFacts)),
            life_story=LifeStory(trigger="recueillir", decisions=("juge",)) if story else None)

    def __init__(self) -> None:
        from core import hookimpl

        class Plugin:
            @hookimpl
            def parcours_track_definitions(self):
                return [_Testimony.definition("temoignage", True),
                        _Testimony.definition("temoignage_libre", False)]

        self.plugin = Plugin()


def test_r2_follows_the_life_story_a_definition_declares_not_a_track_name(tmp_path):
    from core.plugins import build_plugin_host
    host = build_plugin_host(load_entrypoints=False, extra=[("temoignage", _Testimony().plugin)])
    assert host.incidents == []
    app = make_app(f"sqlite:///{tmp_path / 't.db'}", today=date(2026, 4, 20), host=host)
    camille = who(app, "camille")
    person = add_followed(app, "Témoin")
    for track, last in (("temoignage", "juger"), ("temoignage_libre", "juger")):
        svc.start_track(with_clock(app, date(2026, 4, 20)), camille, person, track)
        svc.advance(with_clock(app, date(2026, 4, 21)), camille, person, track, "recueillir",
                    facts={"langue": "tigrinya"}, at=date(2026, 4, 21))
        svc.advance(with_clock(app, date(2026, 5, 4)), camille, person, track, last,
                    at=date(2026, 5, 4))
    early = with_clock(app, date(2026, 11, 3))
    assert svc.due_items(early, reauth(early, "sonia")) == []
    later = with_clock(app, date(2026, 11, 4))
    sonia = reauth(later, "sonia")
    items = svc.due_items(later, sonia)
    assert [(i.rule, i.due) for i in items] == [("R2", date(2026, 11, 4))]
    with app.db.read() as session:
        from core.persistence.models import Track
        declared = session.scalar(select(Track.id).where(Track.definition_id == "temoignage"))
    assert items[0].track_id == declared  # the undeclared track's facts stay under R1
    assert svc.apply_item(later, sonia, items[0].key).count == 1
    assert svc.due_items(later, sonia) == []
    app.close()


def test_apply_due_does_only_the_first_items_it_is_asked_for(app):
    """``--apply --limit N`` erases the N items ``retention --limit N`` lists, not all that
    is due: an erasure cannot be undone."""
    ids = [_person(app, f"Ancienne {n}", START) for n in range(3)]
    later = with_clock(app, date(2026, 1, 10))
    sonia = reauth(later, "sonia")
    listed = [i.person_id for i in svc.due_items(later, sonia)]
    assert sorted(listed) == sorted(ids)

    first = svc.apply_due(later, sonia, limit=1)

    assert (first.done, first.stopped) == (1, None)
    assert [i.person_id for i in svc.due_items(later, sonia)] == listed[1:]
    assert svc.apply_due(later, sonia, limit=5).done == 2
    assert svc.due_items(later, sonia) == []


def test_a_reauthentication_that_runs_out_part_way_keeps_what_was_done(app):
    """The run stops at the first refusal; what it erased before is reported, not lost in
    the error (a national purge outlasts the minutes a confirmed password is good for)."""
    from core.persistence.access_models import AuthSession
    for n in range(3):
        _person(app, f"Ancienne {n}", START)
    later = with_clock(app, date(2026, 1, 10))
    sonia = reauth(later, "sonia")

    def expire(item, text, ok) -> None:
        with later.db.write() as session:
            session.execute(AuthSession.__table__.update().values(reauth_at=None))

    summary = svc.apply_due(later, sonia, expire)

    assert summary.done == 1 and isinstance(summary.stopped, ReauthRequired)
    assert len(svc.due_items(later, sonia)) == 2
    with pytest.raises(ReauthRequired):  # nothing done yet: refused as before
        svc.apply_due(later, sonia)


@pytest.mark.parametrize("url", ["sqlite_url", pytest.param("pg_url", marks=pytest.mark.pg)])
def test_the_queue_says_past_or_near_the_end_of_retention_to_the_day_around_month_ends(
        request, url):
    """Each person's end (her last contact plus the rule's period, month ends clipped) decides
    her item to the day, however the month ends fall: the index's rough bounds only narrow."""
    app = make_app(request.getfixturevalue(url), today=START)
    try:
        _ends_to_the_day(app)
    finally:
        app.close()


def _ends_to_the_day(app) -> None:
    starts = [date(2023, 12, 26) + timedelta(days=n) for n in range(10)] + \
             [date(2024, 2, 24) + timedelta(days=n) for n in range(10)] + \
             [date(2024, 4, 26) + timedelta(days=n) for n in range(8)]
    persons = {_person(app, f"Fin {n}", day): day for n, day in enumerate(starts)}
    rule = retention_rules.rules_for(START)["R1"]
    # 30 December: 29 February 2024 ends on 28 February 2026, sixty days ahead.
    for today in (date(2025, 12, 30), date(2025, 12, 31), date(2026, 1, 2), date(2026, 2, 28),
                  date(2026, 3, 1), date(2026, 4, 30), date(2026, 5, 1)):
        items = svc.review_queue(with_clock(app, today), who(app, "sonia"), kinds={"retention"})
        expected = {(p, rule.due(day), "high" if rule.due(day) <= today else "medium")
                    for p, day in persons.items() if rule.due(day) <= today + timedelta(days=60)}
        assert {(i.person_id, i.due, i.severity) for i in items} == expected, today


def test_a_row_stamped_by_a_clock_set_back_does_not_take_the_recent_log_with_it(app):
    """A machine whose clock went back two years for a while (a flat battery) wrote a row
    that looks two years old between rows of today: pruning removes the first run of old rows
    only, never the rows of today before it; they all go once they are old themselves."""
    camille = who(app, "camille")
    svc.add_person(app, camille, "Avant")
    stuck = with_clock(app, app.today())
    wrong = datetime.now(UTC) - timedelta(days=800)
    stuck.now = lambda: wrong  # type: ignore[method-assign]
    svc.add_person(stuck, who(stuck, "camille"), "Pendant")
    svc.add_person(app, camille, "Après")
    now = with_clock(app, datetime.now(UTC).date())
    sonia = reauth(now, "sonia")
    with app.db.read() as session:
        written = session.scalars(select(AuditEntry.seq).order_by(AuditEntry.seq)).all()

    assert [i for i in svc.due_items(now, sonia) if i.rule == "R7"] == []
    with pytest.raises(NotFound):
        svc.apply_item(now, sonia, "R7:audit")

    with app.db.read() as session:
        assert set(written) <= set(session.scalars(select(AuditEntry.seq)))
    later = with_clock(app, datetime.now(UTC).date() + timedelta(days=400))
    assert svc.apply_item(later, sonia, "R7:audit").count > len(written)
    assert svc.verify_audit(app, sonia).ok


def test_a_person_whose_alias_is_inside_a_word_of_the_retention_reason_is_erased(app):
    """« Ion » (a Romanian first name) is inside « conservation »: retention's own reason,
    taken for one that names her, refused her erasure at every run, for ever. A reason names
    her when her alias is there as words; a typed one still may not."""
    ion = _person(app, "Ion", START)
    later = with_clock(app, date(2026, 1, 10))
    sonia = reauth(later, "sonia")
    with pytest.raises(InputError, match="pseudonyme"):
        svc.erase_person(later, sonia, ion, "à la demande d'ion, art. 17")

    summary = svc.apply_due(later, sonia)

    assert (summary.done, summary.failed) == (1, 0)
    with later.db.read() as session:
        assert session.get(Person, ion).erased_at is not None


def test_a_reason_naming_her_by_one_word_of_her_alias_is_refused(app):
    """Her alias is often a first name and something else (« Noémie Fauvette », « Amina B. »):
    only the whole alias was looked for, so « demande de Noémie » stayed in the audit log,
    beside her number, after her erasure. Each word of her alias counts, as each word of her
    legal name does (three letters or more: « B. » is no name to find)."""
    noemie = _person(app, "Noémie Fauvette", START)
    sonia = reauth(app, "sonia")
    for reason in ("demande de Noemie (art. 17)", "à la demande de Mme FAUVETTE"):
        with pytest.raises(InputError, match="pseudonyme"):
            svc.erase_person(app, sonia, noemie, reason)
    amina = _person(app, "Amina B.", START)
    svc.erase_person(app, sonia, amina, "demande de la personne (art. 17)")  # « B. »: no word
    with app.db.read() as session:
        assert session.get(Person, noemie).erased_at is None
        assert session.get(Person, amina).erased_at is not None
    # Retention's own reason names no one: a word of hers in it (« Fin ») stops nothing.
    fin = _person(app, "Fin Ana", START)
    later = with_clock(app, date(2026, 1, 10))
    with pytest.raises(InputError, match="pseudonyme"):
        svc.erase_person(later, reauth(later, "sonia"), fin, "Ana a demandé la fin")
    assert svc.apply_due(later, reauth(later, "sonia")).failed == 0
    with later.db.read() as session:
        assert session.get(Person, fin).erased_at is not None
