"""The text gate (core.text) and the door's check of every argument (core.services.arguments).

What each kind of text keeps and refuses, with the names of security.md §3 that must pass:
scripts, mononyms, apostrophes and hyphens, combining marks (stored NFC), Turkish dotted I.
"""

from __future__ import annotations

import os
from decimal import Decimal

import pytest

from core.errors import InputError
from core.services.arguments import MAX_DEPTH, check_value
from core.text import MAX_INPUT, MAX_NAME, clean_block, clean_line, clean_name, screen

NAMES = ["Amina", "N'Diaye", "O'Brien", "Ben-Ali", "Zoé", "İlknur", "Weiß", "Ляйсан",
         "ፍረወይኒ", "أمينة", "王芳", "রহিমা", "Maria de los Ángeles García López", "X", "🌻",
         "نسرین\u200cدخت", "ক্\u200dষ", "👩\u200d👧"]
"""With the joiners the scripts need: a Persian name's ZWNJ, a Bengali conjunct's ZWJ, an
emoji sequence."""


@pytest.mark.parametrize("name", NAMES)
def test_real_names_pass_unchanged(name):
    assert clean_name(name) == name


@pytest.mark.parametrize("pasted,stored", [
    ("Zo\u200bé", "Zoé"), ("\ufeffAmina", "Amina"), ("Ma\u00adrie", "Marie"),
    ("Ama\u200dra", "Amara"), ("Zo\u200c\u200dé", "Zoé"), ("Zoé\u2060", "Zoé"),
    ("Amina\u200d\u200d", "Amina"), ("\u200d\u200c\u200dZoé", "Zoé")])
def test_a_name_drops_the_invisible_characters_that_change_nothing_in_it(pasted, stored):
    """A pasted « Zo\u200bé » looked like « Zoé » and was another alias: no search for
    « zoé » found her, nor did the homonym warning. Joiners in a row beside a Latin letter
    all go at once: « Amina\u200d\u200d » kept one, which cleaning the name again dropped."""
    assert clean_name(pasted) == stored
    assert clean_name(stored) == stored


def test_a_name_is_stored_nfc_trimmed_and_single_spaced():
    assert clean_name("  Zoe\u0301   Martin ") == "Zoé Martin"
    assert clean_line("  Zoe\u0301 ") == "Zoé"
    assert clean_block(" ligne 1\r\n\tligne 2 ") == "ligne 1\n\tligne 2"


@pytest.mark.parametrize("text", ["", "   ", "\u200b\u200d", "\ufeff", "\u0301\u0301",
                                  "Ami\u200fna", "\u202eanimA", "Ami\nna", "Ami\tna", "Ami\x00na",
                                  "\x1b]52;c;Y2FuYXJp\x07", "Ami\ud800na", "x" * (MAX_NAME + 1)])
def test_a_name_refuses_what_no_one_types_as_a_name(text):
    with pytest.raises(InputError):
        clean_name(text, field="le pseudonyme")


@pytest.mark.parametrize("text", ["a\nb", "a\tb", "a\rb", "\n2026-01-01T00:00:00Z admin login success"])
def test_a_line_is_one_line(text):
    with pytest.raises(InputError, match="une seule ligne"):
        clean_line(text, field="le motif")


@pytest.mark.parametrize("text", ["a\rb", "a\x0bb", "a\x0cb", "a\x1b[2Jb", "a\x85b", "a\u202eb",
                                  "a\u2066b", "a\x00b", "a\udfffb"])
def test_a_block_keeps_newlines_and_tabs_only(text):
    with pytest.raises(InputError, match="caractère non autorisé"):
        clean_block(text, field="la note")


def test_a_block_keeps_what_writing_needs():
    text = "Arabe : أمينة\u200f, emoji : 👩\u200d👧, persan : می\u200cخواهم"
    assert clean_block(text) == text


def test_the_refusal_names_the_field_and_what_was_found():
    with pytest.raises(InputError) as caught:
        clean_block("rendez-vous \x1b]52;c;eA==\x07", field="la note")
    assert caught.value.msg == ("La note contient un caractère non autorisé (caractère de "
                                "contrôle ou séquence d'échappement, position 13).")


def test_a_megabyte_is_refused_before_it_is_normalised():
    with pytest.raises(InputError):
        screen("e\u0301" * MAX_INPUT)
    with pytest.raises(InputError, match="trop long"):
        clean_block("a" * 1_000_000)


# --- the door: every argument -------------------------------------------------------------

def nested(depth: int) -> dict:
    value: dict = {}
    for _ in range(depth):
        value = {"x": value}
    return value


DEEP_LIST: list = []
for _ in range(MAX_DEPTH + 2):
    DEEP_LIST = [DEEP_LIST]


@pytest.mark.parametrize("value", [nested(MAX_DEPTH + 1), nested(10_000), DEEP_LIST,
                                   2 ** 63, -(2 ** 63) - 1, 10 ** 30, float("nan"), float("inf"),
                                   Decimal("NaN"), Decimal("-Infinity"), {"a\x00": 1},
                                   {"motif": ["ok", "\x1b[2J"]}, ("ok", "\ud800")])
def test_the_door_refuses_what_no_service_may_take(value):
    with pytest.raises(InputError, match="Saisie refusée|caractère non autorisé"):
        check_value("facts", value)


def test_the_door_names_the_field_of_a_fact():
    with pytest.raises(InputError, match="^Le champ « motif_pause » contient"):
        check_value("facts", {"motif_pause": "\x1b]52;c;eA==\x07"})


@pytest.mark.parametrize("value", [nested(MAX_DEPTH - 1), 2 ** 63 - 1, -(2 ** 63), 1.5,
                                   Decimal("4.5"), "ligne\nautre\ttab\r\n", None, True])
def test_the_door_lets_ordinary_values_through(value):
    check_value("facts", value)


def test_a_path_is_checked_as_text():
    class Where(os.PathLike):
        def __fspath__(self) -> str:
            return "/tmp/rapport\x00.csv"
    with pytest.raises(InputError, match="chemin"):
        check_value("path", Where())


def test_a_password_may_hold_anything_typable_but_nul_and_surrogates():
    check_value("password", "mot de passe\x1b[2J\u202e")  # judged by the password itself
    for bad in ("a\x00b", "a\ud800b", "a" * (MAX_INPUT + 1)):
        with pytest.raises(InputError):
            check_value("password", bad)


def test_printable_ascii_which_skips_the_search_holds_nothing_a_pattern_refuses():
    """A line or block of printable ASCII is kept without the search nor the normalising:
    true only while no character the patterns refuse is printable ASCII, and ASCII is NFC."""
    import unicodedata

    from core.text import _FORBIDDEN_IN_BLOCK, _FORBIDDEN_IN_LINE

    for code in range(128):
        char = chr(code)
        if char.isprintable():
            assert not _FORBIDDEN_IN_LINE.search(char), repr(char)
            assert not _FORBIDDEN_IN_BLOCK.search(char), repr(char)
            assert unicodedata.normalize("NFC", char) == char
    assert clean_line("  Awa Diallo  ") == "Awa Diallo"
    for refused in ("a\tb", "a\nb", "a\x7fb", "a\x1bb"):
        with pytest.raises(InputError):
            clean_line(refused)
