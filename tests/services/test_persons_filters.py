"""Listing persons with filters and paging, as the TUI's people screen asks for them."""

from __future__ import annotations

import functools

import pytest

from core import services as svc
from core.errors import InputError, PermissionDenied
from core.schemas import PersonView
from datetime import date
from tests.accounts import follow, pieces_of, who, with_clock

ALIASES = ["Amina", "Éloïse", "eloise B", "Zoé", "Béa", "Chloé"]


@pytest.fixture
def people(app) -> dict[str, int]:
    """Six persons: Amina followed by camille, Zoé in the PSP, Éloïse known."""
    ids = {alias: svc.add_person(app, who(app, "bea"), alias).id for alias in ALIASES}
    follow(app, ids["Amina"], "camille")
    svc.advance(app, who(app, "camille"), ids["Éloïse"], "parcours", "reconnaitre")
    svc.start_track(app, who(app, "camille"), ids["Zoé"], "psp")
    return ids


def aliases(views: list[PersonView]) -> list[str]:
    return [p.alias for p in views]


NEWEST_FIRST = ["Chloé", "Béa", "Zoé", "eloise B", "Éloïse", "Amina"]
"""Everyone was last seen the same day: the most recently added come first."""


def test_without_filters_the_list_is_the_most_recent_contact_first(app, people):
    assert aliases(svc.list_persons(app, who(app, "bea"))) == NEWEST_FIRST
    assert aliases(svc.list_persons(app, who(app, "bea"), search="ELOÏ")) == ["eloise B", "Éloïse"]
    assert aliases(svc.list_persons(app, who(app, "bea"), limit=2)) == ["Chloé", "Béa"]


def test_someone_seen_again_comes_first(app, people):
    dropin = svc.open_dropin(app, who(app, "bea"), date(2026, 3, 11))
    that_day = with_clock(app, date(2026, 3, 11))  # recorded on the day it happens
    svc.record_visit(that_day, who(that_day, "bea"), dropin.id, people["Amina"])
    assert aliases(svc.list_persons(app, who(app, "bea")))[0] == "Amina"


def test_search_finds_a_part_of_an_alias_in_any_case_and_accent(app, people):
    for typed, expected in (("ami", ["Amina"]), ("MINA", ["Amina"]), ("oé", ["Chloé", "Zoé"]),
                            ("ise b", ["eloise B"]), ("zz", []), ("e", ["Chloé", "Béa", "Zoé", "eloise B",
                                                                       "Éloïse"])):
        assert aliases(svc.list_persons(app, who(app, "bea"), search=typed)) == expected, typed


def test_list_views_match_the_file_views(app, people):
    for listed in svc.list_persons(app, who(app, "camille")):
        shown = svc.show_person(app, who(app, "camille"), listed.id)
        assert listed.model_copy(update={"cursor": None}) == shown.model_copy(
            update={"tracks": (), "consents": None})


def test_paging_walks_the_whole_list_once(app, people):
    pages = [aliases(svc.list_persons(app, who(app, "bea"), offset=o, limit=4)) for o in (0, 4, 8)]
    assert pages == [NEWEST_FIRST[:4], NEWEST_FIRST[4:], []]


def test_filter_by_referent(app, people):
    assert aliases(svc.list_persons(app, who(app, "camille"), referent="camille")) == ["Amina"]
    assert svc.list_persons(app, who(app, "sonia"), referent="admin") == []  # follows nobody
    with pytest.raises(InputError, match="Aucun compte de vos délégations ne s'appelle « personne »"):
        svc.list_persons(app, who(app, "sonia"), referent="personne")
    assert svc.list_persons(app, who(app, "sonia"), referent="camille")[0].referent == "camille"


def test_only_supervisors_filter_by_someone_elses_referent(app, people):
    """Who follows whom is case content: a volunteer sees only whether someone is followed."""
    for user in ("bea", "camille"):
        with pytest.raises(PermissionDenied):
            svc.list_persons(app, who(app, user), referent="sonia")
    listed = {p.alias: p for p in svc.list_persons(app, who(app, "bea"))}
    assert (listed["Amina"].referent, listed["Amina"].has_referent) == (None, True)
    assert listed["Amina"].view == "front_desk" and listed["Zoé"].domains == ("psp",)


def test_filter_by_pathway_step(app, people):
    assert aliases(svc.list_persons(app, who(app, "bea"), pathway_step="connue")) == ["Éloïse"]
    assert aliases(svc.list_persons(app, who(app, "bea"), pathway_step="suivi_individuel")) == ["Amina"]
    assert len(svc.list_persons(app, who(app, "bea"), pathway_step="premier_accueil")) == 4


def test_filter_by_domain_counts_open_tracks_only(app, people):
    assert aliases(svc.list_persons(app, who(app, "bea"), domain="psp")) == ["Zoé"]
    svc.advance(app, who(app, "sonia"), people["Zoé"], "psp", "abandonner",
                facts={"motif_cloture": "autre"})
    assert svc.list_persons(app, who(app, "bea"), domain="psp") == []
    assert len(svc.list_persons(app, who(app, "bea"), domain="parcours")) == 6
    # A domain no track has is refused, not answered with an empty list that looks like "no one".
    with pytest.raises(InputError, match="Domaine inconnu « inconnu »"):
        svc.list_persons(app, who(app, "bea"), domain="inconnu")


def test_filters_combine_with_search_and_paging(app, people):
    found = svc.list_persons(app, who(app, "bea"), search="e", pathway_step="premier_accueil",
                             offset=1, limit=2)
    assert aliases(found) == ["Béa", "Zoé"]
    assert svc.count_persons(app, who(app, "bea"), search="e", pathway_step="premier_accueil") == 4


def test_count_matches_the_list(app, people):
    for kwargs in ({}, {"search": "o"}, {"referent": "camille"}, {"domain": "psp"},
                   {"pathway_step": "connue"}):
        assert svc.count_persons(app, who(app, "sonia"), **kwargs) == len(
            svc.list_persons(app, who(app, "sonia"), **kwargs))


def test_an_unknown_actor_cannot_count(app):
    with pytest.raises(PermissionDenied):
        svc.count_persons(app, who(app, "inconnu"))


@pytest.fixture
def maries(any_app) -> None:
    """Thirty persons sharing a name, added in order (the last added comes first); the
    tests that use them run on SQLite, and on PostgreSQL where a server is configured."""
    for n in range(30):
        svc.add_person(any_app, who(any_app, "bea"), f"Marie {n:02d}")


def test_a_search_opens_a_batch_of_candidates_not_every_match(any_app, maries, monkeypatch):
    app = any_app
    from core.services import aliases as alias_module
    opened: list[int] = []
    real = alias_module.read
    monkeypatch.setattr(alias_module, "read",
                        lambda call, persons: opened.append(len(persons)) or real(call, persons))
    page = svc.list_persons(app, who(app, "bea"), search="marie", limit=5)
    assert aliases(page) == [f"Marie {n:02d}" for n in (29, 28, 27, 26, 25)]
    # One batch of candidates (20 at least), then the page's five: not the thirty matches.
    assert opened == [20, 5]


def test_a_search_pages_across_batches_of_candidates(any_app, maries, monkeypatch):
    app = any_app
    from core.services import persons
    monkeypatch.setattr(persons, "SEARCH_BATCH", 4)
    found = svc.list_persons(app, who(app, "bea"), search="MARIE", offset=3, limit=6)
    assert aliases(found) == [f"Marie {n:02d}" for n in range(26, 20, -1)]
    assert len(svc.list_persons(app, who(app, "bea"), search="marie")) == 30
    assert svc.count_persons(app, who(app, "bea"), search="marie 1") == 10


def test_a_search_narrows_the_base_once_or_twice_never_once_per_batch(any_app, maries, monkeypatch):
    app = any_app
    from core.services import persons
    from tests.statements import sent
    monkeypatch.setattr(persons, "SEARCH_BATCH", 3)

    def narrowings(run) -> int:
        with sent(app.db) as found:
            run()
        return len([s for s in found if "person_search" in s.sql])
    # A count opens every candidate, three at a time, from one statement.
    assert narrowings(lambda: svc.count_persons(app, who(app, "bea"), search="marie")) == 1
    # A page whose first candidates are not enough reads the rest in one more statement.
    assert narrowings(lambda: svc.list_persons(app, who(app, "bea"), search="marie",
                                               limit=5)) == 2
    assert svc.count_persons(app, who(app, "bea"), search="marie") == 30


def test_an_alias_two_persons_bear_asks_for_her_number(app, people):
    # It answered « Personne introuvable », as if no one bore it.
    assert svc.show_person(app, who(app, "bea"), "Zoé").id == people["Zoé"]
    twin = svc.add_person(app, who(app, "bea"), "Zoé").id
    with pytest.raises(InputError, match="Plusieurs personnes portent le pseudonyme « Zoé »"):
        svc.show_person(app, who(app, "bea"), "Zoé")
    assert svc.show_person(app, who(app, "bea"), twin).id == twin


def _ids(views: list[PersonView]) -> list[int]:
    return [v.id for v in views]


def _walk(app, name: str, size: int, **filters) -> list[PersonView]:
    """Every page of ``size``, each after the last person of the one before."""
    pages, last = [], None
    while True:
        page = svc.list_persons(app, who(app, name), limit=size, after=last, **filters)
        pages += page
        if len(page) < size:
            return pages
        last = page[-1].cursor


def test_pages_after_a_person_walk_the_whole_list_once(any_app, maries):
    """Keyset pages (``after`` the previous page's last person) give the list exactly once:
    ties on the last contact (everyone seen the same day) and persons never contacted (last,
    newest first) included."""
    from sqlalchemy import update

    from core.persistence.models import Person
    app = any_app
    whole = svc.list_persons(app, who(app, "bea"))
    never = [whole[4].id, whole[9].id]
    with app.db.write() as session:
        session.execute(update(Person).where(Person.id.in_(never)).values(last_contact_at=None))
    whole = svc.list_persons(app, who(app, "bea"))
    assert [p.id for p in whole[-2:]] == sorted(never, reverse=True)
    for size in (1, 4, 7, 30):
        assert _ids(_walk(app, "bea", size)) == _ids(whole), size
    assert _ids(_walk(app, "bea", 4, search="marie 1")) == _ids(svc.list_persons(
        app, who(app, "bea"), search="marie 1"))


def test_a_search_page_after_a_person_opens_no_alias_before_her(any_app, maries, monkeypatch):
    app = any_app
    from core.services import aliases as alias_module
    whole = svc.list_persons(app, who(app, "bea"), search="marie")
    after = svc.list_persons(app, who(app, "bea"), search="marie", limit=25)[-1].cursor
    opened: list[int] = []
    real = alias_module.read
    monkeypatch.setattr(alias_module, "read",
                        lambda call, persons: opened.append(len(persons)) or real(call, persons))
    page = svc.list_persons(app, who(app, "bea"), search="marie", limit=5, after=after)
    assert [p.id for p in page] == [p.id for p in whole[25:30]]
    assert opened == [5, 5]  # the five left, not the 25 before


def test_a_position_this_list_did_not_give_this_caller_is_refused(app, people):
    """A cursor is sealed for whom it was given: made up (to probe someone's last contact),
    altered, or another user's, it is refused; its text says nothing of the place."""
    given = svc.list_persons(app, who(app, "bea"), limit=2)[-1].cursor
    assert given and "|" not in given and "2026" not in given
    for bad in ("999", "2026-03-10T10:00:00+00:00|3", "-|3", given[:-2] + "AA"):
        with pytest.raises(InputError, match="n'est pas une suite de la liste des personnes"):
            svc.list_persons(app, who(app, "bea"), limit=2, after=bad)
    with pytest.raises(InputError, match="n'est pas une suite"):
        svc.list_persons(app, who(app, "sam"), limit=2, after=given)


def test_a_visit_between_two_pages_neither_repeats_nor_skips_anyone(app, people):
    """The cursor keeps the place of the page's last person: seen again meanwhile, she moves
    to the top, and the next page still starts where the first one stopped."""
    first = svc.list_persons(app, who(app, "bea"), limit=3)
    dropin = svc.open_dropin(app, who(app, "bea"), date(2026, 3, 11))
    that_day = with_clock(app, date(2026, 3, 11))
    svc.record_visit(that_day, who(that_day, "bea"), dropin.id, first[-1].id)
    rest = svc.list_persons(app, who(app, "bea"), limit=10, after=first[-1].cursor)
    assert aliases(first) + aliases(rest) == NEWEST_FIRST


def test_adding_a_second_person_with_an_alias_names_the_first(any_app):
    """Said, not refused: two persons may share an alias, but finding one by it then needs
    her number. Accents and case ignored; another delegation's or an erased one's aside."""
    app = any_app
    admin = who(app, "admin")
    svc.add_delegation(app, admin, "lyon", "Lyon")
    svc.set_delegations(app, admin, "sonia", ["principale", "lyon"])
    sonia = who(app, "sonia")
    first = svc.add_person(app, sonia, "Margot", delegation="principale")
    assert first.homonyms == ()
    assert svc.add_person(app, sonia, "Margot", delegation="lyon").homonyms == ()
    second = svc.add_person(app, sonia, "MARGÔT", delegation="principale")
    assert second.homonyms == (first.id,)
    assert svc.show_person(app, sonia, first.id).homonyms is None  # person add only
    # An administrator records persons but reads no front desk: nothing said of the others.
    assert svc.add_person(app, admin, "Margot", delegation="principale").homonyms is None


def test_an_alias_pasted_with_invisible_characters_is_the_alias_that_shows(app):
    """« Zo\u200bé » (a zero-width space) and « Zo\u200dé » looked like « Zoé » and were other
    aliases: the homonym warning missed them and no search for « zoé » found them."""
    bea = who(app, "bea")
    first = svc.add_person(app, bea, "Zoé")
    pasted = svc.add_person(app, bea, "\ufeffZo\u200bé")
    joined = svc.add_person(app, bea, "Zo\u200dé")
    assert (pasted.alias, pasted.homonyms) == ("Zoé", (first.id,))
    assert (joined.alias, joined.homonyms) == ("Zoé", (first.id, pasted.id))
    found = svc.list_persons(app, bea, search="zoé")
    assert sorted(p.id for p in found) == [first.id, pasted.id, joined.id]


@pytest.mark.parametrize("piece", [1, 2, 1_000])
def test_an_export_hands_the_list_over_in_pieces_in_its_order(app, people, monkeypatch, piece):
    """``each``: the persons come in pieces as they are read, in the list's order, a search,
    an offset and a limit counted among the matches as in a list returned whole; the very
    last one carries the cursor (sealed anew: the same place)."""
    from core.services import persons as listing
    bea = who(app, "bea")
    monkeypatch.setattr(listing, "PIECE", piece)
    for asked in ({}, {"search": "o"}, {"search": "o", "offset": 1, "limit": 2},
                  {"offset": 2, "limit": 3}, {"search": "personne"}):
        whole = svc.list_persons(app, bea, **asked)
        pieces = pieces_of(functools.partial(svc.list_persons, app, bea, **asked))
        exported = [p for part in pieces for p in part]
        assert [p.model_copy(update={"cursor": ""}) for p in exported] == \
            [p.model_copy(update={"cursor": ""}) for p in whole], asked
        assert all(len(part) <= piece for part in pieces)
        assert [bool(p.cursor) for p in exported] == [p is exported[-1] for p in exported]
        if whole:  # the same place: the same persons after it
            assert aliases(svc.list_persons(app, bea, after=exported[-1].cursor)) == \
                aliases(svc.list_persons(app, bea, after=whole[-1].cursor))


def test_a_search_narrows_from_three_letters_once_accents_and_case_are_dropped():
    """What an interface asks before counting a search (the people list counts only those)."""
    assert [svc.search_narrows(t) for t in ("m", "Ma", "  ma  ", "Mär", "É-l")] == [
        False, False, False, True, True]
