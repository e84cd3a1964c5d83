"""The collector's pace in a ``parcours`` process (:mod:`core.cli.heap`): sparse during a
command yet still collecting, usual again for the interface, and an exit that skips only the
last sweep (exit handlers, flushes and the exit status kept)."""

from __future__ import annotations

import gc
import json
import subprocess
import sys
import weakref

import pytest

from core.cli import heap


@pytest.fixture
def collector():
    """The test process's collector as it was, whatever a test did to it."""
    saved = gc.get_threshold()
    yield
    gc.unfreeze()
    gc.set_threshold(*saved)
    heap._DEFAULT = None


class Node:
    def __init__(self) -> None:
        self.me = self  # a cycle: only the collector frees it


def test_a_command_collects_sparsely_and_the_interface_at_the_usual_pace(collector):
    default = gc.get_threshold()
    heap.starting()
    assert gc.get_threshold() == (heap.START_THRESHOLD, *default[1:])
    heap.settled()
    assert gc.get_threshold() == default
    assert gc.get_freeze_count() > 0, "the start-up objects are set aside"


def test_cyclic_garbage_is_still_collected_while_a_command_runs(collector):
    heap.starting()
    gc.collect()
    first = Node()
    gone = weakref.ref(first)
    del first
    # A long command (an import) keeps allocating: its cycles go long before it ends.
    kept = [[] for _ in range(heap.START_THRESHOLD + 10_000)]
    assert gone() is None
    del kept


def _script(body: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", body], capture_output=True, text=True,
                          timeout=120, check=False)


def test_leaving_keeps_the_exit_handlers_the_output_and_the_status(tmp_path):
    mark = tmp_path / "handler-ran"
    done = _script(f"""
import atexit, pathlib, sys
atexit.register(lambda: pathlib.Path({str(mark)!r}).write_text("oui"))
from core.cli.main import run
sys.argv = ["parcours", "tracks", "--json"]
run()
""")
    assert done.returncode == 0, done.stderr
    assert {t["id"] for t in json.loads(done.stdout)["tracks"]} >= {"parcours"}
    assert mark.read_text() == "oui"
    refused = _script("""
import sys
from core.cli.main import run
sys.argv = ["parcours", "tracks", "show", "inconnu"]
run()
""")
    assert refused.returncode == 1 and refused.stderr.strip()
