"""A volunteer reads the pathway's actions at the drop-in, never the person's case through
them: an action her role cannot take says so, without the checks' reasons, which name
another track's step or a consent withdrawn (docs/security.md: the front desk sees the
pathway's step and the domains of open tracks, no consent)."""

from __future__ import annotations

from core import services as svc
from tests.accounts import add_followed, who
from tests.services.conftest import walk_psp_to_authorised


def _reasons(actions, trigger):
    return [(r.code, r.message) for a in actions if a.trigger == trigger for r in a.reasons]


def test_a_volunteer_is_told_the_role_not_the_other_tracks_step(app):
    person = add_followed(app)  # followed by camille, pathway at suivi_individuel
    svc.start_track(app, who(app, "camille"), person, "psp")
    walk_psp_to_authorised(app, person)
    mine = _reasons(svc.list_actions(app, who(app, "camille"), person, "parcours"), "reinserer")
    assert any("psp (autorise)" in message for _, message in mine)  # her referent reads it
    hers = _reasons(svc.list_actions(app, who(app, "bea"), person, "parcours"), "reinserer")
    assert [code for code, _ in hers] == ["engine.role"]
    assert not any("autorise" in message for _, message in hers)


def test_a_volunteer_is_not_told_of_a_consent_withdrawn(app):
    person = add_followed(app)
    camille = who(app, "camille")
    svc.advance(app, camille, person, "parcours", "mettre_en_pause")
    consent = svc.list_consents(app, camille, person)[0]
    svc.withdraw_consent(app, camille, person, consent.id)
    mine = _reasons(svc.list_actions(app, camille, person, "parcours"), "reprendre_suivi")
    assert "parcours.consentement_retire" in [code for code, _ in mine]
    hers = _reasons(svc.list_actions(app, who(app, "bea"), person, "parcours"),
                    "reprendre_suivi")
    assert [code for code, _ in hers] == ["engine.role"]
