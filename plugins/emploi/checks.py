"""Checks of the employment tracks: right to work, activity hours, IAE eligibility, CEJ, CIR, RSA.

The right to work (domain.md §6.2 E1) is read from the other domains only through core's
helpers: a valid document that allows work (APS of the PSP, L425-1 card, reflection-period
récépissé, recorded by whichever domain grants it) via ``core.work_document``, or an
asylum application without an OFPRA decision for 6 months, via the asile domain's running
deadline ``asile.acces_travail_6m`` and ``core.running_deadline``.
"""

from __future__ import annotations

from datetime import timedelta

from core import (CheckContext, CheckResult, CheckSpec, age_on, as_date, blocking, passed,
                  regular_stay, running_deadline, short_date, warning, work_document)

SOON = timedelta(days=15)
ASILE_TRAVAIL = "asile.acces_travail_6m"
FRANCE_TRAVAIL = "emploi_france_travail"


def _document(ctx: CheckContext, doc) -> CheckResult:
    until = as_date(doc.facts.get("sejour_regulier_jusquau"))
    assert until is not None  # work_document found her document by this date, still valid
    if until - ctx.today <= SOON:
        return warning("emploi.document_travail_expire_bientot",
                       f"Le document autorisant le travail expire le {short_date(until)}.",
                       "Préparez son renouvellement pour ne pas perdre le droit au travail.")
    return passed("emploi.document_autorisant_travail",
                  f"Document de séjour autorisant le travail valable jusqu'au {short_date(until)}.")


def _asile(ctx: CheckContext, running) -> CheckResult:
    if running.due <= ctx.today:
        return warning("emploi.asile_autorisation_employeur",
                       f"Demande d'asile sans décision de l'OFPRA depuis 6 mois (le "
                       f"{short_date(running.due)}) : accès au travail possible (CESEDA L554-1).",
                       "L'employeur doit demander l'autorisation de travail.")
    return blocking("emploi.asile_moins_6m",
                    f"Demandeuse d'asile : accès au travail possible à partir du "
                    f"{short_date(running.due)} si l'OFPRA n'a pas statué.",
                    "Attendez cette date ; préparez la recherche d'emploi en attendant.")


def droit_au_travail(ctx: CheckContext) -> CheckResult:
    """Registration or hiring needs French/EU nationality, a work document, or asylum + 6 months."""
    if ctx.fact("nationalite_francaise_ue") is True:
        return passed("emploi.ressortissante_ue", "Nationalité française ou européenne.")
    doc = work_document(ctx.person, ctx.today)
    if doc is not None:
        return _document(ctx, doc)
    running = running_deadline(ctx.person, ASILE_TRAVAIL)
    if running is not None:
        return _asile(ctx, running)
    return blocking("emploi.sans_droit_au_travail",
                    "Aucun document valable autorisant le travail n'est enregistré.",
                    "Enregistrez l'APS, la carte L425-1 ou le récépissé de réflexion dans leur "
                    "démarche ; une personne sans droit au séjour (AME) ne peut pas travailler.",
                    missing=("nationalite_francaise_ue",))


def heures_activite(ctx: CheckContext) -> CheckResult:
    """The engagement contract asks 15 hours a week unless adapted to the person's situation."""
    hours = ctx.fact("heures_activite_hebdo") or 0
    if hours >= 15 or ctx.fact("amenagement_heures") is True:
        return passed("emploi.heures_activite", "Durée d'activité conforme ou adaptée.")
    return warning("emploi.heures_inferieures_15",
                   f"{hours} h d'activité par semaine, moins que les 15 h de droit commun.",
                   "Faites acter l'adaptation (santé, parent isolé…) dans le contrat.",
                   missing=("amenagement_heures",))


def iae_eligibilite(ctx: CheckContext) -> CheckResult:
    """IAE: an approved prescriber, or the SIAE's self-check against administrative criteria."""
    prescripteur = ctx.fact("prescripteur")
    if prescripteur == "association_habilitee":
        return warning("emploi.habilitation_a_verifier",
                       "Diagnostic par une association : elle doit être habilitée "
                       "prescriptrice par le préfet.",
                       "Vérifiez l'habilitation, sinon passez par France Travail ou la "
                       "Mission locale.")
    if prescripteur != "autocontrole_siae":
        return passed("emploi.prescripteur_habilite", "Prescripteur habilité.")
    level1, level2 = ctx.fact("criteres_niveau_1") or 0, ctx.fact("criteres_niveau_2") or 0
    if level1 >= 1 or level2 >= 3:
        return passed("emploi.criteres_iae", "Critères administratifs remplis.")
    if level2 == 2:
        return warning("emploi.criteres_iae_a_verifier",
                       "Deux critères de niveau 2 : suffisant pour certaines structures "
                       "seulement (2 ou 3 selon le type).", "Vérifiez la règle de la SIAE.")
    return blocking("emploi.criteres_iae_insuffisants",
                    "Autocontrôle : il faut un critère de niveau 1 ou 2 à 3 de niveau 2.",
                    "Faites réaliser le diagnostic par un prescripteur habilité.",
                    missing=("criteres_niveau_1", "criteres_niveau_2"))


def cej_age(ctx: CheckContext) -> CheckResult:
    """CEJ: aged 16 to 25, up to 29 with a disability recognition (RQTH)."""
    born = as_date(ctx.fact("date_naissance")) or ctx.person.birth_date
    if born is None:
        return blocking("emploi.cej_age_inconnu", "La date de naissance n'est pas connue.",
                        "Indiquez la date de naissance.", missing=("date_naissance",))
    age = age_on(born, as_date(ctx.fact("date_signature_cej")) or ctx.today)
    limit = 30 if ctx.fact("rqth") is True else 26
    if 16 <= age < limit:
        return passed("emploi.cej_age", f"{age} ans : âge compatible avec le CEJ.")
    return blocking("emploi.cej_hors_age", f"{age} ans : le CEJ est ouvert de 16 à 25 ans "
                    "(29 ans avec une RQTH).", "Orientez vers France Travail ou l'IAE.")


def cej_inscription(ctx: CheckContext) -> CheckResult:
    """Since 1 January 2025 a young person in a CEJ is registered at France Travail."""
    track = ctx.person.track(FRANCE_TRAVAIL)
    if track is not None and track.open and track.step in ("inscrite", "contrat_engagement"):
        return passed("emploi.cej_inscrite", "Inscrite à France Travail.")
    return warning("emploi.cej_sans_inscription", "Pas d'inscription à France Travail "
                   "enregistrée (obligatoire depuis le 1er janvier 2025).",
                   "Vérifiez l'inscription automatique par la Mission locale.")


def cir_sejour(ctx: CheckContext) -> CheckResult:
    """The CIR is signed at a first admission to stay; for the PSP APS it is an open question."""
    stay = regular_stay(ctx.person, ctx.today)
    if stay is None:
        return blocking("emploi.cir_sans_sejour_regulier",
                        "Aucun document de séjour valable n'est enregistré.",
                        "Le CIR est signé à la première admission au séjour.")
    if stay.definition_id == "psp_aps":
        return warning("emploi.cir_aps_a_verifier",
                       "Titulaire d'une APS : entrée dans le CIR non vérifiée [U].",
                       "Vérifiez auprès de l'OFII ; à défaut, cours de français associatifs.")
    return passed("emploi.cir_sejour", "Séjour régulier.")


def rsa_conditions(ctx: CheckContext) -> CheckResult:
    """RSA: 25 or older (or lone parent, or 3,214 hours), and 5 years of a work permit (E3)."""
    born = as_date(ctx.fact("date_naissance")) or ctx.person.birth_date
    if born is None:
        return blocking("emploi.rsa_age_inconnu", "La date de naissance n'est pas connue.",
                        "Indiquez la date de naissance.", missing=("date_naissance",))
    exception = ctx.fact("parent_isole") is True or ctx.fact("activite_3214h") is True
    if age_on(born, as_date(ctx.fact("date_demande_rsa")) or ctx.today) < 25 and not exception:
        return blocking("emploi.rsa_moins_25_ans", "Le RSA est ouvert à partir de 25 ans.",
                        "Avant 25 ans : CEJ ou AFIS si elle est en parcours de sortie.")
    if ctx.fact("situation_sejour") == "autre_titre":
        return blocking("emploi.rsa_anciennete_titre",
                        "Il faut avoir détenu 5 ans un titre autorisant le travail.",
                        "L'AFIS reste possible pendant le parcours de sortie.")
    return passed("emploi.rsa_conditions", "Conditions d'âge et de séjour du RSA remplies.")


CHECKS = [
    CheckSpec(id="emploi.droit_au_travail", label="Droit au travail", func=droit_au_travail),
    CheckSpec(id="emploi.heures_activite", label="Heures d'activité", func=heures_activite),
    CheckSpec(id="emploi.iae_eligibilite", label="Éligibilité IAE", func=iae_eligibilite),
    CheckSpec(id="emploi.cej_age", label="CEJ : âge", func=cej_age),
    CheckSpec(id="emploi.cej_inscription", label="CEJ : inscription France Travail",
              func=cej_inscription),
    CheckSpec(id="emploi.cir_sejour", label="CIR : séjour", func=cir_sejour),
    CheckSpec(id="emploi.rsa_conditions", label="RSA : conditions", func=rsa_conditions),
]
