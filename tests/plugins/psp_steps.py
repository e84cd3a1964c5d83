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


def grant_aps(h: TrackHarness, until: str = "2026-10-01") -> None:
    """An authorised pathway (decided 26 January 2026) and an APS issued on 20 February 2026,
    valid until ``until``: the regular stay the housing and health tracks ask for."""
    authorise_psp(h, "2026-01-26", signed="2025-11-05", sent="2025-11-20", commission="2026-01-12")
    deliver_aps(h, asked="2026-02-02", issued="2026-02-20", until=until)
