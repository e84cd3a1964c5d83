"""Checks of the asylum procedure: OFPRA file and récit, timeliness, legal aid, CNDA, Dublin.

Each check is a pure function of a :class:`CheckContext`. Dates arrive as ISO text (facts
are stored as JSON) and are read with :func:`as_date`. Deadlines are read on the track
itself, where the engine keeps them with their suspensions.
"""

from __future__ import annotations

from datetime import date, timedelta

from core import CheckContext, CheckResult, as_date, blocking, passed, short_date, warning
from plugins.asile.rules import OFPRA_FILING

EXPIRY_WINDOW = timedelta(days=15)
FRENCH = {"fr", "francais", "français", "french"}


def due_of(ctx: CheckContext, rule_id: str) -> date | None:
    """Due date of a deadline running on this track; None when it is absent or suspended."""
    running = ctx.track.deadlines.get(rule_id)
    if running is None or getattr(running, "suspended_since", None) is not None:
        return None
    return running.due


def document_validity(ctx: CheckContext) -> CheckResult:
    """Warn when the stay document (ATDA, récépissé, card) has expired or ends within 15 days."""
    until = as_date(ctx.fact("sejour_regulier_jusquau"))
    if until is None:
        return passed("asile.validite_inconnue", "Aucune date de fin de document n'est enregistrée.")
    if until < ctx.today:
        return warning("asile.document_expire", f"Le document de séjour a expiré le {short_date(until)}.",
                       "Demandez son renouvellement en priorité et gardez la preuve de la demande.",
                       missing=("sejour_regulier_jusquau",))
    if until - ctx.today <= EXPIRY_WINDOW:
        return warning("asile.document_expire_bientot",
                       f"Le document de séjour expire le {short_date(until)} (moins de 15 jours).",
                       "Prenez rendez-vous pour le renouvellement.")
    return passed("asile.document_valide", f"Document de séjour valide jusqu'au {short_date(until)}.")


def ofpra_file(ctx: CheckContext) -> list[CheckResult]:
    """The OFPRA file: form, récit (written, in French), photos, ATDA copy; sent with proof."""
    results = _recit(ctx)
    needed = {"formulaire_ofpra": "formulaire OFPRA", "photos": "deux photos",
              "copie_atda": "copie de l'ATDA"}
    missing = [name for name in needed if ctx.fact(name) is not True]
    if missing:
        listed = ", ".join(needed[m] for m in missing)
        results.append(blocking("asile.dossier_ofpra_incomplet", f"Pièces manquantes : {listed}.",
                                "Complétez le dossier avant l'envoi.", missing=missing))
    if ctx.fact("envoi_recommande_ar") is False:
        results.append(warning("asile.envoi_sans_ar", "Envoi sans accusé de réception.",
                               "Gardez une preuve de la date d'envoi (délai de 21 jours)."))
    return results or [passed("asile.dossier_ofpra_complet", "Le dossier OFPRA est complet.")]


def _recit(ctx: CheckContext) -> list[CheckResult]:
    if not ctx.fact("date_recit"):
        return [blocking("asile.recit_non_enregistre", "Aucun récit de vie n'est enregistré.",
                         "Enregistrez la rédaction du récit (action « Rédiger le récit »).",
                         missing=("date_recit",))]
    language = str(ctx.fact("langue_recit", "")).strip().lower()
    if language not in FRENCH and ctx.fact("recit_traduit_francais") is not True:
        return [blocking("asile.recit_non_traduit",
                         "Le récit n'est pas en français et sa traduction n'est pas faite.",
                         "Faites traduire le récit : le dossier OFPRA se dépose en français.",
                         missing=("recit_traduit_francais",))]
    return []


def ofpra_in_time(ctx: CheckContext) -> CheckResult:
    """Sending after the 21 days (7 in Guyane) is still worth doing, but the caseworker must
    know the risk."""
    due = next((d for d in (due_of(ctx, r) for r in OFPRA_FILING) if d is not None), None)
    sent = as_date(ctx.fact("date_envoi_ofpra"))
    if due is not None and sent is not None and sent > due:
        return warning("asile.ofpra_hors_delai", f"Envoi après la date limite du {short_date(due)}.",
                       "Prévenez la SPADA et l'OFII : l'ADA et le droit au séjour sont en risque.")
    return passed("asile.ofpra_dans_le_delai", "Envoi dans le délai.")


def work_access(ctx: CheckContext) -> CheckResult:
    """Work authorisation only after 6 months without an OFPRA decision (L554-1)."""
    running = ctx.track.deadlines.get("asile.acces_travail_6m")
    day = as_date(ctx.fact("date_autorisation_travail")) or ctx.today
    if running is None:
        return blocking("asile.travail_sans_introduction",
                        "La date d'introduction de la demande à l'OFPRA n'est pas suivie.",
                        "Enregistrez l'introduction de la demande à l'OFPRA.")
    if day < running.due:
        return blocking("asile.travail_avant_6_mois",
                        f"Le travail n'est possible qu'à partir du {short_date(running.due)} "
                        "(6 mois sans décision de l'OFPRA).",
                        "Attendez cette date ; l'employeur fera alors la demande.")
    return passed("asile.travail_ouvert", "Six mois sans décision de l'OFPRA : travail possible.")
