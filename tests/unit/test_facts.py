"""Facts: dates in both French formats, impossible dates, types, unknown fields, choices."""

from __future__ import annotations

import copy
from datetime import date

import pytest

from core import InputError, InvalidFacts, Role
from core.builtin.schemas import (AfisDemandeFacts, ClotureFacts, CommissionFacts,
                                  ReinsertionFacts)
from core.engine.facts import parse_date, validate_facts

DATE_PROBLEM = "date attendue au format AAAA-MM-JJ ou JJ/MM/AAAA"


def reinsertion(**values):
    return {"date_reinsertion": "2026-03-02", **values}


@pytest.mark.parametrize("text", ["2026-03-02", "02/03/2026", "2/3/2026"])
def test_dates_accepted_in_both_formats_and_stored_as_iso(text):
    assert validate_facts(ReinsertionFacts, reinsertion(date_reinsertion=text)) == {
        "date_reinsertion": "2026-03-02"}


def test_a_date_object_is_accepted_as_is():
    assert validate_facts(ReinsertionFacts, reinsertion(date_reinsertion=date(2026, 3, 2))) == {
        "date_reinsertion": "2026-03-02"}


@pytest.mark.parametrize("text", ["31/04/2026", "2026-04-31", "29/02/2027", "02/03/26", "demain"])
def test_impossible_or_malformed_dates_are_refused_in_french(text):
    with pytest.raises(InvalidFacts) as info:
        validate_facts(ReinsertionFacts, reinsertion(date_reinsertion=text))
    assert info.value.msg == f"Saisie invalide : Date de la réinsertion (date_reinsertion) : {DATE_PROBLEM}."
    assert info.value.problems == [{"field": "date_reinsertion", "label": "Date de la réinsertion",
                                    "problem": DATE_PROBLEM}]
    assert info.value.title == "Saisie invalide"


def test_parse_date_names_the_bad_value():
    with pytest.raises(InputError) as info:
        parse_date("31/04/2026")
    assert info.value.msg == ("Date invalide « 31/04/2026 » : attendu AAAA-MM-JJ ou JJ/MM/AAAA en "
                              "chiffres, sans espace, et une date qui existe.")
    assert parse_date("29/02/2028") == date(2028, 2, 29)


@pytest.mark.parametrize("text", ["٠١/٠٢/٢٠٢٦", "０１/０２/２０２６", " 1/02/2026", "1/ 02/2026",
                                  "+1/02/2026", " 02/03/2026 ", "2026-03-02\n", "20260302",
                                  "2026-W09-1", "1/2/26", "", "1_0/02/2026"])
def test_only_ascii_digits_in_the_two_formats_are_dates(text):
    with pytest.raises(InputError, match="Date invalide"):
        parse_date(text)


@pytest.mark.parametrize("text", ["0001-01-01", "01/01/0026", "2206-03-02", "1899-12-31"])
def test_a_year_nobody_means_is_refused(text):
    with pytest.raises(InputError, match="Date invraisemblable .* entre 1900 et 2100"):
        parse_date(text)
    with pytest.raises(InvalidFacts, match="date invraisemblable"):
        validate_facts(ReinsertionFacts, reinsertion(date_reinsertion=text))
    with pytest.raises(InvalidFacts, match="date invraisemblable"):
        validate_facts(ReinsertionFacts, reinsertion(date_reinsertion=date(
            int(text[-4:]) if "/" in text else int(text[:4]), 1, 1)))


def test_31_april_through_the_engine_changes_nothing(engine, referent, today):
    state = engine.start("parcours")
    before = copy.deepcopy(state)
    with pytest.raises(InvalidFacts, match=r"\(dernier_contact\) : date attendue"):
        engine.fire(state, "perdre_contact", referent, today=today,
                    facts={"dernier_contact": "31/04/2026"})
    assert state == before


def test_wrong_types_are_each_reported():
    values = {"date_demande_afis": "2026-03-01", "situation_sejour": "aps",
              "ressources_mois_precedent": "beaucoup", "beneficiaire_rsa": "peut-être",
              "beneficiaire_ada": "non"}
    with pytest.raises(InvalidFacts) as info:
        validate_facts(AfisDemandeFacts, values)
    problems = {p["field"]: p["problem"] for p in info.value.problems}
    assert problems == {"ressources_mois_precedent": "nombre attendu",
                        "beneficiaire_rsa": "oui ou non attendu"}
    labels = {p["field"]: p["label"] for p in info.value.problems}
    assert labels["ressources_mois_precedent"] == "Ressources du mois précédent (€)"


def test_yes_no_and_numbers_given_as_text_are_converted():
    values = {"date_demande_afis": "01/03/2026", "situation_sejour": "recepisse",
              "ressources_mois_precedent": "120.5", "beneficiaire_rsa": "non",
              "beneficiaire_ada": "Oui"}
    assert validate_facts(AfisDemandeFacts, values) == {
        "date_demande_afis": "2026-03-01", "situation_sejour": "recepisse",
        "ressources_mois_precedent": 120.5, "beneficiaire_rsa": False, "beneficiaire_ada": True}


def test_a_negative_amount_is_refused():
    values = {"date_demande_afis": "2026-03-01", "situation_sejour": "aps",
              "ressources_mois_precedent": -3, "beneficiaire_rsa": False,
              "beneficiaire_ada": False}
    with pytest.raises(InvalidFacts, match="ressources_mois_precedent"):
        validate_facts(AfisDemandeFacts, values)


def test_unknown_field_is_refused():
    with pytest.raises(InvalidFacts) as info:
        validate_facts(ReinsertionFacts, reinsertion(couleur="bleu"))
    assert info.value.msg == "Saisie invalide : couleur : champ inconnu pour cette étape."


def test_unknown_field_on_a_step_without_facts(engine, actors, today):
    state = engine.start("parcours")
    with pytest.raises(InvalidFacts, match="champ inconnu"):
        engine.fire(state, "reconnaitre", actors[Role.BENEVOLE], today=today, facts={"x": 1})
    assert state.step == "premier_accueil"


def test_missing_required_facts_are_all_listed():
    with pytest.raises(InvalidFacts) as info:
        validate_facts(CommissionFacts, {})
    assert sorted(p["field"] for p in info.value.problems) == ["avis", "date_commission"]
    assert {p["problem"] for p in info.value.problems} == {"information obligatoire manquante"}


def test_choice_field_accepts_a_listed_value_and_names_the_choices_otherwise():
    assert validate_facts(ClotureFacts, {"motif_cloture": "demenagement"}) == {
        "motif_cloture": "demenagement"}
    with pytest.raises(InvalidFacts) as info:
        validate_facts(ClotureFacts, {"motif_cloture": "lassitude"})
    assert info.value.msg == ("Saisie invalide : Motif de clôture (motif_cloture) : valeur attendue parmi : "
                              "souhait_personne, demenagement, orientation_autre_structure, "
                              "deces, autre.")


def test_available_actions_describe_the_fields(engine, referent, today):
    state = engine.start("parcours")
    engine.fire(state, "reconnaitre", referent, today=today)
    views = {v.trigger: v for v in engine.available_actions(state, referent, today)}
    clore = {f.name: f for f in views["clore"].fields}
    assert clore["motif_cloture"].type == "choice"
    assert clore["motif_cloture"].required is True
    assert "deces" in clore["motif_cloture"].choices
    assert clore["precision"].sensitivity == "restricted"
    assert clore["precision"].required is False
    suivre = {f.name: f.type for f in views["suivre"].fields}
    assert suivre == {"referent": "text"}  # her consent is recorded in her file, not here
