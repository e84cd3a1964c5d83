"""Start-up imports (issue 11 §5): what a command or the interface reads before working.

Each check runs in a fresh interpreter (this one has long imported everything): the catalog
commands never import SQLAlchemy's ORM, the interface paints its sign-in screen without
SQLAlchemy nor the report's charts, and the two facades (``core``, ``core.services``) import
a name's module only when it is first used.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

import core
from core import services


def _fresh(code: str) -> dict:
    """Run ``code`` in a new interpreter; it prints one JSON line last, on stderr."""
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=False, timeout=120)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stderr.strip().splitlines()[-1])


def test_catalog_commands_never_import_the_orm():
    found = _fresh("""
import json, sys
from core.cli.main import main
seen = {}
for argv in (["tracks", "--json"], ["tracks", "show", "parcours"], ["rules"],
             ["rule", "asile.cnda_1m", "--start", "2025-03-10"], ["plugins"], ["domains"]):
    code = main(argv)
    seen[" ".join(argv)] = [code, "sqlalchemy.orm" in sys.modules, "sqlalchemy" in sys.modules]
print(json.dumps(seen), file=sys.stderr)
""")
    assert found and all(code == 0 for code, _, _ in found.values()), found
    assert {command for command, (_, orm, _) in found.items() if orm} == set()
    assert {command for command, (_, _, base) in found.items() if base} == set()


BEFORE_THE_PAINT = ("sqlalchemy", "plotext", "tui.screens.report", "core.services.app",
                    "pydantic", "pydantic_core", "core.schemas", "argon2", "cryptography",
                    "dateutil")
"""Not read before the sign-in screen is painted: the base is opened (SQLAlchemy, the
schemas, the key's crypto) by a worker after the paint, the rest when first used."""


def test_the_interface_module_imports_neither_sqlalchemy_nor_the_charts():
    found = _fresh("""
import json, sys
import core.cli.main, tui.app
print(json.dumps({m: m in sys.modules for m in %r}), file=sys.stderr)
""" % (BEFORE_THE_PAINT,))
    assert found == dict.fromkeys(BEFORE_THE_PAINT, False)


def test_the_sign_in_screen_is_painted_before_the_base_is_opened():
    """In a real (headless) start-up: the modules loaded when the sign-in screen's first
    frame is drawn, while the worker that opens the base is held back."""
    found = _fresh("""
import asyncio, json, sys
import core.cli.main
from textual.app import App
from tui.app import ParcoursApp
seen = {}
def open_later(self, *args):  # the worker's start, not run: nothing is opened here
    seen["opened after the paint"] = bool(seen)
ParcoursApp._open_base = open_later
display = App._display
def first_frame(self, screen, renderable):
    display(self, screen, renderable)
    if renderable is not None and type(screen).__name__ == "SignInScreen" and not seen:
        seen.update({m: m in sys.modules for m in %r})
async def main():
    async with ParcoursApp(url="sqlite://").run_test(size=(80, 24)) as pilot:
        while "opened after the paint" not in seen:
            await asyncio.sleep(0.01)
App._display = first_frame
asyncio.run(main())
print(json.dumps(seen), file=sys.stderr)
""" % (BEFORE_THE_PAINT,))
    assert found == {**dict.fromkeys(BEFORE_THE_PAINT, False), "opened after the paint": True}


def test_importing_the_facades_imports_none_of_their_modules():
    found = _fresh("""
import json, sys
import core, core.services
print(json.dumps(sorted(m for m in sys.modules
                        if m.startswith(("core.engine", "core.services.", "sqlalchemy",
                                         "pydantic")))), file=sys.stderr)
""")
    assert found == []


@pytest.mark.parametrize("facade", [core, services], ids=["core", "core.services"])
def test_every_exported_name_resolves_and_is_listed(facade):
    assert set(facade.__all__) == set(facade._HOME)
    for name in facade.__all__:
        assert getattr(facade, name) is not None
    assert set(facade.__all__) <= set(dir(facade))
    with pytest.raises(AttributeError):
        facade.no_such_name  # noqa: B018


def test_the_registry_asked_from_the_package_holds_every_service():
    before = set(services.REGISTRY)
    services.load_all()
    assert set(services.REGISTRY) == before
    assert {"core.services.tracks.advance", "core.services.report.activity_report"} <= before


NOT_ON_THE_CLI_PATH = ("textual", "tui", "psycopg", "alembic", "plotext", "holidays",
                       "openpyxl", "odf", "faker")
"""G-CLI-1: a non-interface command reads neither Textual nor the PostgreSQL driver on a
SQLite base, nor Alembic (one query checks the revision), nor the charts, the calendar
(no deadline computed), the spreadsheet writers or the demo's fake names."""

NOT_ON_A_SQLITE_BASE = "sqlalchemy.dialects.postgresql"
"""SQLAlchemy's PostgreSQL dialect (its five drivers' modules): a model's ``postgresql_*``
option imports it whole."""


def test_review_and_report_read_only_what_they_need(sqlite_url, tmp_path):
    from datetime import date, timedelta

    from core import services as svc
    from tests.accounts import make_app, who
    app = make_app(sqlite_url, today=date(2026, 3, 10))
    try:
        token = svc.create_token(app, who(app, "sonia"), timedelta(days=1), "test").secret
        key = str(app.keys.keyfile.path)
    finally:
        app.close()
    found = _fresh(f"""
import contextlib, io, json, os, sys
os.environ.update(PARCOURS_DB={sqlite_url!r}, PARCOURS_TOKEN={token!r},
                  PARCOURS_KEY_FILE={key!r}, PARCOURS_TODAY="2026-03-10")
from core.cli.main import main
seen = {{}}
for argv in (["review", "--limit", "50", "--json"], ["report", "--month", "2026-02"]):
    with contextlib.redirect_stdout(io.TextIOWrapper(io.BytesIO())):  # report writes bytes
        code = main(argv)
    seen[argv[0]] = [code, sorted(m for m in sys.modules
                                  if m.split(".")[0] in {NOT_ON_THE_CLI_PATH!r}
                                  or m.startswith({NOT_ON_A_SQLITE_BASE!r}))]
print(json.dumps(seen), file=sys.stderr)
""")
    assert found == {"review": [0, []], "report": [0, []]}


DECLARATIONS = ("core.definitions.", "core.rules.model.", "core.demo.", "core.engine.checks.")
"""Modules of the models a plugin's declarations are made of: validated when it is loaded."""


def test_loading_the_plugins_builds_no_fact_schema_nor_view():
    """Every command loads every plugin; its fact schemas and the views are built by Pydantic
    when first used (``defer_build``), not at start-up where most commands never use them."""
    found = _fresh("""
import json, sys
from pydantic import BaseModel
from core.plugins import build_plugin_host
import core.schemas, core.services.review
build_plugin_host()

def subclasses(cls):
    for sub in cls.__subclasses__():
        yield sub
        yield from subclasses(sub)

ours = {f"{m.__module__}.{m.__name__}": m.__pydantic_complete__ for m in subclasses(BaseModel)
        if m.__module__.startswith(("core", "plugins"))}
print(json.dumps(ours), file=sys.stderr)
""")
    built = {name for name, complete in found.items() if complete}
    assert len(found) > 100  # the five plugins' schemas and the views were all imported
    assert {name for name in built if not name.startswith(DECLARATIONS)} == set()
