"""One demo year (2025, seed 1) written once for the whole test session, with the bundled plugins;
the supervisor ``sonia`` reads it."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

import pytest

from core import services as svc
from core.plugins import build_plugin_host
from core.services.app import Parcours
from core.services.demo import DemoSummary, fill_demo
from tests.accounts import PASSWORD, make_app, who

YEAR = 2025
BUNDLED = ("asile", "emploi", "logement", "plainte", "sante")


@dataclass
class DemoRun:
    app: Parcours
    summary: DemoSummary
    progress: list[int]


@pytest.fixture(scope="session")
def demo(tmp_path_factory) -> Iterator[DemoRun]:
    path = tmp_path_factory.mktemp("demo") / "demo.db"
    host = build_plugin_host(allow=BUNDLED)
    app = make_app(f"sqlite:///{path}", today=date(YEAR, 12, 31), host=host,
                   users={"admin": "admin"})
    progress: list[int] = []
    summary = fill_demo(app, who(app, "admin"), year=YEAR, seed=1, progress=progress.append)
    # The demo's own staff have no password: a supervisor of its delegation reads it.
    svc.add_user(app, who(app, "admin"), "sonia", "superviseur", PASSWORD, ["demo-1"])
    yield DemoRun(app, summary, progress)
    app.close()
