"""The generated form: one widget per field type, values as the engine expects them."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.widgets import Input, Select

from core.engine.outcome import FieldSpec
from tests.tui.conftest import drive, screen_text
from tui.widgets.fact_form import FactForm
from tui.widgets.tick import Tick

FIELDS = (
    FieldSpec(name="quand", label="Date [b]", type="date", required=True),
    FieldSpec(name="accord", label="Accord", type="boolean", required=True),
    FieldSpec(name="option", label="Option", type="boolean", required=False),
    FieldSpec(name="motif", label="Motif", type="choice", required=True, choices=("a_b", "c")),
    FieldSpec(name="montant", label="Montant", type="number", required=False),
    FieldSpec(name="enfants", label="Enfants", type="integer", required=False),
    FieldSpec(name="precision", label="Précision", type="text", required=False,
              sensitivity="restricted", description="Ce qui aide à comprendre."),
)


class FormApp(App[None]):
    def compose(self) -> ComposeResult:
        yield FactForm(FIELDS)


@drive
async def test_widgets_values_and_problems():
    app = FormApp()
    async with app.run_test(size=(80, 40)) as pilot:
        form = app.query_one(FactForm)
        kinds = [type(app.query_one(f"#fact-{i}")).__name__ for i in range(len(FIELDS))]
        assert kinds == ["Input", "Tick", "Tick", "Select", "Input", "Input", "Input"]
        assert form.values() == {"accord": False}  # required boolean sent, empty ones left out
        app.query_one("#fact-0", Input).value = "05/01/2026"
        app.query_one("#fact-2", Tick).value = True
        app.query_one("#fact-3", Select).value = "a_b"
        app.query_one("#fact-4", Input).focus()
        await pilot.press(*"12,5x")  # the letter is refused by the input
        app.query_one("#fact-6", Input).value = " [/] "
        assert form.values() == {"quand": "05/01/2026", "accord": False, "option": True,
                                 "motif": "a_b", "montant": "12.5", "precision": "[/]"}
        labels = [str(w.content) for w in app.query("Label")]
        assert "Date [b] *" in labels and "Précision (confidentiel)" in labels
        left = form.show_problems([{"field": "quand", "problem": "date attendue"},
                                   {"field": "ailleurs", "problem": "x"}])
        assert left == [{"field": "ailleurs", "problem": "x"}]
        assert form.problem_text("quand") == "date attendue" and form.problem_text("motif") == ""
        form.clear_problems()
        assert form.problem_text("quand") == ""


LONG = FieldSpec(name="ada", type="boolean", required=True,
                 label="Perçoit l'ADA ou y est éligible (ouverte aux titulaires de la carte "
                       "L425-1 [S])")


class LongApp(App[None]):
    def compose(self) -> ComposeResult:
        yield FactForm((LONG,))


@drive
async def test_a_long_yes_no_question_wraps_with_its_required_mark():
    """On one line it ended in « … », the end of the question and its « * » cut off."""
    app = LongApp()
    async with app.run_test(size=(60, 10)):
        text = screen_text(app)
        assert "[ ] Perçoit l'ADA" in text and "L425-1 [S]) *" in text


class DescribedApp(App[None]):
    def compose(self) -> ComposeResult:
        yield FactForm((FIELDS[-1],))


@drive
async def test_a_field_s_description_is_on_screen_without_the_mouse():
    """It was a tooltip, shown only while the mouse is over the field."""
    app = DescribedApp()
    async with app.run_test(size=(80, 12)):
        assert "Ce qui aide à comprendre." in screen_text(app)
