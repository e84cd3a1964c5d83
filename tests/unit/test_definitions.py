"""Definition validation: one test per defect class, each checking the French message."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from core import (CASEWORKERS, Catalog, CheckSpec, DeadlineRule, DefinitionError, LifeStory,
                  PluginError, RuleChoice,
                  StepDefinition, StepKind, TrackDefinition, TransitionDefinition, Unit, passed)
from core.builtin import AFIS, APS, PATHWAY, PSP
from core.definitions.validate import validate_definition

S, T = StepDefinition, TransitionDefinition
CHECKS = {"demo.ok"}
RULES = {"demo.delai"}


def demo(steps=None, transitions=None, initial="debut") -> TrackDefinition:
    """A valid three-step track, or the same with the steps/transitions given."""
    return TrackDefinition(
        id="demo", label="Démo", domain="demo", initial=initial,
        steps=steps if steps is not None else (
            S(id="debut", label="Début"), S(id="milieu", label="Milieu"),
            S(id="fin", label="Fin", kind=StepKind.FINAL)),
        transitions=transitions if transitions is not None else (
            T(trigger="avancer", label="Avancer", source=("debut",), dest="milieu"),
            T(trigger="finir", label="Finir", source=("milieu",), dest="fin")),
    )


def refused(defn: TrackDefinition) -> DefinitionError:
    with pytest.raises(DefinitionError) as info:
        validate_definition(defn, CHECKS, RULES)
    return info.value


def test_the_valid_demo_passes():
    validate_definition(demo(), CHECKS, RULES)


def test_unknown_initial_step():
    err = refused(demo(initial="inexistante"))
    assert err.msg == ("Définition « demo » : aucune étape initiale « inexistante » "
                       "parmi les étapes déclarées")
    assert (err.definition, err.step) == ("demo", None)


def test_initial_step_final():
    err = refused(demo(steps=(S(id="debut", label="Début", kind=StepKind.FINAL),),
                       transitions=()))
    assert err.msg == ("Définition « demo », étape « debut » : "
                       "l'étape initiale ne peut pas être finale")


def test_duplicate_step_id():
    steps = (S(id="debut", label="Début"), S(id="milieu", label="Milieu"),
             S(id="milieu", label="Autre milieu"), S(id="fin", label="Fin", kind=StepKind.FINAL))
    err = refused(demo(steps=steps))
    assert err.msg == "Définition « demo », étape « milieu » : identifiant d'étape en double"


def test_duplicate_trigger_from_one_step():
    transitions = (T(trigger="avancer", label="Avancer", source=("debut",), dest="milieu"),
                   T(trigger="avancer", label="Sauter", source=("debut",), dest="fin"),
                   T(trigger="finir", label="Finir", source=("milieu",), dest="fin"))
    err = refused(demo(transitions=transitions))
    assert err.msg == ("Définition « demo », étape « debut » : "
                       "action « avancer » déclarée deux fois depuis cette étape")


def test_transition_to_unknown_step():
    transitions = (T(trigger="avancer", label="Avancer", source=("debut",), dest="ailleurs"),
                   T(trigger="finir", label="Finir", source=("milieu",), dest="fin"))
    err = refused(demo(transitions=transitions))
    assert err.msg == ("Définition « demo » : l'action « avancer » mène ou part "
                       "d'une étape inconnue « ailleurs »")


def test_transition_from_unknown_step():
    transitions = (T(trigger="avancer", label="Avancer", source=("debut",), dest="milieu"),
                   T(trigger="finir", label="Finir", source=("milieu", "fantome"), dest="fin"))
    err = refused(demo(transitions=transitions))
    assert err.msg == ("Définition « demo » : l'action « finir » mène ou part "
                       "d'une étape inconnue « fantome »")


def test_unreachable_step():
    steps = (*demo().steps, S(id="isolee", label="Isolée"))
    transitions = (*demo().transitions,
                   T(trigger="sortir", label="Sortir", source=("isolee",), dest="fin"))
    err = refused(demo(steps=steps, transitions=transitions))
    assert err.msg == ("Définition « demo », étape « isolee » : "
                       "étape inatteignable depuis l'étape initiale")


def test_final_step_with_an_exit():
    transitions = (*demo().transitions,
                   T(trigger="rouvrir", label="Rouvrir", source=("fin",), dest="debut"))
    err = refused(demo(transitions=transitions))
    assert err.msg == ("Définition « demo », étape « fin » : une étape finale ne peut pas "
                       "avoir d'action sortante (« rouvrir »)")


def test_non_final_dead_end():
    steps = (*demo().steps, S(id="impasse", label="Impasse"))
    transitions = (*demo().transitions,
                   T(trigger="bifurquer", label="Bifurquer", source=("debut",), dest="impasse"))
    err = refused(demo(steps=steps, transitions=transitions))
    assert err.msg == ("Définition « demo », étape « impasse » : "
                       "étape non finale sans aucune action sortante")


def test_transition_open_to_no_role():
    transitions = (T(trigger="avancer", label="Avancer", source=("debut",), dest="milieu",
                     roles=frozenset()),
                   T(trigger="finir", label="Finir", source=("milieu",), dest="fin"))
    err = refused(demo(transitions=transitions))
    assert err.msg == ("Définition « demo », étape « debut » : "
                       "l'action « avancer » n'est ouverte à aucun rôle")


def test_unknown_check_id():
    transitions = (T(trigger="avancer", label="Avancer", source=("debut",), dest="milieu",
                     checks=("demo.ok", "demo.inconnu")),
                   T(trigger="finir", label="Finir", source=("milieu",), dest="fin"))
    err = refused(demo(transitions=transitions))
    assert err.msg == ("Définition « demo », étape « debut » : l'action « avancer » cite "
                       "un contrôle inconnu « demo.inconnu »")


@pytest.mark.parametrize("field", ["opens", "closes", "suspends", "resumes"])
def test_unknown_rule_id(field):
    transitions = (T(trigger="avancer", label="Avancer", source=("debut",), dest="milieu"),
                   T(trigger="finir", label="Finir", source=("milieu",), dest="fin",
                     **{field: ("demo.delai", "demo.sans_regle")}))
    err = refused(demo(transitions=transitions))
    assert err.msg == ("Définition « demo », étape « milieu » : l'action « finir » cite "
                       "une règle d'échéance inconnue « demo.sans_regle »")


def test_a_choice_by_fact_value_must_name_its_fact():
    choice = RuleChoice(cases={"oui": "demo.delai"})
    transitions = (T(trigger="avancer", label="Avancer", source=("debut",), dest="milieu",
                     opens=(choice,)),
                   T(trigger="finir", label="Finir", source=("milieu",), dest="fin"))
    err = refused(demo(transitions=transitions))
    assert err.msg == ("Définition « demo », étape « debut » : l'action « avancer » choisit "
                       "une règle selon la valeur d'un fait sans nommer ce fait "
                       "(RuleChoice.fact)")
    by_place = RuleChoice(default="demo.delai", places={"outre-mer": "demo.outre_mer",
                                                         "973": "demo.guyane"})
    assert by_place.choose(None) == by_place.choose("x", place="6AE") == "demo.delai"
    assert by_place.choose("x", place="971") == "demo.outre_mer"
    assert by_place.choose("x", place="973") == "demo.guyane"  # the place named wins


def test_a_choice_by_place_names_a_known_place():
    choice = RuleChoice(default="demo.delai", places={"Guyane": "demo.delai"})
    transitions = (T(trigger="avancer", label="Avancer", source=("debut",), dest="milieu",
                     opens=(choice,)),
                   T(trigger="finir", label="Finir", source=("milieu",), dest="fin"))
    err = refused(demo(transitions=transitions))
    assert "un lieu inconnu « Guyane »" in err.msg


@pytest.mark.parametrize("choice", [RuleChoice(), RuleChoice(fact="mesure")])
def test_a_choice_naming_no_rule_is_refused(choice):
    """Since ``fact`` and ``cases`` have defaults (a choice by place alone), a choice could
    name no rule at all and silently open nothing."""
    transitions = (T(trigger="avancer", label="Avancer", source=("debut",), dest="milieu",
                     opens=(choice,)),
                   T(trigger="finir", label="Finir", source=("milieu",), dest="fin"))
    err = refused(demo(transitions=transitions))
    assert err.msg == ("Définition « demo », étape « debut » : l'action « avancer » choisit "
                       "une règle parmi aucune (RuleChoice sans cases, default ni places)")


def test_stall_after_on_a_non_action_step():
    steps = (S(id="debut", label="Début"),
             S(id="milieu", label="Milieu", kind=StepKind.WAITING, stall_after=timedelta(days=9)),
             S(id="fin", label="Fin", kind=StepKind.FINAL))
    err = refused(demo(steps=steps))
    assert err.msg == ("Définition « demo », étape « milieu » : "
                       "« stall_after » ne s'applique qu'aux étapes d'action")


def test_expected_answer_within_on_a_non_waiting_step():
    steps = (S(id="debut", label="Début", expected_answer_within=timedelta(weeks=2)),
             S(id="milieu", label="Milieu"), S(id="fin", label="Fin", kind=StepKind.FINAL))
    err = refused(demo(steps=steps))
    assert err.msg == ("Définition « demo », étape « debut » : "
                       "le délai de réponse attendu ne s'applique qu'aux étapes d'attente")


def test_a_life_story_on_an_unknown_trigger_or_on_a_step_that_is_not_final():
    story = demo().model_copy(update={"life_story": LifeStory(trigger="raconter",
                                                              decisions=("fin",))})
    assert refused(story).msg == ("Définition « demo » : le récit de vie cite une action "
                                  "inconnue « raconter »")
    story = demo().model_copy(update={"life_story": LifeStory(trigger="avancer",
                                                              decisions=("milieu",))})
    assert refused(story).msg == ("Définition « demo » : le récit de vie cite « milieu », qui "
                                  "n'est pas une étape finale")
    declared = demo().model_copy(update={"life_story": LifeStory(trigger="avancer",
                                                                 decisions=("fin",))})
    validate_definition(declared, CHECKS, RULES)
    catalog = Catalog()
    catalog.add_definition("demo", declared)
    assert catalog.life_stories() == {("demo", 1): declared.life_story}


def test_definition_error_is_shown_with_a_french_title():
    err = refused(demo(initial="inexistante"))
    assert err.title == "Définition invalide"
    assert str(err) == err.msg


# --- built-in definitions -------------------------------------------------------------

@pytest.mark.parametrize("defn", [PATHWAY, PSP, APS, AFIS], ids=lambda d: d.id)
def test_builtin_definition_validates_and_is_in_the_catalog(defn, host):
    catalog = host.catalog
    validate_definition(defn, catalog.checks, catalog.rules)
    assert catalog.definition(defn.id) == defn
    assert catalog.origin[f"track:{defn.id}"] == "parcours"
    referenced = {c for t in defn.transitions for c in t.checks}
    assert referenced <= set(catalog.checks)


def test_builtin_host_has_no_incident(host):
    assert host.incidents == []
    assert [(p.name, p.status) for p in host.plugins] == [("parcours", "active")]
    assert {d.id for d in host.catalog.latest_definitions()} >= {"parcours", "psp", "psp_aps",
                                                                  "psp_afis"}


# --- duplicates across plugins --------------------------------------------------------

def _check(check_id: str) -> CheckSpec:
    return CheckSpec(id=check_id, label="Contrôle", func=lambda ctx: passed("x", "ok"))


def _rule(version: int = 1, **kw) -> DeadlineRule:
    base = dict(id="demo.delai", version=version, label="Délai", source="Texte de démo",
                start_fact="date_depart", start_label="départ", duration=10,
                unit=Unit.CALENDAR_DAYS)
    return DeadlineRule(**{**base, **kw})


@pytest.mark.parametrize("source", ["", "   "])
def test_a_rule_without_a_legal_source_is_refused(source):
    # Every due date quotes its rule's source: a blank one made a limit nobody could check.
    with pytest.raises(ValueError, match="la source doit être citée"):
        _rule(source=source)


def test_duplicate_check_across_plugins_names_the_second_plugin():
    catalog = Catalog()
    catalog.add_checks("premier", [_check("demo.ok")])
    with pytest.raises(PluginError) as info:
        catalog.add_checks("second", [_check("demo.ok")])
    assert info.value.plugin == "second"
    assert info.value.msg == ("Extension « second » : contrôle « demo.ok » déjà fourni par "
                              "l'extension « premier » : choisissez un autre identifiant")
    assert catalog.checks["demo.ok"].plugin == "premier"


def test_duplicate_rule_version_names_the_plugin():
    catalog = Catalog()
    catalog.add_rules("premier", [_rule()])
    catalog.add_rules("premier", [_rule(version=2, effective_from=date(2025, 1, 1))])
    with pytest.raises(PluginError) as info:
        catalog.add_rules("premier", [_rule()])
    assert info.value.msg == ("Extension « premier » : règle « demo.delai » version 1 "
                              "fournie deux fois")
    with pytest.raises(PluginError) as info:
        catalog.add_rules("second", [_rule(version=3, effective_from=date(2026, 1, 1))])
    assert info.value.msg == ("Extension « second » : règle « demo.delai » déjà fournie par "
                              "l'extension « premier » : choisissez un autre identifiant")
    assert [r.version for r in catalog.rules["demo.delai"]] == [1, 2]


def test_duplicate_definition_across_plugins_names_the_plugin():
    catalog = Catalog()
    catalog.add_definition("premier", demo())
    with pytest.raises(PluginError) as info:
        catalog.add_definition("second", demo())
    assert info.value.msg == ("Extension « second » : définition « demo » déjà fournie par "
                              "l'extension « premier » : choisissez un autre identifiant")
    assert catalog.origin["track:demo"] == "premier"


def test_catalog_add_definition_validates_against_known_checks():
    catalog = Catalog()
    transitions = (T(trigger="avancer", label="Avancer", source=("debut",), dest="milieu",
                     checks=("demo.ok",), roles=CASEWORKERS),
                   T(trigger="finir", label="Finir", source=("milieu",), dest="fin"))
    with pytest.raises(DefinitionError, match="contrôle inconnu « demo.ok »"):
        catalog.add_definition("premier", demo(transitions=transitions))
    catalog.add_checks("premier", [_check("demo.ok")])
    catalog.add_definition("premier", demo(transitions=transitions))
    assert catalog.definition("demo").transitions[0].checks == ("demo.ok",)
