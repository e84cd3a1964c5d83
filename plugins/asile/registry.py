"""The check specs of the asile plugin: each check id with its French label and function."""

from __future__ import annotations

from core import CheckSpec
from plugins.asile import checks as C
from plugins.asile import checks_recours as R
from plugins.asile import checks_sejour as J

CHECKS = [
    CheckSpec(id="asile.validite_document", label="Validité du document de séjour",
              func=C.document_validity),
    CheckSpec(id="asile.dossier_ofpra", label="Dossier OFPRA et récit", func=C.ofpra_file),
    CheckSpec(id="asile.ofpra_delai", label="Envoi à l'OFPRA dans les 21 jours", func=C.ofpra_in_time),
    CheckSpec(id="asile.acces_travail", label="Travail après 6 mois sans décision", func=C.work_access),
    CheckSpec(id="asile.cnda_rejet_ofpra", label="Recours CNDA : rejet de l'OFPRA",
              func=R.cnda_needs_rejection),
    CheckSpec(id="asile.cnda_recours", label="Recours CNDA : dossier et délai", func=R.cnda_appeal),
    CheckSpec(id="asile.dublin_recours", label="Recours contre le transfert : délai",
              func=R.dublin_appeal),
    CheckSpec(id="asile.oqtf_recours", label="Recours contre l'éloignement : délai",
              func=R.removal_appeal),
    CheckSpec(id="asile.ada_conditions", label="Conditions de l'ADA", func=J.ada_conditions),
    CheckSpec(id="asile.l425_1_plainte", label="Carte L425-1 : plainte déposée",
              func=J.l425_1_complaint),
    CheckSpec(id="asile.dossier_l425_1", label="Carte L425-1 : dossier", func=J.l425_1_file),
    CheckSpec(id="asile.renouvellement_l425_1", label="Carte L425-1 : renouvellement",
              func=J.l425_1_renewal),
    CheckSpec(id="asile.l425_3_condamnation", label="Carte de résident : condamnation définitive",
              func=J.l425_3_conviction),
]
