"""The project's one error hierarchy.

Every error a user can see derives from :class:`ParcoursError`, which carries a French
message (``msg``) and a short French title for dialogs. Infrastructure errors (SQLAlchemy,
sqlite3, psycopg) are translated into these types at the persistence boundary; nothing
under ``core`` prints.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from core import messages as M


class ParcoursError(Exception):
    """Base of every error shown to a user: ``msg`` is one French sentence."""

    title = "Erreur"

    details: tuple[str, ...] = ()
    """Lines that follow ``msg`` (each one line too): the problems of a refused file, one per
    line, where a single sentence would run them together."""

    def __init__(self, msg: str, *, title: str | None = None,
                 details: tuple[str, ...] = ()) -> None:
        msg = one_line(msg)
        self.details = tuple(one_line(line) for line in details)
        super().__init__(" ".join((msg, *self.details)))  # a log's one line holds them all
        self.msg = msg
        if title is not None:
            self.title = title


def one_line(msg: str) -> str:
    """A message stays one line: a line break it quotes from someone's input (« x\ny »)
    is shown as ``\n``, so that it cannot forge a second line of output or of a log."""
    text = msg.rstrip("\r\n")
    return text.replace("\r", "\\r").replace("\n", "\\n") if "\n" in text or "\r" in text else msg


class DefinitionError(ParcoursError):
    """Raised when a track definition is loaded and fails validation; shown to plugin authors."""

    title = "Définition invalide"

    def __init__(self, definition: str, step: str | None, problem: str) -> None:
        where = (M.DEFINITION_WHERE_STEP if step else M.DEFINITION_WHERE).format(
            definition=definition, step=step)
        super().__init__(M.DEFINITION_ERROR.format(where=where, problem=problem))
        self.definition = definition
        self.step = step
        self.problem = problem


class PluginError(ParcoursError):
    """Raised by the plugin host when a plugin contributes bad data; names the plugin."""

    title = "Extension en erreur"

    def __init__(self, plugin: str, problem: str) -> None:
        super().__init__(M.PLUGIN_ERROR.format(plugin=plugin, problem=problem))
        self.plugin = plugin
        self.problem = problem


class TransitionRefused(ParcoursError):
    """Raised by the engine when a transition cannot happen; carries every blocking reason."""

    title = "Action refusée"

    def __init__(self, trigger: str, step: str, reasons: Sequence[Any], *,
                 restricted: bool = False) -> None:
        """``reasons`` are the blocking :class:`core.CheckResult` values (typed loosely here so
        that the error hierarchy depends on nothing else in core); ``restricted``: whether any
        result evaluated, passed ones included, was drawn from a restricted fact."""
        text = " ; ".join(r.message for r in reasons) or M.TRANSITION_IMPOSSIBLE
        super().__init__(M.TRANSITION_REFUSED.format(trigger=trigger, step=step, reasons=text))
        self.trigger = trigger
        self.step = step
        self.reasons = list(reasons)
        self.restricted = restricted or any(getattr(r, "restricted", False) for r in reasons)


class UnknownTrigger(ParcoursError):
    """Raised when a trigger does not exist in a track definition; shown to users."""

    title = "Action inconnue"


class InvalidFacts(ParcoursError):
    """Raised when submitted facts fail the step's schema; lists every field problem."""

    title = "Saisie invalide"

    def __init__(self, msg: str, problems: list[dict[str, str]]) -> None:
        super().__init__(msg)
        self.problems = problems


class NotFound(ParcoursError):
    """Raised by services when a person, track, user or rule does not exist (or is out of scope)."""

    title = "Introuvable"


class PermissionDenied(ParcoursError):
    """Raised by services when the actor's role is not allowed to run an operation."""

    title = "Accès refusé"


class NotAuthenticated(PermissionDenied):
    """Raised by the services' door when no valid session or token comes with a call."""

    title = "Connexion requise"


class ReauthRequired(PermissionDenied):
    """Raised before restricted content when the password was not typed again recently."""

    title = "Confirmation du mot de passe"


class ReasonRequired(PermissionDenied):
    """Raised before an exceptional access (restricted content of a person one does not
    follow) when no reason was given."""

    title = "Accès exceptionnel"


class ConsentRequired(PermissionDenied):
    """Raised when sharing with a partner lacks the person's active consent to that partner
    (security.md AC-8): nothing is written nor shared."""

    title = "Consentement requis"


class PasswordChangeRequired(PermissionDenied):
    """Raised for every call but a password change after an administrator's reset."""

    title = "Mot de passe à changer"


class IntegrityAlert(ParcoursError):
    """Raised when encrypted data does not open: wrong key, moved or altered; fails closed."""

    title = "Donnée illisible"


class BackupTampered(IntegrityAlert):
    """Raised when a backup file fails authentication: altered, truncated or extended."""

    title = "Sauvegarde refusée"


class KeyMissing(ParcoursError):
    """Raised when the base's key-encryption key cannot be found or is not this base's."""

    title = "Clé de chiffrement"


class ConflictError(ParcoursError):
    """Raised when another user changed the same record first (optimistic locking)."""

    title = "Modification concurrente"


class DatabaseBusy(ParcoursError):
    """Raised when the database stayed locked by another writer past the busy timeout."""

    title = "Données occupées"


class PersistenceError(ParcoursError):
    """Raised for any other storage failure (disk full, unreachable server, bad path)."""

    title = "Erreur d'enregistrement"


class DatabaseDamaged(PersistenceError):
    """Raised on a write to a SQLite file whose quick check fails; reads stay possible."""

    title = "Données endommagées"


class InputError(ParcoursError):
    """Raised for bad user input outside a step schema (date format, empty alias, bad option)."""

    title = "Saisie invalide"
