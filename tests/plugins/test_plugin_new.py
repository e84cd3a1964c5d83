"""``parcours plugin new``: the path a real new support domain takes.

Generate a plugin, build it as a wheel, install it with Parcours into a fresh virtual
environment, and see it listed by ``parcours plugins`` and its track usable there.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import sysconfig
import venv
from pathlib import Path

import pytest
from click.testing import CliRunner

from core.cli.main import cli
from core.plugin_template import write_plugin

REPO = Path(__file__).resolve().parents[2]
PARCOURS = Path(sys.executable).parent / "parcours"


def run(*args: object, env: dict[str, str] | None = None, cwd: Path | None = None) -> str:
    done = subprocess.run([str(a) for a in args], capture_output=True, text=True, env=env, cwd=cwd,
                          timeout=300, stdin=subprocess.DEVNULL)
    assert done.returncode == 0, f"{args}: {done.stderr[-800:]}"
    assert "Traceback" not in done.stderr
    return done.stdout


def test_bad_names_are_refused_in_french(tmp_path):
    done = subprocess.run([PARCOURS, "plugin", "new", "Mauvais-Nom", "--dir", tmp_path],
                          capture_output=True, text=True)
    assert done.returncode == 1 and "Nom d'extension invalide" in done.stderr
    assert list(tmp_path.iterdir()) == []


def test_plugin_new_says_how_to_install_the_folder_and_offers_only_its_options(tmp_path,
                                                                               monkeypatch):
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    done = runner.invoke(cli, ["plugin", "new", "hebergement", "--label", "Hébergement d'urgence"])
    assert done.exit_code == 0, done.output
    assert "pip install -e ./parcours-hebergement puis « parcours plugins »" in done.output
    assert "pip install ./" not in done.output
    assert (tmp_path / "parcours-hebergement" / "parcours_hebergement" / "tracks.py").is_file()
    helped = runner.invoke(cli, ["plugin", "new", "--help"]).output
    assert "--label" in helped and "--dir" in helped and "--json" in helped
    assert not {"--as", "--db", "--today"} & set(helped.split())
    elsewhere = runner.invoke(cli, ["plugin", "new", "autre", "--dir", "sous", "--json"]).output
    assert '"install": "pip install -e ./sous/parcours-autre"' in elsewhere


def test_the_template_declares_its_domain_and_cites_a_readable_source(tmp_path):
    root = write_plugin("hebergement", tmp_path, "Hébergement d'urgence")
    package = root / "parcours_hebergement"
    assert 'DomainDefinition(id="hebergement", label="Hébergement d\'urgence")' in (
        package / "__init__.py").read_text(encoding="utf-8")
    rules = (package / "rules.py").read_text(encoding="utf-8")
    assert "à préciser" not in rules and 'source="pratique de l\'association"' in rules
    schemas = (package / "schemas.py").read_text(encoding="utf-8")
    assert schemas.count('extra="forbid"') == 2


@pytest.mark.slow
def test_generated_plugin_installs_in_a_fresh_environment(tmp_path):
    run(PARCOURS, "plugin", "new", "hebergement", "--label", "Hébergement d'urgence",
        "--dir", tmp_path)
    project, dist = tmp_path / "parcours-hebergement", tmp_path / "dist"
    run(sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", cwd=project)
    for source in (REPO, project):
        run(sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q",
            "-w", dist, source)
    env_dir = tmp_path / "env"
    venv.create(env_dir, with_pip=False)
    python = env_dir / "bin" / "python"
    # The fresh environment reuses this one's third-party packages instead of downloading them.
    site = Path(run(python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])").strip())
    (site / "parcours-deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    run(sys.executable, "-m", "pip", "--python", python, "install", "-q", "--no-deps",
        "--no-index", *sorted(dist.glob("*.whl")))
    # The installed Parcours carries its non-Python files: migrations, scenarios, styles.
    run(python, "-c", "from importlib.resources import files as f; "
        "assert (f('tui') / 'app.tcss').is_file(); "
        "assert (f('core') / 'persistence/migrations/script.py.mako').is_file(); "
        "assert list((f('plugins') / 'asile/scenarios').iterdir())")
    env = dict(os.environ, PARCOURS_DB=f"sqlite:///{tmp_path / 'p.db'}", PARCOURS_USER="admin",
               PARCOURS_TODAY="2026-03-02", HOME=str(tmp_path))
    bin_parcours = env_dir / "bin" / "parcours"
    plugins = json.loads(run(bin_parcours, "plugins", "--json", env=env))["plugins"]
    mine = next(p for p in plugins if p["name"] == "hebergement")
    assert (mine["status"], mine["distribution"], mine["tracks"]) == (
        "active", "parcours-hebergement", ["hebergement"])
    run(bin_parcours, "init", "--admin", "admin", env=env)
    run(bin_parcours, "user", "add", "camille", "--role", "referent", env=env)
    env["PARCOURS_USER"] = "camille"
    person = json.loads(run(bin_parcours, "person", "add", "Nadia", "--json", env=env))["id"]
    run(bin_parcours, "track", "start", person, "hebergement", env=env)
    moved = json.loads(run(bin_parcours, "advance", person, "hebergement", "demander", "--set",
                           "date_demande=02/03/2026", "--set", "piece_identite=oui", "--json",
                           env=env))
    assert moved["step"] == "demandee"
    due = json.loads(run(bin_parcours, "deadlines", person, "--json", env=env))["deadlines"]
    assert [(d["rule"], d["due"]) for d in due] == [("hebergement.reponse_2m", "2026-05-04")]
