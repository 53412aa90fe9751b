"""Checklist and urgent-help schemas, and the loader that turns TOML files into them.

Every error is one line naming the file and either the line (TOML syntax) or the field path (schema).
"""

from __future__ import annotations

import sys
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Annotated, Any, Literal, TypeVar

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StrictInt,
    StringConstraints,
    ValidationError,
    field_validator,
    model_validator,
)

from redflags.checklist_cache import Entry

# Raised here; defined apart so that catching it loads nothing heavy.
from redflags.errors import ChecklistError as ChecklistError
from redflags.safe_text import one_line
from redflags.terms import SIGN_ID_PATTERN, Route

URGENT_FILE = "urgent.toml"
SCHEMA_VERSION = 1


def _not_blank(value: str) -> str:
    if not value.strip():
        raise ValueError("must not be empty")
    return value


Text = Annotated[str, AfterValidator(_not_blank)]
Ident = Annotated[str, StringConstraints(pattern=SIGN_ID_PATTERN)]


class _Strict(BaseModel):
    # Built on first validation only: a start that finds its checklists cached never builds it.
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
    """One warning sign: what it is, what to look for, and what else could explain it."""

    id: Ident
    label: Text
    look_for: Text
    other_explanations: list[Text] = Field(min_length=1)
    source: Text


class Group(_Strict):
    """Signs that belong together: one route of use, or one kind of effect (route "any")."""

    id: Ident
    route: Route
    title: Text
    why: Text
    signs: list[Sign] = Field(min_length=1)


class SummaryFrame(_Strict):
    """How a checklist's summaries present themselves: the ``[summary]`` table.

    A checklist of warning signs speaks to a counsellor of signs by route of use; a checklist of
    treatment effects speaks to the prescriber of effects by kind, never of substance use."""

    title: Text  # what the summary is: "Observed warning signs: a summary for a counsellor"
    audience: Text  # who it is for: "a counsellor", "the prescriber"
    notice_line: Text  # one line: observations by someone close, not a diagnosis, other causes
    notice: Text  # the full not-a-diagnosis text, in the checklist's own terms
    grouped_by: Text  # the word for its groups: "route of use", "kind of effect"


class Checklist(_Versioned):
    """A versioned list of signs in groups, and how its summaries frame them."""

    id: Ident
    version: StrictInt = Field(ge=1)
    title: Text
    about: Text
    source: Text
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

    @property
    def signs(self) -> list[Sign]:
        """Every sign, in checklist order."""
        return [s for g in self.groups for s in g.signs]

    @cached_property
    def signs_by_id(self) -> dict[str, Sign]:
        """Every sign by its id (worked out once: imports look up every sign of every line)."""
        return {s.id: s for g in self.groups for s in g.signs}

    def sign(self, sign_id: str) -> Sign | None:
        """The sign with this id, if the checklist has it."""
        return self.signs_by_id.get(sign_id)

    def group_of(self, sign_id: str) -> Group | None:
        """The group holding this sign, if any."""
        return next((g for g in self.groups if any(s.id == sign_id for s in g.signs)), None)


class UrgentSign(_Strict):
    """A sign of an emergency: call for help now, do not log it."""

    id: Ident
    text: Text


# The kinds of help, in the order they are listed: a number to call now, a crisis line for the
# same day, and other help lines.
ResourceKind = Literal["emergency", "crisis", "help"]
KIND_ORDER: dict[str, int] = {"emergency": 0, "crisis": 1, "help": 2}


class Resource(_Strict):
    """A number or service to contact. ``country`` is a two-letter ISO code, "EU" for every
    European Union country, or "any" for everywhere. ``kind`` says which part of urgent help
    lists it: "emergency" (call now), "crisis" (a crisis line, the same day) or "help" (other
    help lines)."""

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

    @property
    def emergency(self) -> bool:
        """An emergency number: call it now."""
        return self.kind == "emergency"


class Tier(_Strict):
    """One part of urgent help: its signs, what to do, and the kind of contact it lists.

    The first tier is the emergency (call now); a later one, such as talk of suicide without
    immediate danger, asks for a crisis line or the person's clinician the same day."""

    id: Ident
    title: Text
    intro: Text
    signs: list[UrgentSign] = Field(min_length=1)
    calls: Literal["emergency", "crisis"]


# European Union members, for resources marked "EU" (112 works in all of them).
EU_MEMBERS = frozenset(
    [
        "AT",
        "BE",
        "BG",
        "HR",
        "CY",
        "CZ",
        "DK",
        "EE",
        "FI",
        "FR",
        "DE",
        "GR",
        "IE",
        "IT",
        "LV",
        "LT",
        "LU",
        "MT",
        "NL",
        "PL",
        "PT",
        "RO",
        "SK",
        "SI",
        "ES",
        "SE",
    ]
)

# How a place is named beside a number ("999 (UK)"); any other code is shown as it is.
PLACE_NAMES = {"US": "US", "CA": "Canada", "GB": "UK", "EU": "EU"}
LOCAL_NUMBER = "your local emergency number"


class Urgent(_Versioned):
    """The urgent signs in tiers (call now; get help today), and the help resources."""

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
        if not any(r.emergency for r in self.resources):
            raise ValueError('resources: at least one must be of kind "emergency"')
        return self

    @property
    def signs(self) -> list[UrgentSign]:
        """Every urgent sign, tier by tier."""
        return [s for t in self.tiers for s in t.signs]

    def resources_for(self, country: str | None, kind: str | None = None) -> list[Resource]:
        """Every resource (or those of one kind), emergency numbers first, then crisis lines,
        then other help lines. Within each kind: the country's own, then its region's (EU),
        then other countries', then "any" (your local emergency number) last; file order
        otherwise. With no country, every country's numbers come before "any"."""
        code = (country or "").upper()

        def rank(resource: Resource) -> tuple[int, int]:
            if resource.country == "any":
                place = 3
            elif resource.country == code:
                place = 0
            elif resource.country == "EU" and code in EU_MEMBERS:
                place = 1
            else:
                place = 2
            return KIND_ORDER[resource.kind], place

        chosen = [r for r in self.resources if kind is None or r.kind == kind]
        return sorted(chosen, key=rank)

    def resources_near(self, country: str | None, kind: str | None = None) -> list[Resource]:
        """With a country: its own resources and its region's, and an "any" one only for a kind
        the country has none of (your local emergency number where no number is known).
        Without a country: all. Each in the order of ``resources_for``."""
        ordered = self.resources_for(country, kind)
        if not country:
            return ordered
        code = country.upper()
        near = [
            r for r in ordered if r.country == code or (r.country == "EU" and code in EU_MEMBERS)
        ]
        kinds = {r.kind for r in near}
        return [r for r in ordered if r in near or (r.country == "any" and r.kind not in kinds)]

    def for_tier(self, tier: Tier, country: str | None) -> list[Resource]:
        """The contacts a tier lists, for this country (all countries when none is set)."""
        return self.resources_near(country, tier.calls)

    def emergency_numbers(self, country: str | None) -> list[tuple[str, list[str]]]:
        """The emergency numbers to show first, each with the places it serves, in order: the
        country's own (and its region's), or with no country every country's. "Any" entries
        (your local emergency number) are not numbers and are left out."""
        numbers: dict[str, list[str]] = {}
        for r in self.resources_near(country, "emergency"):
            if r.country != "any":
                places = numbers.setdefault(one_line(r.contact), [])
                name = PLACE_NAMES.get(r.country, r.country)
                if name not in places:
                    places.append(name)
        return list(numbers.items())

    def emergency_words(self, country: str | None) -> str:
        """Which number to call, in words: "999 or 112" for GB, "911" for the US; with no
        country, every number with its places and your local emergency number last."""
        numbers = self.emergency_numbers(country)
        if not numbers:
            return LOCAL_NUMBER
        if country:
            return " or ".join(number for number, _ in numbers)
        listed = [f"{number} ({', '.join(places)})" for number, places in numbers]
        return ", ".join(listed) + f" or {LOCAL_NUMBER}"


def _unique(items: Iterable[tuple[str, str]], what: str) -> None:
    seen: set[str] = set()
    for where, item in items:
        if item in seen:
            raise ValueError(f"{where}: duplicate {what} '{item}'")
        seen.add(item)


M = TypeVar("M", bound=BaseModel)


def _read_toml(path: Path, raw: bytes | None = None) -> dict[str, Any]:
    # Imported here: a start that finds its checklists cached never parses TOML.
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - exercised on Python 3.10 only
        import tomli as tomllib
    try:
        raw = path.read_bytes() if raw is None else raw
    except OSError as exc:
        raise ChecklistError(f"{path}: cannot be read ({exc.strerror or exc})") from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise ChecklistError(f"{path}: is not UTF-8 text") from None
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ChecklistError(f"{path}: TOML syntax error: {_one_line(str(exc))}") from None


def _one_line(text: str) -> str:
    return one_line(" ".join(text.split()))


def describe_validation(exc: ValidationError) -> str:
    """The first schema problem as 'field.path: what is wrong', with a count of the others."""
    errors = exc.errors()
    first = errors[0]
    loc = "".join(
        f"[{part}]" if isinstance(part, int) else f".{part}" for part in first["loc"]
    ).lstrip(".")
    message = str(first["msg"]).removeprefix("Value error, ")
    if first["type"] == "missing":
        message = "is missing"
    elif first["type"] == "extra_forbidden":
        message = "is not a known field"
    elif first["type"] == "model_type":
        message = "must be a table of fields"
    elif first["type"] == "string_pattern_mismatch" and first["loc"][-1] == "id":
        message = "must be lower-case letters, digits and dashes"
    others = len(errors) - 1
    more = f" (and {others} more {'problem' if others == 1 else 'problems'})" if others else ""
    text = f"{loc}: {message}" if loc else message
    return one_line(" ".join(text.split())) + more


def _parse(path: Path, model: type[M]) -> M:
    cached = Entry(path, model)  # validated once per content, then rebuilt from the user's cache
    if cached.found is not None:
        return cached.found
    data = _read_toml(path, cached.raw)
    try:
        value = model.model_validate(data)
    except ValidationError as exc:
        raise ChecklistError(f"{path}: {describe_validation(exc)}") from None
    cached.save(value)
    return value


def load_checklist(path: Path) -> Checklist:
    """Load and validate one checklist file, or raise ChecklistError with a one-line message."""
    return _parse(path, Checklist)


def load_urgent(path: Path) -> Urgent:
    """Load and validate an urgent-help file, or raise ChecklistError with a one-line message."""
    return _parse(path, Urgent)


def shipped_dir() -> Path:
    """The folder of checklists installed with the package."""
    # The package's folder itself: importlib.resources would load zipfile and more on every start.
    from importlib import import_module

    return Path(next(iter(import_module("redflags.checklists").__path__)))


@dataclass
class Catalog:
    """Every usable checklist by id, the urgent help, and warnings about user files skipped."""

    checklists: dict[str, Checklist]
    urgent: Urgent
    warnings: list[str] = field(default_factory=list)

    def get(self, checklist_id: str) -> Checklist:
        """The checklist with this id, or ChecklistError naming the ones there are."""
        try:
            return self.checklists[checklist_id]
        except KeyError:
            known = ", ".join(sorted(self.checklists)) or "none"
            raise ChecklistError(f"unknown checklist '{checklist_id}' (known: {known})") from None


def _toml_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.glob("*.toml") if p.name != URGENT_FILE)


def load_catalog(extra_dirs: Iterable[Path] = ()) -> Catalog:
    """Load the shipped checklists (a broken one is an error) and the user's (a broken one is skipped
    with a warning)."""
    base = shipped_dir()
    checklists: dict[str, Checklist] = {}
    for path in _toml_files(base):
        checklist = load_checklist(path)
        if checklist.id in checklists:
            raise ChecklistError(f"{path}: duplicate checklist id '{checklist.id}'")
        checklists[checklist.id] = checklist
    urgent = load_urgent(base / URGENT_FILE)
    warnings: list[str] = []
    for folder in extra_dirs:
        if not folder.is_dir():
            warnings.append(f"{folder}: checklist folder not found, skipped")
            continue
        for path in _toml_files(folder):
            try:
                checklist = load_checklist(path)
            except ChecklistError as exc:
                warnings.append(f"{exc} (skipped)")
                continue
            if checklist.id in checklists:
                warnings.append(
                    f"{path}: checklist id '{checklist.id}' is already in use (skipped)"
                )
                continue
            checklists[checklist.id] = checklist
    return Catalog(checklists=checklists, urgent=urgent, warnings=warnings)
