"""Document checks of the health files: domiciliation, and the CPAM file for AME or PUMa.

A domiciliation is read from the person's domiciliation track (its running one-year and
three-month deadlines tell expiry and the risk of being struck off), else from the
address declared on the file itself. Missing documents block; a document that has expired
or ends within 15 days only warns, because the CPAM may accept other evidence.
"""

from __future__ import annotations

from datetime import timedelta

from core import (CheckContext, CheckResult, CheckSpec, as_date, blocking, passed, short_date,
                  warning)

DOMICILIATION_TRACK = "sante_domiciliation"
SOON = timedelta(days=15)

REQUIRED = {
    "ame_demandee": {"piece_identite": "pièce d'identité",
                     "justificatif_presence": "justificatif de présence de plus de 3 mois",
                     "justificatif_ressources": "ressources des 12 derniers mois"},
    "puma_demandee": {"piece_identite": "pièce d'identité, ATDA ou APS",
                      "justificatif_residence_3m": "justificatif de résidence stable"},
}


def _domiciliation_track(ctx: CheckContext):
    track = ctx.person.track(DOMICILIATION_TRACK)
    return track if track is not None and track.open and track.step == "domiciliee" else None


def _from_track(ctx: CheckContext, track) -> list[CheckResult]:
    end = track.deadlines.get("sante.domiciliation_1a")
    contact = track.deadlines.get("sante.domiciliation_contact_3m")
    results = []
    if end is not None and end.due < ctx.today:
        return [blocking("sante.domiciliation_expiree",
                         f"La domiciliation a expiré le {short_date(end.due)}.",
                         "Renouvelez la domiciliation avant de déposer le dossier.",
                         missing=("domiciliation",))]
    if end is not None and end.due - ctx.today <= SOON:
        results.append(warning("sante.domiciliation_expire_bientot",
                               f"La domiciliation expire le {short_date(end.due)}.",
                               "Demandez son renouvellement sans attendre."))
    if contact is not None and contact.due - ctx.today <= SOON:
        when = "depuis le" if contact.due < ctx.today else "à partir du"
        results.append(warning("sante.domiciliation_sans_contact",
                               f"Dernier contact avec l'organisme domiciliataire ancien "
                               f"(3 mois sans contact) : radiation possible {when} "
                               f"{short_date(contact.due)}.",
                               "Faites retirer le courrier et enregistrez le contact."))
    return results or [passed("sante.domiciliation_valide", "Domiciliation en cours de validité.")]


def domiciliation(ctx: CheckContext) -> list[CheckResult]:
    """The CPAM file needs a postal address: a valid domiciliation or a declared address."""
    if ctx.fact("domiciliation") is True:
        return [passed("sante.adresse_declaree", "Une adresse ou domiciliation est déclarée.")]
    track = _domiciliation_track(ctx)
    if track is not None:
        return _from_track(ctx, track)
    return [blocking("sante.sans_domiciliation", "Aucune domiciliation ni adresse enregistrée.",
                     "Faites d'abord la domiciliation (CCAS ou organisme agréé), ou "
                     "déclarez l'adresse.", missing=("domiciliation",))]


def _identity_expiry(ctx: CheckContext) -> list[CheckResult]:
    until = as_date(ctx.fact("piece_identite_jusquau"))
    if until is None:
        return []
    if until < ctx.today:
        return [warning("sante.piece_identite_expiree",
                        f"La pièce d'identité a expiré le {short_date(until)}.",
                        "La CPAM peut accepter d'autres justificatifs ; signalez-le au dépôt.")]
    if until - ctx.today <= SOON:
        return [warning("sante.piece_identite_expire_bientot",
                        f"La pièce d'identité expire le {short_date(until)}.",
                        "Prévoyez son renouvellement (consulat, préfecture).")]
    return []


def dossier_cpam(ctx: CheckContext) -> list[CheckResult]:
    """Required documents of an AME or PUMa request, and the identity document's expiry."""
    needed = REQUIRED.get(ctx.transition.dest, {})
    missing = [name for name in needed if ctx.fact(name) is not True]
    if missing:
        listed = ", ".join(needed[m] for m in missing)
        return [blocking("sante.dossier_cpam_incomplet", f"Pièces manquantes : {listed}.",
                         "Complétez le dossier avant le dépôt à la CPAM.", missing=missing)]
    results = _identity_expiry(ctx)
    if ctx.transition.dest == "puma_demandee" and ctx.fact("rib") is not True:
        results.append(warning("sante.rib_manquant", "Le RIB n'est pas au dossier.",
                               "Joignez un RIB (ou signalez l'absence de compte).",
                               missing=("rib",)))
    return results or [passed("sante.dossier_cpam_complet", "Le dossier CPAM est complet.")]


def demande_domiciliation(ctx: CheckContext) -> CheckResult:
    """The domiciliation request is made on the standard form."""
    if ctx.fact("formulaire_cerfa") is True:
        return passed("sante.formulaire_domiciliation", "Formulaire de domiciliation rempli.")
    return blocking("sante.formulaire_domiciliation_manquant",
                    "Le formulaire de demande de domiciliation n'est pas rempli.",
                    "Remplissez le cerfa de demande d'élection de domicile.",
                    missing=("formulaire_cerfa",))


CHECKS = [
    CheckSpec(id="sante.domiciliation", label="Domiciliation valable", func=domiciliation),
    CheckSpec(id="sante.dossier_cpam", label="Dossier CPAM complet", func=dossier_cpam),
    CheckSpec(id="sante.demande_domiciliation", label="Demande de domiciliation",
              func=demande_domiciliation),
]
