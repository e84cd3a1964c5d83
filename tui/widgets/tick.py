"""Tick: a checkbox whose state reads without colour (``[X]`` ticked, ``[ ]`` not).

Textual's checkbox shows the same ``X`` in both states and tells them apart by colour only,
which an old or monochrome terminal, or a colour-blind volunteer, may not see. A label longer
than the line wraps (Textual's ends in « … » on one line): « Parcours de sortie de la
prostitution » among the drop-in's needs, a form's long question and its « * ».
"""

from __future__ import annotations

from textual.content import Content
from textual.geometry import Size
from textual.widget import Widget
from textual.widgets import Checkbox


class Tick(Checkbox):
    """A checkbox drawn as ``[X] label`` / ``[ ] label``."""

    FOCUS_ON_CLICK = False
    """A click ticks without moving the focus (the drop-in keeps typing in its search box)."""

    DEFAULT_CSS = """
    Tick {
        border: none; padding: 0; height: auto; background: transparent; text-wrap: wrap;
    }
    /* Checkbox draws a tall border on focus: on one line it leaves no room for the label. */
    Tick:focus { border: none; background: $block-cursor-background 30%; }
    Tick > .toggle--button { background: transparent; color: $text; }
    Tick.-on > .toggle--button { background: transparent; color: $text-success; text-style: bold; }
    """

    @property
    def _button(self) -> Content:
        style = self.get_visual_style("toggle--button")
        return Content.assemble(("[", style), ("X" if self.value else " ", style), ("]", style))

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        # A widget's own measure, with the wrapping: Textual's toggle buttons say one line.
        return Widget.get_content_height(self, container, viewport, width)
