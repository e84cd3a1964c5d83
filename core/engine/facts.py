"""Facts: describing a step schema as fields, and validating submitted values.

Values come as Python objects (TUI) or strings (``--set NAME=VALUE``); dates are accepted as
``AAAA-MM-JJ`` or ``JJ/MM/AAAA`` and impossible dates such as 31/04 are refused. Every text
goes through the text gate (:func:`core.text.clean_line`: one line, NFC, no control
character, at most the field's ``max_length`` or :data:`core.text.MAX_LINE`) before the
schema sees it. Every problem is reported at once, in French, per field.
"""

from __future__ import annotations

import enum
import math
import re
import types
import typing
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Literal

from pydantic import BaseModel, ValidationError
from pydantic.fields import FieldInfo

from core import messages as M
from core.errors import InputError, InvalidFacts
# Parsing a typed date lives apart (no Pydantic for a command line option); published here too.
from core.dates import FIRST_YEAR as FIRST_YEAR
from core.dates import LAST_YEAR as LAST_YEAR
from core.dates import ImplausibleDate as ImplausibleDate
from core.dates import parse_date as parse_date
from core.dates import plausible as plausible
from core.text import MAX_LINE, clean_line, screen

_TYPE_NAMES = {date: "date", datetime: "datetime", str: "text", int: "integer",
               float: "number", bool: "boolean"}


def _unwrap(annotation: Any) -> tuple[Any, bool]:
    """Strip ``Optional``: the inner type and whether None is allowed."""
    args = typing.get_args(annotation)
    if typing.get_origin(annotation) in (typing.Union, types.UnionType) and type(None) in args:
        inner = [a for a in args if a is not type(None)]
        return (inner[0] if len(inner) == 1 else annotation), True
    return annotation, False


def _choices(annotation: Any) -> tuple[str, ...] | None:
    if typing.get_origin(annotation) is Literal:
        return tuple(str(a) for a in typing.get_args(annotation))
    if isinstance(annotation, type) and issubclass(annotation, enum.Enum):
        return tuple(str(m.value) for m in annotation)
    return None


def describe_field(name: str, info: FieldInfo) -> dict[str, Any]:
    """Describe one schema field as the keys of :class:`FieldSpec`."""
    inner, _ = _unwrap(info.annotation)
    choices = _choices(inner)
    kind = "choice" if choices else _TYPE_NAMES.get(inner, "text")
    extra = info.json_schema_extra if isinstance(info.json_schema_extra, dict) else {}
    return {"name": name, "label": info.title or name, "type": kind,
            "required": info.is_required(), "choices": choices,
            "sensitivity": str(extra.get("sensitivity", "ordinary")),
            "description": info.description or ""}


def sensitivity_of(schema: type[BaseModel], name: str) -> str:
    """Sensitivity class declared for a field (``ordinary`` when unsaid)."""
    info = schema.model_fields.get(name)
    extra = info.json_schema_extra if info and isinstance(info.json_schema_extra, dict) else {}
    return str(extra.get("sensitivity", "ordinary"))


def _max_length(info: FieldInfo) -> int:
    """The field's own ``max_length``, else the gate's limit for one line."""
    found = [m.max_length for m in info.metadata if getattr(m, "max_length", None) is not None]
    return min(found) if found else MAX_LINE


class BadText(InputError):
    """A fact's text the gate refuses; ``msg`` is the problem, worded for a field's list."""


class BadNumber(InputError):
    """A number not in ASCII digits, or infinite or undefined (JSON cannot hold those)."""


_WHOLE = re.compile(r"-?[0-9]{1,18}")
_DECIMAL = re.compile(r"-?[0-9]{1,15}(?:[.,][0-9]{1,9})?")


def _number(text: str, kind: type) -> int | float:
    """A number typed in ASCII digits, a decimal point or comma for an amount; nothing else
    (``float`` would take « nan », « inf » or « 1e309 », ``int`` « １２ » or thirty digits).
    """
    if not (_WHOLE if kind is int else _DECIMAL).fullmatch(text):
        raise BadNumber(M.FACT_BAD_NUMBER)
    return int(text) if kind is int else float(text.replace(",", "."))


@dataclass(frozen=True)
class _Field:
    """What reading one field of a schema needs, worked out once per schema (schemas are
    immutable classes): its info, its type without ``Optional``, its length limit, its
    choices (a third of reading a one-text form when asked on each submission)."""

    info: FieldInfo
    inner: Any
    nullable: bool
    limit: int
    choices: tuple[str, ...] | None


_FIELDS: dict[type[BaseModel], dict[str, _Field]] = {}


def _fields_of(schema: type[BaseModel]) -> dict[str, _Field]:
    found = _FIELDS.get(schema)
    if found is None:  # a race computes the same plan twice: harmless
        found = _FIELDS[schema] = {
            name: _Field(info, inner, nullable, _max_length(info), _choices(inner))
            for name, info in schema.model_fields.items()
            for inner, nullable in (_unwrap(info.annotation),)}
    return found


def _text(value: str, field: _Field) -> str:
    try:
        return clean_line(value, limit=field.limit)
    except InputError as exc:
        raise BadText(exc.msg[:1].lower() + exc.msg[1:].rstrip(".")) from None


def _coerce(value: Any, field: _Field) -> Any:
    """Turn a command-line string into what the field expects; leave other values alone.

    Dates and numbers are read strictly (ASCII digits, nothing around them); every other text
    passes the gate first (one line, NFC, trimmed, bounded).
    """
    inner = field.inner
    if not isinstance(value, str):  # first: what a form and a ``--set`` submit most
        if isinstance(value, date) and inner is date:
            return plausible(value)
        if isinstance(value, float) and not math.isfinite(value):
            raise BadNumber(M.FACT_BAD_NUMBER)
        return value
    if field.nullable and value.strip() == "":
        return None
    if inner is date:
        return parse_date(value)
    if inner in (int, float):
        return _number(value, inner)
    value = _text(value, field)
    if inner is bool:
        return {"oui": True, "o": True, "non": False, "n": False}.get(value.strip().lower(), value)
    choices = field.choices
    if choices:  # « Témoignage » for ``temoignage``: accents, case and spaces as typed
        typed = _choice_key(value)
        return next((c for c in choices if _choice_key(c) == typed), value)
    return value


def _choice_key(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text.strip().casefold())
                   if not unicodedata.combining(c)).replace(" ", "_").replace("-", "_")


EMPTY_VALID: set[type[BaseModel]] = set()
"""Schemas whose empty submission was validated once into no fact: most transitions ask for
nothing, and schemas are immutable classes, so the answer is kept (the engine's hot path)."""


def validate_facts(schema: type[BaseModel], values: dict[str, Any]) -> dict[str, Any]:
    """Validate ``values`` against ``schema`` and return them as JSON-ready data.

    Every problem is reported at once: unknown fields, unreadable dates, then what the schema
    says about the rest (missing required facts included).

    Raises:
        InvalidFacts: with one French problem per field, named by its label.
    """
    if not values and schema in EMPTY_VALID:
        return {}
    problems: list[dict[str, str]] = []
    coerced: dict[str, Any] = {}
    fields = _FIELDS.get(schema) or _fields_of(schema)
    for name, value in values.items():
        found = fields.get(name) if isinstance(name, str) else None
        if found is None:
            shown = _shown(name)
            problems.append({"field": shown, "label": shown, "problem": M.FACT_UNKNOWN})
            continue
        try:
            coerced[name] = _coerce(value, found)
        except InputError as exc:
            problems.append({"field": name, "label": found.info.title or name,
                             "problem": _input_problem(exc)})
    try:
        # model_validate and model_dump, through the schema's own validator and serializer:
        # the same work without their Python wrappers (half the cost of a one-fact form).
        valid = schema.__pydantic_validator__.validate_python(coerced)
    except ValidationError as exc:
        reported = {p["field"] for p in problems}
        problems += [p for p in (_problem(schema, err) for err in exc.errors())
                     if p["field"] not in reported]
    else:
        if not problems:
            dumped: dict[str, Any] = schema.__pydantic_serializer__.to_python(
                valid, mode="json", exclude_none=True)
            if not values and not dumped:
                EMPTY_VALID.add(schema)
            return dumped
    text = " ; ".join((M.FACT_PROBLEM_LABELLED if p["label"] != p["field"] else M.FACT_PROBLEM)
                      .format(label=p["label"], field=p["field"], problem=p["problem"])
                      for p in problems)
    raise InvalidFacts(M.FACTS_INVALID.format(problems=text), problems)


def _input_problem(exc: InputError) -> str:
    if isinstance(exc, BadText | BadNumber):
        return exc.msg
    if isinstance(exc, ImplausibleDate):
        return M.FACT_IMPLAUSIBLE_DATE.format(first=FIRST_YEAR, last=LAST_YEAR)
    return M.FACT_BAD_DATE


def _shown(name: Any) -> str:
    """An unknown field's name as a message may show it: short, and only if the gate takes it."""
    text = name if isinstance(name, str) else repr(name)
    try:
        screen(text, limit=10_000)
    except InputError:
        return M.INPUT_FIELD_NAME
    text = " ".join(text.split())
    return text if len(text) <= 60 else text[:59] + "…"


def _problem(schema: type[BaseModel], err: Any) -> dict[str, str]:
    name = str(err["loc"][0]) if err.get("loc") else M.FACT_WHOLE
    kind = err.get("type", "")
    info = schema.model_fields.get(name)
    choices = _choices(_unwrap(info.annotation)[0]) if info else None
    if kind == "missing":
        text = M.FACT_MISSING
    elif kind == "extra_forbidden":
        text = M.FACT_UNKNOWN
    elif choices:
        text = M.FACT_BAD_CHOICE.format(choices=", ".join(choices))
    elif kind.startswith("date"):
        text = M.FACT_BAD_DATE
    elif kind.startswith(("int", "float", "decimal")):
        text = M.FACT_BAD_NUMBER
    elif kind.startswith("bool"):
        text = M.FACT_BAD_BOOL
    elif kind == "value_error":  # a schema's own rule, worded in French by its validator
        text = str(err.get("msg", "")).removeprefix("Value error, ") or M.FACT_BAD_VALUE
    else:
        text = M.FACT_BAD_VALUE
    label = info.title if info and info.title else name
    return {"field": name, "label": label, "problem": text}
