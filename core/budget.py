"""How long plugin code may take and what it may raise: the hook budget, the incident of
going past it, and the exceptions contained when plugin code raises them.

A hook implementation or a check that answers after more than the budget is reported as a
:class:`HookTooSlow` incident (:mod:`core.incidents`, ``parcours plugins --incidents``); its
answer is kept. The budget is :data:`DEFAULT_HOOK_BUDGET` seconds unless
``PARCOURS_PLUGIN_BUDGET`` (seconds) or the host's ``hook_budget`` says otherwise.
"""

from __future__ import annotations

import os

from core import messages as M
from core.errors import InputError, ParcoursError

DEFAULT_HOOK_BUDGET = 2.0
"""Seconds a plugin's hook or check may take before it is reported as too slow."""
BUDGET_ENV = "PARCOURS_PLUGIN_BUDGET"

PLUGIN_FAULTS: tuple[type[BaseException], ...] = (Exception, SystemExit, GeneratorExit)
"""What a check or a hook may raise and have contained (reported, its answer refused): a
``sys.exit()`` in a plugin's check ended the whole command or interface. Only
``KeyboardInterrupt``, the user's own stop, passes through."""


class HookTooSlow(ParcoursError):
    """A plugin's hook or check answered, but after more than the budget (an incident)."""

    title = "Extension trop lente"

    def __init__(self, plugin: str, hook: str, seconds: float, budget: float) -> None:
        super().__init__(M.PLUGIN_TOO_SLOW.format(plugin=plugin, hook=hook,
                                                  seconds=f"{seconds:.0f}", budget=f"{budget:g}"))
        self.seconds = seconds


def budget_seconds(value: float | None = None) -> float:
    """The budget in seconds: ``value``, else ``PARCOURS_PLUGIN_BUDGET``, else 2.

    Raises:
        InputError: the variable is not a positive number of seconds.
    """
    if value is not None:
        return value
    raw = os.environ.get(BUDGET_ENV)
    if raw is None or not raw.strip():
        return DEFAULT_HOOK_BUDGET
    try:
        budget = float(raw)
    except ValueError:
        budget = -1.0
    if not 0 < budget < 3600:
        raise InputError(M.CONFIG_BAD_ENV.format(name=BUDGET_ENV, value=raw[:40]))
    return budget
