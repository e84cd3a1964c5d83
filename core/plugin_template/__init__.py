"""The plugin template ``parcours plugin new`` writes: a package, its scenario and its test.

Files ending in ``.tmpl`` are ``string.Template`` texts; ``$name``, ``$package`` and
``$label`` are replaced. The ``package`` folder becomes ``parcours_<name>``.
"""

from __future__ import annotations

import re
from pathlib import Path
from string import Template

from core import messages as M
from core.errors import InputError

TEMPLATE = Path(__file__).parent
NAME = re.compile(r"^[a-z][a-z0-9_]{1,30}$")


def write_plugin(name: str, target: Path, label: str | None = None) -> Path:
    """Write a new plugin project named ``name`` into ``target / parcours-<name>``.

    Raises:
        InputError: the name is not a short lowercase identifier, or the folder exists.
    """
    if not NAME.match(name):
        raise InputError(M.PLUGIN_NAME_BAD.format(name=name))
    root = target / f"parcours-{name}"
    if root.exists():
        raise InputError(M.PLUGIN_FOLDER_EXISTS.format(path=root))
    values = {"name": name, "package": f"parcours_{name}", "label": label or name.capitalize()}
    for source in sorted(TEMPLATE.rglob("*.tmpl")):
        relative = source.relative_to(TEMPLATE).with_suffix("")
        parts = [values["package"] if p == "package" else p for p in relative.parts]
        if parts[-1] == "test_plugin.py":
            parts[-1] = f"test_{name}.py"
        destination = root.joinpath(*parts)
        destination.parent.mkdir(parents=True, exist_ok=True)
        destination.write_text(Template(source.read_text(encoding="utf-8")).substitute(values),
                               encoding="utf-8")
    return root
