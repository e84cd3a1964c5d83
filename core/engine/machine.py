"""One shared ``transitions.Machine`` per track definition version, and the plain model.

Machines are built once per (definition id, version) and cached for the process; persons
never get their own machine. A command builds a :class:`TrackModel` (a plain object, not an
ORM row nor a Pydantic model) and triggers the event on it statelessly, so no model is ever
attached to the shared machine (measured: attaching with ``add_model``/``remove_model``
costs about 16 times the trigger itself, see ``bench/engine_bench.py``).
"""

from __future__ import annotations

import threading
from typing import Any

from transitions import Machine

from core.definitions.model import TrackDefinition


class TrackModel:
    """The object a machine moves: current step, and the verdict precomputed by the checks."""

    __slots__ = ("state", "allowed")

    def __init__(self, step: str) -> None:
        self.state = step
        self.allowed = False


def machine_config(defn: TrackDefinition) -> dict[str, Any]:
    """The ``Machine`` keyword arguments for a definition (also used to draw diagrams)."""
    transitions = [{"trigger": t.trigger, "source": list(t.source), "dest": t.dest,
                    "conditions": "allowed"} for t in defn.transitions]
    return {"states": [s.id for s in defn.steps], "transitions": transitions,
            "initial": defn.initial, "auto_transitions": False, "send_event": False}


class MachineCache:
    """Builds each definition's machine once and hands the same one to every caller."""

    def __init__(self) -> None:
        self._machines: dict[tuple[str, int], Machine] = {}
        self._lock = threading.Lock()

    def get(self, defn: TrackDefinition) -> Machine:
        """The shared machine for ``defn`` (built on first use)."""
        machine = self._machines.get(defn.key)
        if machine is None:
            with self._lock:
                machine = self._machines.get(defn.key)
                if machine is None:
                    machine = Machine(model=None, **machine_config(defn))
                    self._machines[defn.key] = machine
        return machine

    def __len__(self) -> int:
        return len(self._machines)

    def fire(self, defn: TrackDefinition, step: str, trigger: str) -> str:
        """Move a fresh model from ``step`` with ``trigger``; the checks already passed."""
        model = TrackModel(step)
        model.allowed = True
        if not self.get(defn).events[trigger].trigger(model):
            raise RuntimeError(f"transitions refused {trigger!r} from {step!r}")
        return model.state
