"""Checks of the complaint track: informed decision, receipt, limitation, *partie civile*, CIVI.

Pure functions of a :class:`CheckContext`. Dates arrive as ISO text and are read with
:func:`as_date`; running deadlines are read on the track itself. The *partie civile* check
recomputes the 3 months from the complaint date when the deadline is no longer running.
"""

from __future__ import annotations

from datetime import date, timedelta

from core import (CheckContext, CheckResult, age_on, as_date, blocking, compute_due, passed,
                  short_date, warning)
from plugins.plainte.rules import PRESCRIPTIONS, RULES

PARTIE_CIVILE = next(r for r in RULES if r.id == "plainte.partie_civile_3m")
LIMITATION_WARNING = timedelta(days=365)


def informed_decision(ctx: CheckContext) -> list[CheckResult]:
    """The person decides, informed of her rights and risks; safety is assessed first (C1)."""
    if ctx.fact("consentement_eclaire") is not True:
        return [blocking("plainte.sans_consentement",
                         "La décision éclairée de la personne n'est pas enregistrée.",
                         "Faites l'entretien d'information (droits, risques, L425-1) avant le dépôt.",
                         missing=("consentement_eclaire",))]
    if ctx.fact("evaluation_risques") is not True:
        return [warning("plainte.risques_non_evalues", "Les risques n'ont pas été évalués.",
                        "Faites le plan de sécurité (menaces du réseau, famille au pays).")]
    return [passed("plainte.decision_eclairee", "Décision éclairée et risques évalués.")]


def receipt(ctx: CheckContext) -> CheckResult:
    """Police must give a receipt at once and a PV copy on request (CPP 15-3)."""
    if ctx.fact("recepisse_remis") is not True:
        return warning("plainte.recepisse_manquant", "Aucun récépissé de plainte n'est enregistré.",
                       "Demandez le récépissé et la copie du PV (CPP 15-3) : ils prouvent la plainte.",
                       missing=("recepisse_remis",))
    return passed("plainte.recepisse_remis", "Récépissé de plainte remis.")


def limitation(ctx: CheckContext) -> CheckResult:
    """Warn when limitation was not assessed, is near, or may be reached (C9) [U]."""
    running = [ctx.track.deadlines[r] for r in PRESCRIPTIONS if r in ctx.track.deadlines]
    if not running:
        return warning("plainte.prescription_non_evaluee", "La prescription n'a pas été évaluée.",
                       "Indiquez la date des derniers faits (action « Évaluer la prescription »).")
    due = min(d.due for d in running)
    day = as_date(ctx.fact("date_plainte")) or ctx.today
    if due < day:
        return warning("plainte.prescription_acquise",
                       f"La prescription a pu être acquise le {short_date(due)}.",
                       "Voyez l'avocat·e : infraction continue ou actes interruptifs possibles.")
    if due - day <= LIMITATION_WARNING:
        return warning("plainte.prescription_proche", f"Prescription proche : {short_date(due)}.",
                       "Ne tardez pas à déposer plainte.")
    return passed("plainte.prescription_lointaine", f"Prescription le {short_date(due)}.")


def partie_civile_admissible(ctx: CheckContext) -> CheckResult:
    """Art. 85: after a dismissal, or 3 months after the complaint; not required for a crime."""
    if ctx.fact("qualification") == "crime":
        return passed("plainte.partie_civile_crime", "Crime : pas de délai préalable de 3 mois.")
    if ctx.fact("date_avis_classement"):
        return passed("plainte.partie_civile_apres_classement", "La plainte a été classée sans suite.")
    opened = _three_months(ctx)
    day = as_date(ctx.fact("date_constitution_partie_civile")) or ctx.today
    if opened is None or day < opened:
        when = f"à partir du {short_date(opened)}" if opened else "3 mois après la plainte"
        return blocking("plainte.partie_civile_prematuree",
                        f"La plainte avec constitution de partie civile n'est recevable que {when}, "
                        "ou après un classement sans suite.",
                        "Attendez cette date, ou enregistrez l'avis de classement.")
    return passed("plainte.partie_civile_recevable", "Trois mois écoulés depuis la plainte.")


def _three_months(ctx: CheckContext) -> date | None:
    running = ctx.track.deadlines.get(PARTIE_CIVILE.id)
    if running is not None:
        return running.due
    filed = as_date(ctx.fact("date_plainte"))
    return compute_due(PARTIE_CIVILE, filed).due if filed else None


def first_complaint_proof(ctx: CheckContext) -> CheckResult:
    """The judge asks for proof of the first complaint (its receipt)."""
    if ctx.fact("preuve_premiere_plainte") is not True:
        return blocking("plainte.preuve_plainte_manquante",
                        "Le récépissé de la première plainte n'est pas joint.",
                        "Joignez le récépissé ou la copie du PV.",
                        missing=("preuve_premiere_plainte",))
    return passed("plainte.preuve_plainte", "Preuve de la première plainte jointe.")


def civi_information(ctx: CheckContext) -> CheckResult:
    """After a conviction the court tells the victim about CIVI and SARVI (CPP 706-15)."""
    if ctx.fact("issue_jugement") == "condamnation" and ctx.fact("information_civi") is not True:
        return warning("plainte.civi_non_informee", "La personne n'a pas été informée de la CIVI.",
                       "Présentez la CIVI (indemnisation) et le SARVI (aide au recouvrement).")
    return passed("plainte.civi_informee", "Information sur l'indemnisation faite.")


def majority_date(ctx: CheckContext) -> CheckResult:
    """The day typed as her 18th birthday is the one her recorded birth date gives: the
    limitation on a minor victim runs 10, 20 or 30 years from it (CPP 7 al. 3, 8 al. 2-3), and
    a slip of a year there moves the day a complaint is still possible. Her majority is read
    as every check reads it (:func:`core.age_on`: a birth on 29 February comes of age on 28
    February). The birth date is not quoted: the result is kept with the step, and her
    identity is not the track's to tell."""
    born = ctx.person.birth_date
    typed = as_date(ctx.fact("date_majorite"))
    if born is None or typed is None:
        return passed("plainte.majorite_non_verifiee",
                      "Date de naissance inconnue : la date des 18 ans n'a pas pu être vérifiée.")
    if age_on(born, typed) != 18 or age_on(born, typed - timedelta(days=1)) != 17:
        return blocking("plainte.majorite_incoherente",
                        "La date des 18 ans saisie ne correspond pas à la date de naissance "
                        "enregistrée dans son identité.",
                        "Saisissez le jour de ses 18 ans, ou corrigez sa date de naissance.",
                        missing=("date_majorite",))
    return passed("plainte.majorite_verifiee", "Date des 18 ans conforme à sa date de naissance.")
