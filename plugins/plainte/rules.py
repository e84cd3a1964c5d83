"""Deadline rules of the complaint track (domain.md §7 and §9), with their evidence tags.

Limitation periods run from the last facts (adults) or from majority (minors, CPP 706-47);
for continuing or habitual offences such as pimping and trafficking the starting point is
itself an open question, said in every explanation. None of these is an appeal, so none is
*franc*; the *partie civile* option opens once "3 months have passed", the day after.
Nothing here is legal advice.
"""

from __future__ import annotations

from core import DeadlineRule, Evidence, Kind, Unit

V, S, U = Evidence.VERIFIED, Evidence.SECONDARY, Evidence.UNVERIFIED
LIMITATION = "délai de prescription de l'action publique, pas un délai de recours"
CONTINUING = ("pour la traite et le proxénétisme (infractions continues ou d'habitude), le "
              "délai court en principe de la fin des agissements [U] ; les actes d'enquête "
              "l'interrompent : à vérifier avec l'avocat·e.")

AGGRAVATED = ("une circonstance aggravante peut faire un délit (6 ans) d'une contravention, par "
              "exemple de violences (CP 222-13) : qualification à confirmer avec l'avocat·e [U] ; "
              "les actes d'enquête ou de poursuite l'interrompent (CPP 9-2).")

SLIDING_DELIT = ("délai prolongé si la même personne commet, avant son terme, une agression ou "
                 "une atteinte sexuelle sur un autre mineur (CPP art. 8 al. 4) [U] ; ")
SLIDING_CRIME = ("pour un viol, délai prolongé si la même personne commet, avant son terme, un "
                 "viol, une agression ou une atteinte sexuelle sur un autre mineur (CPP art. 7 "
                 "al. 3) [U] ; violences ayant entraîné une mutilation ou une infirmité "
                 "permanente (CP 222-10) : 30 ans si l'article 706-47 les vise, à confirmer [U] ; ")

RULES = [
    DeadlineRule(
        id="plainte.reflexion_30j", label="Fin du délai de réflexion (victime étrangère)",
        source="CESEDA R425-1 et suivants (anciens R316-1 et R316-2)", evidence=V,
        start_fact="date_information_reflexion", start_label="information par la police",
        duration=30, unit=Unit.CALENDAR_DAYS, franc=False,
        franc_source="délai de réflexion, pas un délai de recours", roll_to_working_day=False,
        warn_before_days=(7,),
        note="décider de porter plainte ou de témoigner avant cette date ; numéros d'articles "
             "après la recodification de 2021 à confirmer [U]."),
    DeadlineRule(
        id="plainte.partie_civile_3m", label="Plainte avec constitution de partie civile possible",
        source="CPP art. 85", evidence=V,
        start_fact="date_plainte", start_label="première plainte", duration=3, unit=Unit.MONTHS,
        kind=Kind.CONDITION, warn_before_days=(7,),
        note="condition propre aux délits, pas exigée pour un crime [S] ; possible plus tôt "
             "si le parquet classe sans suite ; les 3 mois sont écoulés le lendemain."),
    DeadlineRule(
        id="plainte.prescription_contravention_1a",
        label="Prescription de l'action publique (contravention)",
        source="CPP art. 9 (loi 2017-242)", evidence=V, start_fact="date_derniers_faits",
        start_label="derniers faits", duration=1, unit=Unit.YEARS, franc=False,
        franc_source=LIMITATION, roll_to_working_day=False,
        warn_before_days=(90, 30), note=AGGRAVATED),
    DeadlineRule(
        id="plainte.prescription_delit_6a", label="Prescription de l'action publique (délit)",
        source="CPP art. 8 (loi 2017-242)", evidence=V, start_fact="date_derniers_faits",
        start_label="derniers faits", duration=6, unit=Unit.YEARS, franc=False,
        franc_source=LIMITATION, roll_to_working_day=False,
        warn_before_days=(365, 90), note=CONTINUING),
    DeadlineRule(
        id="plainte.prescription_crime_20a", label="Prescription de l'action publique (crime)",
        source="CPP art. 7 (loi 2017-242)", evidence=V, start_fact="date_derniers_faits",
        start_label="derniers faits", duration=20, unit=Unit.YEARS, franc=False,
        franc_source=LIMITATION, roll_to_working_day=False,
        warn_before_days=(365,), note=CONTINUING),
    DeadlineRule(
        id="plainte.prescription_mineure_delit_10a",
        label="Prescription (délit sur mineur, CPP 706-47)", source="CPP art. 8 al. 2 et 706-47",
        evidence=V, start_fact="date_majorite", start_label="majorité de la victime",
        duration=10, unit=Unit.YEARS, franc=False, franc_source=LIMITATION,
        roll_to_working_day=False, warn_before_days=(365,),
        note="20 ans pour les délits de CP 222-12, 222-29-1 et 227-26 (CPP art. 8 al. 3) : "
             "évaluez alors la prescription « 20 ans » ; " + SLIDING_DELIT + CONTINUING),
    DeadlineRule(
        id="plainte.prescription_mineure_delit_20a",
        label="Prescription (délit sur mineur, CPP 8 al. 3)",
        source="CPP art. 8 al. 3 (loi 2021-478)", evidence=V, start_fact="date_majorite",
        start_label="majorité de la victime", duration=20, unit=Unit.YEARS, franc=False,
        franc_source=LIMITATION, roll_to_working_day=False, warn_before_days=(365,),
        note=SLIDING_DELIT + CONTINUING),
    DeadlineRule(
        id="plainte.prescription_mineure_crime_30a",
        label="Prescription (crime sur mineur, CPP 706-47)",
        source="CPP art. 7 al. 3 et 706-47 (loi 2018-703)", evidence=V,
        start_fact="date_majorite", start_label="majorité de la victime",
        duration=30, unit=Unit.YEARS, franc=False, franc_source=LIMITATION,
        roll_to_working_day=False, warn_before_days=(365,),
        note=SLIDING_CRIME + CONTINUING),
]

PRESCRIPTIONS = tuple(r.id for r in RULES if ".prescription_" in r.id)
