"""The checklists and urgent help as the rest of redflags reads them, and the loader that makes them
from TOML files.

The types here are plain frozen dataclasses. A file is checked against its rules
(``redflags.checklist_schema``, with pydantic) only when the cache holds no entry for its bytes; the
checked data becomes these types through ``from_json``, the one way in that the cache uses too.
Every error is one line naming the file and either the line (TOML syntax) or the field path (schema).
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, fields, is_dataclass
from enum import Enum
from functools import cached_property, partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar, cast

from redflags.checklist_cache import Entry

# Raised here; defined apart so that catching it loads nothing heavy.
from redflags.errors import ChecklistError as ChecklistError
from redflags.safe_text import one_line
from redflags.terms import Route

if TYPE_CHECKING:
    from pydantic import ValidationError

    from redflags.checklist_schema import ResourceKind, TierCalls

URGENT_FILE = "urgent.toml"


@dataclass(frozen=True, slots=True)
class Sign:
    """One warning sign: what it is, what to look for, and what else could explain it."""

    id: str
    label: str
    look_for: str
    other_explanations: list[str]
    source: str


@dataclass(frozen=True, slots=True)
class Group:
    """Signs that belong together: one route of use, or one kind of effect (route "any")."""

    id: str
    route: Route
    title: str
    why: str
    signs: list[Sign]


@dataclass(frozen=True, slots=True)
class SummaryFrame:
    """How a checklist's summaries present themselves: the ``[summary]`` table.

    A checklist of warning signs speaks to a counsellor of signs by route of use; a checklist of
    treatment effects speaks to the prescriber of effects by kind, never of substance use."""

    title: str  # what the summary is: "Observed warning signs: a summary for a counsellor"
    audience: str  # who it is for: "a counsellor", "the prescriber"
    notice_line: str  # one line: observations by someone close, not a diagnosis, other causes
    notice: str  # the full not-a-diagnosis text, in the checklist's own terms
    grouped_by: str  # the word for its groups: "route of use", "kind of effect"


@dataclass(frozen=True)
class Checklist:
    """A versioned list of signs in groups, and how its summaries frame them."""

    schema_version: int
    id: str
    version: int
    title: str
    about: str
    source: str
    # The line shown in place of a sign's other explanations when it lists none.
    no_other_explanation: str
    summary: SummaryFrame
    groups: list[Group]

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


@dataclass(frozen=True, slots=True)
class UrgentSign:
    """A sign of an emergency: call for help now, do not log it."""

    id: str
    text: str


# The kinds of help (checklist_schema.ResourceKind), in the order they are listed: a number to
# call now, a crisis line for the same day, and other help lines.
KIND_ORDER: dict[str, int] = {"emergency": 0, "crisis": 1, "help": 2}


@dataclass(frozen=True, slots=True)
class Resource:
    """A number or service to contact. ``country`` is a two-letter ISO code, "EU" for every
    European Union country, or "any" for everywhere. ``kind`` says which part of urgent help
    lists it: "emergency" (call now), "crisis" (a crisis line, the same day) or "help" (other
    help lines)."""

    country: str
    name: str
    contact: str
    what: str
    kind: ResourceKind

    @property
    def emergency(self) -> bool:
        """An emergency number: call it now."""
        return self.kind == "emergency"


@dataclass(frozen=True, slots=True)
class Tier:
    """One part of urgent help: its signs, what to do, and the kind of contact it lists.

    The first tier is the emergency (call now); a later one, such as talk of suicide without
    immediate danger, asks for a crisis line or the person's clinician the same day."""

    id: str
    title: str
    intro: str
    signs: list[UrgentSign]
    calls: TierCalls


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


@dataclass(frozen=True, slots=True)
class Urgent:
    """The urgent signs in tiers (call now; get help today), and the help resources."""

    schema_version: int
    title: str
    intro: str
    tiers: list[Tier]
    resources: list[Resource]

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


# The one way from checked data to the types above: after validation and from a cache entry.


def _checklist(data: Mapping[str, Any]) -> Checklist:
    return Checklist(
        schema_version=data["schema"],
        id=data["id"],
        version=data["version"],
        title=data["title"],
        about=data["about"],
        source=data["source"],
        no_other_explanation=data["no_other_explanation"],
        summary=SummaryFrame(**data["summary"]),
        groups=[
            Group(
                id=g["id"],
                route=Route(g["route"]),
                title=g["title"],
                why=g["why"],
                signs=[Sign(**s) for s in g["signs"]],
            )
            for g in data["groups"]
        ],
    )


def _urgent(data: Mapping[str, Any]) -> Urgent:
    return Urgent(
        schema_version=data["schema"],
        title=data["title"],
        intro=data["intro"],
        tiers=[
            Tier(
                id=t["id"],
                title=t["title"],
                intro=t["intro"],
                signs=[UrgentSign(**s) for s in t["signs"]],
                calls=t["calls"],
            )
            for t in data["tiers"]
        ],
        resources=[Resource(**r) for r in data["resources"]],
    )


L = TypeVar("L", Checklist, Urgent)
_BUILD: dict[type, Any] = {Checklist: _checklist, Urgent: _urgent}
# The file's own names where a field's differs.
_FILE_NAMES = {"schema_version": "schema"}


def from_json(kind: type[L], data: Mapping[str, Any]) -> L:
    """A checklist or urgent help from its checked JSON data (``as_json``'s form), as it is."""
    return cast(L, _BUILD[kind](data))


def as_json(value: object) -> Any:
    """A checklist, urgent help or any part of one as plain JSON data, with the file's own names
    (``"schema"``): what ``checklists show --json`` prints and ``from_json`` reads."""
    if is_dataclass(value) and not isinstance(value, type):
        return {
            _FILE_NAMES.get(f.name, f.name): as_json(getattr(value, f.name)) for f in fields(value)
        }
    if isinstance(value, list):
        return [as_json(item) for item in value]
    if isinstance(value, Enum):
        return value.value
    return value


def validate(kind: type[L], data: Any, where: str = "") -> L:
    """``data`` as read from a file of this kind, checked against its rules (pydantic is loaded
    here), or ChecklistError with a one-line message starting with ``where``."""
    from pydantic import ValidationError

    from redflags.checklist_schema import validated

    try:
        checked = validated(kind.__name__, data)
    except ValidationError as exc:
        problem = describe_validation(exc)
        raise ChecklistError(f"{where}: {problem}" if where else problem) from None
    return from_json(kind, checked)


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


def _parse(path: Path, kind: type[L]) -> L:
    # Checked once per content, then rebuilt from the user's cache without pydantic.
    cached = Entry(path, kind.__name__, partial(from_json, kind))
    if cached.found is not None:
        return cached.found
    data = _read_toml(path, cached.raw)
    value = validate(kind, data, str(path))
    cached.save(as_json(value), value)
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
