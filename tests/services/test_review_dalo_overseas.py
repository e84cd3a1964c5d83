"""The review of a DALO waiting for the COMED: the law's delay where she is followed, three
months in mainland France and six overseas (CCH R441-15), never « the silence is a refusal »
after three months in Guadeloupe, where the refusal is only born at six."""

from __future__ import annotations

from datetime import date

from core import services as svc
from core.plugins import build_plugin_host
from tests.accounts import PASSWORD, follow, make_app, who, with_clock

FILED = date(2026, 3, 2)
DALO = {"date_reception_comed": FILED.isoformat(), "motif_dalo": "sans_logement",
        "formulaire_comed": True, "pieces_justificatives": True,
        "nationalite_francaise_ue": True}


def _items(app, supervisor: str, person: int) -> list[tuple[str, str]]:
    return [(i.kind, i.detail) for i in svc.review_queue(app, who(app, supervisor))
            if i.person_id == person and i.track == "logement_dalo"]


def test_a_dalo_waits_for_the_comed_as_long_as_the_law_says_where_she_is(tmp_path):
    app = make_app(f"sqlite:///{tmp_path / 'dalo.db'}", today=FILED,
                   host=build_plugin_host(allow=["logement"]))
    try:
        admin = who(app, "admin")
        svc.add_delegation(app, admin, "pap", "Pointe-à-Pitre", "971")
        svc.add_user(app, admin, "gaelle", "referent", PASSWORD, ["pap"])
        svc.add_user(app, admin, "paule", "superviseur", PASSWORD, ["pap"])
        persons = {}
        for referent in ("camille", "gaelle"):
            person = svc.add_person(app, who(app, referent), "Nour").id
            follow(app, person, referent, day=FILED.isoformat())
            svc.start_track(app, who(app, referent), person, "logement_dalo", at=FILED)
            svc.advance(app, who(app, referent), person, "logement_dalo", "deposer",
                        facts=DALO, at=FILED)
            persons[referent] = person
        later = with_clock(app, date(2026, 6, 12))  # past 3 months, well before 6
        mainland = _items(later, "sonia", persons["camille"])
        assert [kind for kind, _ in mainland] == ["overdue"]
        assert "Décision de la COMED (DALO)" in mainland[0][1]
        assert _items(later, "paule", persons["gaelle"]) == []
        overseas = _items(with_clock(app, date(2026, 9, 12)), "paule", persons["gaelle"])
        assert [kind for kind, _ in overseas] == ["overdue"]
        assert "outre-mer" in overseas[0][1]
    finally:
        app.close()
