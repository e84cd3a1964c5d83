"""Hypothesis strategies for hostile input (issue 15, point 8): texts that mix ordinary
writing with what security.md §3 lists (NUL, escapes, surrogates, overrides, invisible
characters, combining marks, other scripts' digits), dates as people and programs mistype
them, identifiers, and values of any JSON-like shape."""

from __future__ import annotations

from datetime import date

import hypothesis.strategies as st

SPECIAL = ["\x00", "\x1b", "\x1b]52;c;eA==\x07", "\x1b[2J", "\x07", "\b", "\r", "\n", "\t",
           "\r\n", "\x85", "\x9b", "\x7f", "\ud800", "\udfff", "\u202e", "\u202d", "\u2066",
           "\u2069", "\u200e", "\u200f", "\u061c", "\u200b", "\u200d", "\ufeff", "\u00ad",
           "\u0301", "e\u0301", "İ", "ı", "ß", "\u00a0", "=", "+", "-", "@", "%", "_", "'", '"',
           "[/]", "[@click=app.quit]", "Ã©", "â€™", "\ufffd", "٣", "３", "𝟑", " ", "  "]
WORDS = ["Amina", "N'Diaye", "Ben-Ali", "Zoé", "Ляйсан", "ፍረወይኒ", "أمينة", "王芳", "রহিমা",
         "🌻", "rendez-vous", "CAF", "motif", "12", "2026", "/", ":"]

any_char = st.characters(min_codepoint=0, max_codepoint=0x10FFFF, exclude_categories=())
"""Any code point, lone surrogates and controls included."""

hostile_text = st.lists(st.one_of(st.sampled_from(SPECIAL), st.sampled_from(WORDS),
                                  st.text(any_char, max_size=6)),
                        max_size=12).map("".join)
"""Ordinary words and hostile pieces, mixed."""

long_text = st.integers(min_value=70, max_value=25_000).flatmap(
    lambda n: st.sampled_from(["a", "é", "\u200b", "x\n"]).map(lambda c: c * n))

text_like = st.one_of(hostile_text, hostile_text, long_text)

date_text = st.one_of(
    st.dates(min_value=date(1, 1, 1), max_value=date(9999, 12, 31)).flatmap(
        lambda d: st.sampled_from([d.isoformat(), d.strftime("%d/%m/%Y"),
                                   f"{d.day}/{d.month}/{d.year}", f" {d.isoformat()}",
                                   d.strftime("%d/%m/%Y").replace("0", "٠"),
                                   d.strftime("%Y%m%d"), f"+{d.isoformat()}"])),
    st.from_regex(r"[0-9٠-٩０-９XO]{1,2}/[0-9]{1,2}/[0-9]{1,5}", fullmatch=True),
    hostile_text)
"""What someone may type in a date field."""

identifier = st.one_of(st.integers(min_value=-(2 ** 70), max_value=2 ** 70),
                       st.from_regex(r"[+-]?[0-9０-９٠-٩]{1,25}", fullmatch=True),
                       hostile_text)
"""What someone may type as a person's or object's number."""

json_like = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(min_value=-(2 ** 80), max_value=2 ** 80),
              st.floats(allow_nan=True, allow_infinity=True), hostile_text, st.dates()),
    lambda inner: st.one_of(st.lists(inner, max_size=4),
                            st.dictionaries(hostile_text, inner, max_size=4)),
    max_leaves=12)
"""Values of any shape a caller of the API may pass."""
