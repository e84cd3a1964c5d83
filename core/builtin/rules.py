"""Deadline rules of the built-in PSP tracks and of the association's approval (domain.md §2, §9).

The authorisation period, the 24-month cap, the APS and the approval are validities: they
end the day before their anniversary. The appeal against a refusal to enter the pathway is
an administrative court appeal, hence *franc*. AFIS stops from the month after the decision
that ends it, so it is paid to the end of that decision's month. The approval is granted by
the prefect's silence 4 months after a complete file, a file being complete when no
document was asked for within 2 months of filing.
"""

from __future__ import annotations

from core.rules.model import DeadlineRule, Evidence, Kind, Unit

APPROVAL = "CASF R121-12-3 (cité par Lexbase)"

RULES = [
    DeadlineRule(
        id="psp.autorisation_6m", label="Fin de la période d'autorisation du PSP",
        source="CASF L121-9 et R121-12-x ; décret 2016-1467", evidence=Evidence.VERIFIED,
        start_fact="debut_periode", start_label="début de la période d'autorisation",
        duration=6, unit=Unit.MONTHS, kind=Kind.VALIDITY, warn_before_days=(56, 45),
        note="le dossier de renouvellement doit être prêt 6 à 8 semaines avant cette date ; "
             "la période suivante commence le lendemain."),
    DeadlineRule(
        id="psp.duree_max_24m", label="Durée maximale du PSP (24 mois)",
        source="CASF L121-9 (6 mois renouvelables, 24 mois au plus)", evidence=Evidence.VERIFIED,
        start_fact="debut_periode", start_label="première autorisation",
        duration=24, unit=Unit.MONTHS, kind=Kind.VALIDITY, warn_before_days=(183,),
        note="préparer la sortie (autre droit au séjour, emploi, logement) dès le 18e mois."),
    DeadlineRule(
        id="psp.recours_refus_2m", label="Recours contre le refus d'entrée en PSP",
        source="CJA R421-1 ; CE 19 novembre 2021 n° 440802 (plein contentieux)",
        evidence=Evidence.SECONDARY, start_fact="date_notification_refus",
        start_label="notification du refus", duration=2, unit=Unit.MONTHS, franc=True,
        franc_source="CE 1er juillet 2020 n° 438152 : délai de recours contentieux franc",
        warn_before_days=(15, 7)),
    DeadlineRule(
        id="psp.aps_validite_6m", label="Fin de validité minimale de l'APS (L425-4)",
        source="CESEDA L425-4 (au moins 6 mois, renouvelée pendant le parcours)",
        evidence=Evidence.VERIFIED, start_fact="date_delivrance_aps",
        start_label="délivrance de l'APS", duration=6, unit=Unit.MONTHS, kind=Kind.VALIDITY,
        warn_before_days=(45, 15),
        note="la date portée sur l'APS fait foi ; elle ne peut pas être antérieure à celle-ci."),
    DeadlineRule(
        id="psp.afis_fin_mois", label="Dernier mois d'AFIS après la décision d'arrêt",
        source="décret 2017-542 ; CASF R121-12-13-1 (arrêt à compter du mois suivant)",
        evidence=Evidence.SECONDARY, start_fact="date_arret_afis",
        start_label="décision d'arrêt de l'AFIS", duration=0, unit=Unit.MONTH_ENDS,
        kind=Kind.VALIDITY, warn_before_days=(7,),
        note="l'AFIS s'arrête à compter du mois qui suit la décision : vérifier le dernier "
             "versement auprès de la MSA."),
    DeadlineRule(
        id="psp.agrement_dossier_complet_2m", label="Dossier d'agrément réputé complet",
        source=APPROVAL, evidence=Evidence.VERIFIED, start_fact="requested_on",
        start_label="dépôt de la demande d'agrément", duration=2, unit=Unit.MONTHS,
        kind=Kind.SILENCE, warn_before_days=(),
        note="sans demande de pièces du préfet dans ce délai, le dossier est complet."),
    DeadlineRule(
        id="psp.agrement_silence_4m", label="Agrément obtenu par le silence du préfet",
        source=APPROVAL, evidence=Evidence.VERIFIED, start_fact="completed_on",
        start_label="réception du dossier complet", duration=4, unit=Unit.MONTHS,
        kind=Kind.SILENCE, warn_before_days=(),
        note="le silence du préfet vaut agrément."),
    DeadlineRule(
        id="psp.agrement_3a", label="Fin de l'agrément de l'association",
        source=APPROVAL + " (3 ans, renouvelable)", evidence=Evidence.VERIFIED,
        start_fact="valid_from", start_label="agrément", duration=3, unit=Unit.YEARS,
        kind=Kind.VALIDITY, warn_before_days=(122,),
        note="demander le renouvellement tôt : sans agrément, aucune demande de parcours ne "
             "peut être déposée (avertissement 4 mois avant)."),
]
