"""The check specs of the plainte plugin: each check id with its French label and function."""

from __future__ import annotations

from core import CheckSpec
from plugins.plainte import checks as C

CHECKS = [
    CheckSpec(id="plainte.decision_eclairee", label="Décision éclairée et risques évalués",
              func=C.informed_decision),
    CheckSpec(id="plainte.recepisse", label="Récépissé de plainte (CPP 15-3)", func=C.receipt),
    CheckSpec(id="plainte.prescription", label="Prescription évaluée", func=C.limitation),
    CheckSpec(id="plainte.partie_civile_recevable", label="Partie civile : recevabilité (CPP 85)",
              func=C.partie_civile_admissible),
    CheckSpec(id="plainte.preuve_premiere_plainte", label="Partie civile : preuve de la plainte",
              func=C.first_complaint_proof),
    CheckSpec(id="plainte.information_civi", label="Information sur la CIVI", func=C.civi_information),
    CheckSpec(id="plainte.majorite", label="Date des 18 ans et date de naissance",
              func=C.majority_date),
]
