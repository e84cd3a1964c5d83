"""Walking the built-in PSP tracks in a harness, for plugin tests that need an authorised
pathway or an issued APS (a regular stay that allows work)."""

from __future__ import annotations

from core.testing import TrackHarness


def authorise_psp(h: TrackHarness, decided: str, start: str | None = None, *,
                  signed: str = "2026-01-05", sent: str = "2026-01-20",
                  commission: str = "2026-03-02") -> None:
    """From needs assessment to the prefect's authorisation (period from ``start``)."""
    h.fire("signer_document", "psp", date_signature_document=signed)
    h.fire("constituer_dossier", "psp", piece_identite=True, attestation_cessation=True,
           domiciliation=True)
    h.fire("transmettre", "psp", date_envoi=sent)
    h.fire("enregistrer_avis", "psp", date_commission=commission, avis="favorable")
    h.fire("autoriser", "psp", date_decision=decided, debut_periode=start or decided)
    h.assert_step("autorise", "psp")


def deliver_aps(h: TrackHarness, *, asked: str, issued: str, until: str) -> None:
    """Request and issue the APS of an authorised PSP, valid until ``until``."""
    h.fire("demander", "psp_aps", date_demande_aps=asked)
    h.fire("delivrer", "psp_aps", date_delivrance_aps=issued, sejour_regulier_jusquau=until)
    h.assert_step("delivree", "psp_aps")
