"""Fact schema extensions: facts a plugin adds to a step of any track.

The catalog merges each extension into the target step's schema (a new Pydantic model
inheriting from both), so a domain can ask one more question at a core pathway step
without forking its definition.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, create_model

from core import messages as M
from core.errors import DefinitionError


class FactSchemaExtension(BaseModel):
    """Extra facts for ``definition_id``'s step ``step_id``."""

    model_config = ConfigDict(defer_build=True, frozen=True, arbitrary_types_allowed=True)

    definition_id: str
    step_id: str
    schema_: type[BaseModel]
    """Pydantic model whose fields are added to the step's schema."""


def merge_schema(definition_id: str, step_id: str, base: type[BaseModel],
                 extension: type[BaseModel]) -> type[BaseModel]:
    """A schema with ``base``'s fields then ``extension``'s, refusing name clashes.

    Pydantic orders inherited fields from the last base to the first, so the step's own
    fields come first in forms.
    """
    clash = set(base.model_fields) & set(extension.model_fields)
    if clash:
        raise DefinitionError(definition_id, step_id,
                              M.DEF_FACT_CLASH.format(fields=", ".join(sorted(clash))))
    return create_model(f"{base.__name__}_{extension.__name__}", __base__=(extension, base))
