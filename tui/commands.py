"""The command palette's provider: the main actions, in French (Ctrl+P).

Only actions that make sense now are offered: nothing but help, the panic screen and
quitting before someone has signed in; afterwards, what ``ParcoursApp.check_action`` allows:
the review queue and the activity report only to the roles the policy allows, the people list
only to roles that may read persons; no palette at all while a reset password waits to be
changed, nor on the lock screen.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from functools import partial
from typing import Any

from textual.command import DiscoveryHit, Hit, Hits, Provider

from tui import messages as M
from tui.workers import backend_of

BEFORE_SIGN_IN = ("help", "panic", "quit")


class MainCommands(Provider):
    """Accueil, Personnes, Nouvelle personne, Permanence, Revue, Rapport, Aide, Masquer,
    Verrouiller, Changer, Quitter; each only when ``check_action`` allows it."""

    def _commands(self) -> list[tuple[str, str, Callable[[], Any]]]:
        app = self.app
        signed_in = backend_of(self).user is not None
        return [(name, help_text, partial(app.run_action, action))
                for action, (name, help_text) in M.COMMANDS.items()
                if (signed_in or action in BEFORE_SIGN_IN) and app.check_action(action, ()) is not False]

    async def discover(self) -> Hits:
        for name, help_text, command in self._commands():
            yield DiscoveryHit(name, command, help=help_text)

    async def search(self, query: str) -> AsyncIterator[Hit]:
        matcher = self.matcher(query)
        for name, help_text, command in self._commands():
            score = matcher.match(name)
            if score > 0:
                yield Hit(score, matcher.highlight(name), command, help=help_text)
