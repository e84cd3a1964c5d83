"""The demo stories the plugins contribute (``parcours_demo_domains``): each bundled path is a
walk of its track, a bad story is named, and a failing plugin is left out of the demo alone."""

from __future__ import annotations

from core import DemoDomain, DemoMove, DemoPath, DemoTrack, hookimpl
from core.plugins import DEGRADED, build_plugin_host
from core.testing import demo_problems

BUNDLED = ("asile", "emploi", "logement", "plainte", "sante")


def test_every_bundled_story_walks_its_tracks():
    host = build_plugin_host(allow=BUNDLED)
    assert {d.domain for _, d in host.demo_domains()} == {"psp", *BUNDLED}
    assert demo_problems(host) == []


class _Bad:
    @hookimpl
    def parcours_demo_domains(self):
        M = DemoMove
        return [DemoDomain(domain="inconnu", persons=3, tracks=(
            DemoTrack(definition="logement_hebergement", paths=(DemoPath(moves=(
                M(trigger="heberger", after=(1, 2)),)),)),
            DemoTrack(definition="emploi_formation", follows=("jamais",), moves=(5,),
                      paths=(DemoPath(holding="couleur_preferee", moves=(
                          M(trigger="orienter_francais", after=(1, 2), facts={"pointure": 38}),)),)),
            DemoTrack(definition="nulle_part", paths=(DemoPath(moves=(
                M(trigger="x", after=(1, 2)),)),)),
        ))]


def test_a_bad_story_is_named_move_by_move():
    host = build_plugin_host(allow=BUNDLED, extra=[("mauvaise", _Bad())])
    where = "mauvaise, domaine « inconnu »"
    assert demo_problems(host) == [
        f"{where} : domaine non déclaré",
        f"{where}, démarche « logement_hebergement » : « heberger » ne part pas de l'étape "
        "« sans_solution »",
        f"{where}, démarche « emploi_formation » : suit « jamais », qu'aucune démarche "
        "précédente ne déclenche",
        f"{where}, démarche « emploi_formation » : « couleur_preferee » n'est pas un fait partagé",
        f"{where}, démarche « emploi_formation » : « orienter_francais » ne demande pas le fait "
        "« pointure »",
        f"{where}, démarche « emploi_formation » : 5 pas demandés, le chemin en a 1",
        f"{where} : démarche inconnue « nulle_part »",
    ]


class _Lone:
    @hookimpl
    def parcours_demo_domains(self):
        return DemoDomain(domain="seule", persons=1, tracks=(DemoTrack(
            definition="plainte", paths=(DemoPath(moves=()),)),))


class _Raising:
    @hookimpl
    def parcours_demo_domains(self):
        raise RuntimeError("boom")


def test_a_failing_plugin_is_left_out_of_the_demo_and_marked_degraded():
    host = build_plugin_host(allow=BUNDLED, extra=[("seule", _Lone()), ("cassee", _Raising())])
    assert {d.domain for _, d in host.demo_domains()} == {"psp", *BUNDLED}
    status = {p.name: (p.status, p.problem) for p in host.plugins}
    assert status["seule"][0] == status["cassee"][0] == DEGRADED
    assert "parcours_demo_domains" in status["seule"][1]
    assert "parcours_demo_domains" in status["cassee"][1]
    assert {i.hook for i in host.incidents} == {"parcours_demo_domains"}
