"""Facts collected by the housing tracks: 115/SIAO shelter, social-housing application, DALO/DAHO.

No address is recorded (domain.md §8.3: a shelter's address can be dangerous if leaked);
only dates, the kind of place, reference numbers and which documents are in the file.
"""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict

from core import Sensitivity, fact


class _Facts(BaseModel):
    model_config = ConfigDict(defer_build=True, extra="forbid")


MotifCloture = Literal["souhait_personne", "demenagement", "orientation_autre_structure",
                       "solution_trouvee_ailleurs", "deces", "autre"]


class ClotureFacts(_Facts):
    """Closing a housing track before its end, with the reason."""

    motif_cloture: MotifCloture = fact(label="Motif de clôture")
    precision: str | None = fact(None, label="Précision", max_length=500,
                                 sensitivity=Sensitivity.RESTRICTED)


# --- 115 / SIAO ------------------------------------------------------------------------

class Appel115Facts(_Facts):
    date_appel_115: date = fact(label="Date de l'appel au 115")


class SansSolutionFacts(_Facts):
    date_sans_solution: date = fact(label="Date (nuit sans solution ou fin de prise en charge)")


class HebergementFacts(_Facts):
    date_entree_hebergement: date = fact(label="Date d'entrée en hébergement")
    type_hebergement: Literal["chu", "hotel", "halte_de_nuit", "autre"] = fact(
        label="Type d'hébergement d'urgence")


Dispositif = Literal["chrs", "iml", "pension_de_famille", "residence_sociale",
                     "logement_d_abord", "autre"]


class OrientationSiaoFacts(_Facts):
    date_orientation_siao: date = fact(label="Date de l'orientation par le SIAO")
    dispositif: Dispositif = fact(label="Dispositif proposé")


class AdmissionFacts(_Facts):
    date_admission: date = fact(label="Date d'admission")


class RefusOrientationFacts(_Facts):
    date_refus_orientation: date = fact(label="Date du refus ou de l'absence de place")


Solution = Literal["logement_social", "logement_prive", "logement_foyer", "residence_sociale",
                   "pension_de_famille", "hebergement_tiers", "autre"]


class SolutionFacts(_Facts):
    date_solution: date = fact(label="Date d'entrée dans la solution stable")
    solution: Solution = fact(label="Solution")


# --- social-housing application --------------------------------------------------------

class DepotDemandeFacts(_Facts):
    """The application form and the documents CCH R441-2-3 allows to be asked."""

    date_depot_demande: date = fact(label="Date de dépôt de la demande de logement social")
    mode_depot: Literal["en_ligne", "guichet"] = fact(label="Mode de dépôt")
    piece_identite_ou_titre: bool = fact(label="Pièce d'identité ou document de séjour régulier")
    avis_imposition: bool = fact(False, label="Avis d'imposition (N-2)")
    nationalite_francaise_ue: bool | None = fact(
        None, label="Nationalité française, UE, EEE ou suisse", sensitivity=Sensitivity.SENSITIVE)


class EnregistrementFacts(_Facts):
    date_enregistrement: date = fact(label="Date d'enregistrement (ancienneté de la demande)")
    numero_unique: str = fact(label="Numéro unique d'enregistrement", min_length=1,
                              max_length=30, sensitivity=Sensitivity.SENSITIVE)


class RenouvellementFacts(_Facts):
    date_renouvellement: date = fact(label="Date du renouvellement de la demande")


class PropositionFacts(_Facts):
    date_proposition: date = fact(label="Date de la proposition de logement")


class RefusPropositionFacts(_Facts):
    date_refus_proposition: date = fact(label="Date du refus de la proposition")
    motif_refus: str | None = fact(None, label="Motif du refus", max_length=300,
                                   sensitivity=Sensitivity.RESTRICTED)


class BailFacts(_Facts):
    date_bail: date = fact(label="Date de signature du bail")


class RadiationFacts(_Facts):
    date_radiation: date = fact(label="Date de radiation")
    motif_radiation: Literal["non_renouvelee", "attribution", "autre"] = fact(
        label="Motif de radiation")


# --- DALO / DAHO -----------------------------------------------------------------------

MotifDalo = Literal["sans_logement", "menace_expulsion", "hebergement_plus_6_mois",
                    "logement_transition_plus_18_mois", "logement_indigne",
                    "suroccupation_enfant_handicap", "delai_anormalement_long"]


class DaloDepotFacts(_Facts):
    date_reception_comed: date = fact(label="Date de réception du recours par la COMED")
    motif_dalo: MotifDalo = fact(label="Motif du recours DALO")
    formulaire_comed: bool = fact(label="Formulaire de recours rempli et signé")
    pieces_justificatives: bool = fact(label="Pièces justificatives jointes")
    nationalite_francaise_ue: bool | None = fact(
        None, label="Nationalité française, UE, EEE ou suisse", sensitivity=Sensitivity.SENSITIVE)


StructureDaho = Literal["hebergement", "logement_transition", "logement_foyer", "rhvs"]


class DahoDepotFacts(_Facts):
    date_reception_comed: date = fact(label="Date de réception du recours par la COMED")
    structure_demandee: StructureDaho = fact(label="Accueil demandé")
    formulaire_comed: bool = fact(label="Formulaire de recours rempli et signé")
    pieces_justificatives: bool = fact(label="Pièces justificatives jointes")
    nationalite_francaise_ue: bool | None = fact(
        None, label="Nationalité française, UE, EEE ou suisse", sensitivity=Sensitivity.SENSITIVE)


class DecisionComedFacts(_Facts):
    date_decision_comed: date = fact(label="Date de la décision favorable de la COMED")


class RejetComedFacts(_Facts):
    date_notification_rejet: date = fact(label="Date de notification du rejet (ou du rejet "
                                               "implicite)")
    rejet_implicite: bool = fact(False, label="Rejet implicite (silence de la COMED)")


class FinDelaiPrefetFacts(_Facts):
    """The TA appeal runs from the prefect's computed deadline; a date is asked only when the
    decision set another one."""

    date_fin_delai_prefet: date | None = fact(
        None, label="Date d'expiration du délai laissé au préfet (si elle diffère de "
                    "l'échéance calculée)")


class SaisineTaFacts(_Facts):
    date_saisine_ta: date = fact(label="Date de saisine du tribunal administratif")


class OffreFacts(_Facts):
    date_offre: date = fact(label="Date de l'offre")


class ReponseOffreFacts(_Facts):
    date_reponse_offre: date = fact(label="Date de la réponse à l'offre")


class JugementFacts(_Facts):
    date_jugement: date = fact(label="Date du jugement")
