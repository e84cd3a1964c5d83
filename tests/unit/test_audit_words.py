"""The audit log read on screen names operations and reasons in French: every operation a
service can write and every refusal an error can give has its words (the JSON keeps codes)."""

from __future__ import annotations

import importlib
import pkgutil

import core.errors as errors
from core import messages as M
from core import services
from core.services.registry import REGISTRY, error_code


def _subclasses(cls: type) -> set[type]:
    found = set()
    for sub in cls.__subclasses__():
        found |= {sub, *_subclasses(sub)}
    return found


def test_every_service_operation_has_french_words():
    for info in pkgutil.iter_modules(services.__path__):
        importlib.import_module(f"core.services.{info.name}")
    names = {run.service_name for run in REGISTRY.values()}
    assert len(names) > 50
    assert sorted(names - set(M.AUDIT_OPERATIONS)) == []


def test_every_refusal_code_has_french_words():
    for info in pkgutil.iter_modules(services.__path__):  # errors defined beside services
        importlib.import_module(f"core.services.{info.name}")
    codes = {error_code(cls.__new__(cls)) for cls in _subclasses(errors.ParcoursError)
             if cls.__module__.startswith(("core.", "plugins."))}  # not a test's own
    assert "input_error" in codes
    assert sorted(codes - set(M.AUDIT_REASONS)) == []
