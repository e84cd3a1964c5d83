"""The services: the only API the command line and the TUI use.

Each data service takes the application context and a :class:`Credential` (a session opened
by :func:`sign_in`, or a personal token) first; the door checks it, applies the role policy,
runs the body in one transaction and audits the call (see :mod:`core.services.registry`).
``initialise`` and ``sign_in`` are the entry points without a credential, with
``restore_backup`` (its target base is empty: no account to check) and ``check_base`` (a
diagnostic that reads no content and must work when nobody can sign in).

Importing this package imports none of its services: each name is imported from its module
on first use (PEP 562 ``__getattr__``), so a command pays only for what it calls; the
headless catalog commands, for instance, never import SQLAlchemy's ORM, and the interface
paints before the report's modules are read. Type checkers see the plain imports below.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from core.auth.tokens import Credential
    from core.services.app import Parcours
    from core.services.auth import (change_password, create_token, list_tokens, reauthenticate,
                                    revoke_token, sign_in, sign_out, whoami)
    from core.services.audit_log import audit_head, list_audit, verify_audit
    from core.services.backups import create_backup, prune_backups
    from core.services.base_check import check_base, check_database
    from core.services.consents import give_consent, list_consents, withdraw_consent
    from core.services.deadlines import list_deadlines
    from core.services.demo import fill_demo
    from core.services.erasure import erase_person
    from core.services.holds import lift_hold, place_hold
    from core.services.dropins import (close_dropin, list_dropins, open_dropin, parse_volunteer,
                                       record_anonymous, record_visit)
    from core.services.dropin_visits import list_visits
    from core.services.facts import person_facts
    from core.services.importer import import_bytes, import_file
    from core.services.key_rotation import key_status, rotate_keys, rotate_step
    from core.services.notes import add_note, list_notes
    from core.services.person_export import export_person
    from core.services.aliases import search_narrows
    from core.services.persons import add_person, count_persons, list_persons, show_person
    from core.services.registry import REGISTRY
    from core.services.report import activity_report, explain_figure, export_report
    from core.services.report_rebuild import rebuild_aggregates
    from core.services.restores import restore_backup, verify_backup
    from core.services.retention import apply_due, apply_item, due_items
    from core.services.review import ReviewItem, review_counts, review_queue
    from core.services.review_decisions import acknowledge, comment, reassign, snooze
    from core.services.file_history import history
    from core.services.tracks import advance, list_actions, referent_candidates, start_track
    from core.services.users import (add_delegation, add_user, disable_user, initialise,
                                     list_delegations, list_users, record_agrement,
                                     reset_password, set_delegations, set_role)
    # What the interfaces need beside the services, defined once in core and published here
    # so that the TUI imports only this facade and core.schemas (tests/tui/test_architecture.py).
    from core.engine.checks import as_date
    from core.dates import parse_date, parse_hour, says_today
    from core.delegation import zone_of_subdivision
    from core.errors import (InputError, InvalidFacts, NotAuthenticated, NotFound, ParcoursError,
                             PasswordChangeRequired, PermissionDenied, ReasonRequired,
                             ReauthRequired, TransitionRefused)
    from core.messages import (MINUTES, NOT_SIGNED_IN, PERSON_HOMONYMS, REVIEW_KINDS,
                               REVIEW_SEVERITIES, SESSION_ENDED, SESSION_EXPIRED, SESSION_IDLE,
                               long_date, plural, role_label, sentence, short_date,
                               short_moment, some_codes)
    from core.services.offers import (restricted_access, role_may, role_reads_front_desk,
                                      role_refusal)
    from core.services.persons import PATHWAY
    from core.services.policy import Decision
    from core.services.report_model import (ActivityReport, FigureSources, FigureView,
                                            SectionView)
    from core.text import MAX_REASON

# A new service: its import above (for mypy), its name here and in __all__ (a test compares
# the two lists, tests/unit/test_startup_imports.py).
_MODULES: dict[str, tuple[str, ...]] = {
    "core.auth.tokens": ("Credential",),
    "core.services.app": ("Parcours",),
    "core.services.auth": ("change_password", "create_token", "list_tokens", "reauthenticate",
                           "revoke_token", "sign_in", "sign_out", "whoami"),
    "core.services.audit_log": ("audit_head", "list_audit", "verify_audit"),
    "core.services.backups": ("create_backup", "prune_backups"),
    "core.services.base_check": ("check_base", "check_database"),
    "core.services.consents": ("give_consent", "list_consents", "withdraw_consent"),
    "core.services.deadlines": ("list_deadlines",),
    "core.services.demo": ("fill_demo",),
    "core.services.erasure": ("erase_person",),
    "core.services.holds": ("lift_hold", "place_hold"),
    "core.services.dropins": ("close_dropin", "list_dropins", "open_dropin", "parse_volunteer",
                              "record_anonymous", "record_visit"),
    "core.services.dropin_visits": ("list_visits",),
    "core.services.facts": ("person_facts",),
    "core.services.importer": ("import_bytes", "import_file"),
    "core.services.key_rotation": ("key_status", "rotate_keys", "rotate_step"),
    "core.services.notes": ("add_note", "list_notes"),
    "core.services.person_export": ("export_person",),
    "core.services.aliases": ("search_narrows",),
    "core.services.persons": ("PATHWAY", "add_person", "count_persons", "list_persons",
                              "show_person"),
    "core.services.registry": ("REGISTRY",),
    "core.services.report": ("activity_report", "explain_figure", "export_report"),
    "core.services.report_rebuild": ("rebuild_aggregates",),
    "core.services.restores": ("restore_backup", "verify_backup"),
    "core.services.retention": ("apply_due", "apply_item", "due_items"),
    "core.services.review": ("ReviewItem", "review_counts", "review_queue"),
    "core.services.review_decisions": ("acknowledge", "comment", "reassign", "snooze"),
    "core.services.file_history": ("history",),
    "core.services.tracks": ("advance", "list_actions", "referent_candidates", "start_track"),
    "core.services.users": ("add_delegation", "add_user", "disable_user", "initialise",
                            "list_delegations", "list_users", "record_agrement", "reset_password",
                            "set_delegations", "set_role"),
    # beside the services, for the interfaces
    "core.engine.checks": ("as_date",),
    "core.dates": ("parse_date", "parse_hour", "says_today"),
    "core.delegation": ("zone_of_subdivision",),
    "core.errors": ("InputError", "InvalidFacts", "NotAuthenticated", "NotFound", "ParcoursError",
                    "PasswordChangeRequired", "PermissionDenied", "ReasonRequired",
                    "ReauthRequired", "TransitionRefused"),
    "core.messages": ("MINUTES", "NOT_SIGNED_IN", "PERSON_HOMONYMS", "REVIEW_KINDS",
                      "REVIEW_SEVERITIES", "SESSION_ENDED", "SESSION_EXPIRED", "SESSION_IDLE",
                      "long_date", "plural", "role_label", "sentence", "short_date",
                      "short_moment", "some_codes"),
    "core.services.offers": ("restricted_access", "role_may", "role_reads_front_desk",
                             "role_refusal"),
    "core.services.policy": ("Decision",),
    "core.services.report_model": ("ActivityReport", "FigureSources", "FigureView",
                                   "SectionView"),
    "core.text": ("MAX_REASON",),
}
_HOME = {name: module for module, names in _MODULES.items() for name in names}
"""Each exported name → the module that defines it."""

__all__ = [
    "Credential", "Parcours", "REGISTRY", "ReviewItem",
    "acknowledge", "activity_report", "add_delegation", "add_note", "add_person", "add_user",
    "advance", "apply_due", "apply_item", "audit_head", "change_password", "check_base",
    "check_database", "close_dropin", "comment", "count_persons", "create_backup", "create_token",
    "disable_user", "due_items", "erase_person", "explain_figure", "export_person",
    "export_report", "fill_demo", "give_consent", "history", "import_bytes", "import_file",
    "initialise", "key_status", "lift_hold", "list_actions", "list_audit", "list_consents",
    "list_deadlines", "list_delegations", "list_dropins", "list_notes", "list_persons",
    "list_tokens", "list_users", "list_visits", "open_dropin", "parse_volunteer", "person_facts",
    "place_hold",
    "prune_backups", "reassign", "reauthenticate", "rebuild_aggregates", "record_agrement",
    "record_anonymous",
    "record_visit", "referent_candidates", "reset_password", "restore_backup", "review_counts",
    "review_queue", "revoke_token", "rotate_keys", "rotate_step", "set_delegations", "set_role",
    "show_person", "sign_in", "sign_out", "snooze", "start_track", "verify_audit",
    "verify_backup", "whoami", "withdraw_consent",
    # beside the services, for the interfaces
    "ActivityReport", "Decision", "FigureSources", "FigureView", "InputError", "InvalidFacts",
    "MAX_REASON", "MINUTES", "NOT_SIGNED_IN", "NotAuthenticated", "NotFound", "PATHWAY",
    "PERSON_HOMONYMS",
    "ParcoursError", "search_narrows",
    "PasswordChangeRequired", "PermissionDenied", "REVIEW_KINDS", "REVIEW_SEVERITIES",
    "ReasonRequired", "ReauthRequired",
    "SESSION_ENDED", "SESSION_EXPIRED", "SESSION_IDLE", "SectionView", "TransitionRefused",
    "as_date", "long_date", "parse_date", "parse_hour", "plural", "restricted_access",
    "role_label",
    "role_may", "role_reads_front_desk", "role_refusal", "says_today", "sentence",
    "short_date", "short_moment", "some_codes", "zone_of_subdivision",
]


def load_all() -> None:
    """Import every service module: what enumerates :data:`REGISTRY` needs them all."""
    for module in _MODULES:
        importlib.import_module(module)


if not TYPE_CHECKING:  # hidden from mypy, which then still rejects a name not exported
    def __getattr__(name: str) -> Any:
        """Import ``name``'s module on first use, and keep the name here for the next one."""
        module = _HOME.get(name)
        if module is None:
            raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
        if name == "REGISTRY":  # the whole registry: every service registered
            load_all()
        value = getattr(importlib.import_module(module), name)
        globals()[name] = value
        return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
