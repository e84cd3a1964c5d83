"""Deadline rules of the health tracks, with their sources and evidence tags (domain.md §4, §9).

Validity periods (domiciliation, AME, CSS) end the day before their anniversary, and PUMa
rights kept after a permit expires run to the end of the 6th month; none moves to a working
day. The CPAM's silence on an AME request is an implicit refusal born on its date. "More
than 3 months" (presence for AME, the asylum seekers' wait for PUMa) is met the day after.
Only the appeal against a refusal, an administrative court appeal, is *franc*.
"""

from __future__ import annotations

from core import DeadlineRule, Evidence, Kind, Unit

DOMICILIATION = "CASF L264-1 et suivants ; service-public.fr F17317"

RULES = [
    DeadlineRule(
        id="sante.domiciliation_reponse_2m", label="Réponse de l'organisme à la demande de "
        "domiciliation", source=DOMICILIATION, evidence=Evidence.VERIFIED,
        start_fact="date_demande_domiciliation", start_label="demande de domiciliation",
        duration=2, unit=Unit.MONTHS, kind=Kind.TARGET, warn_before_days=(15,),
        note="l'effet du silence de l'organisme n'est pas établi : relancer, un refus doit être "
             "motivé."),
    DeadlineRule(
        id="sante.domiciliation_1a", label="Fin de validité de la domiciliation",
        source=DOMICILIATION + " (un an, renouvelable)", evidence=Evidence.VERIFIED,
        start_fact="date_attestation", start_label="attestation d'élection de domicile",
        duration=1, unit=Unit.YEARS, kind=Kind.VALIDITY, warn_before_days=(30, 15)),
    DeadlineRule(
        id="sante.domiciliation_contact_3m", label="Domiciliation : 3 mois sans contact "
        "(radiation possible)", source=DOMICILIATION + " ; CNLE", evidence=Evidence.VERIFIED,
        start_fact="date_dernier_contact", start_label="dernier contact avec l'organisme "
        "(à défaut, l'attestation)", duration=3, unit=Unit.MONTHS, franc=False,
        franc_source="délai de contact, pas un recours", roll_to_working_day=False,
        warn_before_days=(30,),
        note="la radiation n'est pas automatique : elle doit être motivée et peut être contestée."),
    DeadlineRule(
        id="sante.ame_presence_3m", label="AME : 3 mois de présence ininterrompue",
        source="CASF L251-1 (présence ininterrompue de plus de 3 mois)",
        evidence=Evidence.SECONDARY, start_fact="date_arrivee_france",
        start_label="arrivée en France", duration=3, unit=Unit.MONTHS, kind=Kind.CONDITION,
        warn_before_days=(),
        note="pas exigé des mineurs [S] ; en attendant : PASS, CeGIDD, soins urgents et "
             "vitaux (CASF L254-1) [U]."),
    DeadlineRule(
        id="sante.ame_decision_2m", label="Décision sur la demande d'AME (silence = refus)",
        source="CASF L251-1 et suivants ; rejet implicite au bout de 2 mois",
        evidence=Evidence.SECONDARY, start_fact="date_demande_ame",
        start_label="dépôt de la demande complète", duration=2, unit=Unit.MONTHS,
        kind=Kind.SILENCE, warn_before_days=(15,),
        note="sans réponse à cette date, la demande est implicitement rejetée : recours possible."),
    DeadlineRule(
        id="sante.ame_droits_1a", label="Fin des droits à l'AME",
        source="CASF L252-3 (admission pour un an)", evidence=Evidence.SECONDARY,
        start_fact="date_ouverture_droits_ame", start_label="ouverture des droits",
        duration=1, unit=Unit.YEARS, kind=Kind.VALIDITY, warn_before_days=(60, 30),
        note="demander le renouvellement 2 mois avant ; selon une note CNAM de 2008 (peut-être "
             "dépassée), pas de rupture si la demande suit l'échéance de moins d'un mois."),
    DeadlineRule(
        id="sante.ame_soins_programmes_9m", label="AME : soins programmés sans accord préalable",
        source="décret n° 2020-1325 du 30 octobre 2020", evidence=Evidence.SECONDARY,
        start_fact="date_ouverture_droits_ame", start_label="première admission à l'AME",
        duration=9, unit=Unit.MONTHS, kind=Kind.CONDITION, warn_before_days=(),
        note="avant cette date, les soins non urgents programmés demandent l'accord préalable "
             "de la CPAM ; ancienneté comptée comme acquise le lendemain des 9 mois."),
    DeadlineRule(
        id="sante.recours_refus_2m", label="Recours contre un refus d'AME ou de PUMa",
        source="CJA R421-1 (délai général de recours de 2 mois)", evidence=Evidence.SECONDARY,
        start_fact="date_notification_refus", start_label="notification du refus",
        duration=2, unit=Unit.MONTHS, franc=True,
        franc_source="CE 1er juillet 2020 n° 438152 : délai de recours contentieux franc",
        warn_before_days=(15, 7),
        note="voie de recours propre à l'assurance maladie (recours amiable, juridiction) à "
             "confirmer sur la notification."),
    DeadlineRule(
        id="sante.puma_carence_3m", label="PUMa : fin de la carence de 3 mois",
        source="CSS L160-1 ; décret n° 2019-1531 (demandeurs d'asile majeurs, depuis le "
               "1er janvier 2020)", evidence=Evidence.SECONDARY,
        start_fact="date_debut_carence", start_label="début de résidence retenu",
        duration=3, unit=Unit.MONTHS, kind=Kind.CONDITION, warn_before_days=(15,),
        note="plus de 3 mois : ouverte le lendemain ; pas de carence pour les mineurs ; "
             "pendant la carence : PASS et CeGIDD."),
    DeadlineRule(
        id="sante.puma_maintien_6m", label="PUMa : fin du maintien des droits après le titre",
        source="décret n° 2019-1468 du 26 décembre 2019 (maintien jusqu'à la fin du 6e mois)",
        evidence=Evidence.SECONDARY, start_fact="date_fin_titre",
        start_label="expiration du document de séjour", duration=6, unit=Unit.MONTH_ENDS,
        kind=Kind.VALIDITY, warn_before_days=(31,),
        note="passer à l'AME si le séjour est devenu irrégulier."),
    DeadlineRule(
        id="sante.css_1a", label="Fin de la Complémentaire santé solidaire",
        source="CSS L861-1 et suivants (attribution pour un an)", evidence=Evidence.SECONDARY,
        start_fact="date_attribution_css", start_label="attribution de la CSS",
        duration=1, unit=Unit.YEARS, kind=Kind.VALIDITY, warn_before_days=(60,),
        note="renouvellement à demander environ 2 mois avant l'échéance [U]."),
]
