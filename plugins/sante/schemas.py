"""Facts collected by the health tracks: domiciliation, coverage (AME / PUMa), CSS, care access.

Only what the procedures need is asked: dates, which documents are in the file (yes/no),
and the kind of care structure a person is oriented to, never a diagnosis (domain.md §8).
Immigration details (date of arrival, nationality) are marked sensitive.
"""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict

from core import Sensitivity, fact


class _Facts(BaseModel):
    model_config = ConfigDict(defer_build=True, extra="forbid")


MotifCloture = Literal["souhait_personne", "demenagement", "orientation_autre_structure",
                       "droits_obtenus_ailleurs", "deces", "autre"]


class ClotureFacts(_Facts):
    """Closing a health track before its end, with the reason."""

    motif_cloture: MotifCloture = fact(label="Motif de clôture")
    precision: str | None = fact(None, label="Précision", max_length=500,
                                 sensitivity=Sensitivity.RESTRICTED)


# --- domiciliation (CASF L264-1 and following) -----------------------------------------

Organisme = Literal["ccas", "cias", "organisme_agree"]
LienCommune = Literal["sejour", "activite_professionnelle", "insertion_suivi_social",
                      "liens_familiaux", "enfant_scolarise", "autre"]


class DemandeDomiciliationFacts(_Facts):
    """The request to a CCAS, CIAS or approved body, and the person's link with the commune."""

    date_demande_domiciliation: date = fact(label="Date de la demande de domiciliation")
    organisme_domiciliation: Organisme = fact(label="Organisme sollicité")
    lien_commune: LienCommune = fact(label="Lien avec la commune")
    formulaire_cerfa: bool = fact(label="Formulaire de demande (cerfa) rempli")


class DomiciliationFacts(_Facts):
    date_attestation: date = fact(label="Date de l'attestation d'élection de domicile")


class ContactFacts(_Facts):
    date_dernier_contact: date = fact(label="Date du contact (courrier retiré, passage)")


class RefusDomiciliationFacts(_Facts):
    date_refus_domiciliation: date = fact(label="Date du refus (motivé) de domiciliation")


class FinDomiciliationFacts(_Facts):
    date_fin_domiciliation: date = fact(label="Date de fin de la domiciliation")
    motif_fin: Literal["non_renouvelee", "radiation_sans_contact", "fin_lien_commune",
                       "autre"] = fact(label="Motif de fin")


# --- coverage: AME (irregular stay) or PUMa (regular stay) -----------------------------

def _adresse():
    # optional so that an unanswered question keeps what an earlier step recorded
    return fact(None, label="Adresse ou domiciliation déclarée (hors démarche de domiciliation)")


class AmeDemandeFacts(_Facts):
    """A complete AME request; the documents listed in domain.md §4.2 (S2c)."""

    date_demande_ame: date = fact(label="Date de dépôt de la demande complète d'AME")
    date_arrivee_france: date = fact(label="Date d'arrivée en France (présence ininterrompue)",
                                     sensitivity=Sensitivity.SENSITIVE)
    piece_identite: bool = fact(label="Pièce d'identité (passeport, carte consulaire, acte de "
                                      "naissance traduit…)")
    piece_identite_jusquau: date | None = fact(None, label="Fin de validité de la pièce "
                                                           "d'identité")
    justificatif_presence: bool = fact(label="Justificatif daté de présence de plus de 3 mois")
    justificatif_ressources: bool = fact(label="Ressources des 12 derniers mois")
    ressources_12_mois: float | None = fact(None, label="Total des ressources des 12 derniers "
                                            "mois (€)", ge=0)
    personnes_foyer: int = fact(1, label="Nombre de personnes du foyer", ge=1)
    domiciliation: bool | None = _adresse()


class AmeRenouvellementFacts(_Facts):
    date_demande_ame: date = fact(label="Date de dépôt de la demande de renouvellement")
    justificatif_ressources: bool = fact(label="Ressources des 12 derniers mois")
    ressources_12_mois: float | None = fact(None, label="Total des ressources des 12 derniers "
                                            "mois (€)", ge=0)
    personnes_foyer: int = fact(1, label="Nombre de personnes du foyer", ge=1)
    domiciliation: bool | None = _adresse()


class AmeAccordFacts(_Facts):
    date_ouverture_droits_ame: date = fact(label="Date d'ouverture des droits (sur la décision)")


class RefusFacts(_Facts):
    date_notification_refus: date = fact(label="Date de notification du refus (ou du refus "
                                               "implicite)")
    refus_implicite: bool = fact(False, label="Refus implicite (silence de la CPAM)")


class CarenceFacts(_Facts):
    date_debut_carence: date = fact(label="Début de résidence retenu (enregistrement de la "
                                          "demande d'asile ou arrivée)",
                                    sensitivity=Sensitivity.SENSITIVE)


class PumaDemandeFacts(_Facts):
    """A PUMa request; the documents listed in domain.md §4.2 (S2a)."""

    date_demande_puma: date = fact(label="Date de dépôt de la demande de PUMa")
    piece_identite: bool = fact(label="Pièce d'identité, ATDA ou APS")
    piece_identite_jusquau: date | None = fact(None, label="Fin de validité de la pièce "
                                                           "d'identité")
    justificatif_residence_3m: bool = fact(label="Justificatif de résidence stable de plus de "
                                                 "3 mois (ou cas de dispense)")
    rib: bool = fact(False, label="RIB au dossier")
    domiciliation: bool | None = _adresse()
    nationalite_francaise_ue: bool | None = fact(
        None, label="Nationalité française, UE, EEE ou suisse", sensitivity=Sensitivity.SENSITIVE)


class PumaOuvertureFacts(_Facts):
    date_ouverture_puma: date = fact(label="Date d'ouverture des droits PUMa")


class FinTitreFacts(_Facts):
    date_fin_titre: date = fact(label="Date d'expiration du document de séjour",
                                sensitivity=Sensitivity.SENSITIVE)


class NouveauTitreFacts(_Facts):
    date_nouveau_titre: date = fact(label="Date du nouveau document de séjour")


# --- CSS -------------------------------------------------------------------------------

class CssDemandeFacts(_Facts):
    date_demande_css: date = fact(label="Date de la demande de CSS")
    justificatif_ressources: bool = fact(label="Ressources des 12 mois précédant le mois "
                                               "précédent la demande")


class CssAccordFacts(_Facts):
    date_attribution_css: date = fact(label="Date d'attribution de la CSS")
    participation: Literal["sans_participation", "avec_participation"] = fact(
        label="CSS sans ou avec participation financière")


class FinCssFacts(_Facts):
    date_fin_css: date = fact(label="Date de fin de la CSS")


class RefusCssFacts(_Facts):
    date_refus: date = fact(label="Date du refus")


# --- care access -----------------------------------------------------------------------

Structure = Literal["pass", "cegidd", "centre_sante_sexuelle", "urgences", "ong",
                    "medecin_generaliste", "psychotrauma", "pmi", "autre"]
SANS_DROITS = ("pass", "cegidd", "centre_sante_sexuelle", "urgences", "ong")
"""Structures that see people without any health coverage (domain.md §4.1)."""


class OrientationFacts(_Facts):
    """A referral to care; naming the ``partenaire`` told about her needs her consent to sharing
    with it (core check ``parcours.consentement_partage``)."""

    date_orientation: date = fact(label="Date de l'orientation")
    structure: Structure = fact(label="Structure de soins", sensitivity=Sensitivity.SENSITIVE)
    partenaire: str | None = fact(None, label="Partenaire à qui ses informations sont transmises",
                                  max_length=80, sensitivity=Sensitivity.SENSITIVE)


class RendezVousFacts(_Facts):
    date_rendez_vous: date = fact(label="Date du premier rendez-vous honoré")


class MedecinTraitantFacts(_Facts):
    date_declaration_medecin: date = fact(label="Date de déclaration du médecin traitant")


class SuiviEnPlaceFacts(_Facts):
    date_fin_accompagnement: date = fact(label="Date de fin de l'accompagnement vers le soin")
