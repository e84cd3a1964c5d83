"""The person's export as a French text to hand over: the JSON export's data, read aloud.

One section per kind of data, in the order a person would ask about them (who she is, what
she agreed to, her démarches, what was recorded, what happened, the notes written about her).
A fictitious base says so on the first line.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from core import messages as M


def _day(value: Any) -> str:
    if isinstance(value, date):  # a datetime too: its day
        return M.short_date(value)
    if isinstance(value, str) and len(value) >= 10:
        try:
            return M.short_date(date.fromisoformat(value[:10]))
        except ValueError:
            return value
    return "—" if value in (None, "") else str(value)


def _value(value: Any) -> str:
    """A recorded value as a French reader expects it: dates, yes or no, lists."""
    if isinstance(value, bool) or value is None:
        return M.EXPORT_YES_NO[value]
    if isinstance(value, date | datetime):
        return _day(value)
    if isinstance(value, str) and len(value) == 10 and value[4:5] == "-" and value[7:8] == "-":
        return _day(value)
    if isinstance(value, list | tuple):
        return ", ".join(_value(v) for v in value) or "—"
    if isinstance(value, dict):
        return ", ".join(f"{k} : {_value(v)}" for k, v in value.items()) or "—"
    return str(value)


def _indented(text: str, prefix: str) -> list[str]:
    return [prefix + line for line in str(text).splitlines()] or [prefix]


def render(data: dict[str, Any]) -> str:
    """The export as French text (UTF-8, one section after the other)."""
    person = data["person"]
    lines: list[str] = []
    if data.get("fictitious"):
        lines += [M.EXPORT_FICTITIOUS, ""]
    lines.append(M.EXPORT_TITLE.format(alias=person["alias"], id=person["id"]))
    partner = data["destination"]["kind"] == "partner"
    # A display name ending in an initial (« Geneviève L. ») must not make « L.. »
    intro = M.EXPORT_INTRO_PARTNER if partner else M.EXPORT_INTRO
    lines.append(M.sentence(intro.format(when=_day(data["generated_at"]),
                                         actor=data["generated_by"])))
    if partner:
        lines.append(M.EXPORT_FOR_PARTNER.format(partner=data["destination"]["partner"]))
    for key, render_section in SECTIONS:
        if key not in data:
            continue
        lines += ["", M.EXPORT_SECTIONS[key]]
        body = render_section(data[key])
        lines += body or [M.EXPORT_NOTHING]
    return "\n".join(lines).rstrip() + "\n"


def _person(person: dict[str, Any]) -> list[str]:
    return [f"  {M.EXPORT_FIELDS[k]} : {_value(v)}" for k, v in person.items()
            if k in M.EXPORT_FIELDS]


def _identity(identity: dict[str, Any] | None) -> list[str]:
    if not identity:
        return []
    return [f"  {M.EXPORT_FIELDS.get(k, k)} : {_value(v)}" for k, v in identity.items()]


def _consents(consents: list[dict[str, Any]]) -> list[str]:
    lines = []
    for c in consents:
        purpose = M.CONSENT_PURPOSE_LABELS.get(c["purpose"], c["purpose"])
        if c.get("partner"):
            purpose = M.CLI_CONSENT_PARTNER.format(purpose=purpose, partner=c["partner"])
        lines.append(M.EXPORT_CONSENT_LINE.format(
            id=c["id"], purpose=purpose, given=_day(c["given_on"]),
            expires=M.CLI_CONSENT_EXPIRES.format(day=_day(c["expires_on"])) if c["expires_on"] else "",
            status=M.CONSENT_STATUS_LABELS.get(c["status"], c["status"]), by=c["recorded_by"],
            withdrawn=M.EXPORT_CONSENT_WITHDRAWN.format(day=_day(c["withdrawn_at"]),
                                                        by=c["withdrawn_by"] or "—")
            if c["withdrawn_at"] else ""))
    return lines


def _tracks(tracks: list[dict[str, Any]]) -> list[str]:
    lines = []
    for t in tracks:
        lines.append(M.EXPORT_TRACK_LINE.format(
            id=t["id"], label=t["label"], step=t["step_label"],
            status=M.EXPORT_TRACK_STATUS.get(t["status"], t["status"]), opened=_day(t["opened_at"]),
            closed=M.EXPORT_TRACK_CLOSED.format(day=_day(t["closed_at"])) if t["closed_at"] else ""))
        lines += [f"    {f['label']} : {_value(f['value'])}" for f in t["facts"]]
    return lines


def _facts(facts: list[dict[str, Any]]) -> list[str]:
    return [M.EXPORT_FACT_LINE.format(
        track=f["track"] or "—", label=f["label"], value=_value(f["value"]),
        sensitivity=M.EXPORT_FACT_SENSITIVITY.format(
            level=M.SENSITIVITY_LABELS.get(f["sensitivity"], f["sensitivity"]),
            day=_day(f["recorded_at"]))) for f in facts]


def _deadlines(deadlines: list[dict[str, Any]]) -> list[str]:
    lines = []
    for d in deadlines:
        lines.append(M.EXPORT_DEADLINE_LINE.format(
            track=d["track"] or "—", label=d["label"], due=_day(d["due"]),
            status=M.EXPORT_DEADLINE_STATUS.get(d["status"], d["status"])))
        if d["explanation"]:
            lines.append(M.EXPORT_DEADLINE_WHY)
            lines += _indented(d["explanation"], "      ")
        if d["source"]:
            lines.append(M.EXPORT_DEADLINE_SOURCE.format(source=d["source"]))
    return lines


def _events(events: list[dict[str, Any]]) -> list[str]:
    lines = []
    for e in events:
        what = e["label"] + (f" ({e['track']})" if e["track"] else "")
        lines.append(M.EXPORT_EVENT_LINE.format(day=_day(e["occurred_at"]), what=what,
                                                actor=e["actor"] or "—",
                                                role=M.role_label(e["actor_role"])))
        lines += [M.EXPORT_EVENT_FACTS.format(name=d["label"], value=_value(d["value"]))
                  for d in e["details"]]
    return lines


def _notes(notes: list[dict[str, Any]]) -> list[str]:
    lines = []
    for n in notes:
        lines.append(M.EXPORT_NOTE_LINE.format(
            day=_day(n["created_at"]), author=n["author"] or "—",
            track=f" [{n['track']}]" if n["track"] else "",
            sensitivity=M.SENSITIVITY_LABELS.get(n["sensitivity"], n["sensitivity"])))
        lines += _indented(n["text"], "    ")
    return lines


def _visits(visits: list[dict[str, Any]]) -> list[str]:
    return [M.EXPORT_VISIT_LINE.format(
        day=_day(v["day"]), needs=M.EXPORT_VISIT_NEEDS.format(needs=_value(v["needs"]))
        if v["needs"] else "") for v in visits]


def _review(marks: list[dict[str, Any]]) -> list[str]:
    return [M.EXPORT_REVIEW_LINE.format(
        day=_day(m["created_at"]), action=M.EXPORT_REVIEW_ACTIONS.get(m["action"], m["action"]),
        actor=m["actor"] or "—",
        until=M.EXPORT_REVIEW_UNTIL.format(day=_day(m["until"])) if m["until"] else "",
        reason=M.EXPORT_REVIEW_REASON.format(reason=m["reason"]) if m["reason"] else "")
        for m in marks]


def _holds(holds: list[dict[str, Any]]) -> list[str]:
    return [M.EXPORT_HOLD_LINE.format(
        day=_day(h["placed_at"]), reason=h["reason"],
        lifted=M.EXPORT_HOLD_LIFTED.format(day=_day(h["lifted_at"])) if h["lifted_at"] else "")
        for h in holds]


SECTIONS = (("person", _person), ("identity", _identity), ("consents", _consents),
            ("tracks", _tracks), ("facts", _facts), ("deadlines", _deadlines),
            ("events", _events), ("notes", _notes), ("visits", _visits),
            ("review_marks", _review), ("holds", _holds))
