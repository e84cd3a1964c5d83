"""Facts of the reception-conditions (CMA/ADA) track, the victims' residence track, and the
removal-order track.

``beneficiaire_ada``, ``sejour_regulier_jusquau`` and ``autorise_travail`` are shared facts
(core/crossdomain.py) and therefore ordinary; the criminal-case details stay in the plainte
domain, which shares only ``plainte_deposee``.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from pydantic import model_validator

from core import Sensitivity, fact
from plugins.asile.schemas import Facts

SENSITIVE = Sensitivity.SENSITIVE


# --- reception conditions and ADA (OFII) ---------------------------------------------------

class CmaFacts(Facts):
    date_acceptation_cma: date = fact(label="Date d'acceptation des conditions matérielles d'accueil")
    hebergement_propose: bool = fact(label="Un hébergement a été proposé (CADA, HUDA…)")
    ressources_inferieures_rsa: bool = fact(label="Ressources inférieures au montant du RSA")


class AdaFacts(Facts):
    date_ouverture_ada: date = fact(label="Date d'ouverture de l'ADA")
    beneficiaire_ada: bool = fact(True, label="Perçoit l'ADA")


class AdaCoupureFacts(Facts):
    date_coupure_ada: date = fact(label="Date de la coupure de l'ADA")
    motif_coupure: Literal["refus_hebergement", "depart_hebergement", "absence_rendez_vous",
                           "ressources", "autre"] = fact(label="Motif de la coupure")
    beneficiaire_ada: bool = fact(False, label="Perçoit encore l'ADA")


class RefusCmaFacts(Facts):
    date_refus_cma: date = fact(label="Date du refus des conditions matérielles d'accueil")
    beneficiaire_ada: bool = fact(False, label="Perçoit l'ADA")


class FinAdaFacts(Facts):
    date_fin_ada: date = fact(label="Date de fin de l'ADA")
    beneficiaire_ada: bool = fact(False, label="Perçoit encore l'ADA")


# --- residence permits for victims (CESEDA L425-1 to L425-3) -------------------------------

class RecepisseReflexionFacts(Facts):
    """During the reflection period no removal, and work is allowed (domain.md §3.3)."""

    date_delivrance_recepisse: date = fact(label="Date de délivrance du récépissé (délai de réflexion)")
    sejour_regulier_jusquau: date = fact(label="Fin de validité du récépissé")
    autorise_travail: bool = fact(True, label="Le récépissé autorise le travail")


class DemandeL4251Facts(Facts):
    date_depot_demande_sejour: date = fact(label="Date du dépôt du dossier complet en préfecture")
    piece_identite: bool = fact(label="Passeport ou autre pièce d'identité")
    passeport_valide_jusquau: date | None = fact(None, label="Fin de validité du passeport")
    recepisse_plainte: bool = fact(label="Récépissé de plainte ou preuve du témoignage")
    domiciliation: bool = fact(label="Domiciliation ou justificatif d'adresse")
    photos: bool = fact(label="Photos d'identité")
    rupture_contact: bool = fact(label="La personne a rompu tout lien avec les auteurs présumés")


class RecepisseDemandeFacts(Facts):
    date_recepisse_demande: date = fact(label="Date de délivrance du récépissé de demande")
    sejour_regulier_jusquau: date = fact(label="Fin de validité du récépissé")
    autorise_travail: bool = fact(True, label="Le récépissé autorise le travail")


class CarteL4251Facts(Facts):
    date_delivrance_carte: date = fact(label="Date de délivrance de la carte (L425-1)")
    sejour_regulier_jusquau: date = fact(label="Fin de validité de la carte")
    autorise_travail: bool = fact(True, label="La carte autorise le travail")
    beneficiaire_ada: bool = fact(
        label="Perçoit l'ADA ou y est éligible (ouverte aux titulaires de la carte L425-1 [S])")


class RenouvellementL4251Facts(Facts):
    date_depot_demande_sejour: date = fact(label="Date du dépôt de la demande de renouvellement")
    attestation_procedure_en_cours: bool = fact(
        label="Attestation que la procédure pénale est en cours (avocat·e ou parquet)")
    rupture_contact: bool = fact(label="La personne a rompu tout lien avec les auteurs présumés")


class DemandeL4253Facts(Facts):
    date_depot_demande_sejour: date = fact(label="Date du dépôt de la demande de carte de résident")
    condamnation_definitive: bool = fact(label="Les auteurs ont été définitivement condamnés")
    copie_decision_condamnation: bool = fact(label="Copie de la décision de condamnation")


class CarteResidentFacts(Facts):
    date_delivrance_carte_resident: date = fact(label="Date de délivrance de la carte de résident")
    sejour_regulier_jusquau: date = fact(label="Fin de validité de la carte de résident")
    autorise_travail: bool = fact(True, label="La carte autorise le travail")


class RefusSejourFacts(Facts):
    date_refus_sejour: date = fact(label="Date du refus (ou de naissance du refus implicite)")
    refus_implicite: bool = fact(label="Refus implicite (silence de 4 mois)")


# --- removal orders (CESEDA L921-1 and L921-2 since 15 July 2024) --------------------------

class OqtfFacts(Facts):
    """The removal order as notified; with detention or house arrest the appeal is 48 hours
    from the hour of notification, else 7 days."""

    date_notification_oqtf: date = fact(label="Date de notification de la mesure d'éloignement")
    mesure: Literal["aucune", "retention", "assignation_a_residence"] = fact(
        "aucune", label="Notifiée avec une rétention ou une assignation à résidence",
        sensitivity=SENSITIVE)
    heure_notification_oqtf: datetime | None = fact(
        None, label="Date et heure de la notification (rétention ou assignation : 48 heures)")

    @model_validator(mode="after")
    def _hour_when_48h(self) -> OqtfFacts:
        if self.mesure != "aucune" and self.heure_notification_oqtf is None:
            raise ValueError("en rétention ou assignation, l'heure de notification est "
                             "nécessaire (48 heures)")
        return self


class RecoursOqtfFacts(Facts):
    date_recours_oqtf: date = fact(label="Date du recours au tribunal administratif")
    heure_recours_oqtf: datetime | None = fact(
        None, label="Date et heure du recours (rétention : jugement sous 96 heures)")


class JugementOqtfFacts(Facts):
    date_jugement_oqtf: date = fact(label="Date du jugement")
