"""The services: the only API the command line and the TUI use.

Each data service takes the application context and the acting user's name first,
checks the role policy, and runs in one transaction (see :mod:`core.services.registry`).
"""

from core.services.app import Parcours
from core.services.deadlines import list_deadlines
from core.services.dropins import (close_dropin, list_dropins, open_dropin, parse_volunteer,
                                   record_anonymous, record_visit)
from core.services.notes import add_note, list_notes
from core.services.persons import add_person, count_persons, list_persons, show_person
from core.services.registry import REGISTRY
from core.services.demo import fill_demo
from core.services.importer import import_bytes, import_file
from core.services.report import activity_report, explain_figure, export_report
from core.services.review import ReviewItem, acknowledge, comment, reassign, review_queue, snooze
from core.services.tracks import advance, history, list_actions, start_track
from core.services.signin import sign_in, sign_in_choices
from core.services.users import add_user, initialise, list_users

__all__ = [
    "Parcours", "REGISTRY", "add_person", "add_user", "advance", "history", "initialise",
    "list_actions", "list_deadlines", "list_dropins", "list_persons", "list_users",
    "open_dropin", "parse_volunteer", "record_anonymous", "record_visit", "show_person",
    "start_track",
    "ReviewItem", "acknowledge", "comment", "reassign", "review_queue", "snooze",
    "add_note", "close_dropin", "count_persons", "list_notes", "sign_in", "sign_in_choices",
    "activity_report", "explain_figure", "export_report", "fill_demo", "import_bytes",
    "import_file",
]
