"""Checks of the reception conditions (ADA) and of the victims' residence permits (L425-x).

The L425-1 card needs a criminal complaint or testimony: it is read from any of the
person's tracks through the shared fact ``plainte_deposee`` (core.flagged), never from the
plainte plugin itself, and a *main courante* records it as false. The ATDA is read on the
person's ``asile`` track from its ordinary facts (the only ones a person snapshot carries).
"""

from __future__ import annotations


from core import (CheckContext, CheckResult, age_on, blocking, flagged, passed, short_date,
                  warning)
from plugins.asile.checks import EXPIRY_WINDOW, as_date

ADULT_AGE = 18


def ada_conditions(ctx: CheckContext) -> list[CheckResult]:
    """ADA needs: adult, an ATDA, resources under the RSA (domain.md §3.2 A4) [S]."""
    results = []
    born = ctx.person.birth_date
    if born is not None and age_on(born, ctx.today) < ADULT_AGE:
        results.append(blocking("asile.ada_mineure", "L'ADA est réservée aux personnes majeures.",
                                "Orientez vers l'aide sociale à l'enfance (ASE)."))
    asile = ctx.person.track("asile")
    until = as_date(asile.facts.get("sejour_regulier_jusquau")) if asile else None
    if asile is None or not asile.facts.get("date_delivrance_atda") or until is None or until < ctx.today:
        results.append(blocking("asile.ada_sans_atda", "Aucune ATDA en cours de validité n'est enregistrée.",
                                "Enregistrez la délivrance de l'ATDA dans la démarche d'asile."))
    if ctx.fact("ressources_inferieures_rsa") is False:
        results.append(blocking("asile.ada_ressources", "Ressources au moins égales au RSA : pas d'ADA.",
                                "Vérifiez les ressources déclarées à l'OFII."))
    if asile is not None and asile.step == "atda_delivree":
        results.append(warning("asile.ada_ofpra_a_envoyer",
                               "Le dossier OFPRA n'est pas encore envoyé : l'ADA suppose "
                               "l'envoi dans les 21 jours.",
                               "Envoyez le dossier OFPRA dans le délai."))
    return results or [passed("asile.ada_conditions_remplies", "Conditions de l'ADA remplies.")]


def l425_1_complaint(ctx: CheckContext) -> CheckResult:
    """L425-1 needs a filed complaint or testimony; a *main courante* is not enough."""
    if flagged(ctx.person, "plainte_deposee", open_only=False):
        return passed("asile.l425_1_plainte_deposee", "Une plainte ou un témoignage est enregistré.")
    return blocking("asile.l425_1_sans_plainte",
                    "La carte L425-1 suppose une plainte ou un témoignage dans une procédure pénale ; "
                    "une main courante ne suffit pas.",
                    "Enregistrez le dépôt de plainte (ou le témoignage) dans la démarche « Plainte ».",
                    missing=("plainte_deposee",))


def l425_1_file(ctx: CheckContext) -> list[CheckResult]:
    """Documents of the L425-1 application, the break of contact, and passport validity."""
    results = []
    needed = {"piece_identite": "pièce d'identité", "recepisse_plainte": "récépissé de plainte",
              "domiciliation": "domiciliation", "photos": "photos"}
    missing = [name for name in needed if ctx.fact(name) is not True]
    if missing:
        results.append(blocking("asile.dossier_l425_1_incomplet",
                                "Pièces manquantes : " + ", ".join(needed[m] for m in missing) + ".",
                                "Complétez le dossier avant le dépôt.", missing=missing))
    if ctx.fact("rupture_contact") is not True:
        results.append(_no_break(ctx))
    passport = as_date(ctx.fact("passeport_valide_jusquau"))
    if passport is not None and passport - ctx.today <= EXPIRY_WINDOW:
        results.append(warning("asile.passeport_expire",
                               f"Le passeport expire ou a expiré le {short_date(passport)}.",
                               "Joignez une autre pièce d'identité ou une demande au consulat."))
    return results or [passed("asile.dossier_l425_1_complet", "Le dossier L425-1 est complet.")]


def _no_break(ctx: CheckContext) -> CheckResult:
    return blocking("asile.l425_1_contact_non_rompu",
                    "La carte suppose que la personne a rompu tout lien avec les auteurs présumés.",
                    "Faites le point avec elle avant la demande.", missing=("rupture_contact",))


def l425_1_renewal(ctx: CheckContext) -> list[CheckResult]:
    """Renewal throughout the criminal case: proof that it is still open (domain.md §3.4)."""
    results = []
    if ctx.fact("attestation_procedure_en_cours") is not True:
        results.append(blocking("asile.l425_1_sans_preuve_procedure",
                                "Aucune preuve que la procédure pénale est toujours en cours.",
                                "Demandez une attestation à l'avocat·e ou au parquet.",
                                missing=("attestation_procedure_en_cours",)))
    if ctx.fact("rupture_contact") is not True:
        results.append(_no_break(ctx))
    return results or [passed("asile.l425_1_renouvelable", "Conditions du renouvellement réunies.")]


def l425_3_conviction(ctx: CheckContext) -> CheckResult:
    """The resident card (L425-3) follows a final conviction of the accused."""
    if ctx.fact("condamnation_definitive") is not True or ctx.fact("copie_decision_condamnation") is not True:
        return blocking("asile.l425_3_sans_condamnation",
                        "La carte de résident suppose une condamnation définitive des auteurs, justifiée.",
                        "Demandez la décision et son certificat de non-appel à l'avocat·e.",
                        missing=("condamnation_definitive", "copie_decision_condamnation"))
    return passed("asile.l425_3_condamnation",
                  "Condamnation définitive justifiée ; délivrance de plein droit ou non : à "
                  "vérifier [U].")
