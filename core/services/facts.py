"""Reading the facts recorded on a person's tracks, by sensitivity class.

Ordinary facts live on the track's projection; sensitive and restricted ones in their own
table (the latest value of each). The caller must be able to read the person's file (her
referent, a supervisor of her delegation); restricted values stay locked until the password
is confirmed (referent) or a reason is given (supervisor not following her, an exceptional
access that the audit row and the review queue keep).
"""

from __future__ import annotations


from sqlalchemy import select

from core.definitions.model import TrackDefinition
from core.persistence.models import SensitiveFact, Track
from core.schemas import FactView
from core.services import access, records
from core.services.policy import DataClass, class_of
from core.services.registry import Call, service
from core.services.tracks import track_class


def fact_labels(defn: TrackDefinition) -> dict[str, str]:
    """The French label of every fact a definition's schemas declare, by name."""
    labels: dict[str, str] = {}
    schemas = [s.facts for s in defn.steps] + [t.facts for t in defn.transitions if t.facts]
    for schema in schemas:
        for name, info in schema.model_fields.items():
            labels.setdefault(name, info.title or name)
    return labels


@service("person.facts", write=False)
def person_facts(call: Call, person: str | int, track: str | None = None,
                 reason: str | None = None) -> list[FactView]:
    """Every fact of the person's tracks (or of one), restricted ones locked unless opened now."""
    row = access.person_for(call, person, DataClass.CASE)
    tracks = list(call.session.scalars(select(Track).where(Track.person_id == row.id)
                                       .order_by(Track.id)))
    if track:
        tracks = [t for t in tracks if t.definition_id == track or str(t.id) == str(track)]
    secret: dict[int, dict[str, SensitiveFact]] = {}
    for fact in call.session.scalars(select(SensitiveFact).where(
            SensitiveFact.person_id == row.id).order_by(SensitiveFact.id)):
        if fact.track_id is not None:
            secret.setdefault(fact.track_id, {})[fact.name] = fact
    opened: dict[DataClass, bool] = {}

    def shown(cls: DataClass) -> bool:
        if cls not in opened:
            opened[cls] = access.unlocked(call, row, cls, reason)
        return opened[cls]

    views: list[FactView] = []
    for t in tracks:
        defn = call.app.catalog.definitions.get((t.definition_id, t.definition_version))
        labels = fact_labels(defn) if defn else {}  # a plugin gone: named by their ids
        for name, value in sorted(t.facts.items()):
            views.append(FactView(track=t.definition_id, track_id=t.id, name=name,
                                  label=labels.get(name, name), sensitivity="ordinary",
                                  value=value if shown(track_class(t.definition_id)) else None,
                                  locked=not shown(track_class(t.definition_id))))
        for name, fact in sorted(secret.get(t.id, {}).items()):
            ok = shown(class_of(fact.sensitivity))
            views.append(FactView(track=t.definition_id, track_id=t.id, name=name,
                                  label=labels.get(name, name), sensitivity=fact.sensitivity,
                                  value=records.opened_value(call, fact) if ok else None,
                                  locked=not ok))
    call.audit.detail.update(fields=sorted({v.name for v in views if not v.locked}),
                             locked=sorted({v.name for v in views if v.locked}))
    return views
