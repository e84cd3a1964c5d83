"""Facts collected by the asylum tracks (procedure, reception conditions, victims' residence).

Shared facts read by other domains (``sejour_regulier_jusquau``, ``autorise_travail``,
``beneficiaire_ada``) stay *ordinary*: the person snapshot given to cross-domain checks only
carries ordinary facts. Immigration details (procedure, decisions, numbers, languages) are
*sensitive*. The *récit de vie* is never stored: only that it was written, when, and in which
language (domain.md §8.3).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, field_validator, model_validator

from core import Sensitivity, fact

SENSITIVE, RESTRICTED = Sensitivity.SENSITIVE, Sensitivity.RESTRICTED


class Facts(BaseModel):
    """Base of every schema here: unknown fact names are refused."""

    model_config = ConfigDict(defer_build=True, extra="forbid")


class AbandonFacts(Facts):
    """Closing a track that is not finished, with its reason."""

    motif_abandon: Literal["souhait_personne", "autre_procedure", "depart", "perte_de_contact",
                           "orientation_autre_structure", "autre"] = fact(label="Motif")
    precision_abandon: str | None = fact(None, label="Précision", max_length=300,
                                         sensitivity=RESTRICTED)


# --- asylum procedure ------------------------------------------------------------------

class PreEnregistrementFacts(Facts):
    date_pre_enregistrement: date = fact(label="Date du pré-enregistrement en SPADA")
    date_rdv_guda: date | None = fact(None, label="Date du rendez-vous au guichet unique")


class _AtdaFacts(Facts):
    """The ATDA gives a regular stay but no right to work (work comes after 6 months)."""

    date_delivrance_atda: date = fact(label="Date de délivrance de l'ATDA")
    sejour_regulier_jusquau: date = fact(label="Fin de validité de l'ATDA")
    autorise_travail: bool = fact(False, label="L'ATDA autorise le travail (non)")
    langue_entretien: str | None = fact(None, label="Langue choisie pour l'entretien OFPRA",
                                        max_length=60, sensitivity=SENSITIVE)

    @field_validator("autorise_travail")
    @classmethod
    def _atda_sans_travail(cls, value: bool) -> bool:
        if value:
            raise ValueError("l'ATDA n'autorise pas le travail")
        return value


class _RegistrationFacts(_AtdaFacts):
    """A first registration: the asylum application is registered on the ATDA's date unless
    said otherwise (the shared fact ``demande_asile_depuis``, read by the health domain for
    the asylum seekers' 3-month wait before PUMa)."""

    demande_asile_depuis: date | None = fact(
        None, label="Date d'enregistrement de la demande d'asile (par défaut, celle de l'ATDA)")

    @model_validator(mode="after")
    def _registered_with_the_atda(self) -> _RegistrationFacts:
        if self.demande_asile_depuis is None:
            self.demande_asile_depuis = self.date_delivrance_atda
        return self


class AtdaNormaleFacts(_RegistrationFacts):
    procedure: Literal["normale"] = fact("normale", label="Procédure", sensitivity=SENSITIVE)


class AtdaAccelereeFacts(_RegistrationFacts):
    procedure: Literal["acceleree"] = fact("acceleree", label="Procédure", sensitivity=SENSITIVE)


class AtdaDublinFacts(_RegistrationFacts):
    procedure: Literal["dublin"] = fact("dublin", label="Procédure", sensitivity=SENSITIVE)


class AtdaRequalificationFacts(_AtdaFacts):
    """France became responsible after a Dublin procedure: a new ATDA, normal or accelerated."""

    procedure: Literal["normale", "acceleree"] = fact(label="Procédure", sensitivity=SENSITIVE)


class RecitFacts(Facts):
    """That the *récit de vie* was written: never its text."""

    date_recit: date = fact(label="Date de rédaction du récit")
    langue_recit: str = fact(label="Langue du récit", min_length=2, max_length=60,
                             sensitivity=SENSITIVE)
    recit_traduit_francais: bool = fact(label="Traduction française faite (le dossier OFPRA est en français)")


class EnvoiOfpraFacts(Facts):
    date_envoi_ofpra: date = fact(label="Date d'envoi du dossier à l'OFPRA")
    formulaire_ofpra: bool = fact(label="Formulaire OFPRA rempli en français")
    photos: bool = fact(label="Deux photos d'identité")
    copie_atda: bool = fact(label="Copie de l'ATDA")
    passeport_original: bool = fact(False, label="Passeport original joint (s'il existe)")
    envoi_recommande_ar: bool = fact(label="Envoi recommandé avec accusé de réception")


class IntroductionFacts(Facts):
    date_introduction_ofpra: date = fact(label="Date d'introduction (lettre d'enregistrement de l'OFPRA)")
    numero_ofpra: str | None = fact(None, label="Numéro de dossier OFPRA", max_length=20,
                                    sensitivity=SENSITIVE)
    examen: Literal["normal", "accelere", "retention"] | None = fact(
        None, label="Examen par l'OFPRA (selon la lettre : normal, accéléré, en rétention)",
        sensitivity=SENSITIVE)
    heure_introduction_ofpra: datetime | None = fact(
        None, label="Date et heure d'introduction (demande en rétention : 96 heures)")

    @model_validator(mode="after")
    def _hour_in_detention(self) -> IntroductionFacts:
        if self.examen == "retention" and self.heure_introduction_ofpra is None:
            raise ValueError("en rétention, l'heure d'introduction est nécessaire (96 heures)")
        return self


class ReouvertureFacts(Facts):
    date_demande_reouverture: date = fact(label="Date de la demande de réouverture")


class RenouvellementAtdaFacts(Facts):
    date_renouvellement_atda: date = fact(label="Date du renouvellement de l'ATDA")
    sejour_regulier_jusquau: date = fact(label="Nouvelle fin de validité de l'ATDA")


class AutorisationTravailFacts(Facts):
    date_autorisation_travail: date = fact(label="Date de l'autorisation de travail")
    autorise_travail: bool = fact(True, label="Autorisation de travail obtenue (L554-1)")


class ConvocationFacts(Facts):
    date_convocation: date = fact(label="Date de réception de la convocation")
    date_entretien: date = fact(label="Date de l'entretien à l'OFPRA")
    accompagnement_entretien: Literal["aucun", "avocat", "association_habilitee"] = fact(
        label="Accompagnement à l'entretien")


class EntretienFacts(Facts):
    entretien_realise_le: date = fact(label="Date à laquelle l'entretien a eu lieu")


class ProtectionFacts(Facts):
    date_notification_protection: date = fact(label="Date de notification de la protection")
    protection: Literal["refugiee", "protection_subsidiaire"] = fact(
        label="Protection accordée", sensitivity=SENSITIVE)
    sejour_regulier_jusquau: date = fact(label="Fin de validité du récépissé ou de la carte")
    autorise_travail: bool = fact(True, label="Le document autorise le travail")


class RejetFacts(Facts):
    date_notification_rejet: date = fact(label="Date de notification de la décision de l'OFPRA")
    decision_ofpra: Literal["rejet", "irrecevabilite"] = fact(
        label="Décision de l'OFPRA", sensitivity=SENSITIVE)
    droit_au_maintien: bool = fact(label="Droit au maintien pendant le recours (voir la notification)")
    sejour_regulier_jusquau: date = fact(
        label="Fin du droit au séjour (fin de l'ATDA, ou date de la décision sans droit au maintien)")


class ClotureOfpraFacts(Facts):
    date_notification_cloture: date = fact(label="Date de notification de la clôture")


class AjDemandeFacts(Facts):
    date_demande_aj: date = fact(label="Date de la demande d'aide juridictionnelle")


class AjDecisionFacts(Facts):
    date_notification_aj: date = fact(
        label="Notification de la décision d'AJ (la plus tardive : personne ou avocat·e)")
    decision_aj: Literal["accordee_totale", "accordee_partielle", "refusee"] = fact(
        label="Décision du bureau d'aide juridictionnelle")


class RecoursCndaFacts(Facts):
    date_recours_cnda: date = fact(label="Date d'enregistrement du recours à la CNDA")
    recours_motive: bool = fact(label="Recours motivé, en français")
    copie_decision_ofpra: bool = fact(label="Copie de la décision de l'OFPRA jointe")
    numero_recours_cnda: str | None = fact(None, label="Numéro du recours CNDA", max_length=20,
                                           sensitivity=SENSITIVE)


class RejetDefinitifFacts(Facts):
    date_notification_cnda: date = fact(label="Date de notification de la décision de la CNDA")
    sejour_regulier_jusquau: date = fact(label="Fin du droit au séjour")


class TransfertFacts(Facts):
    """The transfer decision; notified with detention or house arrest, the appeal is 48 hours
    from the hour of notification (CESEDA L921-2), else 7 days (L921-1)."""

    date_acceptation_etat: date = fact(label="Date d'acceptation (explicite ou implicite) de l'État requis")
    date_notification_transfert: date = fact(label="Date de notification de la décision de transfert")
    mesure: Literal["aucune", "retention", "assignation_a_residence"] = fact(
        "aucune", label="Notifiée avec une rétention ou une assignation à résidence",
        sensitivity=SENSITIVE)
    heure_notification_transfert: datetime | None = fact(
        None, label="Date et heure de la notification (rétention ou assignation : 48 heures)")
    etat_responsable: str | None = fact(None, label="État responsable", max_length=40,
                                        sensitivity=SENSITIVE)

    @model_validator(mode="after")
    def _hour_when_48h(self) -> TransfertFacts:
        if self.mesure != "aucune" and self.heure_notification_transfert is None:
            raise ValueError("en rétention ou assignation, l'heure de notification est "
                             "nécessaire (48 heures)")
        return self


class RecoursTransfertFacts(Facts):
    date_recours_transfert: date = fact(label="Date du recours au tribunal administratif")


class JugementTransfertFacts(Facts):
    """The court upheld the transfer: the 6-month window runs again from this decision."""

    date_jugement_transfert: date = fact(
        label="Date de la décision définitive rejetant le recours (notification)")


class TransfertEffectueFacts(Facts):
    date_transfert: date = fact(label="Date du transfert")
