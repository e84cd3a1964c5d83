"""Deadline rules of the employment tracks, with sources and evidence tags (domain.md §6, §9).

Contract and approval durations are validities: they end the eve of their anniversary,
whatever the weekday. The follow-up thresholds for starting a training are the
association's practice, not law, and say so.
"""

from __future__ import annotations

from core import DeadlineRule, Evidence, Kind, Unit

S = Evidence.SECONDARY
CEJ = "Code du travail L5131-6 ; décret n° 2022-199 du 18 février 2022"

RULES = [
    DeadlineRule(
        id="emploi.pass_iae_24m", label="Fin du PASS IAE",
        source="Code du travail L5132-3 ; arrêté du 1er septembre 2021 (éligibilité IAE)",
        evidence=S, start_fact="date_embauche", start_label="embauche dans la SIAE",
        duration=24, unit=Unit.MONTHS, kind=Kind.VALIDITY, warn_before_days=(61, 30),
        note="prolongation possible : la demander, ou préparer la sortie, 2 mois avant."),
    DeadlineRule(
        id="emploi.cej_12m", label="Fin du contrat d'engagement jeune", source=CEJ,
        evidence=S, start_fact="date_signature_cej", start_label="signature du CEJ",
        duration=12, unit=Unit.MONTHS, kind=Kind.VALIDITY, warn_before_days=(61, 30),
        note="jusqu'à 18 mois à titre exceptionnel."),
    DeadlineRule(
        id="emploi.cej_18m", label="Fin du CEJ prolongé (exceptionnel)", source=CEJ,
        evidence=S, start_fact="date_signature_cej", start_label="signature du CEJ",
        duration=18, unit=Unit.MONTHS, kind=Kind.VALIDITY, warn_before_days=(61, 30)),
    DeadlineRule(
        id="emploi.cir_1a", label="Fin du contrat d'intégration républicaine",
        source="CESEDA L413-2 et suivants (CIR, un an)", evidence=S,
        start_fact="date_signature_cir", start_label="signature du CIR", duration=1,
        unit=Unit.YEARS, kind=Kind.VALIDITY, warn_before_days=(60,),
        note="depuis le 1er janvier 2026, niveau A2 pour la carte pluriannuelle et B1 pour la "
             "carte de résident (décret 2025-647) ; l'entrée des titulaires d'APS dans le CIR "
             "n'est pas vérifiée [U]."),
    DeadlineRule(
        id="emploi.formation_francais_2m", label="Début du cours de français",
        source="pratique de suivi (domain.md §6.3 : besoin de français sans cours après "
               "2 mois)", evidence=Evidence.PRACTICE, start_fact="date_orientation_formation",
        start_label="orientation vers le cours", duration=2, unit=Unit.MONTHS,
        kind=Kind.TARGET, warn_before_days=(15,)),
    DeadlineRule(
        id="emploi.formation_debut_3m", label="Début de la formation",
        source="pratique de suivi (domain.md §6.3 : formation prévue et non commencée après "
               "3 mois)", evidence=Evidence.PRACTICE, start_fact="date_orientation_formation",
        start_label="orientation vers la formation", duration=3, unit=Unit.MONTHS,
        kind=Kind.TARGET, warn_before_days=(15,)),
]
