"""The domains of the built-in tracks: the accompaniment itself and the PSP."""

from __future__ import annotations

from core import messages as M
from core.definitions.domains import DomainDefinition

DOMAINS = (
    DomainDefinition(id="parcours", label=M.DOMAIN_PARCOURS,
                     description=M.DOMAIN_PARCOURS_DESCRIPTION),
    DomainDefinition(id="psp", label=M.DOMAIN_PSP, description=M.DOMAIN_PSP_DESCRIPTION),
)
