"""Deadline rules of the asylum and victims' residence tracks (domain.md §3 and §9).

Evidence tags follow domain.md: [V] verified text, [S] secondary source, [U] unverified,
[P] the association's practice. Legal time limits for the person (OFPRA, legal aid, CNDA,
Dublin and removal appeals) move to the next working day, except those counted in hours;
only the CNDA appeal, an administrative court appeal, is *franc*. Document validities end
the day before their anniversary; the prefecture's silence is an implicit refusal born on
its date. The Dublin appeal changed with law 2024-42: two versions by notification date.
"""

from __future__ import annotations

from datetime import date

from core import DeadlineRule, Evidence, Kind, SuspensionCondition, Unit

# The OFPRA (Fontenay-sous-Bois) and the CNDA with its legal-aid office (Montreuil) sit in
# mainland France: a filing due there is late past their last working day, whatever
# holidays her delegation keeps (national_calendar).
V, S, U, P = Evidence.VERIFIED, Evidence.SECONDARY, Evidence.UNVERIFIED, Evidence.PRACTICE
ATDA_SOURCE = "arrêté du 9 octobre 2015 relatif à l'ATDA, modifié le 5 mai 2020"
FRANC = "CE 1er juillet 2020 n° 438152 : délai de recours contentieux franc"
NOT_FRANC_FILING = "délai de dépôt d'une demande, pas un recours contentieux"
NOT_FRANC_SPECIAL = "CESEDA L921-1 et L921-2 : délais spéciaux décomptés sans jour franc"
OFPRA_FILING = ("asile.ofpra_21j", "asile.ofpra_7j_guyane")
"""The rules of the time to send the file to the OFPRA: 21 days, 7 in Guyane (R591-7)."""
LAW_2024 = date(2024, 7, 15)
"""Day the provisions of law 2024-42 on removal and transfer appeals (L921-1) applied."""

AIDE_JURIDICTIONNELLE = DeadlineRule(
    id="asile.aide_juridictionnelle_15j", label="Demande d'aide juridictionnelle pour la CNDA",
    source="loi 91-647 du 10 juillet 1991, art. 9-4", evidence=S,
    start_fact="date_notification_rejet", start_label="notification de la décision de l'OFPRA",
    duration=15, unit=Unit.CALENDAR_DAYS, franc=False, franc_source=NOT_FRANC_FILING,
    warn_before_days=(5, 2), national_calendar=True,
    note="une demande dans ce délai suspend le délai de recours d'un mois, qui reprend "
         "pour le temps restant à la notification de la décision d'aide juridictionnelle.")

PROCEDURE = [
    DeadlineRule(
        id="asile.enregistrement_3jo", label="Enregistrement au guichet unique (GUDA)",
        source="CESEDA L521-4 (ancien L741-1)", evidence=S,
        start_fact="date_pre_enregistrement", start_label="pré-enregistrement en SPADA",
        duration=3, unit=Unit.WORKING_DAYS, kind=Kind.TARGET, warn_before_days=(1,),
        note="10 jours ouvrés quand les demandes sont très nombreuses ; numéro d'article après "
             "la recodification de 2021 non vérifié [U]."),
    DeadlineRule(
        id="asile.ofpra_21j", label="Envoi du dossier à l'OFPRA (21 jours)",
        source="CESEDA L531-2 et R531-2", evidence=S, start_fact="date_delivrance_atda",
        start_label="remise de l'ATDA", duration=21, unit=Unit.CALENDAR_DAYS,
        franc=False, franc_source=NOT_FRANC_FILING, warn_before_days=(7, 3),
        national_calendar=True,
        note="un dossier tardif ou incomplet met en risque l'enregistrement, l'ADA et le droit "
             "au séjour : envoyer sans attendre le dernier jour."),
    DeadlineRule(
        # Filed by hand at the OFPRA's office in Cayenne: Guyane's own holidays count there.
        id="asile.ofpra_7j_guyane", label="Envoi du dossier à l'OFPRA en Guyane (7 jours)",
        source="CESEDA R591-6 et R591-7 (arrêté du 27 janvier 2026)", evidence=S,
        start_fact="date_delivrance_atda", start_label="remise de l'ATDA", duration=7,
        unit=Unit.CALENDAR_DAYS, franc=False, franc_source=NOT_FRANC_FILING,
        warn_before_days=(3, 1),
        note="délai dérogatoire de la Guyane, mis en œuvre par arrêté (R591-6) jusqu'au 31 "
             "décembre 2026 : vérifier qu'il est renouvelé ; sinon 21 jours. Dossier remis en "
             "main propre à l'antenne de l'OFPRA à Cayenne."),
    DeadlineRule(
        id="asile.acces_travail_6m", label="Accès au travail sans décision de l'OFPRA (6 mois)",
        source="CESEDA L554-1", evidence=S, start_fact="date_introduction_ofpra",
        start_label="introduction de la demande à l'OFPRA", duration=6, unit=Unit.MONTHS,
        kind=Kind.CONDITION, warn_before_days=(30,),
        note="l'employeur peut alors demander une autorisation de travail si le retard n'est "
             "pas imputable à la personne ; pas au stade de la CNDA si l'OFPRA a rejeté la "
             "demande dans les 6 mois [S]."),
    AIDE_JURIDICTIONNELLE,
    DeadlineRule(
        id="asile.cnda_1m", label="Recours devant la CNDA (1 mois)",
        source="CESEDA L532-1", evidence=S, start_fact="date_notification_rejet",
        start_label="notification de la décision de l'OFPRA", duration=1, unit=Unit.MONTHS,
        franc=True, franc_source=FRANC, warn_before_days=(10, 5), national_calendar=True,
        suspension=SuspensionCondition(
            cause="demande d'aide juridictionnelle", source="loi 91-647 du 10 juillet 1991, "
            "art. 9-4", code="asile.aj_hors_delai", within=AIDE_JURIDICTIONNELLE.duration,
            within_unit=AIDE_JURIDICTIONNELLE.unit,
            within_rolls=AIDE_JURIDICTIONNELLE.roll_to_working_day,
            start_fact="date_demande_aj", end_fact="date_notification_aj",
            remedy="Formez le recours à la CNDA dans le mois et demandez l'aide "
                   "juridictionnelle dans le recours."),
        note="suspendu par une demande d'aide juridictionnelle faite dans les 15 jours, puis "
             "reprend pour le temps restant ; pas de délai de 15 jours en procédure accélérée [S]. "
             "Outre-mer, un mois de distance s'y ajouterait (CJA R421-7, sauf Guyane) [U] : "
             "non compté ici, la date montrée est la plus tôt."),
    DeadlineRule(
        id="asile.cnda_jugement_5m", label="Décision attendue de la CNDA",
        source="CESEDA L532-6 et L532-7", evidence=S, start_fact="date_recours_cnda",
        start_label="recours devant la CNDA", duration=5, unit=Unit.MONTHS,
        kind=Kind.TARGET, roll_to_working_day=False, warn_before_days=(0,),
        note="délai indicatif pour la Cour : 5 semaines en procédure accélérée ou "
             "d'irrecevabilité."),
    DeadlineRule(
        id="asile.ofpra_acceleree_15j", label="Décision de l'OFPRA en procédure accélérée",
        source="CESEDA R531-23", evidence=V, start_fact="date_introduction_ofpra",
        start_label="introduction de la demande à l'OFPRA", duration=15,
        unit=Unit.CALENDAR_DAYS, kind=Kind.TARGET, roll_to_working_day=False,
        warn_before_days=(0,),
        note="délai donné à l'OFPRA, sans effet pour la personne s'il est dépassé : "
             "préparer le recours dès la décision."),
    DeadlineRule(
        id="asile.ofpra_retention_96h", label="Décision de l'OFPRA sur une demande en rétention",
        source="CESEDA R531-23 (96 heures en rétention)", evidence=V,
        start_fact="heure_introduction_ofpra", start_label="introduction de la demande à "
        "l'OFPRA en rétention", duration=96, unit=Unit.HOURS, kind=Kind.TARGET,
        warn_before_days=(0,),
        note="délai donné à l'OFPRA ; le recours contre le refus suit les délais de "
             "l'éloignement : voir l'avocat·e sans attendre."),
]

ATDA = [
    DeadlineRule(id="asile.atda_normale_10m", label="Fin de la première ATDA (procédure normale)",
                 source=ATDA_SOURCE, evidence=V, start_fact="date_delivrance_atda",
                 start_label="délivrance de l'ATDA", duration=10, unit=Unit.MONTHS,
                 kind=Kind.VALIDITY, warn_before_days=(30, 15)),
    DeadlineRule(id="asile.atda_acceleree_6m", label="Fin de la première ATDA (procédure accélérée)",
                 source=ATDA_SOURCE, evidence=V, start_fact="date_delivrance_atda",
                 start_label="délivrance de l'ATDA", duration=6, unit=Unit.MONTHS,
                 kind=Kind.VALIDITY, warn_before_days=(30, 15)),
    DeadlineRule(id="asile.atda_dublin_1m", label="Fin de la première ATDA (procédure Dublin)",
                 source=ATDA_SOURCE, evidence=V, start_fact="date_delivrance_atda",
                 start_label="délivrance de l'ATDA", duration=1, unit=Unit.MONTHS,
                 kind=Kind.VALIDITY, warn_before_days=(10,)),
    DeadlineRule(id="asile.atda_renouvellement_6m", label="Fin de l'ATDA renouvelée",
                 source=ATDA_SOURCE, evidence=V, start_fact="date_renouvellement_atda",
                 start_label="renouvellement de l'ATDA", duration=6, unit=Unit.MONTHS,
                 kind=Kind.VALIDITY, warn_before_days=(30, 15)),
    DeadlineRule(id="asile.atda_dublin_renouvellement_4m", label="Fin de l'ATDA Dublin renouvelée",
                 source=ATDA_SOURCE, evidence=V, start_fact="date_renouvellement_atda",
                 start_label="renouvellement de l'ATDA", duration=4, unit=Unit.MONTHS,
                 kind=Kind.VALIDITY, warn_before_days=(30, 15)),
]

DUBLIN_7J = DeadlineRule(
    id="asile.dublin_recours_7j", version=2,
    label="Recours contre la décision de transfert (7 jours)",
    source="CESEDA L572-4 et L921-1 (loi 2024-42)", evidence=V, effective_from=LAW_2024,
    start_fact="date_notification_transfert", start_label="notification du transfert",
    duration=7, unit=Unit.CALENDAR_DAYS, franc=False, franc_source=NOT_FRANC_SPECIAL,
    warn_before_days=(4,),
    note="7 jours pour les décisions notifiées depuis le 15 juillet 2024 ; 15 jours avant.")

DUBLIN = [
    DUBLIN_7J.model_copy(update={
        "version": 1, "label": "Recours contre la décision de transfert (15 jours)",
        "source": "CESEDA L572-4 (rédaction antérieure à la loi 2024-42)",
        "effective_from": date(1900, 1, 1), "effective_to": date(2024, 7, 14), "duration": 15,
        "franc_source": "délai spécial du contentieux des transferts",
        "warn_before_days": (7,),
        "note": "régime des notifications faites jusqu'au 14 juillet 2024 : 15 jours."}),
    DUBLIN_7J,
    DeadlineRule(
        id="asile.dublin_recours_48h", label="Recours contre le transfert en rétention (48 h)",
        source="CESEDA L572-4 et L921-2 (depuis le 15 juillet 2024)", evidence=V,
        start_fact="heure_notification_transfert", start_label="notification du transfert",
        duration=48, unit=Unit.HOURS, franc=False, warn_before_days=(1,),
        note="48 heures d'heure à heure, week-ends compris, à partir de l'heure de la "
             "notification : alerter l'avocat·e dans les 12 heures."),
    DeadlineRule(
        id="asile.dublin_transfert_6m", label="Délai d'exécution du transfert Dublin",
        source="règlement (UE) 604/2013, art. 29", evidence=U,
        start_fact="date_acceptation_etat", start_label="acceptation par l'État requis",
        duration=6, unit=Unit.MONTHS, franc=False,
        franc_source="délai imparti à l'État, pas à la personne", roll_to_working_day=False,
        warn_before_days=(30,),
        restarts={"date_jugement_transfert": "décision définitive sur le recours suspensif"},
        note="court à nouveau à compter de la décision définitive sur un recours suspensif ; "
             "12 mois en cas d'emprisonnement, 18 mois en cas de fuite ; passé ce délai la "
             "France devient responsable de la demande. Point non vérifié."),
]

ELOIGNEMENT = [
    DeadlineRule(
        id="asile.oqtf_recours_7j", label="Recours contre l'obligation de quitter le territoire "
        "(7 jours)", source="CESEDA L921-1 (loi 2024-42)", evidence=V,
        effective_from=LAW_2024, start_fact="date_notification_oqtf",
        start_label="notification de la mesure d'éloignement", duration=7,
        unit=Unit.CALENDAR_DAYS, franc=False, franc_source=NOT_FRANC_SPECIAL,
        warn_before_days=(4, 2),
        note="le délai applicable (7 jours, 48 heures, ou un mois selon la mesure) se lit sur "
             "la notification : vérifier avec l'avocat·e."),
    DeadlineRule(
        id="asile.oqtf_recours_48h", label="Recours contre l'éloignement en rétention ou "
        "assignation (48 h)", source="CESEDA L921-2 (loi 2024-42)", evidence=V,
        effective_from=LAW_2024, start_fact="heure_notification_oqtf",
        start_label="notification de la mesure d'éloignement", duration=48, unit=Unit.HOURS,
        franc=False, warn_before_days=(1,),
        note="48 heures d'heure à heure, week-ends compris : alerter l'avocat·e tout de suite."),
    DeadlineRule(
        id="asile.oqtf_jugement_15j", label="Jugement du tribunal sur l'éloignement",
        source="CESEDA L921-1", evidence=V, effective_from=LAW_2024,
        start_fact="date_recours_oqtf", start_label="saisine du tribunal administratif",
        duration=15, unit=Unit.CALENDAR_DAYS, kind=Kind.TARGET, roll_to_working_day=False,
        warn_before_days=(0,), note="délai donné au tribunal ; indicatif pour la personne."),
    DeadlineRule(
        id="asile.oqtf_jugement_96h", label="Jugement du tribunal sur l'éloignement en "
        "rétention", source="CESEDA L921-2", evidence=V, effective_from=LAW_2024,
        start_fact="heure_recours_oqtf", start_label="saisine du tribunal administratif",
        duration=96, unit=Unit.HOURS, kind=Kind.TARGET, warn_before_days=(0,),
        note="délai donné au tribunal ; indicatif pour la personne."),
]

SEJOUR = [
    DeadlineRule(
        id="asile.sejour_silence_4m", label="Silence de la préfecture (refus implicite)",
        source="CESEDA R432-1 et R432-2", evidence=S,
        start_fact="date_depot_demande_sejour", start_label="dépôt du dossier complet",
        duration=4, unit=Unit.MONTHS, kind=Kind.SILENCE, warn_before_days=(15,),
        note="4 mois de silence valent refus implicite ; numéros d'articles exacts non "
             "vérifiés [U]."),
    DeadlineRule(
        id="asile.recepisse_demande_1m", label="Récépissé de la demande de titre attendu",
        source="pratique de l'association (domain.md §3.4)", evidence=P,
        start_fact="date_depot_demande_sejour", start_label="dépôt de la demande",
        duration=1, unit=Unit.MONTHS, kind=Kind.TARGET, roll_to_working_day=False,
        warn_before_days=(0,), note="sans récépissé à cette date, relancer la préfecture."),
    DeadlineRule(
        id="asile.carte_l425_1_1an", label="Fin de la carte « vie privée et familiale » (L425-1)",
        source="CESEDA L425-1", evidence=V, start_fact="date_delivrance_carte",
        start_label="délivrance de la carte", duration=1, unit=Unit.YEARS,
        kind=Kind.VALIDITY, warn_before_days=(60, 15),
        note="renouvelée pendant toute la procédure pénale : préparer une attestation de "
             "procédure en cours (avocat·e ou parquet)."),
]

RULES = [*PROCEDURE, *ATDA, *DUBLIN, *ELOIGNEMENT, *SEJOUR]
