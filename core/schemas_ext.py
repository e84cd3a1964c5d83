"""Fact schema extensions: facts a plugin adds to a step of any track.

The catalog merges each extension into the target step's schema (a new Pydantic model
inheriting from both), so a domain can ask one more question at a core pathway step
without forking its definition.
"""

from __future__ import annotations

from functools import lru_cache
from types import CodeType

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
    # A validator is a method: the extension's, first in the bases, would silently replace a
    # step's validator of the same name, and the step's own refusals would be lost.
    shadowed = _decorator_names(base) & _decorator_names(extension)
    if shadowed:
        raise DefinitionError(definition_id, step_id,
                              M.DEF_VALIDATOR_CLASH.format(names=", ".join(sorted(shadowed))))
    return create_model(f"{base.__name__}_{extension.__name__}", __base__=(extension, base))


def _decorator_names(schema: type[BaseModel]) -> set[str]:
    """The names of ``schema``'s validators and serializers (methods a subclass replaces)."""
    infos = schema.__pydantic_decorators__
    return {name for kind in (infos.validators, infos.field_validators, infos.root_validators,
                              infos.field_serializers, infos.model_serializers,
                              infos.model_validators, infos.computed_fields)
            for name in kind}


@lru_cache(maxsize=256)
def validator_codes(schema: type[BaseModel]) -> frozenset[CodeType]:
    """The code of every validator ``schema`` declares: its decorated methods and the functions
    in its fields' annotations (``AfterValidator(f)``). A frame running one of them in an
    exception's traceback tells whose validator raised."""
    infos = schema.__pydantic_decorators__
    funcs = [d.func for kind in (infos.validators, infos.field_validators,
                                 infos.root_validators, infos.model_validators)
             for d in kind.values()]
    funcs += [m.func for info in schema.model_fields.values() for m in info.metadata
              if callable(getattr(m, "func", None))]
    found = (getattr(getattr(f, "__func__", f), "__code__", None) for f in funcs)
    return frozenset(code for code in found if code is not None)
