"""The code passes the project's type checking (pyproject ``[tool.mypy]``): zero errors.

mypy runs in-process through its API from the repository root, so it reads the same
configuration as ``mypy`` typed there: strict for the engine, the law and the plugin contract,
the default elsewhere. Its cache (``.mypy_cache``) makes later runs quick; a cold run takes
about a minute, hence ``slow``.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from mypy import api

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.slow
def test_mypy_finds_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)  # mypy finds pyproject.toml and its packages from here
    out, err, status = api.run([])
    assert status == 0, out[-3000:] + err[-500:]
    assert out.startswith("Success: no issues found")
