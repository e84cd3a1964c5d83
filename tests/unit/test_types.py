"""The code passes the project's type checking (pyproject ``[tool.mypy]``): zero errors.

mypy runs in-process through its API from the repository root, so it reads the same
configuration as ``mypy`` typed there: strict for the engine, the law and the plugin contract,
the default elsewhere. Its cache (``.mypy_cache``) makes later runs quick; a cold run takes
about a minute, hence ``slow``. Two quick checks keep the TUI on its typed accessor for the
backend and on the worker groups ``tui.workers`` declares.
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


def _tui_sources() -> list[Path]:
    return sorted((ROOT / "tui").rglob("*.py"))


def test_tui_reaches_the_backend_through_its_typed_accessor() -> None:
    # tui.workers.backend_of / app_of: Textual types ``self.app`` as any App.
    found = [f"{path.relative_to(ROOT)}:{number}"
             for path in _tui_sources()
             for number, text in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
             if "type: ignore[attr-defined]" in text]
    assert found == [], "use tui.workers.backend_of(self) / app_of(self): " + ", ".join(found)


def test_tui_workers_use_the_declared_groups() -> None:
    # READ_GROUP, WRITE_GROUP, CHOICES_GROUP, SOURCES_GROUP in tui.workers say what each is for.
    found = [f"{path.relative_to(ROOT)}:{number}"
             for path in _tui_sources() if path.name != "workers.py"
             for number, text in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
             if 'group="db' in text]
    assert found == [], "use the groups declared in tui.workers: " + ", ".join(found)
