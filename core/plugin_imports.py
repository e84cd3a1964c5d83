"""What an installed plugin imports, read from its source: only core's public API.

:func:`import_problems` lists, for every plugin a host loaded, the imports beyond ``from core
import …``: a core module other than ``core``, a name not in ``core.__all__``, the interface,
Textual, SQLAlchemy, or another plugin's package. Plugin authors run it from their tests
(through :mod:`core.testing`); Parcours holds its own plugins to it.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from core.plugins import PluginHost, build_plugin_host


FORBIDDEN_IMPORTS = ("tui", "textual", "sqlalchemy")
"""What no plugin imports: the interface, its toolkit, the database layer."""


def import_problems(host: PluginHost | None = None) -> list[str]:
    """What the installed plugins (or ``host``'s) import beyond core's public API: a core
    module other than ``core`` itself, a name not in ``core.__all__``, the interface, Textual,
    SQLAlchemy, or another plugin's package. An empty list: each uses only ``from core import``
    (the same rule Parcours's own plugins are held to)."""
    import sys

    import core

    host = host or build_plugin_host()
    files: dict[str, tuple[str, list[Path], Path | None]] = {}
    for name, plugin in host.pm.list_name_plugin():
        module = plugin if hasattr(plugin, "__file__") else sys.modules.get(
            type(plugin).__module__)
        path = getattr(module, "__file__", None)
        if name == "parcours" or path is None:
            continue
        dotted = str(getattr(module, "__name__", name))
        package = dotted if path.endswith("__init__.py") else dotted.rpartition(".")[0]
        # Its whole package (a lone module outside any: that file only).
        files[name] = (package or dotted,
                       sorted(Path(path).parent.rglob("*.py")) if package else [Path(path)],
                       Path(path).parent if package else None)
    packages = {package for package, _, _ in files.values()}
    problems = []
    for name, (own, paths, root) in files.items():
        for path in paths:
            # a file's own package, from which its relative imports are read
            inside = ".".join([own, *path.relative_to(root).parts[:-1]]) if root else ""
            for line, module_name, names in _imports(path, inside):
                where = f"{name}, {path.name}, ligne {line}"
                first = module_name.partition(".")[0]
                if first in FORBIDDEN_IMPORTS:
                    problems.append(f"{where} : importe « {module_name} », interdit aux "
                                    "extensions")
                elif first == "core" and module_name != "core":
                    problems.append(f"{where} : importe « {module_name} » au lieu de "
                                    "« from core import … »")
                elif module_name == "core":
                    problems += [f"{where} : « {n} » n'est pas un nom public de core"
                                 for n in names if n not in core.__all__]
                elif any(m == p or m.startswith(p + ".") for p in packages - {own}
                         for m in (module_name, *(f"{module_name}.{n}" for n in names))):
                    problems.append(f"{where} : importe une autre extension (« {module_name} »)")
    return problems


def _imports(path: Path, package: str) -> Iterator[tuple[int, str, tuple[str, ...]]]:
    """``(line, module, names)`` of every import in a Python file, by line: a relative one
    resolved from ``package`` (the file's own), ``importlib.import_module`` or ``__import__``
    of a written name, and ``core.NAME`` read through an ``import core`` as importing NAME."""
    import ast

    found: list[tuple[int, str, tuple[str, ...]]] = []
    tree = ast.parse(path.read_text(encoding="utf-8"))
    cores = {alias.asname or "core" for node in ast.walk(tree) if isinstance(node, ast.Import)
             for alias in node.names if alias.name == "core"}
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name, ()) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = package.split(".") if package else []
            if node.level and node.level - 1 <= len(base):
                base = base[:len(base) - (node.level - 1)]
                module = ".".join([*base, *([node.module] if node.module else [])])
            else:
                module = "" if node.level else node.module or ""
            if module:
                found.append((node.lineno, module, tuple(alias.name for alias in node.names)))
        elif isinstance(node, ast.Call) and node.args and isinstance(node.args[0], ast.Constant) \
                and isinstance(node.args[0].value, str) and _imports_a_module(node.func):
            found.append((node.lineno, node.args[0].value, ()))
        elif isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) \
                and node.value.id in cores:
            found.append((node.lineno, "core", (node.attr,)))
    yield from sorted(found, key=lambda item: item[0])


def _imports_a_module(func: Any) -> bool:
    """Whether a call to ``func`` (a node) imports the module it is given by name."""
    import ast

    name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
    return name in ("import_module", "__import__")
