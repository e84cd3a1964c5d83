"""Facts collected by the complaint track: the minimum about a criminal case (domain.md §8).

Offence data falls under GDPR art. 10: the engine keeps "complaint filed, date, service,
receipt number", never a narrative. Complaint details are *sensitive*, the nature of the
offence *restricted*. ``plainte_deposee`` is the shared fact other domains read (the L425-1
card): it must stay ordinary, true for a complaint or testimony, false for a *main courante*.
"""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict, field_validator

from core import Sensitivity, fact

SENSITIVE, RESTRICTED = Sensitivity.SENSITIVE, Sensitivity.RESTRICTED


class Facts(BaseModel):
    """Base of every schema here: unknown fact names are refused."""

    model_config = ConfigDict(defer_build=True, extra="forbid")


class ClotureFacts(Facts):
    motif_cloture: Literal["renonciation_personne", "perte_de_contact",
                           "orientation_autre_structure", "autre"] = fact(label="Motif")
    precision_cloture: str | None = fact(None, label="Précision", max_length=300,
                                         sensitivity=RESTRICTED)


class PrescriptionFacts(Facts):
    date_derniers_faits: date = fact(label="Date des derniers faits (fin des agissements)",
                                     sensitivity=SENSITIVE)


class PrescriptionMineureFacts(Facts):
    date_majorite: date = fact(label="Date des 18 ans de la victime", sensitivity=SENSITIVE)


class AideJuridictionnelleFacts(Facts):
    date_aide_juridictionnelle: date = fact(label="Date de la demande ou de la décision d'AJ")
    statut_aide_juridictionnelle: Literal["demandee", "accordee_totale", "accordee_partielle",
                                          "refusee"] = fact(label="Aide juridictionnelle")


class ReflexionFacts(Facts):
    date_information_reflexion: date = fact(
        label="Date de l'information par la police du délai de réflexion")
    information_langue_comprise: bool = fact(label="Information donnée dans une langue comprise")


class MainCouranteFacts(Facts):
    date_main_courante: date = fact(label="Date de la main courante", sensitivity=SENSITIVE)
    plainte_deposee: bool = fact(
        False, label="Plainte déposée (non : une main courante n'est pas une plainte)")

    @field_validator("plainte_deposee")
    @classmethod
    def _jamais_une_plainte(cls, value: bool) -> bool:
        if value:
            raise ValueError("une main courante n'est pas une plainte")
        return value


class PlainteFacts(Facts):
    mode_plainte: Literal["plainte", "temoignage", "plainte_ecrite_procureur"] = fact(
        label="Plainte, témoignage ou plainte écrite au procureur")
    date_plainte: date = fact(label="Date du dépôt", sensitivity=SENSITIVE)
    service_plainte: Literal["police", "gendarmerie", "procureur", "autre"] = fact(
        label="Service qui a reçu la plainte", sensitivity=SENSITIVE)
    numero_recepisse: str | None = fact(None, label="Numéro du récépissé ou du PV", max_length=40,
                                        sensitivity=SENSITIVE)
    recepisse_remis: bool = fact(label="Récépissé remis (CPP 15-3)")
    copie_pv: bool = fact(False, label="Copie du procès-verbal remise")
    qualification: Literal["a_determiner", "delit", "crime"] = fact(
        label="Qualification probable des faits", sensitivity=RESTRICTED)
    consentement_eclaire: bool = fact(label="Décision éclairée de la personne (droits, risques)")
    evaluation_risques: bool = fact(label="Risques évalués, plan de sécurité fait")
    accompagnement: Literal["aucun", "association", "avocat", "proche"] = fact(
        label="Accompagnement lors du dépôt (CPP 10-4)")
    plainte_deposee: bool = fact(True, label="Plainte ou témoignage dans une procédure pénale")

    @field_validator("plainte_deposee")
    @classmethod
    def _toujours_une_plainte(cls, value: bool) -> bool:
        if not value:
            raise ValueError("une plainte ou un témoignage est une plainte déposée")
        return value


class RecepisseFacts(Facts):
    numero_recepisse: str | None = fact(None, label="Numéro du récépissé ou du PV", max_length=40,
                                        sensitivity=SENSITIVE)
    recepisse_remis: bool = fact(label="Récépissé remis (CPP 15-3)")
    copie_pv: bool = fact(label="Copie du procès-verbal remise")


class ClassementFacts(Facts):
    date_avis_classement: date = fact(label="Date de l'avis de classement sans suite")


class RecoursProcureurGeneralFacts(Facts):
    date_recours_pg: date = fact(label="Date du recours au procureur général (CPP 40-3)")


class PartieCivileFacts(Facts):
    date_constitution_partie_civile: date = fact(
        label="Date de la plainte avec constitution de partie civile (CPP 85)")
    preuve_premiere_plainte: bool = fact(label="Récépissé de la première plainte joint")
    consignation: Literal["dispense_aide_juridictionnelle", "fixee", "a_fixer"] = fact(
        label="Consignation fixée par le juge")


class PoursuitesFacts(Facts):
    date_poursuites: date = fact(label="Date de la décision de poursuivre")
    voie_poursuite: Literal["information_judiciaire", "tribunal_correctionnel",
                            "cour_criminelle_ou_assises", "alternative_aux_poursuites"] = fact(
        label="Suite donnée", sensitivity=SENSITIVE)


class JugementFacts(Facts):
    date_jugement: date = fact(label="Date du jugement")
    issue_jugement: Literal["condamnation", "relaxe_ou_acquittement", "autre"] = fact(
        label="Issue", sensitivity=SENSITIVE)
    decision_definitive: bool = fact(label="Décision définitive")
    partie_civile_audience: bool = fact(label="Constituée partie civile à l'audience")
    information_civi: bool = fact(label="Informée de la CIVI et du SARVI (CPP 706-15)")
