"""The drop-in register: the same register from every encoding, separator and format gives
the same rows, written as the services write them; a dry run writes nothing."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import select

from core import services as svc
from core.errors import PermissionDenied
from core.persistence.models import DropIn, DropInVolunteer, Event, Person, Visit
from core.services.app import Parcours
from core.services.importer import import_bytes
from tests.accounts import who

from .conftest import REGISTER, add_known, counts, failures, to_csv, to_ods, to_xlsx

VARIANTS = {
    "csv-utf8-bom-semicolon": lambda: to_csv(REGISTER),
    "csv-utf8-comma-lf": lambda: to_csv(REGISTER, ",", "utf-8", "\n"),
    "csv-cp1252-semicolon": lambda: to_csv(REGISTER, ";", "cp1252"),
    "csv-cp1252-tab": lambda: to_csv(REGISTER, "\t", "cp1252"),
    "csv-utf16-tab": lambda: to_csv(REGISTER, "\t", "utf-16"),
    "xlsx": lambda: to_xlsx(REGISTER),
    "ods": lambda: to_ods(REGISTER),
}


def written(app: Parcours) -> dict[str, object]:
    """What the register left in the database, without ids."""
    names = {p.id: p.alias for p in svc.list_persons(app, who(app, "sonia"))}
    with app.db.read() as session:
        dropins = {d.id: (d.day, d.starts_at, d.ends_at) for d in session.scalars(select(DropIn))}
        return {
            "dropins": sorted(dropins.values()),
            "volunteers": sorted((dropins[v.dropin_id], v.name, float(v.hours))
                                 for v in session.scalars(select(DropInVolunteer))),
            "visits": sorted(((dropins[v.dropin_id], names.get(v.person_id), v.count)
                              for v in session.scalars(select(Visit))),
                             key=lambda v: (v[0], v[1] or "", v[2])),
            "events": sorted((names[e.person_id], e.occurred_at.date())
                             for e in session.scalars(select(Event).where(Event.kind == "visit"))),
            "persons": sorted((names[p.id], p.first_visit, p.last_contact_at)
                              for p in session.scalars(select(Person))),
        }


@pytest.fixture(scope="module")
def expected(tmp_path_factory):
    from tests.accounts import make_app, who
    from .conftest import TODAY
    app = make_app(f"sqlite:///{tmp_path_factory.mktemp('ref') / 'ref.db'}", today=TODAY)
    add_known(app)
    import_bytes(app, who(app, "sonia"), "registre", to_csv(REGISTER), "registre.csv")
    yield written(app)
    app.close()


@pytest.mark.parametrize("variant", sorted(VARIANTS))
def test_every_encoding_separator_and_format_gives_the_same_rows(known: Parcours, expected,
                                                                  variant):
    report = import_bytes(known, who(known, "sonia"), "registre", VARIANTS[variant](), f"registre.{variant}")
    assert report.counts == {"dropins": 3, "volunteers": 5, "visits": 4, "anonymous": 13}
    assert report.written and not report.issues
    assert written(known) == expected


def test_the_register_lands_as_the_services_would_write_it(known: Parcours, expected):
    noon = lambda m, d: datetime(2026, m, d, 12, tzinfo=UTC)  # noqa: E731
    at = lambda h, m=0: datetime(1, 1, 1, h, m).time()  # noqa: E731
    afternoon, evening, later = [(date(2026, 3, 3), at(13, 30), at(18, 30)),
                                 (date(2026, 3, 3), at(19), at(21)),
                                 (date(2026, 3, 10), at(13, 30), at(18, 30))]
    assert expected["dropins"] == [afternoon, evening, later]
    assert expected["persons"] == [  # first visit kept or set, last contact moved forward only
        ("Amina", date(2026, 2, 1), noon(3, 3)), ("Rose", date(2026, 2, 1), noon(3, 10)),
        ("Éloïse", date(2026, 3, 3), noon(3, 31))]
    assert expected["events"].count(("Amina", date(2026, 3, 3))) == 2  # two sessions that day
    assert [v for v in expected["visits"] if v[1] is None] == [
        (afternoon, None, 7), (evening, None, 2), (later, None, 4)]
    assert (evening, "Marie", 2.0) in expected["volunteers"]
    import_bytes(known, who(known, "sonia"), "registre", to_csv(REGISTER), "registre.csv")
    report = svc.activity_report(known, who(known, "sonia"), date(2026, 3, 1), date(2026, 3, 31))
    values = report.values()
    assert (values["permanences"], values["heures_benevoles"], values["passages_identifies"],
            values["passages_anonymes"], values["personnes_vues"]) == (3, 19.5, 4, 13, 3)
    with known.db.read() as session:
        done = session.scalars(select(Event).where(Event.kind == "import")).one()
    assert done.facts == {"kind": "registre", "file": "registre.csv", "size": len(to_csv(REGISTER)),
                          "dropins": 3, "volunteers": 5, "visits": 4, "anonymous": 13}


def test_an_earlier_register_moves_the_first_visit_back_never_the_last_contact(known: Parcours):
    import_bytes(known, who(known, "sonia"), "registre", to_csv(REGISTER), "registre.csv")
    earlier = [REGISTER[0], [date(2026, 1, 20), "13:30", "18:30", None, None, "Rose", None]]
    import_bytes(known, who(known, "sonia"), "registre", to_csv(earlier), "janvier.csv")
    rose = svc.show_person(known, who(known, "sonia"), "Rose")
    with known.db.read() as session:
        last = session.scalar(select(Person.last_contact_at).where(Person.id == rose.id))
    assert rose.first_visit == date(2026, 1, 20) and last.date() == date(2026, 3, 10)


def test_a_dry_run_checks_counts_and_writes_nothing(known: Parcours):
    before = counts(known)
    report = import_bytes(known, who(known, "sonia"), "registre", to_xlsx(REGISTER), "r.xlsx", dry_run=True)
    assert report.dry_run and not report.written
    assert report.counts == {"dropins": 3, "volunteers": 5, "visits": 4, "anonymous": 13}
    assert report.read_as == "XLSX, feuille « registre »"
    assert counts(known) == before and failures(known) == []


@pytest.mark.parametrize("user", ["bea", "sam", "camille"])
def test_only_supervisors_and_admins_import(known: Parcours, user):
    before = counts(known)
    with pytest.raises(PermissionDenied, match="ne permet pas"):
        import_bytes(known, who(known, user), "registre", to_csv(REGISTER), "r.csv")
    assert counts(known) == before and failures(known) == []


@pytest.mark.pg
def test_register_and_person_list_on_postgresql(pg_app: Parcours):
    from .conftest import PEOPLE
    import_bytes(pg_app, who(pg_app, "sonia"), "personnes", to_csv(PEOPLE), "p.csv")
    report = import_bytes(pg_app, who(pg_app, "sonia"), "registre", to_ods(REGISTER), "r.ods")
    assert report.counts == {"dropins": 3, "volunteers": 5, "visits": 4, "anonymous": 13}
    assert svc.activity_report(pg_app, who(pg_app, "sonia"), date(2026, 3, 1), date(2026, 3, 31)) \
        .values()["passages"] == 17


def test_hours_and_times_are_read_as_the_command_line_reads_them(known: Parcours):
    """« 2h30 » hours, as `dropin open --volunteer Marie=2h30` takes them, were refused as
    « nombre d'heures invalide »; « 13h30 » and « 18 h 30 » times were already read."""
    rows = [REGISTER[0], ["17/03/2026", "13h30", "18 h 30", "Marie", "2h30", "Amina", None],
            ["17/03/2026", None, None, "Paul", "4h", None, 3]]
    report = import_bytes(known, who(known, "sonia"), "registre", to_csv(rows), "r.csv")
    assert report.written and not report.issues
    at = lambda h, m=0: datetime(1, 1, 1, h, m).time()  # noqa: E731
    day = (date(2026, 3, 17), at(13, 30), at(18, 30))
    assert [v for v in written(known)["volunteers"] if v[0] == day] == [
        (day, "Marie", 2.5), (day, "Paul", 4.0)]
