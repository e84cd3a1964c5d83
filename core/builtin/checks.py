"""Checks of the built-in tracks: consent and referent, sharing with a partner, open tracks,
PSP, APS and AFIS.

The approval of the association lives in :mod:`core.builtin.agrement`; renewal, the end of
the pathway and AFIS cumulation in :mod:`core.builtin.checks_renewal`.

Each check is a pure function of a :class:`CheckContext`; its French messages and remedies
are declared next to it, as part of the definition. Cross-domain facts are read by their
shared names (``beneficiaire_ada``, ``beneficiaire_rsa``), never by plugin name.
"""

from __future__ import annotations

from datetime import date, timedelta


from core import messages as M
from core.builtin.agrement import agrement
from core.builtin.checks_renewal import (afis_cumul, aps_duree, dependances,
                                         renouvellement_conditions)
from core.builtin.rules import RULES
from core.crossdomain import flagged
from core.engine.checks import (PARTNER_FACT, CheckContext, CheckResult, CheckSpec, age_on,
                                blocking, passed, warning)
from core.engine.deadlines import start_date
from core.rules.compute import compute_due

PERIOD = next(r for r in RULES if r.id == "psp.autorisation_6m")

AUTHORISED_STEPS = ("autorise", "renouvellement_transmis")


def referent_consentement(ctx: CheckContext) -> list[CheckResult]:
    """Individual follow-up needs a named referent and the person's consent to it, active
    today and given no later than the day the follow-up begins.

    The consent is read from the consents table (``ctx.person.consents``, filled by the
    services), never from a submitted fact: only ``parcours consent give`` records one.
    """
    results = []
    if not (ctx.fact("referent") or ctx.person.referent):
        results.append(blocking("parcours.referent_manquant", M.CONSENT_REFERENT_MISSING,
                                M.CONSENT_REFERENT_MISSING_REMEDY, missing=("referent",)))
    consent = ctx.person.consent("suivi", ctx.today)
    # withdrawn() looks for the active consent again: asked only when there is none.
    withdrawn = ctx.person.withdrawn("suivi", ctx.today) if consent is None else None
    if consent is None and withdrawn is not None:
        results.append(blocking("parcours.consentement_retire", M.CONSENT_SUIVI_WITHDRAWN.format(
            day=_day(withdrawn.withdrawn_on)), M.CONSENT_SUIVI_WITHDRAWN_REMEDY))
    elif consent is None:
        results.append(blocking("parcours.consentement_manquant", M.CONSENT_SUIVI_MISSING,
                                M.CONSENT_SUIVI_MISSING_REMEDY))
    elif consent.given_on > ctx.event_day:
        results.append(blocking("parcours.consentement_posterieur", M.CONSENT_SUIVI_LATER.format(
            given=_day(consent.given_on), day=_day(ctx.event_day)), M.CONSENT_SUIVI_LATER_REMEDY))
    return results or [passed("parcours.suivi_possible", M.CONSENT_SUIVI_OK)]


def consentement_partage(ctx: CheckContext) -> CheckResult:
    """A referral that names a partner (shared fact ``partenaire``) needs the person's consent
    to sharing with that partner (security.md AC-8), active today and given no later than the
    day of the referral: a referral dated back (``advance --date``) shared her information on
    that day, which a consent given afterwards cannot cover. Naming none shares nothing.

    The result kept with the transition names the consent by its number, never the partner:
    an event's checks are stored in clear, while the partner's name, which can reveal her
    situation (a health or legal service), is sealed in her consent and in the referral's
    own fact (docs/security.md: never in an event)."""
    partner = ctx.fact(PARTNER_FACT)
    if not partner:
        return passed("partage.sans_partenaire", M.CONSENT_SHARE_NO_PARTNER)
    name = str(partner)
    covering = next((c for c in reversed(ctx.person.consents)
                     if c.concerns("partage", name) and c.active_on(ctx.today)
                     and c.active_on(ctx.event_day)), None)
    if covering is not None:
        return passed("partage.consenti", M.CONSENT_SHARE_OK.format(id=covering.id))
    later = ctx.person.consent("partage", ctx.today, partner=name)
    if later is not None and later.given_on > ctx.event_day:
        return blocking("partage.consentement_posterieur", M.CONSENT_SHARE_LATER.format(
            partner=partner, given=_day(later.given_on), day=_day(ctx.event_day)),
            M.CONSENT_SHARE_LATER_REMEDY)
    return blocking("partage.consentement_manquant",
                    M.CONSENT_SHARE_MISSING.format(partner=partner),
                    M.CONSENT_SHARE_MISSING_REMEDY)


def _day(day: date | None) -> str:
    return M.short_date(day) if day else "—"


def demarches_ouvertes(ctx: CheckContext) -> CheckResult:
    """Reinsertion warns about tracks still open (they are not closed automatically)."""
    others = [t for t in ctx.person.tracks if t.open and t.definition_id != ctx.track.definition_id]
    if not others:
        return passed("parcours.aucune_demarche_ouverte", "Aucune autre démarche n'est ouverte.")
    names = ", ".join(sorted(f"{t.definition_id} ({t.step})" for t in others))
    return warning("parcours.demarches_ouvertes", f"Démarches encore ouvertes : {names}.",
                   "Clôturez-les ou vérifiez qu'elles doivent continuer après la réinsertion.")


def dossier_complet(ctx: CheckContext) -> list[CheckResult]:
    """The PSP application needs an identity document and an address; the sworn statement of
    cessation is asked, but its absence only warns: CE 19 November 2021 n° 440802 places the
    assessment of cessation at renewal, not at entry (domain.md §2.4)."""
    needed = {"piece_identite": "copie d'une pièce d'identité",
              "domiciliation": "domiciliation ou adresse"}
    missing = [name for name in needed if ctx.fact(name) is not True]
    if missing:
        listed = ", ".join(needed[m] for m in missing)
        return [blocking("psp.dossier_incomplet", f"Pièces manquantes au dossier : {listed}.",
                         "Complétez le dossier (annexe 6 de la circulaire du 31 janvier 2017).",
                         missing=missing)]
    if ctx.fact("attestation_cessation") is not True:
        return [warning("psp.attestation_cessation_absente",
                        "Pas d'attestation sur l'honneur de cessation au dossier : la "
                        "circulaire la demande, mais le Conseil d'État (19 novembre 2021, "
                        "n° 440802) apprécie la cessation surtout au renouvellement ; portée "
                        "exacte de la décision non vérifiée [U].",
                        "Joignez l'attestation si la personne peut la signer ; sinon expliquez "
                        "sa situation dans le dossier.", missing=("attestation_cessation",))]
    return [passed("psp.dossier_complet", "Le dossier de demande est complet.")]


def parcours_autorise(ctx: CheckContext) -> CheckResult:
    """APS and AFIS are requested during an authorised PSP."""
    psp = ctx.person.track("psp")
    if psp is not None and psp.step in AUTHORISED_STEPS:
        return passed("psp.autorise", "Le parcours de sortie est autorisé.")
    return blocking("psp.non_autorise", "Le parcours de sortie n'est pas autorisé par le préfet.",
                    "Enregistrez d'abord la décision d'autorisation dans la démarche PSP.")


def afis_age(ctx: CheckContext) -> CheckResult:
    """AFIS is for people aged 18 or over on the day of the decision (CASF R121-12-13-1 1°)."""
    born = ctx.fact("date_naissance") or ctx.person.birth_date
    if not born:
        return blocking("psp.afis_age_inconnu", "La date de naissance n'est pas connue.",
                        "Indiquez la date de naissance.", missing=("date_naissance",))
    majority = int(ctx.config.value("age_majorite", ctx.today) or 18)
    if age_on(start_date({"d": born}, "d", ctx.today), ctx.today) < majority:
        return blocking("psp.afis_mineure", "L'AFIS est réservée aux personnes majeures.",
                        "Orientez vers l'aide sociale à l'enfance (ASE).")
    return passed("psp.afis_majeure", "La personne est majeure.")


def afis_sejour(ctx: CheckContext) -> CheckResult:
    """Foreigners need a residence document, a receipt or an APS allowing work (2°)."""
    situation = ctx.fact("situation_sejour")
    if not situation:
        return blocking("psp.afis_sejour_inconnu", "La situation au regard du séjour n'est pas indiquée.",
                        "Indiquez la nationalité ou le titre détenu.", missing=("situation_sejour",))
    aps = ctx.person.track("psp_aps")
    if situation == "aps" and (aps is None or aps.step != "delivree"):
        return warning("psp.afis_aps_non_enregistree",
                       "Aucune APS délivrée n'est enregistrée pour cette personne.",
                       "Enregistrez la délivrance de l'APS dans sa démarche.")
    return passed("psp.afis_sejour", "La condition de séjour est remplie.")


def afis_ressources(ctx: CheckContext) -> CheckResult:
    """Resources of the month before the request below the RSA lump sum for one person (3°)."""
    amount = ctx.fact("ressources_mois_precedent")
    if amount is None:
        return blocking("psp.afis_ressources_inconnues",
                        "Les ressources du mois précédent ne sont pas indiquées.",
                        "Indiquez les ressources du foyer du mois précédant la demande.",
                        missing=("ressources_mois_precedent",))
    day = start_date(ctx.facts, "date_demande_afis", ctx.today)
    ceiling = ctx.config.value("rsa_socle_personne_seule", day)
    if ceiling is not None and float(amount) >= ceiling:
        return blocking("psp.afis_ressources_trop_elevees",
                        f"Ressources ({float(amount):.2f} €) au moins égales au RSA ({ceiling:.2f} €).",
                        "L'AFIS n'est pas due ; vérifiez les ressources déclarées.")
    return passed("psp.afis_ressources", "Ressources inférieures au montant forfaitaire du RSA.")


def afis_rsa_ada(ctx: CheckContext) -> CheckResult:
    """Not receiving nor eligible to RSA (CASF L262-2) or ADA (CESEDA L553-1) (4°)."""
    ada = ctx.fact("beneficiaire_ada") or flagged(ctx.person, "beneficiaire_ada")
    rsa = ctx.fact("beneficiaire_rsa") or flagged(ctx.person, "beneficiaire_rsa")
    if ada:
        return blocking("psp.afis_ada", "L'AFIS est exclue : la personne perçoit l'ADA ou y est éligible.",
                        "L'allocation pour demandeur d'asile remplace l'AFIS.")
    if rsa:
        return blocking("psp.afis_rsa", "L'AFIS est exclue : la personne perçoit le RSA ou y est éligible.",
                        "Le RSA remplace l'AFIS.")
    if ctx.fact("beneficiaire_ada") is None or ctx.fact("beneficiaire_rsa") is None:
        return blocking("psp.afis_rsa_ada_inconnu",
                        "Il faut indiquer si la personne perçoit le RSA ou l'ADA.",
                        "Répondez aux deux questions.",
                        missing=("beneficiaire_rsa", "beneficiaire_ada"))
    return passed("psp.afis_ni_rsa_ni_ada", "Ni RSA ni ADA.")


def plafond_24m(ctx: CheckContext) -> CheckResult:
    """No period may end later than 24 months after the first authorisation (L121-9)."""
    cap = ctx.track.deadlines.get("psp.duree_max_24m")
    if cap is None:
        return blocking("psp.premiere_autorisation_inconnue",
                        "La date de première autorisation n'est pas enregistrée.",
                        "Enregistrez d'abord l'autorisation initiale.")
    if ctx.transition.trigger == "renouveler":
        begins = start_date(ctx.facts, "debut_periode", ctx.today)
    else:  # the next period begins the day after the current one's last day
        period = ctx.track.deadlines.get("psp.autorisation_6m")
        begins = (period.due if period else ctx.today) + timedelta(days=1)
    end = compute_due(PERIOD, begins).due
    last = max(cap.due, _four_periods_end(cap.start))
    if end > last:
        return blocking("psp.plafond_24m",
                        "Le parcours ne peut pas dépasser 24 mois au total "
                        f"(fin au plus tard le {M.short_date(last)}).",
                        "Préparez la sortie du parcours et un autre droit au séjour.")
    return passed("psp.sous_plafond",
                  f"Durée totale sous le plafond de 24 mois ({M.short_date(last)}).")


def _four_periods_end(first: date) -> date:
    """Last day of four back-to-back 6-month periods from ``first`` (L121-9: 6 months, renewable
    within 24). A month's end can put it after the 24 months' date: from 31 August the periods
    end on 28 February, 31 August, 28 February and 31 August, the 24 months on 30 August."""
    end = first - timedelta(days=1)
    for _ in range(4):
        end = compute_due(PERIOD, end + timedelta(days=1)).due
    return end


def renouvellement_a_temps(ctx: CheckContext) -> CheckResult:
    """The renewal file should be sent at least 8 weeks before the period ends (circular)."""
    period = ctx.track.deadlines.get("psp.autorisation_6m")
    sent: date = start_date(ctx.facts, "date_envoi_renouvellement", ctx.today)
    # the period ends at the close of its last valid day: 8 weeks before the next day
    if period is not None and (period.due + timedelta(days=1) - sent).days < 56:
        return warning("psp.renouvellement_tardif",
                       "Renouvellement envoyé moins de 8 semaines avant la fin de la période "
                       f"({M.short_date(period.due)}).",
                       "Prévenez la préfecture : risque de rupture de l'APS et de l'AFIS.")
    return passed("psp.renouvellement_a_temps", "Renouvellement transmis dans les temps.")


CHECKS = [
    CheckSpec(id="parcours.referent_consentement", label="Référent·e et consentement au suivi",
              func=referent_consentement),
    CheckSpec(id="parcours.consentement_partage", label="Consentement au partage avec le partenaire",
              func=consentement_partage),
    CheckSpec(id="parcours.demarches_ouvertes", label="Démarches encore ouvertes",
              func=demarches_ouvertes),
    CheckSpec(id="psp.dossier_complet", label="Dossier PSP complet", func=dossier_complet),
    CheckSpec(id="psp.parcours_autorise", label="Parcours de sortie autorisé", func=parcours_autorise),
    CheckSpec(id="psp.afis_age", label="AFIS : majorité", func=afis_age),
    CheckSpec(id="psp.afis_sejour", label="AFIS : séjour", func=afis_sejour),
    CheckSpec(id="psp.afis_ressources", label="AFIS : ressources", func=afis_ressources),
    CheckSpec(id="psp.afis_rsa_ada", label="AFIS : ni RSA ni ADA", func=afis_rsa_ada),
    CheckSpec(id="psp.plafond_24m", label="PSP : plafond de 24 mois", func=plafond_24m),
    CheckSpec(id="psp.renouvellement_a_temps", label="PSP : renouvellement à temps",
              func=renouvellement_a_temps),
    CheckSpec(id="psp.agrement", label="PSP : association agréée à la date du dépôt",
              func=agrement),
    CheckSpec(id="psp.renouvellement_conditions",
              label="PSP : engagements, cessation et AFIS au renouvellement",
              func=renouvellement_conditions),
    CheckSpec(id="psp.dependances", label="PSP : APS et AFIS liées au parcours",
              func=dependances),
    CheckSpec(id="psp.afis_cumul", label="AFIS : pas de cumul avec le RSA ou l'ADA",
              func=afis_cumul),
    CheckSpec(id="psp.aps_duree", label="APS : au moins 6 mois", func=aps_duree),
]
