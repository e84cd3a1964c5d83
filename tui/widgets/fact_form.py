"""FactForm: the inputs of a transition, generated from its fields (``FieldSpec``).

Dates are text inputs accepting ``JJ/MM/AAAA`` or ``AAAA-MM-JJ`` (the engine parses them),
booleans are checkboxes, choices are selects, numbers are numeric inputs, anything else is
text. Values go to the engine as typed; its French problems (``InvalidFacts.problems``) come
back under each field with :meth:`FactForm.show_problems`. Labels come from plugin
definitions, so they are shown literally; a field's description is a line under it (a
tooltip shows only under the mouse).

The fact named ``referent`` is the one the services turn into the person's referent
(``core.services.tracks``, which refuses anyone but an active user who may follow her): it is
a picker among the candidates given to :meth:`FactForm.offer_referents`, never free text.
"""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widget import Widget
from textual.widgets import Input, Label, Select, Static

from core.schemas import FieldSpec, UserView
from core.services import role_label
from tui import messages as M
from tui.text import fmt, plain, show_or_hide
from tui.widgets.tick import Tick

REFERENT = "referent"
"""The fact the services read as the person's referent (``core.services.tracks``)."""
REFERENT_ROLES = ("referent", "superviseur")
"""Roles that may follow persons (the review queue's referent filter offers them)."""


class FactForm(Vertical):
    """One labelled input per field, with a line for its problem."""

    DEFAULT_CSS = """
    FactForm { height: auto; }
    FactForm Label { margin-top: 1; }
    FactForm Tick { margin-top: 1; width: 1fr; }
    FactForm .fact-problem { color: $error; height: auto; }
    FactForm .fact-empty { color: $text-muted; margin-top: 1; }
    FactForm .fact-help { color: $text-muted; height: auto; }
    """

    def __init__(self, fields: tuple[FieldSpec, ...], *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.fields = fields
        self._index = {f.name: i for i, f in enumerate(fields)}

    def compose(self) -> ComposeResult:
        if not self.fields:
            yield Static(M.FORM_NO_FIELDS, classes="fact-empty")
        for i, spec in enumerate(self.fields):
            label = fmt("{label}{mark}{secret}", label=spec.label,
                        mark=M.FORM_REQUIRED if spec.required else "",
                        secret=M.FORM_CONFIDENTIAL if spec.sensitivity != "ordinary" else "")
            if spec.type != "boolean":
                yield Label(label)
            yield self._input(i, spec, label)
            if spec.description:
                yield Static(plain(spec.description, one_line=False), classes="fact-help")
            problem = Static("", id=f"problem-{i}", classes="fact-problem")
            problem.display = False
            yield problem

    @staticmethod
    def _input(i: int, spec: FieldSpec, label: Any) -> Widget:
        name = f"fact-{i}"
        if spec.name == REFERENT:
            return Select([], prompt=M.FORM_CHOOSE_REFERENT, id=name, classes="referent")
        if spec.type == "boolean":
            return Tick(label, id=name)
        if spec.type == "choice":
            options = [(plain(c.replace("_", " ")), c) for c in spec.choices or ()]
            return Select(options, prompt=M.FORM_CHOOSE, id=name)
        if spec.type == "date":
            return Input(placeholder=M.FORM_DATE_HINT, id=name)
        if spec.type == "integer":
            return Input(type="integer", id=name)
        if spec.type == "number":  # a French decimal comma is accepted, sent as a point
            return Input(restrict=r"-?[0-9]*[.,]?[0-9]*", id=name, classes="decimal")
        return Input(id=name)

    def offer_referents(self, users: list[UserView]) -> None:
        """The candidates of the referent picker (name and role in French)."""
        for picker in self.query("Select.referent").results(Select):
            picker.set_options([(fmt(M.SIGNIN_ENTRY, name=u.name, role=role_label(u.role, M.ROLE_OTHER)),
                                 u.name) for u in users])

    def first_input(self) -> Widget | None:
        return next((w for w in self.query("*") if w.focusable), None)

    def widget_of(self, name: str) -> Widget | None:
        """The input of field ``name`` (None when this form has no such field)."""
        i = self._index.get(name)
        return None if i is None else self.query_one(f"#fact-{i}")

    def values(self) -> dict[str, Any]:
        """What was entered: empty inputs and blank selects are left out (not sent as "")."""
        values: dict[str, Any] = {}
        for i, spec in enumerate(self.fields):
            widget = self.query_one(f"#fact-{i}")
            if isinstance(widget, Tick):
                if widget.value or spec.required:
                    values[spec.name] = widget.value
            elif isinstance(widget, Select):
                if widget.value is not Select.NULL:
                    values[spec.name] = widget.value
            elif isinstance(widget, Input) and widget.value.strip():
                value = widget.value.strip()
                values[spec.name] = value.replace(",", ".") if widget.has_class("decimal") else value
        return values

    def show_problems(self, problems: list[dict[str, str]]) -> list[dict[str, str]]:
        """Put each problem under its field; return those about no field of this form."""
        self.clear_problems()
        elsewhere = []
        for problem in problems:
            i = self._index.get(problem.get("field", ""))
            if i is None:
                elsewhere.append(problem)
            else:
                show_or_hide(self.query_one(f"#problem-{i}", Static), plain(problem.get("problem", "")))
        return elsewhere

    def clear_problems(self) -> None:
        for widget in self.query(".fact-problem").results(Static):
            show_or_hide(widget, "")

    def problem_text(self, name: str) -> str:
        """The problem shown under field ``name`` (tests read it)."""
        return str(self.query_one(f"#problem-{self._index[name]}", Static).content)
