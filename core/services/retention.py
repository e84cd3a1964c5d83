"""Applying retention: what is due under which rule, and doing it (security.md §4, RT-1).

``retention.due`` lists, as of the evaluation date, what the rules in force
(:mod:`core.services.retention_rules`) say must go: persons two years past their last
contact (R1, a supervisor's delegations only), *récits* past their delay after a final
decision (R2: wherever a track definition declares a :class:`core.LifeStory`), audit rows
past the log's window (R7), old technical incidents (R8). Each item names its rule, its
source and its due date; persons under a legal hold are listed as held. R10 (backups) is
applied by the backup command and never listed here.

``apply_due`` does what is due, item by item, each through a service (so each is one
transaction and one audit row, and a crash leaves every item done or not done): persons
through ``person.erase`` (the same erasure as a supervisor's, with the rule, which is checked
again inside the transaction), the rest through ``retention.apply``. Held persons are
skipped. Both need a recent re-authentication: they destroy data.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from pydantic import BaseModel, ConfigDict
from sqlalchemy import ColumnElement, delete, exists, func, or_, select, true
from sqlalchemy.orm import Session

from core import messages as M
from core.definitions.catalog import Catalog
from core.errors import IntegrityAlert, NotFound, ParcoursError, PermissionDenied, ReauthRequired
from core.persistence.access_models import AuditEntry
from core.persistence.models import Event, Note, Person, SensitiveFact, Track
from core.persistence.results import affected
from core.services import access, audit, erasure, holds
from core.services.policy import DataClass
from core.services.registry import Call, service
from core.services.retention_rules import RetentionRule, rules_for


class DueItem(BaseModel):
    """One thing a retention rule says must go (``key`` names it for ``retention.apply``)."""

    model_config = ConfigDict(defer_build=True, frozen=True)

    key: str
    rule: str
    label: str
    source: str
    due: date
    what: str
    person_id: int | None = None
    track_id: int | None = None
    count: int | None = None
    held: bool = False


DAY = timedelta(days=1)


def _midnight(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=UTC)


def _last_contact() -> Any:
    return func.coalesce(Person.last_contact_at, Person.created_at)


def persons_due(session: Session, rule: RetentionRule, until: date,
                scope: ColumnElement[bool] = true()) -> list[tuple[int, date, date]]:
    """(person, last contact day, due day) for the persons of ``scope`` whose R1 end falls on
    or before ``until``; SQL narrows by date (with the month ends' slack: a person is listed
    on her very due day), the exact month arithmetic is done here."""
    last = _last_contact()
    query = select(Person.id, last).where(scope, Person.erased_at.is_(None),
                                          last < _midnight(rule.last_start(until) + DAY))
    found: list[tuple[int, date, date]] = []
    dues: dict[date, date] = {}  # thousands of persons share a day: one month sum per day
    for person_id, at in session.execute(query.order_by(Person.id)):
        day = at.date()
        due = dues.get(day) or dues.setdefault(day, rule.due(day))
        if due <= until:
            found.append((person_id, day, due))
    return found


def person_due(call: Call, person: Person, rule_id: str) -> bool:
    """Whether ``rule_id`` (R1) still says ``person`` must be erased today."""
    rules = rules_for(call.app.today())
    if rule_id != "R1" or "R1" not in rules:
        return False
    at = person.last_contact_at or person.created_at
    return rules["R1"].due(at.date()) <= call.app.today()


@dataclass(frozen=True)
class _Stories:
    """Where one definition (all its versions) records a life story, for R2."""

    triggers: frozenset[str]
    decisions: frozenset[str]


def life_stories(catalog: Catalog) -> dict[str, _Stories]:
    """The life-story declarations of the catalog, merged by definition id: a track keeps
    its version, and any version's declaration covers it."""
    merged: dict[str, _Stories] = {}
    for (definition, _), story in catalog.life_stories().items():
        known = merged.get(definition, _Stories(frozenset(), frozenset()))
        merged[definition] = _Stories(known.triggers | {story.trigger},
                                      known.decisions | set(story.decisions))
    return merged


def _recit_events(track_id: Any, stories: _Stories) -> Any:
    return select(Event.id).where(Event.track_id == track_id,
                                  Event.trigger.in_(sorted(stories.triggers)))


def _recits_due(session: Session, catalog: Catalog, rule: RetentionRule, today: date,
                scope: ColumnElement[bool]) -> list[tuple[int, int, date]]:
    """(track, person, decision day) of tracks whose life-story data is past its delay."""
    found = []
    for definition, stories in life_stories(catalog).items():
        # Correlated, from each candidate track down its events to their facts and notes (all
        # by indexed columns): ``IN (SELECT event_id FROM sensitive_facts)`` read the whole
        # table, every sealed fact of the country, even with nothing due.
        recorded = exists().where(
            Event.track_id == Track.id, Event.trigger.in_(sorted(stories.triggers)),
            or_(exists().where(SensitiveFact.event_id == Event.id),
                exists().where(Note.event_id == Event.id)))
        query = (select(Track.id, Track.person_id, Track.closed_at)
                 .join(Person, Person.id == Track.person_id)
                 .where(scope, Person.erased_at.is_(None), Track.definition_id == definition,
                        Track.status == "closed", Track.step.in_(sorted(stories.decisions)),
                        Track.closed_at < _midnight(rule.last_start(today) + DAY),
                        recorded))
        for track_id, person_id, closed in session.execute(query):
            assert closed is not None  # the query keeps closed tracks only
            if rule.due(closed.date()) <= today:
                found.append((track_id, person_id, closed.date()))
    return sorted(found)


def _supervises(call: Call) -> bool:
    return call.principal.role.value == "superviseur"


def _person_scope(call: Call) -> ColumnElement[bool]:
    return access.visible(call, write=True)


def _items(call: Call) -> list[DueItem]:
    today, session = call.app.today(), call.session
    rules = rules_for(today)
    items: list[DueItem] = []
    if _supervises(call):
        r1, r2 = rules["R1"], rules["R2"]
        persons = persons_due(session, r1, today, _person_scope(call))
        recits = _recits_due(session, call.app.catalog, r2, today, _person_scope(call))
        # Held is known before the items are built: copying 90,000 of them to mark the few
        # held ones cost a second of a national listing.
        kept = holds.held(session, [p for p, _, _ in persons] + [p for _, p, _ in recits])
        for person_id, last, due in persons:
            items.append(DueItem(key=f"R1:person:{person_id}", rule="R1", label=r1.label,
                                 source=r1.source, due=due, person_id=person_id,
                                 held=person_id in kept,
                                 what=M.RETENTION_DUE_PERSON.format(day=M.short_date(last))))
        for track_id, person_id, decided in recits:
            items.append(DueItem(key=f"R2:track:{track_id}", rule="R2", label=r2.label,
                                 source=r2.source, due=r2.due(decided), person_id=person_id,
                                 track_id=track_id, held=person_id in kept,
                                 what=M.RETENTION_DUE_RECIT.format(
                                     track=track_id, day=M.short_date(decided))))
    rule = rules["R7"]
    cutoff = rule.first_kept(today)
    count, _ = audit.prunable(session, _midnight(cutoff))
    if count:
        oldest = session.scalar(select(func.min(AuditEntry.at)))
        assert oldest is not None  # some rows are prunable, so the journal is not empty
        items.append(DueItem(key="R7:audit", rule="R7", label=rule.label, source=rule.source,
                             due=rule.due(oldest.date()), count=count,
                             what=M.RETENTION_DUE_AUDIT.format(count=count,
                                                               day=M.short_date(cutoff))))
    rule = rules["R8"]
    log = getattr(call.app.host, "incident_log", None)
    cutoff = rule.cutoff(today)
    count = log.older_than(_midnight(cutoff)) if log is not None else 0
    if count:
        items.append(DueItem(key="R8:incidents", rule="R8", label=rule.label, source=rule.source,
                             due=today, count=count,
                             what=M.RETENTION_DUE_INCIDENTS.format(
                                 count=count, day=M.short_date(cutoff))))
    return sorted(items, key=lambda i: (int(i.rule[1:]), i.due, i.key))


@service("retention.due", write=False)
def due_items(call: Call) -> list[DueItem]:
    """What the retention rules in force say must go today, in the caller's scope."""
    items = _items(call)
    call.audit.detail = {"count": len(items), "held": sum(i.held for i in items)}
    return items


@service("retention.apply")
def apply_item(call: Call, key: str) -> DueItem:
    """Do one due item that is not a person's erasure (R2, R7, R8); returns it with the count
    of what was removed.

    Raises:
        ReauthRequired: the password was not typed again in the last minutes.
        NotFound: no such item due (any more) in the caller's scope.
        PermissionDenied: her legal hold (R2).
        IntegrityAlert: the audit chain is broken (R7: nothing is pruned).
    """
    access.require_reauth(call, M.ERASE_REAUTH)
    item = next((i for i in _items(call) if i.key == key and i.rule != "R1"), None)
    if item is None:
        raise NotFound(M.RETENTION_ITEM_UNKNOWN.format(key=key[:80]))
    call.audit.target = f"retention:{item.rule}"
    call.audit.detail["rule"] = item.rule
    if item.rule == "R2":
        removed = _erase_recit(call, item)
    elif item.rule == "R7":
        removed = _prune_audit(call)
    else:
        rule = rules_for(call.app.today())["R8"]
        log = call.app.host.incident_log
        assert log is not None  # _items lists R8 only when there is an incident log
        removed = log.purge(_midnight(rule.cutoff(call.app.today())))
    call.audit.detail["removed"] = removed
    return item.model_copy(update={"count": removed})


def _erase_recit(call: Call, item: DueItem) -> int:
    assert item.person_id is not None  # an R2 item is one person's track
    person = access.person_for(call, item.person_id, DataClass.RESTRICTED, write=True)
    if item.held or holds.active(call.session, person.id) is not None:
        raise PermissionDenied(M.ERASE_HELD.format(id=person.id))
    track = call.session.get(Track, item.track_id)
    assert track is not None  # _items has just listed it, from the catalog's declarations
    events = _recit_events(item.track_id, life_stories(call.app.catalog)[track.definition_id])
    facts = call.session.execute(delete(SensitiveFact).where(SensitiveFact.event_id.in_(events))
                                 .execution_options(synchronize_session=False))
    notes = call.session.execute(delete(Note).where(Note.event_id.in_(events))
                                 .execution_options(synchronize_session=False))
    call.after_commit.append(lambda: erasure.settle(call.app))
    return affected(facts) + affected(notes)


def _prune_audit(call: Call) -> int:
    audit.one_pruning_at_a_time(call.session)
    _, finding = audit.verify(call.session)
    if finding is not None:
        raise IntegrityAlert(M.RETENTION_AUDIT_BROKEN.format(seq=finding.seq))
    rule = rules_for(call.app.today())["R7"]
    done = audit.prune(call.session, _midnight(rule.first_kept(call.app.today())),
                       call.app.now(), call.actor.id)
    call.audit.detail["checkpoint"] = done.last_seq
    return done.rows


# --- doing everything that is due -----------------------------------------------------------

@dataclass
class Summary:
    """What ``apply_due`` did."""

    done: int = 0
    held: int = 0
    failed: int = 0
    scrubbed: bool = True
    stopped: ReauthRequired | None = None
    """The re-authentication that ran out part way (what was done before it stays done)."""


def apply_due(app: Any, credential: Any,
              progress: Callable[[DueItem, str, bool], None] | None = None, *,
              limit: int | None = None) -> Summary:
    """Apply the due items the caller may see, one service call each: the first ``limit``
    of them as listed (all when None), so that what ``retention --limit N`` showed is what
    ``--apply --limit N`` does and nothing more. ``progress`` gets each item, a French line
    and whether it was done.

    Raises:
        ReauthRequired: before any item was done. Once some were, a re-authentication that
            runs out stops the run and is kept in :attr:`Summary.stopped`: the caller still
            reports what was done (erasures cannot be undone, and must be told).
    """
    summary = Summary()
    items = due_items(app, credential)
    with erasure.batch(app) as run:
        _apply_items(app, credential, items[:limit] if limit else items,
                     progress or (lambda *_: None), summary)
    summary.scrubbed = run.scrubbed
    return summary


def _apply_items(app: Any, credential: Any, items: list[DueItem],
                 report: Callable[[DueItem, str, bool], None], summary: Summary) -> None:
    for item in items:
        target = f"n° {item.person_id}" if item.person_id else item.what
        if item.held:
            summary.held += 1
            report(item, M.RETENTION_SKIPPED.format(rule=item.rule, target=target,
                                                    why=M.RETENTION_HELD), False)
            continue
        try:
            if item.rule == "R1":
                assert item.person_id is not None  # an R1 item is one person
                view = erasure.erase_person(app, credential, item.person_id,
                                            M.RETENTION_REASON.format(rule=item.rule),
                                            rule=item.rule)
                what = M.RETENTION_DONE_ERASED if not view.notify else \
                    M.RETENTION_DONE_ERASED_NOTIFY.format(
                        partners=", ".join(f"« {p} »" for p in view.notify))
            else:
                done = apply_item(app, credential, item.key)
                what = _done_text(done)
        except ReauthRequired as exc:
            if not summary.done:
                raise
            summary.stopped = exc
            break
        except ParcoursError as exc:
            summary.failed += 1
            report(item, M.RETENTION_SKIPPED.format(rule=item.rule, target=target, why=exc.msg),
                   False)
            continue
        summary.done += 1
        report(item, M.RETENTION_APPLIED.format(rule=item.rule, target=target, what=what), True)


def _done_text(item: DueItem) -> str:
    template = {"R2": M.RETENTION_DONE_RECIT, "R7": M.RETENTION_DONE_AUDIT,
                "R8": M.RETENTION_DONE_INCIDENTS}[item.rule]
    return template.format(count=item.count or 0)
