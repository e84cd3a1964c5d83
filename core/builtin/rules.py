"""Deadline rules of the built-in PSP tracks, with their legal sources (domain.md §2, §9)."""

from __future__ import annotations

from core.rules.model import DeadlineRule, Evidence, Unit

RULES = [
    DeadlineRule(
        id="psp.autorisation_6m", label="Fin de la période d'autorisation du PSP",
        source="CASF L121-9 et R121-12-x ; décret 2016-1467", evidence=Evidence.VERIFIED,
        start_fact="debut_periode", start_label="début de la période d'autorisation",
        duration=6, unit=Unit.MONTHS, roll_to_working_day=False, warn_before_days=(56, 45),
        note="le dossier de renouvellement doit être prêt 6 à 8 semaines avant cette date."),
    DeadlineRule(
        id="psp.duree_max_24m", label="Durée maximale du PSP (24 mois)",
        source="CASF L121-9 (6 mois renouvelables, 24 mois au plus)", evidence=Evidence.VERIFIED,
        start_fact="debut_periode", start_label="première autorisation",
        duration=24, unit=Unit.MONTHS, roll_to_working_day=False, warn_before_days=(183,),
        note="préparer la sortie (autre droit au séjour, emploi, logement) dès le 18e mois."),
    DeadlineRule(
        id="psp.recours_refus_2m", label="Recours contre le refus d'entrée en PSP",
        source="CJA R421-1 ; CE 19 novembre 2021 n° 440802 (plein contentieux)",
        evidence=Evidence.SECONDARY, start_fact="date_notification_refus",
        start_label="notification du refus", duration=2, unit=Unit.MONTHS,
        warn_before_days=(15, 7)),
]
