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
from tests.accounts import PASSWORD
from tests.cli_runner import SECURITY_TOML, invoke

REPO = Path(__file__).resolve().parents[2]
PARCOURS = Path(sys.executable).parent / "parcours"


def run(*args: object, env: dict[str, str] | None = None, cwd: Path | None = None,
        stdin: str | None = None) -> str:
    done = subprocess.run([str(a) for a in args], capture_output=True, text=True, env=env, cwd=cwd,
                          timeout=300, input=stdin,
                          stdin=subprocess.DEVNULL if stdin is None else None)
    assert done.returncode == 0, f"{args}: {done.stderr[-800:]}"
    assert "Traceback" not in done.stderr
    return done.stdout


def test_bad_names_are_refused_in_french(tmp_path):
    code, _, err = invoke(["plugin", "new", "Mauvais-Nom", "--dir", str(tmp_path)], {})
    assert code == 1 and "Nom d'extension invalide" in err
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
    # The installed Parcours carries its non-Python files: migrations, scenarios, styles,
    # the list of common passwords.
    run(python, "-c", "from importlib.resources import files as f; "
        "assert (f('tui') / 'app.tcss').is_file(); "
        "assert (f('core') / 'persistence/migrations/script.py.mako').is_file(); "
        "assert (f('core') / 'auth/common_passwords.txt').is_file(); "
        "assert list((f('plugins') / 'asile/scenarios').iterdir())")
    (tmp_path / "config" / "parcours").mkdir(parents=True)
    (tmp_path / "config" / "parcours" / "parcours.toml").write_text(SECURITY_TOML)
    env = {k: v for k, v in os.environ.items() if not k.startswith("PARCOURS_")}
    env.update(PARCOURS_DB=f"sqlite:///{tmp_path / 'p.db'}", PARCOURS_TODAY="2026-03-02",
               HOME=str(tmp_path), XDG_CONFIG_HOME=str(tmp_path / "config"),
               XDG_STATE_HOME=str(tmp_path / "state"), PARCOURS_SESSION=str(tmp_path / "admin"))
    password = PASSWORD + "\n"
    bin_parcours = env_dir / "bin" / "parcours"
    plugins = json.loads(run(bin_parcours, "plugins", "--json", env=env))["plugins"]
    mine = next(p for p in plugins if p["name"] == "hebergement")
    assert (mine["status"], mine["distribution"], mine["tracks"]) == (
        "active", "parcours-hebergement", ["hebergement"])
    run(bin_parcours, "init", "--admin", "admin", "--password-stdin", env=env, stdin=password)
    run(bin_parcours, "login", "admin", "--password-stdin", env=env, stdin=password)
    run(bin_parcours, "user", "add", "camille", "--role", "referent", "--password-stdin", env=env,
        stdin=password)
    env["PARCOURS_SESSION"] = str(tmp_path / "camille")
    run(bin_parcours, "login", "camille", "--password-stdin", env=env, stdin=password)
    person = json.loads(run(bin_parcours, "person", "add", "Nadia", "--json", env=env))["id"]
    run(bin_parcours, "consent", "give", person, "suivi", "--date", "02/03/2026", env=env)
    run(bin_parcours, "advance", person, "parcours", "suivre", "--set", "referent=camille", env=env)
    run(bin_parcours, "track", "start", person, "hebergement", env=env)
    moved = json.loads(run(bin_parcours, "advance", person, "hebergement", "demander", "--set",
                           "date_demande=02/03/2026", "--set", "piece_identite=oui", "--json",
                           env=env))
    assert moved["step"] == "demandee"
    due = json.loads(run(bin_parcours, "deadlines", person, "--json", env=env))["deadlines"]
    assert [(d["rule"], d["due"]) for d in due] == [("hebergement.reponse_2m", "2026-05-04")]
