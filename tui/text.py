"""Showing user-supplied text literally (security.md IN-4).

Every alias, name, note, label or message that did not come from :mod:`tui.messages` goes
through :func:`plain` (or :func:`fmt` for a template), which builds a
:class:`~textual.content.Content` without parsing markup, after removing control characters
(C0, C1, DEL) and bidirectional overrides, so that ``[/]`` cannot crash a render,
``[@click=app.quit]x`` cannot become an action, and an escape sequence never reaches the
terminal.
"""

from __future__ import annotations

import re
from datetime import date, datetime, tzinfo
from typing import Any

from textual.content import Content

from core.services import long_date, short_date, short_moment

_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_LINE_BREAKS = re.compile("[\n\r\t]+")


def clean(text: Any, *, one_line: bool = True) -> str:
    """``text`` as a string without control characters (and on one line, unless asked)."""
    value = "" if text is None else str(text)
    if one_line:
        value = _LINE_BREAKS.sub(" ", value)
    return _CONTROLS.sub("", value)


def plain(text: Any, *, one_line: bool = True) -> Content:
    """User text as literal content: brackets and escape sequences are never interpreted."""
    return Content(clean(text, one_line=one_line))


def fmt(template: str, *, one_line: bool = True, **values: Any) -> Content:
    """A :mod:`tui.messages` template filled with cleaned values, as literal content."""
    return Content(template.format(**{k: clean(v, one_line=one_line) for k, v in values.items()}))


def day(value: date | datetime | None) -> str:
    """A short French date (``10/03/2026``), or an empty string."""
    return short_date(value) if value is not None else ""


def stamp(value: datetime | None, zone: tzinfo | None = None) -> str:
    """A short French date and time (``10/03/2026 14:05``) on ``zone``'s clock (a
    delegation's), by default the machine's."""
    return short_moment(value.astimezone(zone)) if value else ""


def hours(value: float) -> str:
    """A number of hours the French way (``2,5``)."""
    return f"{value:g}".replace(".", ",")


def long_day(value: date) -> str:
    """A long French date (``mardi 10 mars 2026``)."""
    return long_date(value)


def show_or_hide(widget: Any, content: Content | str) -> None:
    """Put ``content`` in a ``Static`` and hide it while it is empty (no blank line left)."""
    widget.update(content)
    widget.display = bool(content.plain if isinstance(content, Content) else content)
