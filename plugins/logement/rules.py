"""Deadline rules of the housing tracks, with sources and evidence tags (domain.md §5, §9).

Answer and appeal deadlines roll to the next working day, and the appeals to the
administrative court are *franc*. The prefect's offer deadline does not move: the 4-month
appeal runs from its date-to-date expiry (CE 10 February 2017 n° 400470). The COMED's
silence is an implicit rejection born on its date. A social-housing application is valid
until the eve of its anniversary. The DALO grounds "more than 6 months in shelter" and "more
than 18 months in transitional housing" are met the day after, and need a continuous stay:
a break restarts the count.
"""

from __future__ import annotations

from core import DeadlineRule, Evidence, Kind, Unit

S = Evidence.SECONDARY
DALO = "CCH L441-2-3"
DALO_TA = "CCH L441-2-3-1 ; CJA R778-2"
FRANC = "CE 1er juillet 2020 n° 438152 : délai de recours contentieux franc"
OFFERS_DALO = ("logement.dalo_offre_3m", "logement.dalo_offre_6m",
               "logement.dalo_offre_6m_outre_mer")
OFFERS_DAHO = ("logement.daho_offre_6s", "logement.daho_offre_3m")

RULES = [
    DeadlineRule(
        id="logement.hebergement_6m", label="Motif DALO : hébergement depuis plus de 6 mois",
        source=DALO + " (hébergement continu de plus de 6 mois)", evidence=S,
        start_fact="date_entree_hebergement", start_label="entrée en hébergement",
        duration=6, unit=Unit.MONTHS, kind=Kind.CONDITION, warn_before_days=(15,),
        continuous=True, restarts={"date_admission": "admission en hébergement d'insertion"},
        note="l'hébergement doit être continu : une interruption fait repartir le compte ; "
             "à cette date un recours DALO devient possible, vérifier qu'il est utilisé."),
    DeadlineRule(
        id="logement.transition_18m", label="Motif DALO : logement de transition ou "
        "logement-foyer depuis plus de 18 mois",
        source=DALO + " (logement de transition ou logement-foyer, plus de 18 mois)",
        evidence=S, start_fact="date_admission",
        start_label="entrée en logement de transition ou en logement-foyer", duration=18,
        unit=Unit.MONTHS, kind=Kind.CONDITION, warn_before_days=(15,), continuous=True,
        note="intermédiation locative, pension de famille, résidence sociale ; à cette date un "
             "recours DALO devient possible."),
    DeadlineRule(
        id="logement.chrs_decision_1m", label="Réponse à l'orientation du SIAO",
        source="décret de 2015 (étape de la procédure d'admission en CHRS)",
        evidence=Evidence.UNVERIFIED, start_fact="date_orientation_siao",
        start_label="orientation par le SIAO", duration=1, unit=Unit.MONTHS, kind=Kind.TARGET,
        warn_before_days=(7,),
        note="le décret prévoit 1 mois et silence vaut accord pour une étape dont on ignore "
             "laquelle : n'en tirer aucune conséquence sans vérification."),
    DeadlineRule(
        id="logement.numero_unique_1m", label="Attestation et numéro unique de la demande "
        "de logement social", source="CCH L441-2-1 et R441-2-3", evidence=S,
        start_fact="date_depot_demande", start_label="dépôt de la demande",
        duration=1, unit=Unit.MONTHS, kind=Kind.TARGET, warn_before_days=(7,)),
    DeadlineRule(
        id="logement.demande_sociale_1a", label="Fin de validité de la demande de logement "
        "social", source="CCH L441-2-1 ; service-public.fr F10007 (validité d'un an)",
        evidence=S, start_fact="date_enregistrement", start_label="enregistrement de la demande",
        duration=1, unit=Unit.YEARS, kind=Kind.VALIDITY, warn_before_days=(31, 15),
        note="le service doit prévenir au moins un mois avant ; sans renouvellement la demande "
             "est radiée et l'ancienneté perdue."),
    DeadlineRule(
        id="logement.demande_sociale_renouvelee_1a", label="Fin de validité de la demande "
        "renouvelée", source="CCH L441-2-1 ; service-public.fr F10007", evidence=S,
        start_fact="date_renouvellement", start_label="renouvellement de la demande",
        duration=1, unit=Unit.YEARS, kind=Kind.VALIDITY, warn_before_days=(31, 15),
        note="compté ici depuis le renouvellement (au plus tôt) ; que la nouvelle période "
             "parte de la date anniversaire n'est pas vérifié [U]."),
    DeadlineRule(
        id="logement.dalo_comed_3m", label="Décision de la COMED (DALO)",
        source="CCH R441-15", evidence=S, start_fact="date_reception_comed",
        start_label="réception du recours par la COMED", duration=3, unit=Unit.MONTHS,
        kind=Kind.SILENCE, warn_before_days=(15,),
        note="silence = rejet implicite, recours au TA dans les 2 mois ; 6 mois outre-mer "
             "(logement.dalo_comed_6m_outre_mer)."),
    DeadlineRule(
        id="logement.dalo_comed_6m_outre_mer", label="Décision de la COMED (DALO, outre-mer)",
        source="CCH R441-15", evidence=S, start_fact="date_reception_comed",
        start_label="réception du recours par la COMED", duration=6, unit=Unit.MONTHS,
        kind=Kind.SILENCE, warn_before_days=(15,),
        note="délai des départements d'outre-mer ; silence = rejet implicite, recours au TA "
             "dans les 2 mois."),
    DeadlineRule(
        id="logement.dalo_offre_3m", label="Offre de logement du préfet (DALO)",
        source=DALO + " ; R441-16-1", evidence=S, start_fact="date_decision_comed",
        start_label="décision favorable de la COMED", duration=3, unit=Unit.MONTHS,
        kind=Kind.TARGET, roll_to_working_day=False, warn_before_days=(15,)),
    DeadlineRule(
        id="logement.dalo_offre_6m", label="Offre de logement du préfet (DALO, agglomération "
        "de plus de 300 000 habitants)", source=DALO + " ; R441-16-1", evidence=S,
        start_fact="date_decision_comed", start_label="décision favorable de la COMED",
        duration=6, unit=Unit.MONTHS, kind=Kind.TARGET, roll_to_working_day=False,
        warn_before_days=(15,),
        note="délai applicable dans le Nord (Lille) à vérifier localement [U]."),
    DeadlineRule(
        id="logement.dalo_offre_6m_outre_mer", label="Offre de logement du préfet (DALO, "
        "outre-mer)", source=DALO + " ; R441-16-1", evidence=S,
        start_fact="date_decision_comed", start_label="décision favorable de la COMED",
        duration=6, unit=Unit.MONTHS, kind=Kind.TARGET, roll_to_working_day=False,
        warn_before_days=(15,), note="délai des départements d'outre-mer."),
    DeadlineRule(
        id="logement.dalo_recours_4m", label="Recours en injonction au TA (DALO)",
        source=DALO_TA, evidence=S, start_fact="date_fin_delai_prefet",
        start_label="expiration du délai laissé au préfet", duration=4, unit=Unit.MONTHS,
        franc=True, franc_source=FRANC, start_after=OFFERS_DALO, warn_before_days=(30, 15),
        note="pas d'avocat obligatoire."),
    DeadlineRule(
        id="logement.daho_comed_6s", label="Décision de la COMED (DAHO)",
        source=DALO + " III ; R441-18", evidence=S, start_fact="date_reception_comed",
        start_label="réception du recours par la COMED", duration=42,
        unit=Unit.CALENDAR_DAYS, kind=Kind.SILENCE, warn_before_days=(7,),
        note="silence = rejet implicite, recours au TA dans les 2 mois."),
    DeadlineRule(
        id="logement.daho_offre_6s", label="Proposition d'accueil du préfet (DAHO)",
        source=DALO + " III", evidence=S, start_fact="date_decision_comed",
        start_label="décision favorable de la COMED", duration=42, unit=Unit.CALENDAR_DAYS,
        kind=Kind.TARGET, roll_to_working_day=False, warn_before_days=(7,)),
    DeadlineRule(
        id="logement.daho_offre_3m", label="Proposition du préfet (DAHO : logement de "
        "transition, logement-foyer, RHVS)", source=DALO + " III",
        evidence=Evidence.UNVERIFIED, start_fact="date_decision_comed",
        start_label="décision favorable de la COMED", duration=3, unit=Unit.MONTHS,
        kind=Kind.TARGET, roll_to_working_day=False, warn_before_days=(15,),
        note="le délai de 3 mois pour ces accueils n'est pas vérifié."),
    DeadlineRule(
        id="logement.daho_recours_4m", label="Recours en injonction au TA (DAHO)",
        source=DALO_TA, evidence=S, start_fact="date_fin_delai_prefet",
        start_label="expiration du délai laissé au préfet", duration=4, unit=Unit.MONTHS,
        franc=True, franc_source=FRANC, start_after=OFFERS_DAHO, warn_before_days=(30, 15)),
    DeadlineRule(
        id="logement.comed_recours_2m", label="Recours contre le rejet de la COMED",
        source="CJA R421-1", evidence=S, start_fact="date_notification_rejet",
        start_label="notification du rejet", duration=2, unit=Unit.MONTHS, franc=True,
        franc_source=FRANC, warn_before_days=(15, 7),
        note="un recours gracieux dans ce délai le prolonge jusqu'à la réponse."),
    DeadlineRule(
        id="logement.ta_jugement_2m", label="Jugement du TA (DALO/DAHO)",
        source="CCH L441-2-3-1", evidence=S, start_fact="date_saisine_ta",
        start_label="saisine du tribunal", duration=2, unit=Unit.MONTHS, kind=Kind.TARGET,
        warn_before_days=(),
        note="délai indicatif pour le tribunal ; pour le DAHO, supposé identique [U]."),
]
