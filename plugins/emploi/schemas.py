"""Facts collected by the employment tracks: France Travail, IAE, CEJ, CIR and RSA.

The RSA track records the shared fact ``beneficiaire_rsa`` (core/crossdomain.py) while a
request is pending or granted, so that other domains (the built-in AFIS check) see that the
person is eligible to RSA; it is set back to false when the track ends.
"""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict

from core import Sensitivity, fact


class _Facts(BaseModel):
    model_config = ConfigDict(defer_build=True, extra="forbid")


MotifCloture = Literal["souhait_personne", "demenagement", "orientation_autre_structure",
                       "sans_droit_au_travail", "deces", "autre"]


class ClotureFacts(_Facts):
    """Closing an employment track before its end, with the reason."""

    motif_cloture: MotifCloture = fact(label="Motif de clôture")
    precision: str | None = fact(None, label="Précision", max_length=500,
                                 sensitivity=Sensitivity.RESTRICTED)


def _ue():
    return fact(None, label="Nationalité française, UE, EEE ou suisse",
                sensitivity=Sensitivity.SENSITIVE)


# --- France Travail --------------------------------------------------------------------

class InscriptionFacts(_Facts):
    date_inscription: date = fact(label="Date d'inscription à France Travail")
    identifiant_france_travail: str | None = fact(None, label="Identifiant France Travail",
                                                  max_length=20, sensitivity=Sensitivity.SENSITIVE)
    nationalite_francaise_ue: bool | None = _ue()


class ContratEngagementFacts(_Facts):
    date_signature_contrat: date = fact(label="Date de signature du contrat d'engagement")
    heures_activite_hebdo: int = fact(label="Heures d'activité prévues par semaine", ge=0, le=35)
    amenagement_heures: bool = fact(False, label="Durée adaptée à la situation (santé, parent "
                                                 "isolé…)")


class ActiviteFacts(_Facts):
    date_activite: date = fact(label="Date de l'activité")


TypeContrat = Literal["cdi", "cdd", "interim", "alternance", "contrat_aide", "autre"]


class EmploiFacts(_Facts):
    date_debut_contrat: date = fact(label="Date de début du contrat")
    type_contrat: TypeContrat = fact(label="Type de contrat")
    heures_hebdo: int | None = fact(None, label="Heures par semaine", ge=0, le=48)


class SortieFacts(_Facts):
    date_sortie: date = fact(label="Date de sortie")
    motif_sortie: Literal["radiation", "formation", "demenagement", "autre"] = fact(
        label="Motif de sortie")


# --- IAE -------------------------------------------------------------------------------

Prescripteur = Literal["france_travail", "mission_locale", "cap_emploi", "caf_msa", "ccas",
                       "cidff", "association_habilitee", "autocontrole_siae"]


class DiagnosticFacts(_Facts):
    date_diagnostic: date = fact(label="Date du diagnostic d'éligibilité")
    prescripteur: Prescripteur = fact(label="Prescripteur (ou autocontrôle de la SIAE)")
    criteres_niveau_1: int = fact(0, label="Critères administratifs de niveau 1 remplis",
                                  ge=0, le=10)
    criteres_niveau_2: int = fact(0, label="Critères administratifs de niveau 2 remplis",
                                  ge=0, le=20)


class EligibiliteFacts(_Facts):
    date_validation_eligibilite: date = fact(label="Date de validation de l'éligibilité")


class EmbaucheFacts(_Facts):
    date_embauche: date = fact(label="Date d'embauche (début du PASS IAE)")
    type_siae: Literal["aci", "ei", "etti", "ai", "eiti"] = fact(label="Type de structure")
    nationalite_francaise_ue: bool | None = _ue()


class ProlongationIaeFacts(_Facts):
    date_decision_prolongation: date = fact(label="Date de la décision de prolongation")
    date_fin_prolongation: date = fact(label="Nouvelle date de fin du PASS IAE")


class SortieIaeFacts(_Facts):
    date_sortie: date = fact(label="Date de sortie de l'IAE")
    type_sortie: Literal["emploi_durable", "emploi_de_transition", "formation", "autre"] = fact(
        label="Type de sortie")


# --- CEJ -------------------------------------------------------------------------------

class CejFacts(_Facts):
    date_signature_cej: date = fact(label="Date de signature du CEJ")
    structure_cej: Literal["mission_locale", "france_travail"] = fact(label="Structure")
    date_naissance: date | None = fact(None, label="Date de naissance",
                                       sensitivity=Sensitivity.SENSITIVE)
    rqth: bool = fact(False, label="Reconnaissance de la qualité de travailleur handicapé",
                      sensitivity=Sensitivity.SENSITIVE)
    nationalite_francaise_ue: bool | None = _ue()


class ProlongationCejFacts(_Facts):
    date_decision_prolongation: date = fact(label="Date de la décision de prolongation")


class FinCejFacts(_Facts):
    date_fin_cej: date = fact(label="Date de fin du CEJ")
    issue_cej: Literal["emploi", "formation", "iae", "autre"] = fact(label="Issue")


# --- CIR -------------------------------------------------------------------------------

class CirFacts(_Facts):
    date_signature_cir: date = fact(label="Date de signature du CIR")
    formation_linguistique_prescrite: bool = fact(False, label="Formation linguistique prescrite")


class FinCirFacts(_Facts):
    date_fin_cir: date = fact(label="Date de fin du CIR")


# --- training and French classes -------------------------------------------------------

Financement = Literal["france_travail", "region", "cpf", "ofii", "parcours_de_sortie",
                      "associatif", "autre"]


class OrientationFormationFacts(_Facts):
    """A referral to a class or training; naming the ``partenaire`` told about her needs her
    consent to sharing with it (core check ``parcours.consentement_partage``)."""

    date_orientation_formation: date = fact(label="Date de l'orientation vers la formation")
    financement: Financement = fact(label="Financement")
    partenaire: str | None = fact(None, label="Partenaire à qui ses informations sont transmises",
                                  max_length=80, sensitivity=Sensitivity.SENSITIVE)


class DebutFormationFacts(_Facts):
    date_debut_formation: date = fact(label="Date de début de la formation")


class FinFormationFacts(_Facts):
    date_fin_formation: date = fact(label="Date de fin de la formation")
    issue_formation: Literal["achevee", "interrompue"] = fact(label="Issue")


# --- RSA -------------------------------------------------------------------------------

SituationRsa = Literal["francaise_ue", "titre_travail_5_ans", "refugiee_ou_protegee",
                       "carte_resident", "apatride", "autre_titre"]


class RsaDemandeFacts(_Facts):
    """An RSA request; eligibility is recorded under the shared name ``beneficiaire_rsa``."""

    date_demande_rsa: date = fact(label="Date de la demande de RSA")
    date_naissance: date | None = fact(None, label="Date de naissance",
                                       sensitivity=Sensitivity.SENSITIVE)
    situation_sejour: SituationRsa = fact(label="Nationalité ou titre de séjour",
                                          sensitivity=Sensitivity.SENSITIVE)
    parent_isole: bool = fact(False, label="Parent isolé (RSA avant 25 ans)")
    activite_3214h: bool = fact(False, label="3 214 heures travaillées en 3 ans (RSA avant 25 ans)")
    beneficiaire_rsa: bool = fact(True, label="Éligible au RSA (conditions vérifiées)")


class RsaAccordFacts(_Facts):
    date_ouverture_rsa: date = fact(label="Date d'ouverture du RSA")
    beneficiaire_rsa: bool = fact(True, label="Perçoit le RSA")


class RsaFinFacts(_Facts):
    date_fin_rsa: date = fact(label="Date du refus ou de la fin du RSA")
    beneficiaire_rsa: bool = fact(False, label="Perçoit le RSA ou y est éligible")


class RsaClotureFacts(ClotureFacts):
    beneficiaire_rsa: bool = fact(False, label="Perçoit le RSA ou y est éligible")
