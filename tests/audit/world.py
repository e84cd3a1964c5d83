"""A small world for the audit tests: users, persons, tracks, facts, notes, a drop-in, a token.

It is built once through the real services (:func:`build`) into a SQLite file; each test
works on a copy (:func:`open_copy`), so that a call that ends sessions, disables a user or
closes the drop-in never leaks into the next test. The session secrets opened while building
stay valid in every copy (they are rows of the copied file).

Every free text written here (aliases, fact values, notes, a partner's name, a token label, a
comment, a snooze reason) and every secret (passwords, session secrets) is a canary: none may
ever appear in an audit row (:data:`CANARIES`).
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

from pydantic import BaseModel, ConfigDict

from core import hookimpl
from core import services as svc
from core.definitions.model import (CASEWORKERS, Sensitivity, StepDefinition, TrackDefinition,
                                    TransitionDefinition, fact)
from core.plugins import PluginHost, build_plugin_host
from core.services.app import Parcours
from tests.accounts import FAST, PASSWORD, follow, make_app, who

TODAY = date(2026, 3, 10)
NEW_PASSWORD = "Falaise-Ombre-Tilleul-77?"
ALIAS = "Ysolde Kanarialias"
OTHER_ALIAS = "Perrine Kanariautre"
ABROAD_ALIAS = "Noémie Kanarilyon"
ADDED_ALIAS = "Sidonie Kanariajout"
IMPORTED_ALIAS = "Clothilde Kanariimport"
ERASED_ALIAS = "Octavie Kanariefface"
FACT_VALUES = {"ordinaire": "kanari-fait-ordinaire", "sensible": "kanari-fait-sensible",
               "restreint": "kanari-fait-restreint"}
NEW_FACTS = {"ordinaire": "kanari-nouveau-ordinaire", "sensible": "kanari-nouveau-sensible",
             "restreint": "kanari-nouveau-restreint"}
NOTE_TEXT = "kanari-note : rendez-vous chez l'avocate jeudi"
NEW_NOTE = "kanari-note-ajoutee : a rappelé sa sœur"
IMPORTED_NOTE = "kanari-note-importee : orientée par une partenaire"
TOKEN_LABEL = "kanari-jeton"
COMMENT = "kanari-commentaire : à revoir avec la direction"
SNOOZE_REASON = "kanari-report : attend un courrier"
TRANSITION_NOTE = "kanari-note-transition : très fatiguée"
PARTNER = "Kanaripartenaire de Lille"
NEW_PARTNER = "Kanarinouveau partenaire"
HOLD_REASON = "kanari-gel : contentieux en cours"
NEW_HOLD_REASON = "kanari-gel-nouveau : plainte déposée"
CANARIES = (ALIAS, OTHER_ALIAS, ABROAD_ALIAS, ADDED_ALIAS, IMPORTED_ALIAS, ERASED_ALIAS,
            *FACT_VALUES.values(),
            *NEW_FACTS.values(), NOTE_TEXT, NEW_NOTE, IMPORTED_NOTE, TOKEN_LABEL, COMMENT,
            SNOOZE_REASON, TRANSITION_NOTE, HOLD_REASON, NEW_HOLD_REASON, PARTNER, NEW_PARTNER,
            PASSWORD, NEW_PASSWORD, "kanari")
"""Strings no audit row may contain (secrets are added per world: :attr:`World.canaries`)."""


class TrialFacts(BaseModel):
    """Free-text facts of every class, so that a value leaking into the audit shows."""

    model_config = ConfigDict(extra="forbid")

    ordinaire: str | None = fact(None, label="Ordinaire")
    sensible: str | None = fact(None, label="Sensible", sensitivity=Sensitivity.SENSITIVE)
    restreint: str | None = fact(None, label="Restreint", sensitivity=Sensitivity.RESTRICTED)


TRIAL = TrackDefinition(
    id="essai", label="Démarche d'essai", domain="essai", initial="ouvert",
    steps=(StepDefinition(id="ouvert", label="Ouvert", facts=TrialFacts),),
    transitions=(TransitionDefinition(trigger="noter", label="Noter", source=("ouvert",),
                                      dest="ouvert", roles=CASEWORKERS, facts=TrialFacts),))


class Trial:
    @hookimpl
    def parcours_track_definitions(self):
        return [TRIAL]


def trial_host() -> PluginHost:
    return build_plugin_host(load_entrypoints=False, extra=[("essai", Trial())])


@dataclass
class World:
    """One copy of the world: the app, who is signed in, and the numbers of what exists."""

    app: Parcours
    secrets: dict[str, str]
    ids: dict[str, int]
    tmp: Path
    extra_canaries: list[str] = field(default_factory=list)

    def cred(self, name: str) -> svc.Credential:
        """``name``'s credential; an unknown name gets a well-formed secret of no session."""
        return svc.Credential(self.secrets.get(name, "pcs_" + "0" * 43))

    @property
    def canaries(self) -> tuple[str, ...]:
        return (*CANARIES, *self.secrets.values(), *self.extra_canaries)


@dataclass(frozen=True)
class Template:
    path: Path
    secrets: dict[str, str]
    ids: dict[str, int]
    key_file: Path | None = None
    """The base's key file: each copy gets its own (a key rotation changes it)."""


def build(directory: Path, url: str | None = None) -> Template:
    """Write the world once through the services; returns where it is and who is signed in.

    ``url`` builds it in another base (PostgreSQL) than the SQLite file of ``directory``.
    """
    path = directory / "world.db"
    app = make_app(url or f"sqlite:///{path}", host=trial_host(), today=TODAY)
    try:
        admin = who(app, "admin")
        svc.add_delegation(app, admin, "lyon", "Lyon")
        svc.add_user(app, admin, "yann", "referent", PASSWORD, ["lyon"])
        camille, yann = who(app, "camille"), who(app, "yann")
        person = svc.add_person(app, camille, ALIAS).id
        follow(app, person, "camille")
        shared = svc.give_consent(app, camille, person, "partage", partner=PARTNER).id
        svc.start_track(app, camille, person, "essai")
        svc.advance(app, camille, person, "essai", "noter", facts=FACT_VALUES,
                    note=TRANSITION_NOTE)
        svc.add_note(app, camille, person, NOTE_TEXT)
        unfollowed = svc.add_person(app, camille, OTHER_ALIAS).id
        abroad = svc.add_person(app, yann, ABROAD_ALIAS).id
        erasable = svc.add_person(app, camille, ERASED_ALIAS).id
        svc.add_note(app, camille, erasable, NOTE_TEXT)
        dropin = svc.open_dropin(app, who(app, "bea"), TODAY).id
        token = svc.create_token(app, camille, timedelta(days=30), label=TOKEN_LABEL)
        svc.place_hold(app, who(app, "sonia"), person, HOLD_REASON)
        # An erasure needs a recent confirmation of the password (10 minutes of real time).
        svc.reauthenticate(app, who(app, "sonia"), PASSWORD)
        secrets = {name: who(app, name).secret
                   for name in ("admin", "bea", "sam", "camille", "sonia", "yann")}
        secrets["camille-token"] = token.secret
        ids = {"person": person, "unfollowed": unfollowed, "abroad": abroad, "dropin": dropin,
               "erasable": erasable, "token": token.session_id, "shared": shared}
        key_file = app.keys.keyfile.path
    finally:
        app.close()
    return Template(path, secrets, ids, key_file)


def open_copy(template: Template, directory: Path) -> World:
    """A private copy of the world (the file is closed and checkpointed: a plain copy is whole)."""
    target = directory / "copy.db"
    shutil.copyfile(template.path, target)
    key_file = None
    if template.key_file is not None:
        (directory / "cles").mkdir(mode=0o700, exist_ok=True)
        key_file = shutil.copy2(template.key_file, directory / "cles" / "copy.json")
    app = Parcours.open(f"sqlite:///{target}", host=trial_host(), today=TODAY, security=FAST,
                        key_file=str(key_file) if key_file else None)
    return World(app, dict(template.secrets), dict(template.ids), directory)
