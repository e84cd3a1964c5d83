"""Migration 0023 and the delegation form: a holiday subdivision is stored as its code, so a
delegation in Guadeloupe lives on Guadeloupe's clock whichever name it was given."""

from __future__ import annotations

from sqlalchemy import text

from core import services as svc
from core.persistence import migrate
from tests.accounts import PASSWORD, make_app, who
from tests.services.conftest import TODAY


def _stored(app) -> dict[str, str | None]:
    with app.db.engine.connect() as connection:
        return dict(connection.execute(text(
            "SELECT code, holiday_subdivision FROM delegations WHERE code LIKE 'd-%'")).all())


def test_a_name_typed_for_the_holidays_is_stored_as_its_code(any_url):
    app = make_app(any_url, today=TODAY)
    try:
        admin = who(app, "admin")
        for code, typed in (("d-gp", "Guadeloupe"), ("d-re", "la réunion"), ("d-al", "Alsace"),
                            ("d-lille", "59")):
            svc.add_delegation(app, admin, code, code, typed)
        assert _stored(app) == {"d-gp": "971", "d-re": "974", "d-al": "6AE", "d-lille": None}
        svc.add_user(app, admin, "gaelle", "referent", PASSWORD, ["d-gp"])
        assert svc.whoami(app, who(app, "gaelle")).clock == "America/Guadeloupe"
    finally:
        app.close()


def test_names_stored_before_become_codes(any_url):
    app = make_app(any_url, today=TODAY)
    try:
        admin = who(app, "admin")
        svc.add_delegation(app, admin, "d-gp", "Pointe-à-Pitre", "971")
        svc.add_delegation(app, admin, "d-mq", "Fort-de-France", "972")
        svc.add_delegation(app, admin, "d-st", "Strasbourg", "67")
        migrate.downgrade(app.db, "0022")
        with app.db.engine.begin() as connection:  # as the code before 0023 stored them
            connection.execute(text("UPDATE delegations SET holiday_subdivision = CASE code "
                                    "WHEN 'd-gp' THEN 'Guadeloupe' WHEN 'd-mq' THEN 'MQ' "
                                    "ELSE 'Alsace' END WHERE code LIKE 'd-%'"))
        migrate.upgrade(app.db)
        migrate.check(app.db)
        assert _stored(app) == {"d-gp": "971", "d-mq": "972", "d-st": "6AE"}
    finally:
        app.close()


def test_a_delegation_named_by_its_department_alone_keeps_its_place(any_url):
    """« delegation add mamoudzou … --department 976 » without « --holidays »: Mayotte's
    holidays, clock and law (the COMED's six months overseas), not mainland France's."""
    app = make_app(any_url, today=TODAY)
    try:
        admin = who(app, "admin")
        for code, department in (("d-yt", "976"), ("d-st", "67"), ("d-lille", "59"),
                                 ("d-spm", "975")):
            svc.add_delegation(app, admin, code, code, None, department)
        svc.add_delegation(app, admin, "d-both", "d-both", "971", "976")  # as typed: 971
        assert _stored(app) == {"d-yt": "976", "d-st": "6AE", "d-lille": None, "d-spm": None,
                                "d-both": "971"}
    finally:
        app.close()
