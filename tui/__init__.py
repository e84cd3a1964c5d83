"""Parcours's terminal interface (Textual), for caseworkers and drop-in volunteers.

It talks to the data only through :mod:`core.services` (never SQLAlchemy nor
``core.persistence``), runs every service call in a worker thread, shows every user-supplied
string literally, and keeps its French text in :mod:`tui.messages`. ``parcours`` with no
argument finds it through the ``parcours.ui`` entry point (:func:`tui.app.run`).
"""
