"""``python -m tui``: open the interface on the configured database (``PARCOURS_DB``)."""

from tui.app import run

run()
