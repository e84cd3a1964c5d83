"""Deadline rules of the asylum and victims' residence tracks (domain.md §3 and §9).

Evidence tags follow domain.md: [V] verified text, [S] secondary source, [U] unverified.
Legal time limits for the person (OFPRA, legal aid, CNDA, Dublin appeal) move to the next
working day; document validities and authority targets do not, since nothing is filed on
their last day.
"""

from __future__ import annotations

from core import DeadlineRule, Evidence, Unit

V, S, U = Evidence.VERIFIED, Evidence.SECONDARY, Evidence.UNVERIFIED
ATDA_SOURCE = "arrêté du 9 octobre 2015 relatif à l'ATDA, modifié le 5 mai 2020"

PROCEDURE = [
    DeadlineRule(
        id="asile.enregistrement_3jo", label="Enregistrement au guichet unique (GUDA)",
        source="CESEDA L521-4 (ancien L741-1)", evidence=S,
        start_fact="date_pre_enregistrement", start_label="pré-enregistrement en SPADA",
        duration=3, unit=Unit.WORKING_DAYS, warn_before_days=(1,),
        note="10 jours ouvrés quand les demandes sont très nombreuses ; numéro d'article après "
             "la recodification de 2021 non vérifié [U]."),
    DeadlineRule(
        id="asile.ofpra_21j", label="Envoi du dossier à l'OFPRA (21 jours)",
        source="CESEDA L531-2", evidence=S, start_fact="date_delivrance_atda",
        start_label="remise de l'ATDA", duration=21, unit=Unit.CALENDAR_DAYS,
        warn_before_days=(7, 3),
        note="un dossier tardif ou incomplet met en risque l'enregistrement, l'ADA et le droit "
             "au séjour : envoyer sans attendre le dernier jour."),
    DeadlineRule(
        id="asile.acces_travail_6m", label="Accès au travail sans décision de l'OFPRA (6 mois)",
        source="CESEDA L554-1", evidence=S, start_fact="date_introduction_ofpra",
        start_label="introduction de la demande à l'OFPRA", duration=6, unit=Unit.MONTHS,
        roll_to_working_day=False, warn_before_days=(30,),
        note="l'employeur peut alors demander une autorisation de travail si le retard n'est "
             "pas imputable à la personne ; pas au stade de la CNDA si l'OFPRA a rejeté la "
             "demande dans les 6 mois [S]."),
    DeadlineRule(
        id="asile.aide_juridictionnelle_15j", label="Demande d'aide juridictionnelle pour la CNDA",
        source="loi 91-647 du 10 juillet 1991, art. 9-4", evidence=S,
        start_fact="date_notification_rejet", start_label="notification de la décision de l'OFPRA",
        duration=15, unit=Unit.CALENDAR_DAYS, warn_before_days=(5, 2),
        note="une demande dans ce délai suspend le délai de recours d'un mois, qui reprend "
             "pour le temps restant à la notification de la décision d'aide juridictionnelle."),
    DeadlineRule(
        id="asile.cnda_1m", label="Recours devant la CNDA (1 mois)",
        source="CESEDA L532-1", evidence=S, start_fact="date_notification_rejet",
        start_label="notification de la décision de l'OFPRA", duration=1, unit=Unit.MONTHS,
        warn_before_days=(10, 5),
        note="suspendu par une demande d'aide juridictionnelle faite dans les 15 jours, puis "
             "reprend pour le temps restant ; pas de délai de 15 jours en procédure accélérée [S]."),
    DeadlineRule(
        id="asile.cnda_jugement_5m", label="Décision attendue de la CNDA",
        source="CESEDA L532-6 et L532-7", evidence=S, start_fact="date_recours_cnda",
        start_label="recours devant la CNDA", duration=5, unit=Unit.MONTHS,
        roll_to_working_day=False, warn_before_days=(0,),
        note="délai indicatif pour la Cour : 5 semaines en procédure accélérée ou "
             "d'irrecevabilité."),
]

ATDA = [
    DeadlineRule(id="asile.atda_normale_10m", label="Fin de la première ATDA (procédure normale)",
                 source=ATDA_SOURCE, evidence=V, start_fact="date_delivrance_atda",
                 start_label="délivrance de l'ATDA", duration=10, unit=Unit.MONTHS,
                 roll_to_working_day=False, warn_before_days=(30, 15)),
    DeadlineRule(id="asile.atda_acceleree_6m", label="Fin de la première ATDA (procédure accélérée)",
                 source=ATDA_SOURCE, evidence=V, start_fact="date_delivrance_atda",
                 start_label="délivrance de l'ATDA", duration=6, unit=Unit.MONTHS,
                 roll_to_working_day=False, warn_before_days=(30, 15)),
    DeadlineRule(id="asile.atda_dublin_1m", label="Fin de la première ATDA (procédure Dublin)",
                 source=ATDA_SOURCE, evidence=V, start_fact="date_delivrance_atda",
                 start_label="délivrance de l'ATDA", duration=1, unit=Unit.MONTHS,
                 roll_to_working_day=False, warn_before_days=(10,)),
    DeadlineRule(id="asile.atda_renouvellement_6m", label="Fin de l'ATDA renouvelée",
                 source=ATDA_SOURCE, evidence=V, start_fact="date_renouvellement_atda",
                 start_label="renouvellement de l'ATDA", duration=6, unit=Unit.MONTHS,
                 roll_to_working_day=False, warn_before_days=(30, 15)),
    DeadlineRule(id="asile.atda_dublin_renouvellement_4m", label="Fin de l'ATDA Dublin renouvelée",
                 source=ATDA_SOURCE, evidence=V, start_fact="date_renouvellement_atda",
                 start_label="renouvellement de l'ATDA", duration=4, unit=Unit.MONTHS,
                 roll_to_working_day=False, warn_before_days=(30, 15)),
]

DUBLIN = [
    DeadlineRule(
        id="asile.dublin_recours_7j", label="Recours contre la décision de transfert (7 jours)",
        source="CESEDA L572-4 et L921-1 (depuis le 15 juillet 2024)", evidence=V,
        start_fact="date_notification_transfert", start_label="notification du transfert",
        duration=7, unit=Unit.CALENDAR_DAYS, warn_before_days=(4,),
        note="avant le 15 juillet 2024 : 15 jours."),
    DeadlineRule(
        id="asile.dublin_recours_48h", label="Recours contre le transfert en rétention (48 h)",
        source="CESEDA L572-4 et L921-2 (depuis le 15 juillet 2024)", evidence=V,
        start_fact="date_notification_transfert", start_label="notification du transfert",
        duration=2, unit=Unit.CALENDAR_DAYS, roll_to_working_day=False, warn_before_days=(1,),
        note="48 heures d'heure à heure, week-ends compris : l'échéance affichée est le jour, "
             "l'heure est celle de la notification."),
    DeadlineRule(
        id="asile.dublin_transfert_6m", label="Délai d'exécution du transfert Dublin",
        source="règlement (UE) 604/2013, art. 29", evidence=U,
        start_fact="date_acceptation_etat", start_label="acceptation par l'État requis",
        duration=6, unit=Unit.MONTHS, roll_to_working_day=False, warn_before_days=(30,),
        note="12 mois en cas d'emprisonnement, 18 mois en cas de fuite ; passé ce délai la "
             "France devient responsable de la demande. Point non vérifié."),
]

SEJOUR = [
    DeadlineRule(
        id="asile.sejour_silence_4m", label="Silence de la préfecture (refus implicite)",
        source="CESEDA R432-1 et R432-2", evidence=S,
        start_fact="date_depot_demande_sejour", start_label="dépôt du dossier complet",
        duration=4, unit=Unit.MONTHS, roll_to_working_day=False, warn_before_days=(15,),
        note="4 mois de silence valent refus implicite ; numéros d'articles exacts non "
             "vérifiés [U]."),
    DeadlineRule(
        id="asile.recepisse_demande_1m", label="Récépissé de la demande de titre attendu",
        source="pratique de l'association (domain.md §3.4)", evidence=U,
        start_fact="date_depot_demande_sejour", start_label="dépôt de la demande",
        duration=1, unit=Unit.MONTHS, roll_to_working_day=False, warn_before_days=(0,),
        note="seuil d'alerte de l'association, pas un délai légal : sans récépissé, relancer "
             "la préfecture."),
    DeadlineRule(
        id="asile.carte_l425_1_1an", label="Fin de la carte « vie privée et familiale » (L425-1)",
        source="CESEDA L425-1", evidence=V, start_fact="date_delivrance_carte",
        start_label="délivrance de la carte", duration=1, unit=Unit.YEARS,
        roll_to_working_day=False, warn_before_days=(60, 15),
        note="renouvelée pendant toute la procédure pénale : préparer une attestation de "
             "procédure en cours (avocat·e ou parquet)."),
]

RULES = [*PROCEDURE, *ATDA, *DUBLIN, *SEJOUR]
