"""The interface reaches the base from workers only: the conftest's guard, proven to bite.

Every interface test runs under :func:`tests.tui.conftest.off_the_interface_thread`, which
fails a call to the base made on the thread running the event loop while the interface runs
(a slow base there would freeze every key). These tests show that it catches such a call and
lets the same call through from a worker and once the interface has stopped.
"""

from __future__ import annotations

import asyncio

import pytest

from core import services as svc
from tests.tui.conftest import drive, settle


@drive
async def test_a_call_to_the_base_on_the_interface_thread_fails_the_test(make_app):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        with pytest.raises(AssertionError, match="interface's thread"):
            app.backend.call(svc.whoami)
        # The same call from a thread of its own, as a worker makes it, goes through.
        me = await asyncio.to_thread(app.backend.call, svc.whoami)
        assert me.name == "camille"
    assert app.backend.call(svc.whoami).name == "camille"  # the interface has stopped
