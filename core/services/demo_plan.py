"""The demo year as a plan: who comes when, and what happens to each person, day by day.

Pure and deterministic: a seeded :class:`random.Random` and Faker ``fr_FR`` (aliases are first
names, never real records) decide the drop-in days (most Tuesdays, 48 in the year), the
volunteers and their hours, the persons with their first visit and their visits, and each
person's story: her pathway (recognised, followed by a referent once her consent to it is
recorded, paused, lost from sight, closed, reinserted) and the tracks of the domains she is
helped in, each a path of transitions with the facts a caseworker would enter.
:mod:`core.services.demo` plays the plan through the services' own code, so every event,
deadline and projection is real.

The paths name track definitions and triggers of the built-in tracks and of the bundled
plugins (asile, santé, logement, emploi, plainte); a path whose definition is not installed
is skipped. Tracks are left at many points of their paths on 31 December, some past their
deadlines or waiting on an authority for too long, so the review queue has work in it.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, time, timedelta
from decimal import Decimal
from typing import Any

from dateutil.relativedelta import relativedelta

Value = Any | Callable[[date, random.Random], Any]
OPEN_AT, CLOSE_AT = time(13, 30), time(18, 30)
DROPINS_PER_YEAR = 48
ROLES = {"superviseur": 2, "referent": 5, "stagiaire": 3, "benevole": 22}
NEW_PERSONS, KNOWN_PERSONS = 300, 130
"""Persons whose first visit is in the year, and persons known from the year before."""
RECITS = 150
"""Asylum tracks whose *récit de vie* is written in the year."""
DOMAIN_QUOTAS = {"asile": 170, "psp": 30, "sante": 90, "logement": 70, "emploi": 45, "plainte": 20}
"""Persons helped in each domain during the year (in this order: health coverage depends on
the stay documents the asylum and PSP tracks give)."""
ASYLUM_REGISTERED = ("enregistrer_procedure_normale", "enregistrer_procedure_acceleree")
STAY_GIVEN = (*ASYLUM_REGISTERED, "delivrer")
"""Triggers after which a person holds a regular stay document."""
ASYLUM_WAIT = timedelta(days=93)
"""An adult asylum seeker asks for PUMa more than 3 months after registration (93 days is
more than any 3 months)."""
FREQUENCIES = ((0.45, 0.18), (0.15, 0.40), (0.04, 0.42))
"""(probability of coming to each later drop-in, share of persons)."""


def _plus(**delta: int) -> Callable[[date, random.Random], str]:
    return lambda day, _rng: (day + relativedelta(**delta)).isoformat()


def _pick(*choices: Any) -> Callable[[date, random.Random], Any]:
    return lambda _day, rng: rng.choice(choices)


def _years_ago(low: int, high: int) -> Callable[[date, random.Random], str]:
    return lambda day, rng: (day - timedelta(days=rng.randint(365 * low, 365 * high))).isoformat()


@dataclass(frozen=True)
class Move:
    """One transition of a path: its trigger (or weighted alternatives) and when it comes."""

    trigger: str | tuple[tuple[str, float, dict[str, Value]], ...]
    """A trigger, or (trigger, weight, facts of that alternative) to draw from."""
    after: tuple[int, int]
    """Days after the previous move (or the track's start), drawn between the two."""
    facts: dict[str, Value] = field(default_factory=dict)
    """Facts beyond those the schema makes up (dates default to the move's day)."""
    ends: tuple[str, ...] = ()
    """Alternatives after which the path stops (a refusal, say)."""

    def choose(self, rng: random.Random) -> tuple[str, dict[str, Value]]:
        if isinstance(self.trigger, str):
            return self.trigger, self.facts
        trigger, _, facts = rng.choices(self.trigger, [w for _, w, _ in self.trigger])[0]
        return trigger, {**self.facts, **facts}


M_ = Move
ATDA = {"sejour_regulier_jusquau": _plus(months=10)}
PATHS: dict[str, tuple[Move, ...]] = {
    "asile": (
        M_("pre_enregistrer", (1, 4)),
        M_((("enregistrer_procedure_normale", 0.8, {}), ("enregistrer_procedure_acceleree", 0.2, {})),
           (3, 9), ATDA),
        M_("rediger_recit", (3, 10), {"langue_recit": _pick("français", "anglais", "arabe",
                                                            "tigrinya", "espagnol"),
                                      "recit_traduit_francais": True}),
        M_("envoyer_ofpra", (2, 6)),
        M_("enregistrer_introduction", (10, 30)),
        M_("convoquer", (40, 140), {"date_entretien": _plus(days=30),
                                    "accompagnement_entretien": _pick("aucun", "association_habilitee")}),
        M_("passer_entretien", (30, 30)),
        M_((("accorder_protection", 0.55, {"protection": _pick("refugiee", "protection_subsidiaire")}),
            ("rejeter", 0.45, {"droit_au_maintien": True})), (30, 110),
           {"sejour_regulier_jusquau": _plus(months=6)}),
    ),
    "psp": (
        M_("signer_document", (10, 30)),
        M_("constituer_dossier", (10, 30)),
        M_("transmettre", (5, 15)),
        M_("enregistrer_avis", (20, 60)),
        M_((("autoriser", 0.85, {}), ("refuser", 0.15, {})), (7, 30), ends=("refuser",)),
        M_("transmettre_renouvellement", (110, 125)),
        M_("renouveler", (20, 40)),
    ),
    "psp_aps": (M_("demander", (5, 15)),
                M_("delivrer", (15, 40), {"sejour_regulier_jusquau": _plus(months=6)})),
    "psp_afis": (
        M_("demander", (3, 10), {"situation_sejour": "aps", "beneficiaire_rsa": False,
                                 "beneficiaire_ada": False, "date_naissance": _years_ago(22, 45),
                                 "ressources_mois_precedent": _pick(0, 80, 150, 240)}),
        M_("accorder", (20, 60)),
    ),
    "sante_domiciliation": (
        M_("demander", (3, 20)),
        M_("domicilier", (10, 40)),
    ),
    "sante_couverture": (
        M_("demander_ame", (10, 40), {"date_arrivee_france": _years_ago(1, 6)}),
        M_("accorder_ame", (30, 75)),
    ),
    "sante_couverture+sejour": (
        M_("demander_puma", (10, 40)),
        M_("ouvrir_puma", (30, 75)),
    ),
    "sante_soins": (M_("orienter", (5, 30)), M_("honorer_rdv", (7, 30))),
    "logement_hebergement": (
        M_("appeler_115", (0, 5)),
        M_("heberger", (1, 2)),
        M_("orienter_siao", (20, 60)),
        M_("admettre", (20, 50)),
    ),
    "emploi_formation": (
        M_("orienter_francais", (10, 40)),
        M_("commencer", (20, 60)),
        M_("terminer", (60, 150)),
    ),
    "plainte": (
        M_("informer_delai_reflexion", (5, 20)),
        M_("deposer_plainte", (20, 45), {"recepisse_remis": True, "consentement_eclaire": True,
                                         "evaluation_risques": True}),
        M_((("classer_sans_suite", 0.5, {}), ("engager_poursuites", 0.5, {})), (60, 150)),
    ),
}
"""Each track definition's path through its steps, as a caseworker would walk it; a
``definition+variant`` key is another path of the same definition."""
DOMAIN_TRACKS = {
    "asile": ("asile",), "psp": ("psp",), "logement": ("logement_hebergement",),
    "emploi": ("emploi_formation",), "plainte": ("plainte",),
    "sante": ("sante_domiciliation", "sante_couverture", "sante_soins"),
}
"""The tracks a person helped in a domain gets, the later ones following the first."""
ALIASES = ("Lulu", "Bijou", "Kiki", "Nana", "Titi", "Choupette", "Mimi", "Zaza", "Lolo", "Doudou")
"""Nicknames, besides Faker's French first names."""


@dataclass
class Op:
    """One thing to do for a person, on a day, as a given user."""

    day: date
    kind: str
    """``add``, ``consent`` (her consent to ``facts["purpose"]``), ``start`` or ``advance``."""
    actor: str
    definition: str = ""
    trigger: str = ""
    facts: dict[str, Any] = field(default_factory=dict)
    seq: int = 0


@dataclass
class PersonPlan:
    alias: str
    first_visit: date
    visits: list[int] = field(default_factory=list)
    """Indexes of the drop-ins she came to."""
    ops: list[Op] = field(default_factory=list)


@dataclass
class DropInPlan:
    day: date
    volunteers: list[tuple[str, Decimal]]
    anonymous: list[int]
    """Anonymous visitor counts, one row each."""


@dataclass
class YearPlan:
    year: int
    users: dict[str, str]
    """User name → role."""
    dropins: list[DropInPlan]
    persons: list[PersonPlan]


# --- drop-ins and users ------------------------------------------------------------------

def dropin_days(year: int) -> list[date]:
    """48 Tuesdays: public holidays and summer and Christmas closures left out."""
    import holidays  # only the plan needs it

    off = holidays.country_holidays("FR", years=year)
    first = date(year, 1, 1) + timedelta(days=(1 - date(year, 1, 1).weekday()) % 7)
    tuesdays = [first + timedelta(weeks=w) for w in range(53) if (first + timedelta(weeks=w)).year == year]
    days = [d for d in tuesdays if d not in off]
    closures = sorted((d for d in days if d.month == 8), key=lambda d: abs(d.day - 15)) \
        + [d for d in reversed(days) if d.month == 12] + [d for d in days if d.month == 1]
    for day in closures:
        if len(days) <= DROPINS_PER_YEAR:
            break
        days.remove(day)
    return days


def make_users(fake: Any, taken: set[str]) -> dict[str, str]:
    """Fictitious users of every role (first name and initial), unique among ``taken``."""
    users: dict[str, str] = {}
    for role, count in ROLES.items():
        while sum(1 for r in users.values() if r == role) < count:
            name = f"{fake.first_name_female()} {fake.last_name()[0]}."
            if name not in taken and name not in users:
                users[name] = role
    return users


def _dropins(rng: random.Random, days: list[date], users: dict[str, str]) -> list[DropInPlan]:
    present = [n for n, r in users.items() if r in ("benevole", "stagiaire")]
    staff = [n for n, r in users.items() if r in ("referent", "superviseur")]
    plans = []
    for day in days:
        names = rng.sample(present, rng.randint(8, 10)) + rng.sample(staff, rng.randint(0, 2))
        hours = [Decimal(str(rng.choice((5, 5, 5, 5, 5, 5, 4.5, 4)))) for _ in names]
        anonymous = [rng.randint(3, 9) for _ in range(rng.randint(2, 3))]
        plans.append(DropInPlan(day, list(zip(names, hours, strict=True)), anonymous))
    return plans


# --- persons ---------------------------------------------------------------------------

def _aliases(fake: Any, rng: random.Random, count: int) -> list[str]:
    seen: set[str] = set()
    out: list[str] = []
    while len(out) < count:
        base = rng.choice(ALIASES) if rng.random() < 0.08 else fake.first_name_female()
        alias = base if base not in seen else f"{base} {fake.last_name()[0]}."
        if alias not in seen:
            seen.add(alias)
            out.append(alias)
    return out


def _persons(fake: Any, rng: random.Random, year: int, days: list[date]) -> list[PersonPlan]:
    aliases = _aliases(fake, rng, NEW_PERSONS + KNOWN_PERSONS)
    persons = []
    for i, alias in enumerate(aliases):
        known = i >= NEW_PERSONS
        arrival = 0 if known else rng.randrange(len(days))
        first = (date(year - 1, 1, 10) + timedelta(days=rng.randrange(330))) if known \
            else days[arrival]
        p = rng.choices([f for f, _ in FREQUENCIES], [w for _, w in FREQUENCIES])[0]
        visits = [] if known else [arrival]
        visits += [j for j in range(arrival + (0 if known else 1), len(days)) if rng.random() < p]
        persons.append(PersonPlan(alias, first, visits or [rng.randrange(len(days))]))
    return persons


def _walk(rng: random.Random, path: str, start: date, moves: int, actor: str,
          end: date) -> list[Op]:
    """The start of a track and its first ``moves`` moves, stopping at the year's end."""
    definition = path.partition("+")[0]
    ops = [Op(start, "start", actor, definition)]
    day = start
    for move in PATHS[path][:moves]:
        day = day + timedelta(days=rng.randint(*move.after))
        if day > end:
            break
        trigger, facts = move.choose(rng)
        values = {k: (v(day, rng) if callable(v) else v) for k, v in facts.items()}
        ops.append(Op(day, "advance", actor, definition, trigger, values))
        if trigger in move.ends:
            break
    return ops


def _pathway(rng: random.Random, person: PersonPlan, followed: bool, referent: str,
             volunteer: str, end: date) -> list[Op]:
    day = person.first_visit
    ops = [Op(day, "add", volunteer)]
    if rng.random() < (0.95 if followed else 0.6):
        day += timedelta(days=rng.randint(7, 30))
        ops.append(Op(day, "advance", volunteer, "parcours", "reconnaitre"))
    if followed:
        day += timedelta(days=rng.randint(7, 40))
        # Her consent to follow-up is recorded in her file first, the day she gives it.
        ops.append(Op(day, "consent", referent, facts={"purpose": "suivi"}))
        ops.append(Op(day, "advance", referent, "parcours", "suivre", {"referent": referent}))
        roll = rng.random()
        later = day + timedelta(days=rng.randint(60, 200))
        if roll < 0.10:
            ops.append(Op(later, "advance", referent, "parcours", "mettre_en_pause",
                          {"motif_pause": None}))
            if rng.random() < 0.5:
                ops.append(Op(later + timedelta(days=rng.randint(20, 60)), "advance", referent,
                              "parcours", "reprendre_suivi"))
        elif roll < 0.16:
            ops.append(Op(later, "advance", referent, "parcours", "perdre_contact"))
        elif roll < 0.19:
            ops.append(Op(later, "advance", referent, "parcours", "reinserer",
                          {"date_reinsertion": later.isoformat()}))
    elif rng.random() < 0.12:
        ops.append(Op(day + timedelta(days=rng.randint(30, 120)), "advance", referent,
                      "parcours", "perdre_contact"))
    return [op for op in ops if op.day <= end]


def _stories(rng: random.Random, persons: list[PersonPlan], year: int, users: dict[str, str],
             installed: set[str]) -> None:
    end = date(year, 12, 31)
    referents = [n for n, r in users.items() if r == "referent"]
    volunteers = [n for n, r in users.items() if r == "benevole"]
    order = sorted(range(len(persons)), key=lambda i: -len(persons[i].visits))
    followed = set(order[:int(len(persons) * 0.45)])
    helped: dict[int, list[str]] = {i: [] for i in range(len(persons))}
    others = sorted(set(range(len(persons))) - followed)
    for domain, quota in DOMAIN_QUOTAS.items():
        # Followed persons first; asylum help starts early enough for the récit in the year.
        early = (lambda i: persons[i].first_visit <= date(year, 10, 25)) if domain == "asile" \
            else (lambda i: True)
        pool = []
        for group in (sorted(followed), others):
            chosen = [i for i in group if early(i)]
            rng.shuffle(chosen)
            pool += chosen
        for i in pool[:quota]:
            helped[i].append(domain)
    recits = 0
    supervisors = [n for n, r in users.items() if r == "superviseur"]
    for i, person in enumerate(persons):
        referent, volunteer = rng.choice(referents), rng.choice(volunteers)
        person.ops = _pathway(rng, person, i in followed, referent, volunteer, end)
        # Case work on a person nobody follows is done by a supervisor of the delegation:
        # a referent may only act on the files of the persons she follows.
        if i not in followed:
            referent = supervisors[i % len(supervisors)]
        begin = max(person.first_visit, date(year, 1, 2))
        for domain in helped[i]:
            start = begin + timedelta(days=rng.randint(0, 21))
            if domain == "asile":
                moves = 3 + rng.choice((0, 0, 1, 1, 2, 3, 3, 4, 5)) if recits < RECITS else rng.randint(0, 2)
                recits += moves >= 3
                start = min(start, date(year, 11, 15)) if moves >= 3 else start
                person.ops += _track(rng, "asile", start, moves, referent, end, installed)
            elif domain == "psp":
                person.ops += _psp(rng, start, referent, end, installed)
            elif domain == "sante":
                person.ops += _sante(rng, start, referent, end, installed, person.ops)
            else:
                for definition in DOMAIN_TRACKS[domain]:
                    person.ops += _track(rng, definition, start,
                                         rng.randint(1, len(PATHS[definition])), referent, end,
                                         installed)
    for i in [j for j in range(len(persons)) if j not in followed][:12]:
        person = persons[i]
        # The volunteer drawn here only kept the year's other draws as they were: the
        # domiciliation request is case work, done by a supervisor.
        rng.choice(volunteers)
        person.ops += _track(rng, "sante_domiciliation", person.first_visit + timedelta(days=7), 0,
                             supervisors[i % len(supervisors)], end, installed)
    for i, person in enumerate(persons):
        person.ops.sort(key=lambda op: (op.day, op.seq))
        _before_follow_up(person, supervisors[i % len(supervisors)])


def _before_follow_up(person: PersonPlan, supervisor: str) -> None:
    """Case work done before the person's referent took her into follow-up is done by a
    supervisor: until then the referent may only see her front desk."""
    follows = next((op for op in person.ops if op.trigger == "suivre"), None)
    for op in person.ops:
        case_work = op.definition not in ("", "parcours")
        if case_work and (follows is None or op.day < follows.day or
                          (op.day == follows.day and op.seq < follows.seq)):
            if follows is None or op.actor == follows.actor:
                op.actor = supervisor


def _track(rng: random.Random, path: str, start: date, moves: int, actor: str,
           end: date, installed: set[str]) -> list[Op]:
    if path.partition("+")[0] not in installed or start > end:
        return []
    return _walk(rng, path, start, moves, actor, end)


def _reached(ops: list[Op], *triggers: str) -> date | None:
    return min((op.day for op in ops if op.trigger in triggers), default=None)


def _sante(rng: random.Random, start: date, actor: str, end: date, installed: set[str],
           before: list[Op]) -> list[Op]:
    """Domiciliation first; once domiciled, health coverage (PUMa with a regular stay, after
    the asylum seekers' wait, else AME), then care."""
    ops = _track(rng, "sante_domiciliation", start, rng.randint(1, 2), actor, end, installed)
    domiciled = _reached(ops, "domicilier")
    if domiciled is None:
        return ops
    day = domiciled + timedelta(days=rng.randint(1, 20))
    stay = _reached(before, *STAY_GIVEN)
    path = "sante_couverture+sejour" if stay and stay < day else "sante_couverture"
    registered = _reached(before, *ASYLUM_REGISTERED)
    if path.endswith("+sejour") and registered is not None:
        day = max(day, registered + ASYLUM_WAIT)
    cover = _track(rng, path, day, rng.randint(1, 2), actor, end, installed)
    covered = _reached(cover, "accorder_ame", "ouvrir_puma")
    care = _track(rng, "sante_soins", covered + timedelta(days=rng.randint(1, 30)),
                  rng.randint(0, 2), actor, end, installed) if covered else []
    return ops + cover + care


def _psp(rng: random.Random, start: date, actor: str, end: date, installed: set[str]) -> list[Op]:
    """A PSP walked towards authorisation; once authorised, the APS then the AFIS."""
    moves = rng.choice((1, 2, 3, 4, 5, 5, 5, 6, 7))
    ops = _track(rng, "psp", start, moves, actor, end, installed)
    authorised = next((op.day for op in ops if op.trigger == "autoriser"), None)
    if authorised is None:
        return ops
    aps = _track(rng, "psp_aps", authorised + timedelta(days=rng.randint(1, 10)),
                 rng.randint(1, 2), actor, end, installed)
    delivered = next((op.day for op in aps if op.trigger == "delivrer"), None)
    afis = _track(rng, "psp_afis", delivered + timedelta(days=rng.randint(1, 10)),
                  rng.randint(1, 2), actor, end, installed) if delivered else []
    return ops + aps + afis


def make_plan(year: int, seed: int, taken_users: set[str], installed: set[str],
              users: dict[str, str] | None = None) -> YearPlan:
    """The plan of one delegation's year; ``users`` reuses a delegation's users."""
    from faker import Faker  # only the demo needs it

    fake = Faker("fr_FR")
    fake.seed_instance(seed)
    rng = random.Random(seed)
    users = users or make_users(fake, taken_users)
    days = dropin_days(year)
    persons = _persons(fake, rng, year, days)
    _stories(rng, persons, year, users, installed)
    for person in persons:
        for n, op in enumerate(person.ops):
            op.seq = n
    return YearPlan(year, users, _dropins(rng, days, users), persons)
