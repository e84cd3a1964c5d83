"""The visits of a drop-in as every desk reads them (``dropin visits N``, the drop-in screen's
« Derniers passages »): two laptops at one drop-in each listed only their own, and a restart
listed none, so a volunteer could not tell who was recorded already."""

from __future__ import annotations

from datetime import date

import pytest

from core import services as svc
from core.errors import NotFound, PermissionDenied
from tests.accounts import PASSWORD, who

DAY = date(2026, 3, 10)


def test_every_desk_reads_the_visits_newest_first_with_their_needs(any_app):
    bea, sam = who(any_app, "bea"), who(any_app, "sam")
    dropin = svc.open_dropin(any_app, bea, DAY).id
    amina = svc.add_person(any_app, bea, "Amina").id
    zoe = svc.add_person(any_app, sam, "Zoé").id
    svc.record_visit(any_app, bea, dropin, amina, needs={"psp": True})
    svc.record_anonymous(any_app, sam, dropin, 2, needs={"parcours": True})
    svc.record_visit(any_app, sam, dropin, zoe)
    seen = svc.list_visits(any_app, who(any_app, "camille"), dropin)
    assert [(v.alias, v.count, v.needs, v.recorded_by) for v in seen] == [
        ("Zoé", 1, (), "sam"), (None, 2, ("parcours",), "sam"), ("Amina", 1, ("psp",), "bea")]
    row = next(r for r in svc.list_audit(any_app, who(any_app, "sonia"))
               if r.operation == "dropin.visits")
    assert (row.target, row.detail["count"], row.person_id) == (f"dropin:{dropin}", 3, None)


def test_the_admin_and_another_delegation_read_none(any_app):
    dropin = svc.open_dropin(any_app, who(any_app, "bea"), DAY).id
    with pytest.raises(PermissionDenied):
        svc.list_visits(any_app, who(any_app, "admin"), dropin)
    admin = who(any_app, "admin")
    svc.add_delegation(any_app, admin, "nord", "Nord")
    svc.add_user(any_app, admin, "nadia", "benevole", PASSWORD, ["nord"])
    with pytest.raises(NotFound, match="Permanence"):
        svc.list_visits(any_app, who(any_app, "nadia"), dropin)
