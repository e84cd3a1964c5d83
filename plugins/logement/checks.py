"""Checks of the housing tracks: regular stay and documents for social housing, DALO/DAHO rules.

A social-housing application needs a regular-stay document for non-EU foreigners (CCH
R441-2-3): it is read from any domain through ``core.regular_stay``, or from a French/EU
nationality fact. Shelter (115, DAHO for a shelter place) has no residence condition.
"""

from __future__ import annotations

from datetime import timedelta

from core import (CheckContext, CheckResult, CheckSpec, as_date, blocking, passed, regular_stay,
                  short_date, warning)

SOON = timedelta(days=15)
DEMANDE = "logement_demande_sociale"
HEBERGEMENT = "logement_hebergement"
REGISTERED = ("enregistree", "proposition")


def sejour_regulier(ctx: CheckContext) -> list[CheckResult]:
    """Regular stay for a social-housing application; the PSP APS is an open question."""
    if ctx.fact("nationalite_francaise_ue") is True:
        return [passed("logement.nationalite_ue", "Nationalité française ou européenne.")]
    stay = regular_stay(ctx.person, ctx.today)
    if stay is None:
        return [blocking("logement.sans_sejour_regulier",
                         "Aucun document de séjour régulier valable n'est enregistré.",
                         "Enregistrez le titre, le récépissé ou l'APS ; sinon orientez vers "
                         "l'hébergement (115, SIAO).", missing=("nationalite_francaise_ue",))]
    results = []
    until = as_date(stay.facts.get("sejour_regulier_jusquau"))
    if until is not None and until - ctx.today <= SOON:
        results.append(warning("logement.sejour_expire_bientot",
                               f"Le document de séjour expire le {short_date(until)}.",
                               "Préparez son renouvellement pour ne pas bloquer la demande."))
    if stay.definition_id == "psp_aps":
        # domain.md §5.2 H4 and §10 point 4: APS on the arrêté's list is [U]
        results.append(warning("logement.aps_a_verifier",
                               "APS du parcours de sortie : présence sur la liste des titres "
                               "admis non vérifiée [U].",
                               "Vérifiez auprès du service enregistreur ; en cas de blocage, "
                               "saisissez la DDETS et la commission."))
    return results or [passed("logement.sejour_regulier", "Séjour régulier en cours.")]


def dossier_demande(ctx: CheckContext) -> list[CheckResult]:
    """Identity or stay document is required; the tax notice is asked but not blocking."""
    if ctx.fact("piece_identite_ou_titre") is not True:
        return [blocking("logement.dossier_incomplet",
                         "La pièce d'identité ou le document de séjour manque.",
                         "Joignez-en une copie : c'est la seule pièce exigible à "
                         "l'enregistrement.", missing=("piece_identite_ou_titre",))]
    if ctx.fact("avis_imposition") is not True:
        return [warning("logement.avis_imposition_manquant", "L'avis d'imposition manque.",
                        "Demandez-le aux impôts (même sans revenus) ; il sera exigé pour "
                        "l'attribution.", missing=("avis_imposition",))]
    return [passed("logement.dossier_complet", "Dossier de demande complet.")]


def _recours_complet(ctx: CheckContext) -> CheckResult | None:
    needed = ("formulaire_comed", "pieces_justificatives")
    missing = [name for name in needed if ctx.fact(name) is not True]
    if not missing:
        return None
    return blocking("logement.recours_incomplet", "Le recours à la COMED est incomplet.",
                    "Joignez le formulaire signé et les pièces justificatives.", missing=missing)


def _dalo_motif(ctx: CheckContext) -> CheckResult | None:
    motif = ctx.fact("motif_dalo")
    if motif == "delai_anormalement_long":
        demande = ctx.person.track(DEMANDE)
        if demande is None or demande.step not in REGISTERED:
            return blocking("logement.dalo_sans_demande_sociale",
                            "Le motif « délai anormalement long » suppose une demande de "
                            "logement social enregistrée.",
                            "Enregistrez d'abord la demande de logement social.")
    ground = GROUNDS.get(motif)
    return _continuous_stay(ctx, *ground) if ground else None


GROUNDS = {
    "hebergement_plus_6_mois": ("logement.hebergement_6m", "6 mois", "en hébergement",
                                "logement.dalo_hebergement_moins_6m"),
    "logement_transition_plus_18_mois": ("logement.transition_18m", "18 mois",
                                         "en logement de transition ou logement-foyer",
                                         "logement.dalo_transition_moins_18m"),
}
"""DALO grounds read on the shelter track: the rule, its length, where, the warning code."""


def _continuous_stay(ctx: CheckContext, rule_id: str, months: str, where: str,
                     code: str) -> CheckResult | None:
    """The ground needs a continuous stay of more than N months on the filing day."""
    shelter = ctx.person.track(HEBERGEMENT)
    running = shelter.deadlines.get(rule_id) if shelter and shelter.open else None
    filed = ctx.fact_date("date_reception_comed", ctx.today) or ctx.today
    if running is None:
        return warning("logement.dalo_sejour_non_enregistre",
                       f"Aucun séjour continu {where} n'est enregistré dans la démarche "
                       "d'hébergement : le motif ne peut pas être vérifié.",
                       "Enregistrez l'hébergement et sa date d'entrée, ou choisissez un autre "
                       "motif ; une interruption fait repartir le compte.")
    if running.due > filed:
        return warning(code, f"Plus de {months} {where} sans interruption seulement à partir "
                       f"du {short_date(running.due)}.",
                       "Vérifiez la date d'entrée ou choisissez un autre motif.")
    return None


def dalo_recevable(ctx: CheckContext) -> list[CheckResult]:
    """DALO: complete file, the ground's prerequisites, and regular stay (only a warning: [U])."""
    results = [r for r in (_recours_complet(ctx), _dalo_motif(ctx)) if r is not None]
    regular = ctx.fact("nationalite_francaise_ue") is True or regular_stay(ctx.person, ctx.today)
    if not regular:
        results.append(warning("logement.dalo_sejour_a_verifier",
                               "Aucun séjour régulier enregistré : condition de séjour régulier "
                               "et permanent pour le DALO non vérifiée [U].",
                               "Vérifiez la condition avant le dépôt ; le DAHO reste possible."))
    return results or [passed("logement.dalo_recevable", "Recours DALO complet.")]


def daho_recevable(ctx: CheckContext) -> list[CheckResult]:
    """DAHO: no stay condition for a shelter place, one for transitional housing and the like."""
    incomplete = _recours_complet(ctx)
    if incomplete is not None:
        return [incomplete]
    if ctx.fact("structure_demandee") == "hebergement":
        return [passed("logement.daho_sans_condition_sejour",
                       "Hébergement : pas de condition de séjour.")]
    if ctx.fact("nationalite_francaise_ue") is True or regular_stay(ctx.person, ctx.today):
        return [passed("logement.daho_sejour_regulier", "Séjour régulier en cours.")]
    return [blocking("logement.daho_sejour_requis",
                     "Logement de transition, logement-foyer ou RHVS : un séjour régulier est "
                     "exigé.", "Demandez un accueil en hébergement, sans condition de séjour.",
                     missing=("nationalite_francaise_ue",))]


CHECKS = [
    CheckSpec(id="logement.sejour_regulier", label="Séjour régulier (logement social)",
              func=sejour_regulier),
    CheckSpec(id="logement.dossier_demande", label="Dossier de demande de logement social",
              func=dossier_demande),
    CheckSpec(id="logement.dalo_recevable", label="Recours DALO recevable", func=dalo_recevable),
    CheckSpec(id="logement.daho_recevable", label="Recours DAHO recevable", func=daho_recevable),
]
