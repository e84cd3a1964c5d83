"""The rows of the people list (plain columns, the pathway's referent taken out of its facts
by the database) on SQLite and PostgreSQL."""

from __future__ import annotations

from sqlalchemy import update

from core import services as svc
from core.persistence.models import Person
from tests.accounts import follow, who


def test_list_rows_read_the_same_on_both_back_ends(any_app):
    """A page, its next page, a search, a count and an export of two persons: the
    referent named by her pathway when her row names none, her domains and step."""
    app = any_app
    pid = svc.add_person(app, who(app, "bea"), "Amina").id
    other = svc.add_person(app, who(app, "bea"), "Amandine").id
    svc.start_track(app, who(app, "camille"), other, "psp")
    follow(app, pid, "camille")
    with app.db.write() as session:
        session.execute(update(Person).where(Person.id == pid).values(referent_id=None))
    listed = svc.list_persons(app, who(app, "sonia"))
    assert [(v.alias, v.referent, v.has_referent, v.view, v.domains, v.pathway_step)
            for v in listed] == [("Amandine", None, False, "file", ("psp",), "premier_accueil"),
                                 ("Amina", "camille", True, "file", (), "suivi_individuel")]
    assert listed[-1].cursor and listed[0].cursor is None
    nxt = svc.list_persons(app, who(app, "sonia"), limit=1, after=svc.list_persons(
        app, who(app, "sonia"), limit=1)[0].cursor)
    assert [v.alias for v in nxt] == ["Amina"]
    assert svc.list_persons(app, who(app, "bea"))[1].referent is None
    assert [v.alias for v in svc.list_persons(app, who(app, "bea"), search="amin")] == ["Amina"]
    assert svc.count_persons(app, who(app, "bea"), search="ami") == 1
    assert svc.count_persons(app, who(app, "bea"), search="am") == 2
    got = []
    svc.list_persons(app, who(app, "sonia"), search="am", each=got.extend)
    assert [v.alias for v in got] == ["Amandine", "Amina"] and got[-1].cursor
