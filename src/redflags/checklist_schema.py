"""The rules a checklist or urgent-help file must follow, checked with pydantic.

Imported only when a file must be validated: a new or changed file (the cache has no entry for its
bytes) or ``checklists validate``. What passes is handed on as plain JSON data, which
``redflags.checklist.from_json`` turns into the checklist types the rest of redflags reads.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StrictInt,
    StringConstraints,
    field_validator,
    model_validator,
)

from redflags.terms import NO_OTHER_EXPLANATION, SIGN_ID_PATTERN, Route

SCHEMA_VERSION = 1

# The kinds of help, in the order they are listed: a number to call now, a crisis line for the
# same day, and other help lines.
ResourceKind = Literal["emergency", "crisis", "help"]
TierCalls = Literal["emergency", "crisis"]


def _not_blank(value: str) -> str:
    if not value.strip():
        raise ValueError("must not be empty")
    return value


Text = Annotated[str, AfterValidator(_not_blank)]
Ident = Annotated[str, StringConstraints(pattern=SIGN_ID_PATTERN)]


class _Strict(BaseModel):
    # Built on first validation only.
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True, defer_build=True)


class _Versioned(_Strict):
    """A file with a ``schema`` number, checked before anything else."""

    schema_version: StrictInt = Field(alias="schema")

    @field_validator("schema_version")
    @classmethod
    def _known_schema(cls, value: int) -> int:
        if value != SCHEMA_VERSION:
            raise ValueError(
                f"schema {value} is not supported (this version of redflags reads schema 1)"
            )
        return value


class Sign(_Strict):
    id: Ident
    label: Text
    look_for: Text
    # May be empty: a sign the sources give no other explanation for lists none, and is shown
    # with its checklist's ``no_other_explanation`` line instead.
    other_explanations: list[Text]
    source: Text


class Group(_Strict):
    id: Ident
    route: Route
    title: Text
    why: Text
    signs: list[Sign] = Field(min_length=1)


class SummaryFrame(_Strict):
    title: Text
    audience: Text
    notice_line: Text
    notice: Text
    grouped_by: Text


class Checklist(_Versioned):
    id: Ident
    version: StrictInt = Field(ge=1)
    title: Text
    about: Text
    source: Text
    no_other_explanation: Text = NO_OTHER_EXPLANATION
    summary: SummaryFrame
    groups: list[Group] = Field(min_length=1)

    @model_validator(mode="after")
    def _unique_ids(self) -> Checklist:
        _unique(((f"groups[{i}].id", g.id) for i, g in enumerate(self.groups)), "group id")
        _unique(
            (
                (f"groups[{i}].signs[{j}].id", s.id)
                for i, g in enumerate(self.groups)
                for j, s in enumerate(g.signs)
            ),
            "sign id",
        )
        return self


class UrgentSign(_Strict):
    id: Ident
    text: Text


class Resource(_Strict):
    country: str
    name: Text
    contact: Text
    what: Text
    kind: ResourceKind

    @field_validator("country")
    @classmethod
    def _country(cls, value: str) -> str:
        if value != "any" and not (len(value) == 2 and value.isascii() and value.isupper()):
            raise ValueError('must be a two-letter country code such as "US", "EU", or "any"')
        return value


class Tier(_Strict):
    id: Ident
    title: Text
    intro: Text
    signs: list[UrgentSign] = Field(min_length=1)
    calls: TierCalls


class Urgent(_Versioned):
    title: Text
    intro: Text
    tiers: list[Tier] = Field(min_length=1)
    resources: list[Resource] = Field(min_length=1)

    @model_validator(mode="after")
    def _check(self) -> Urgent:
        _unique(((f"tiers[{i}].id", t.id) for i, t in enumerate(self.tiers)), "tier id")
        _unique(
            (
                (f"tiers[{i}].signs[{j}].id", s.id)
                for i, t in enumerate(self.tiers)
                for j, s in enumerate(t.signs)
            ),
            "urgent sign id",
        )
        if self.tiers[0].calls != "emergency":
            raise ValueError('tiers[0].calls: the first tier must be "emergency" (call now)')
        if not any(r.kind == "emergency" for r in self.resources):
            raise ValueError('resources: at least one must be of kind "emergency"')
        return self


def _unique(items: Iterable[tuple[str, str]], what: str) -> None:
    seen: set[str] = set()
    for where, item in items:
        if item in seen:
            raise ValueError(f"{where}: duplicate {what} '{item}'")
        seen.add(item)


# Each kind of file by the name of the type it becomes.
SCHEMAS: dict[str, type[_Versioned]] = {"Checklist": Checklist, "Urgent": Urgent}


def validated(kind: str, data: Any) -> dict[str, Any]:
    """``data`` read from a file of this kind ("Checklist" or "Urgent"), checked, as plain JSON
    data with the file's own names ("schema"); pydantic's ValidationError if it breaks a rule."""
    return SCHEMAS[kind].model_validate(data).model_dump(mode="json", by_alias=True)
