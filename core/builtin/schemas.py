"""Facts collected by the built-in tracks (core pathway, PSP, APS, AFIS)."""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict

from core.definitions.model import Sensitivity, fact


class _Facts(BaseModel):
    model_config = ConfigDict(defer_build=True, extra="forbid")


class SuiviFacts(_Facts):
    """Entering individual follow-up: who follows. Her consent is not a fact: it is recorded
    in her consents (``parcours consent give N suivi``) and checked from there."""

    referent: str = fact(label="Référent·e", min_length=1)


class PauseFacts(_Facts):
    motif_pause: str | None = fact(None, label="Motif de la pause", max_length=200,
                                   sensitivity=Sensitivity.SENSITIVE)


class PerteContactFacts(_Facts):
    dernier_contact: date | None = fact(None, label="Date du dernier contact")


class ReinsertionFacts(_Facts):
    date_reinsertion: date = fact(label="Date de la réinsertion")


MotifCloture = Literal["souhait_personne", "demenagement", "orientation_autre_structure",
                       "deces", "autre"]


class ClotureFacts(_Facts):
    motif_cloture: MotifCloture = fact(label="Motif de clôture")
    precision: str | None = fact(None, label="Précision", max_length=500,
                                 sensitivity=Sensitivity.RESTRICTED)


class DocumentParcoursFacts(_Facts):
    date_signature_document: date = fact(label="Date de signature du document de parcours")


class DossierFacts(_Facts):
    piece_identite: bool = fact(label="Copie d'une pièce d'identité au dossier")
    attestation_cessation: bool = fact(label="Attestation sur l'honneur de cessation")
    domiciliation: bool = fact(label="Domiciliation ou adresse au dossier")


class EnvoiFacts(_Facts):
    date_envoi: date = fact(label="Date d'envoi à la préfecture / DDFE")


class CommissionFacts(_Facts):
    date_commission: date = fact(label="Date de la commission")
    avis: Literal["favorable", "defavorable"] = fact(label="Avis de la commission")


class DecisionFacts(_Facts):
    date_decision: date = fact(label="Date de la décision du préfet")
    debut_periode: date = fact(label="Début de la période d'autorisation de 6 mois")
    reference_decision: str | None = fact(None, label="Référence de l'arrêté", max_length=60,
                                          sensitivity=Sensitivity.SENSITIVE)


class RefusFacts(_Facts):
    date_notification_refus: date = fact(label="Date de notification du refus")


class RenouvellementFacts(_Facts):
    """The renewal file (circular, annex 7): the prefect weighs the commitments kept and the
    cessation; AFIS conditions are checked again."""

    date_envoi_renouvellement: date = fact(label="Date d'envoi du dossier de renouvellement")
    engagements_tenus: bool = fact(label="Engagements du parcours tenus (bilan de suivi)")
    cessation_effective: bool = fact(label="Cessation de la prostitution effective",
                                     sensitivity=Sensitivity.SENSITIVE)
    ressources_mois_precedent: float | None = fact(
        None, label="Ressources du mois précédent (€), si l'AFIS est versée", ge=0)


class FinAnticipeeFacts(_Facts):
    date_fin: date = fact(label="Date de la décision de fin")
    motif_fin: Literal["engagements_non_tenus", "conditions_non_remplies", "demande_personne",
                       "autre"] = fact(label="Motif de la fin anticipée")


SolutionSejour = Literal["sans_objet", "vie_privee_familiale", "admission_exceptionnelle",
                         "salarie", "l425_1", "autre", "aucune"]


class SortieFacts(_Facts):
    date_sortie: date = fact(label="Date de sortie du parcours")
    solution_sejour: SolutionSejour = fact(label="Droit au séjour après le parcours")


class ApsDemandeFacts(_Facts):
    date_demande_aps: date = fact(label="Date de la demande d'APS")


class ApsDelivranceFacts(_Facts):
    date_delivrance_aps: date = fact(label="Date de délivrance de l'APS")
    sejour_regulier_jusquau: date = fact(label="Fin de validité de l'APS")
    autorise_travail: bool = fact(True, label="L'APS autorise le travail (L425-4)")


SituationSejour = Literal["francaise_ue", "titre_sejour", "recepisse", "aps"]


class AfisDemandeFacts(_Facts):
    date_demande_afis: date = fact(label="Date de la demande d'AFIS")
    date_naissance: date | None = fact(None, label="Date de naissance",
                                       sensitivity=Sensitivity.SENSITIVE)
    situation_sejour: SituationSejour = fact(label="Situation au regard du séjour")
    ressources_mois_precedent: float = fact(label="Ressources du mois précédent (€)", ge=0)
    beneficiaire_rsa: bool = fact(label="Perçoit le RSA ou y est éligible")
    beneficiaire_ada: bool = fact(label="Perçoit l'ADA ou y est éligible")


class AfisAccordFacts(_Facts):
    date_accord_afis: date = fact(label="Date d'accord de l'AFIS")


class AfisArretFacts(_Facts):
    date_arret_afis: date = fact(label="Date de la décision d'arrêt")
    motif_arret: Literal["engagements_non_tenus", "conditions_non_remplies", "rsa", "ada",
                         "fin_du_parcours", "autre"] | None = fact(None, label="Motif de l'arrêt")


class AfisFinFacts(_Facts):
    date_dernier_versement: date = fact(label="Date du dernier versement de l'AFIS")


class DecisionNegativeFacts(_Facts):
    date_refus: date = fact(label="Date du refus")
