"""The services: the only API the command line and the TUI use.

Each data service takes the application context and a :class:`Credential` (a session opened
by :func:`sign_in`, or a personal token) first; the door checks it, applies the role policy,
runs the body in one transaction and audits the call (see :mod:`core.services.registry`).
``initialise`` and ``sign_in`` are the entry points without a credential, with
``restore_backup`` (its target base is empty: no account to check) and ``check_base`` (a
diagnostic that reads no content and must work when nobody can sign in).
"""

from core.auth.tokens import Credential
from core.services.app import Parcours
from core.services.auth import (change_password, create_token, list_tokens, reauthenticate,
                                revoke_token, sign_in, sign_out, whoami)
from core.services.audit_log import audit_head, list_audit, verify_audit
from core.services.backups import create_backup, prune_backups, restore_backup, verify_backup
from core.services.base_check import check_base, check_database
from core.services.consents import give_consent, list_consents, withdraw_consent
from core.services.deadlines import list_deadlines
from core.services.demo import fill_demo
from core.services.erasure import erase_person
from core.services.holds import lift_hold, place_hold
from core.services.dropins import (close_dropin, list_dropins, open_dropin, parse_volunteer,
                                   record_anonymous, record_visit)
from core.services.facts import person_facts
from core.services.importer import import_bytes, import_file
from core.services.key_rotation import key_status, rotate_keys, rotate_step
from core.services.notes import add_note, list_notes
from core.services.person_export import export_person
from core.services.persons import add_person, count_persons, list_persons, show_person
from core.services.registry import REGISTRY
from core.services.report import activity_report, explain_figure, export_report
from core.services.report_rebuild import rebuild_aggregates
from core.services.retention import apply_due, apply_item, due_items
from core.services.review import (ReviewItem, acknowledge, comment, reassign, review_counts,
                                  review_queue, snooze)
from core.services.tracks import advance, history, list_actions, referent_candidates, start_track
from core.services.users import (add_delegation, add_user, disable_user, initialise,
                                 list_delegations, list_users, record_agrement, reset_password,
                                 set_delegations, set_role)

__all__ = [
    "Credential", "Parcours", "REGISTRY", "ReviewItem",
    "acknowledge", "activity_report", "add_delegation", "add_note", "add_person", "add_user",
    "advance", "apply_due", "apply_item", "audit_head", "change_password", "check_base",
    "check_database", "close_dropin", "comment", "count_persons", "create_backup", "create_token",
    "disable_user", "due_items", "erase_person", "explain_figure", "export_person",
    "export_report", "fill_demo", "give_consent", "history", "import_bytes", "import_file",
    "initialise", "key_status", "lift_hold", "list_actions", "list_audit", "list_consents",
    "list_deadlines", "list_delegations", "list_dropins", "list_notes", "list_persons",
    "list_tokens", "list_users", "open_dropin", "parse_volunteer", "person_facts", "place_hold",
    "prune_backups", "reassign", "reauthenticate", "record_agrement", "record_anonymous",
    "record_visit", "referent_candidates", "reset_password", "restore_backup", "review_counts",
    "review_queue", "revoke_token", "rotate_keys", "rotate_step", "set_delegations", "set_role",
    "show_person", "sign_in", "sign_out", "snooze", "start_track", "verify_audit",
    "verify_backup", "whoami", "withdraw_consent",
    "rebuild_aggregates",
]
