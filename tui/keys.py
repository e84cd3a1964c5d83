"""How keys are named on screen: ``Ctrl+S``, ``Échap``, ``F2``, never Textual's ``^s``/``esc``.

:func:`key_name` turns a binding's key (``ctrl+s``, ``escape``, ``f10``; the first of a
comma-separated list) into the French name the footers and the help use;
:meth:`tui.app.ParcoursApp.get_key_display` calls it for every binding without an explicit
``key_display``. :func:`back_to_search` is where a letter typed on a result list goes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from tui import messages as M

if TYPE_CHECKING:
    from textual.widgets import Input


def key_name(keys: str) -> str:
    """The French name of the first key of ``keys`` (``"ctrl+s,f2"`` → ``"Ctrl+S"``)."""
    *modifiers, key = keys.split(",")[0].strip().split("+")
    # A bare letter is typed as shown (lower case); with a modifier it reads like a keycap.
    shown = key.upper() if modifiers and len(key) == 1 else _part(key)
    return "+".join([*(_part(m) for m in modifiers), shown])


def _part(part: str) -> str:
    if part in M.KEY_NAMES:
        return M.KEY_NAMES[part]
    if part.startswith("f") and part[1:].isdigit():
        return part.upper()
    return part


def back_to_search(search: Input, typed: str = "") -> None:
    """Focus ``search`` again, the cursor at its end, and add what was ``typed`` on the list
    below it: the search goes on instead of the letter being lost."""
    search.focus()
    search.cursor_position = len(search.value)
    if typed:
        search.insert_text_at_cursor(typed)
