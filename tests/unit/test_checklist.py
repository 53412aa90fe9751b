"""The shipped checklists and urgent help, and the loader's one-line errors for broken files."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

from redflags.checklist import (
    URGENT_FILE,
    Catalog,
    Checklist,
    ChecklistError,
    Resource,
    Sign,
    load_catalog,
    load_checklist,
    load_urgent,
    shipped_dir,
)
from redflags.model import Route
from redflags.patterns.summarize import summarize
from redflags.report.render import render_text
from redflags.store import Store
from tests.cli.runner import run
from tests.unit.builders import at, checkin

KETAMINE_CONTRACT = [
    ("smoked", "smoked", ["chronic-cough"]),
    ("snorted", "snorted", ["stuffy-nose", "nosebleeds"]),
    ("injected", "injected", ["skin-wounds", "track-marks"]),
    (
        "any",
        "any",
        [
            "eating-changes",
            "hygiene-changes",
            "sleep-changes",
            "less-pain-response",
            "dilated-pupils",
            "more-saliva",
            "more-tears",
            "extreme-sleepiness",
            "slurred-speech",
            "stiff-muscles",
            "rapid-eye-movements",
        ],
    ),
    (
        "other-sources",
        "any",
        ["urinary-problems", "stomach-pain", "seems-detached", "unsteady-walking"],
    ),
]

FORBIDDEN = re.compile(
    r"\b(addicts?|abusers?|abuse[sd]?|abusing|clean|dirty|relapse[sd]?|relapsing|detected"
    r"|positive|negative|junkies?)\b",
    re.IGNORECASE,
)

SHIPPED_FILES = sorted(shipped_dir().glob("*.toml"))


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog()


@pytest.fixture(scope="module")
def ketamine(catalog: Catalog) -> Checklist:
    return catalog.get("ketamine")


# --- the shipped files ------------------------------------------------------------------------


def test_shipped_files_load_without_warnings(catalog: Catalog) -> None:
    assert catalog.warnings == []
    assert {"ketamine", "ketamine-treatment-effects"} <= set(catalog.checklists)
    assert (shipped_dir() / URGENT_FILE).is_file()


def test_ketamine_groups_and_sign_ids_are_the_contract(ketamine: Checklist) -> None:
    assert ketamine.schema_version == 1
    assert ketamine.version == 2
    got = [(g.id, g.route.value, [s.id for s in g.signs]) for g in ketamine.groups]
    assert got == KETAMINE_CONTRACT


def test_ketamine_names_the_article_and_its_other_sources(ketamine: Checklist) -> None:
    assert "Verywell Mind" in ketamine.source
    assert "Addiction Potential" in ketamine.source
    for group in ketamine.groups:
        for sign in group.signs:
            if group.id == "other-sources":
                assert "article" not in sign.source, sign.id
            else:
                assert sign.source.startswith("article"), sign.id
    other = ketamine.groups[-1]
    assert other.title == "Well-documented signs the article omits"
    assert "from other" not in other.title.lower() and "Medical sources" in other.why
    urinary, stomach = ketamine.sign("urinary-problems"), ketamine.sign("stomach-pain")
    assert urinary is not None and "European Association of Urology" in urinary.source
    assert stomach is not None and "K-cramps" in stomach.source
    for sign_id in ("seems-detached", "unsteady-walking"):
        added = ketamine.sign(sign_id)
        assert added is not None and "MSD Manual" in added.source


def _explanations(checklist: Checklist, sign_id: str) -> str:
    sign = checklist.sign(sign_id)
    assert sign is not None
    return " | ".join(sign.other_explanations).lower()


def test_ketamine_explanations_cover_treatment_and_emergencies(ketamine: Checklist) -> None:
    for sign_id in ("skin-wounds", "track-marks"):
        text = _explanations(ketamine, sign_id)
        assert "injection sites" in text
        assert "blood tests" in text
    slurred = _explanations(ketamine, "slurred-speech")
    assert "stroke" in slurred
    assert "emergency" in slurred


def _sign(checklist: Checklist, sign_id: str) -> Sign:
    sign = checklist.sign(sign_id)
    assert sign is not None
    return sign


def test_ketamine_signs_say_what_the_review_found(ketamine: Checklist) -> None:
    """The corrections to sign wording in the reference facts, sign by sign."""
    pupils = _sign(ketamine, "dilated-pupils")
    assert "brighter light" not in pupils.look_for and "room light" in pupils.look_for
    assert "one large pupil" in _explanations(ketamine, "dilated-pupils")
    assert "emergency" in _explanations(ketamine, "dilated-pupils")
    assert "self-harm" in _explanations(ketamine, "skin-wounds")
    assert "clinician" in _explanations(ketamine, "skin-wounds")
    saliva = _sign(ketamine, "more-saliva")
    assert "pillow" not in saliva.look_for and "while awake" in saliva.look_for
    assert "blocked nose" in _explanations(ketamine, "more-saliva")
    stuffy = _explanations(ketamine, "stuffy-nose")
    assert "decongestant" in stuffy and "on a treatment day only" in stuffy
    assert "esketamine" not in _explanations(ketamine, "nosebleeds")
    assert "8 weeks" in _sign(ketamine, "chronic-cough").look_for
    assert "cannabis" in _explanations(ketamine, "chronic-cough")
    assert "vaping" in _explanations(ketamine, "chronic-cough")
    urinary = _sign(ketamine, "urinary-problems")
    assert "Blood in the urine always needs a doctor" in urinary.look_for
    assert "diabetes" in _explanations(ketamine, "urinary-problems")
    assert "prostate" in _explanations(ketamine, "urinary-problems")
    for sign_id in ("extreme-sleepiness", "sleep-changes"):
        assert "ketamine or esketamine treatment dose" in _explanations(ketamine, sign_id)
    stiff = _explanations(ketamine, "stiff-muscles")
    assert "antipsychotic" in stiff and "fever and confusion" in stiff


# Version 1's sign ids: each keeps its meaning in every later version.
TREATMENT_V1 = {
    "rapid-heartbeat",
    "high-blood-pressure",
    "vocal-sounds",
    "confusion",
    "hallucinations",
    "muscle-tremors",
    "increased-muscle-tone",
    "drowsiness",
    "memory-loss",
}


def test_treatment_effects_checklist(catalog: Catalog) -> None:
    effects = catalog.get("ketamine-treatment-effects")
    assert effects.version == 2
    assert all(g.route is Route.ANY for g in effects.groups)
    assert [g.title for g in effects.groups] == [
        "How they seem",
        "Body: balance, stomach and senses",
        "Heart, blood pressure and muscles",
        "Mood and safety",
    ]
    ids = {s.id for s in effects.signs}
    assert ids >= TREATMENT_V1
    # The label's most common effects and its serious ones, each a sign of its own.
    assert {
        "feels-detached",
        "dizziness",
        "spinning-feeling",
        "nausea",
        "vomiting",
        "numbness",
        "anxiety",
        "lethargy",
        "feels-drunk",
        "headache",
        "taste-nose-mouth",
        "mood-worse",
        "hard-to-keep-awake",
        "breathing-problems",
        "blood-pressure-surge",
        "bladder-problems",
    } <= ids
    about = " ".join(effects.about.lower().split())
    assert "at least two hours" in about and "decides when they may go home" in about
    assert "still there at home, or comes back the next day" in about
    assert "prescriber" in about and "not a diagnosis" in about
    assert "expected for a few hours" not in about
    for sign in effects.signs:
        assert "prescribing information" in sign.source or sign.source.startswith("article")
        # What to look for at home, and when to tell the clinic (or call for help).
        look = sign.look_for.lower()
        assert any(w in look for w in ("tell", "call", "mention", "clinic")), sign.id
    mood = _sign(effects, "mood-worse")
    assert "suicide" in mood.look_for and "emergency" in mood.look_for
    assert effects.summary.audience == "the prescriber"
    assert effects.summary.grouped_by == "kind of effect"


def test_every_listed_other_explanation_is_text(catalog: Catalog) -> None:
    # A sign may list none (the sources give none); what is listed is never blank.
    for checklist in catalog.checklists.values():
        assert checklist.no_other_explanation.strip()
        for sign in checklist.signs:
            for explanation in sign.other_explanations:
                assert isinstance(explanation, str), f"{checklist.id}/{sign.id}"
                assert explanation.strip(), f"{checklist.id}/{sign.id}"
                assert explanation == explanation.strip(), f"{checklist.id}/{sign.id}"
            assert sign.look_for.strip()


@pytest.mark.parametrize("path", SHIPPED_FILES, ids=lambda p: p.name)
def test_no_stigmatizing_or_test_result_words(path: Path) -> None:
    found = FORBIDDEN.findall(path.read_text(encoding="utf-8"))
    assert found == [], f"{path.name}: {found}"


def test_forbidden_word_check_catches_them() -> None:
    assert FORBIDDEN.search("Substance ABUSE")
    assert FORBIDDEN.search("tested positive")
    assert not FORBIDDEN.search("misuse, addiction potential")


def test_urgent_help_comes_in_two_separate_tiers(catalog: Catalog) -> None:
    urgent = catalog.urgent
    now, today = urgent.tiers
    assert (now.calls, today.calls) == ("emergency", "crisis")
    assert [s.id for s in now.signs] == [
        "cannot-wake",
        "breathing",
        "blue-lips",
        "seizure",
        "chest-pain",
        "overheating",
        "confusion-agitation",
        "stroke",
        "suicide-danger",
    ]
    assert [s.id for s in today.signs] == ["suicide-talk"]
    # An attempt, a plan with the means at hand or immediate danger: an emergency number now.
    danger = now.signs[-1].text.lower()
    for words in ("attempt", "plan", "means at hand", "immediate danger"):
        assert words in danger
    # Other talk of suicide: a crisis line or the clinician, the same day, never "call now".
    assert "crisis line" in today.intro and "clinician" in today.intro
    assert "same day" in today.intro
    assert "emergency" not in (today.title + today.intro).lower()
    assert urgent.signs == [*now.signs, *today.signs]


@pytest.mark.parametrize(
    ("country", "first"),
    [("US", "911"), ("us", "911"), ("CA", "911"), ("GB", "999"), ("DE", "112"), ("FR", "112")],
)
def test_resources_for_country_start_with_the_emergency_number(
    catalog: Catalog, country: str, first: str
) -> None:
    resources = catalog.urgent.resources_for(country)
    assert resources[0].contact == first
    assert resources[0].emergency is True
    assert len(resources) == len(catalog.urgent.resources)


def _contacts(resources: list[Resource]) -> list[str]:
    return [f"{r.country} {r.contact}" for r in resources]


def test_with_no_country_the_emergency_numbers_come_first_and_the_local_one_last(
    catalog: Catalog,
) -> None:
    urgent = catalog.urgent
    emergency = _contacts(urgent.resources_for(None, "emergency"))
    assert emergency == [
        "US 911",
        "CA 911",
        "GB 999",
        "GB 112",
        "EU 112",
        "any The emergency number where you are",
    ]
    everything = urgent.resources_for(None)
    kinds = [r.kind for r in everything]
    assert kinds == sorted(kinds, key=["emergency", "crisis", "help"].index)
    assert everything[: len(emergency)] == urgent.resources_for(None, "emergency")
    assert urgent.emergency_words(None) == (
        "911 (US, Canada), 999 (UK), 112 (UK, EU) or your local emergency number"
    )


@pytest.mark.parametrize(
    ("country", "words", "crisis"),
    [
        ("GB", "999 or 112", ["GB 116 123", "GB 111, then option 2"]),
        ("CA", "911", ["CA Call or text 9-8-8"]),
        ("US", "911", ["US Call or text 988"]),
        ("DE", "112", []),
        ("AU", "your local emergency number", []),
    ],
)
def test_each_country_gets_its_own_numbers_in_each_tier(
    catalog: Catalog, country: str, words: str, crisis: list[str]
) -> None:
    urgent = catalog.urgent
    now, today = urgent.tiers
    assert urgent.emergency_words(country) == words
    assert _contacts(urgent.for_tier(today, country)) == crisis
    near = _contacts(urgent.for_tier(now, country))
    # The local emergency number only where no number of the country's own is known.
    assert near[-1].startswith("any") == (country == "AU")
    assert all(c.split()[0] in (country, "EU", "any") for c in near)


def test_uk_and_us_help_lines(catalog: Catalog) -> None:
    urgent = catalog.urgent
    gb = _contacts(urgent.resources_near("GB"))
    assert gb == [
        "GB 999",
        "GB 112",
        "GB 116 123",
        "GB 111, then option 2",
        "GB 0300 123 6600",
    ]
    frank = next(r for r in urgent.resources if "6600" in r.contact)
    assert (frank.name, frank.kind) == ("FRANK", "help")
    us = [r for r in urgent.resources if r.country == "US"]
    contacts = " ".join(r.contact for r in us)
    for number in ("911", "1-800-222-1222", "1-800-662-4357", "1-800-487-4889", "988"):
        assert number in contacts
    assert any("someone else" in r.what for r in us if "988" in r.contact)
    canada = next(r for r in urgent.resources if r.country == "CA" and r.kind == "crisis")
    assert "9-8-8" in canada.contact and "French" in canada.what


def test_urgent_numbers_are_only_the_sourced_ones(catalog: Catalog) -> None:
    allowed = {
        "911",
        "999",
        "112",
        "988",
        "9-8-8",
        "116 123",
        "111",
        "2",
        "0300 123 6600",
        "1-800-222-1222",
        "1-800-662-4357",
        "1-800-487-4889",
    }
    for resource in catalog.urgent.resources:
        numbers = set(re.findall(r"\d[\d -]*\d|\d", resource.contact))
        assert numbers <= allowed, resource


URGENT_VALID = """\
schema = 1
title = "Urgent"
intro = "Get help."

[[tiers]]
id = "now"
calls = "emergency"
title = "Call now"
intro = "Now."
signs = [{ id = "breathing", text = "Not breathing" }]

[[tiers]]
id = "today"
calls = "crisis"
title = "Today"
intro = "Today."
signs = [{ id = "talk", text = "Talk of suicide" }]

[[resources]]
country = "GB"
kind = "emergency"
name = "Emergency services"
contact = "999"
what = "Ambulance."
"""


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            'calls = "emergency"',
            'calls = "crisis"',
            'tiers[0].calls: the first tier must be "emergency" (call now)',
        ),
        (
            'kind = "emergency"',
            'kind = "urgent"',
            "resources[0].kind: Input should be 'emergency', 'crisis' or 'help'",
        ),
        (
            'kind = "emergency"',
            'kind = "help"',
            'resources: at least one must be of kind "emergency"',
        ),
        (
            'id = "talk"',
            'id = "breathing"',
            "tiers[1].signs[0].id: duplicate urgent sign id 'breathing'",
        ),
        ('id = "today"', 'id = "now"', "tiers[1].id: duplicate tier id 'now'"),
        (
            'calls = "crisis"',
            'calls = "later"',
            "tiers[1].calls: Input should be 'emergency' or 'crisis'",
        ),
        ('kind = "emergency"\n', "", "resources[0].kind: is missing"),
    ],
)
def test_broken_urgent_file_gives_one_exact_line(
    tmp_path: Path, old: str, new: str, expected: str
) -> None:
    path = tmp_path / URGENT_FILE
    assert old in URGENT_VALID
    path.write_text(URGENT_VALID.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(ChecklistError) as info:
        load_urgent(path)
    assert str(info.value) == f"{path}: {expected}"


def test_every_summary_shows_the_two_tiers_apart(catalog: Catalog, ketamine: Checklist) -> None:
    urgent = catalog.urgent
    summary = summarize(
        ketamine, [], person="Sam", since=date(2026, 11, 1), until=date(2026, 11, 28)
    )
    for country in ("GB", "CA", "US", None):
        text = render_text(summary, [], ketamine, urgent, made=date(2026, 11, 28), country=country)
        part = " ".join(text[text.index("Where to get urgent help") :].split())
        now = part.index("1. Call an emergency number now:")
        today = part.index("2. Talk or thoughts of suicide: get help today.")
        assert now < part.index("A suicide attempt") < today < part.index("They talk about suicide")
        assert part.index(urgent.emergency_words(country)) < today
        crisis = part[today:]
        for resource in urgent.for_tier(urgent.tiers[1], country):
            assert resource.contact in crisis
        assert "More help lines, and what each service offers: press Ctrl+G in the app." in part


# --- broken checklists: one-line messages naming the file and the field ---------------------

VALID = """\
schema = 1
id = "demo"
version = 1
title = "Demo"
about = "About."
source = "test"

summary = { title = "Demo summary", audience = "a counsellor", notice_line = "Not a diagnosis.", \
notice = "Observations, not a diagnosis.", grouped_by = "route of use" }

[[groups]]
id = "first"
route = "any"
title = "First"
why = "Why."

  [[groups.signs]]
  id = "one"
  label = "One"
  look_for = "Look."
  other_explanations = ["a cold"]
  source = "article"

[[groups]]
id = "second"
route = "snorted"
title = "Second"
why = "Why."

  [[groups.signs]]
  id = "two"
  label = "Two"
  look_for = "Look."
  other_explanations = ["dry air"]
  source = "article"
"""

SECOND_GROUP = '[[groups]]\nid = "second"'


def _sub(old: str, new: str) -> Callable[[str], str]:
    def edit(text: str) -> str:
        assert old in text
        return text.replace(old, new, 1)

    return edit


def _group_without_signs(signs: str) -> Callable[[str], str]:
    def edit(text: str) -> str:
        head = text.split(SECOND_GROUP)[0]
        return head + f'{SECOND_GROUP}\nroute = "any"\ntitle = "S"\nwhy = "W"\n{signs}'

    return edit


MALFORMED: list[tuple[str, Callable[[str], str], str]] = [
    (
        "syntax",
        _sub('title = "Demo"', "title = Demo"),
        "TOML syntax error: Invalid value (at line 4, column 9)",
    ),
    (
        "unclosed-string",
        _sub('title = "Demo"', 'title = "Demo'),
        "TOML syntax error: Illegal character '\\n' (at line 4, column 14)",
    ),
    (
        "duplicate-key",
        _sub('title = "Demo"', 'title = "Demo"\ntitle = "Again"'),
        "TOML syntax error: Cannot overwrite a value (at line 5, column 16)",
    ),
    (
        "duplicate-sign",
        _sub('id = "two"', 'id = "one"'),
        "groups[1].signs[0].id: duplicate sign id 'one'",
    ),
    (
        "duplicate-group",
        _sub('id = "second"', 'id = "first"'),
        "groups[1].id: duplicate group id 'first'",
    ),
    (
        "unknown-route",
        _sub('route = "snorted"', 'route = "sniffed"'),
        "groups[1].route: Input should be 'smoked', 'snorted', 'injected', 'swallowed' or 'any'",
    ),
    (
        "missing-label",
        _sub('  label = "Two"\n', ""),
        "groups[1].signs[0].label: is missing",
    ),
    (
        "blank-label",
        _sub('label = "Two"', 'label = "   "'),
        "groups[1].signs[0].label: must not be empty",
    ),
    (
        "label-not-text",
        _sub('label = "Two"', "label = 2"),
        "groups[1].signs[0].label: Input should be a valid string",
    ),
    (
        "version-word",
        _sub("version = 1", 'version = "one"'),
        "version: Input should be a valid integer",
    ),
    (
        "version-zero",
        _sub("version = 1", "version = 0"),
        "version: Input should be greater than or equal to 1",
    ),
    (
        "version-fraction",
        _sub("version = 1", "version = 1.5"),
        "version: Input should be a valid integer",
    ),
    (
        "schema-2",
        _sub("schema = 1", "schema = 2"),
        "schema: schema 2 is not supported (this version of redflags reads schema 1)",
    ),
    ("schema-missing", _sub("schema = 1\n", ""), "schema: is missing"),
    (
        "unknown-field",
        _sub('label = "Two"', 'label = "Two"\n  colour = "red"'),
        "groups[1].signs[0].colour: is not a known field",
    ),
    (
        "sign-id-capitals",
        _sub('id = "two"', 'id = "Two Signs"'),
        "groups[1].signs[0].id: must be lower-case letters, digits and dashes",
    ),
    (
        "checklist-id-space",
        _sub('id = "demo"', 'id = "my list"'),
        "id: must be lower-case letters, digits and dashes",
    ),
    ("group-without-signs", _group_without_signs(""), "groups[1].signs: is missing"),
    (
        "group-empty-signs",
        _group_without_signs("signs = []\n"),
        "groups[1].signs: List should have at least 1 item after validation, not 0",
    ),
    (
        "missing-other-explanations",
        _sub('  other_explanations = ["dry air"]\n', ""),
        "groups[1].signs[0].other_explanations: is missing",
    ),
    (
        "other-explanations-not-a-list",
        _sub('["dry air"]', '"dry air"'),
        "groups[1].signs[0].other_explanations: Input should be a valid list",
    ),
    (
        "blank-no-other-explanation-line",
        _sub('source = "test"', 'source = "test"\nno_other_explanation = " "'),
        "no_other_explanation: must not be empty",
    ),
    (
        "blank-other-explanation",
        _sub('["dry air"]', '["dry air", "  "]'),
        "groups[1].signs[0].other_explanations[1]: must not be empty",
    ),
    ("no-groups", lambda text: text.split("[[groups]]")[0], "groups: is missing"),
    (
        "groups-not-a-list",
        lambda text: text.split("[[groups]]")[0] + 'groups = "x"\n',
        "groups: Input should be a valid list",
    ),
    (
        "two-problems",
        lambda text: text.replace("version = 1", "version = 0").replace(
            'label = "Two"', 'label = ""'
        ),
        "version: Input should be greater than or equal to 1 (and 1 more problem)",
    ),
    ("empty-file", lambda text: "", "schema: is missing (and 7 more problems)"),
    (
        "no-summary",
        lambda text: text.split("summary = ")[0] + "[[groups]]" + text.split("[[groups]]", 1)[1],
        "summary: is missing",
    ),
    (
        "summary-without-audience",
        _sub('audience = "a counsellor", ', ""),
        "summary.audience: is missing",
    ),
    (
        "summary-blank-notice",
        _sub('notice = "Observations, not a diagnosis."', 'notice = " "'),
        "summary.notice: must not be empty",
    ),
    (
        "summary-unknown-field",
        _sub('grouped_by = "route of use"', 'grouped_by = "route of use", grouped = "x"'),
        "summary.grouped: is not a known field",
    ),
    (
        "summary-not-a-table",
        lambda text: (
            text.split("summary = ")[0]
            + 'summary = "Demo"\n\n'
            + "[[groups]]"
            + text.split("[[groups]]", 1)[1]
        ),
        "summary: must be a table of fields",
    ),
]


def test_the_valid_base_loads(tmp_path: Path) -> None:
    path = tmp_path / "demo.toml"
    path.write_text(VALID, encoding="utf-8")
    checklist = load_checklist(path)
    assert [s.id for s in checklist.signs] == ["one", "two"]


def _assert_one_line_error(path: Path, expected: str) -> None:
    with pytest.raises(ChecklistError) as info:
        load_checklist(path)
    message = str(info.value)
    assert message == f"{path}: {expected}"
    assert "\n" not in message and "\r" not in message
    assert str(path) in message


@pytest.mark.parametrize(("name", "edit", "expected"), MALFORMED, ids=[m[0] for m in MALFORMED])
def test_malformed_checklist_gives_one_exact_line(
    tmp_path: Path, name: str, edit: Callable[[str], str], expected: str
) -> None:
    path = tmp_path / f"{name}.toml"
    path.write_text(edit(VALID), encoding="utf-8")
    _assert_one_line_error(path, expected)


def test_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "latin1.toml"
    path.write_bytes(VALID.replace("Demo", "Démo").encode("latin-1"))
    _assert_one_line_error(path, "is not UTF-8 text")


def test_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "absent.toml"
    _assert_one_line_error(path, "cannot be read (No such file or directory)")


def test_unknown_key_with_newline_still_gives_one_line(tmp_path: Path) -> None:
    path = tmp_path / "newline-key.toml"
    path.write_text(VALID.replace('label = "Two"', 'label = "Two"\n  "col\\nour" = 1'), "utf-8")
    with pytest.raises(ChecklistError) as info:
        load_checklist(path)
    assert "\n" not in str(info.value)


def test_broken_urgent_file_names_the_field(tmp_path: Path) -> None:
    text = (shipped_dir() / URGENT_FILE).read_text(encoding="utf-8")
    path = tmp_path / URGENT_FILE
    path.write_text(text.replace('country = "CA"', 'country = "Canada"'), encoding="utf-8")
    with pytest.raises(ChecklistError) as info:
        load_urgent(path)
    message = str(info.value)
    assert re.fullmatch(re.escape(f"{path}: resources[") + r"\d+\]\.country: .+", message)
    assert "\n" not in message


def test_bad_country_code_message_describes_the_country_rule(tmp_path: Path) -> None:
    text = (shipped_dir() / URGENT_FILE).read_text(encoding="utf-8")
    path = tmp_path / URGENT_FILE
    path.write_text(text.replace('country = "CA"', 'country = "Canada"'), encoding="utf-8")
    with pytest.raises(ChecklistError) as info:
        load_urgent(path)
    assert "lower-case" not in str(info.value)


# --- user checklists in the catalog ------------------------------------------------------------


def _user_file(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def test_valid_user_checklist_is_added(tmp_path: Path) -> None:
    _user_file(tmp_path / "mine", "demo.toml", VALID)
    catalog = load_catalog([tmp_path / "mine"])
    assert catalog.warnings == []
    assert catalog.get("demo").title == "Demo"
    assert "ketamine" in catalog.checklists


def test_broken_user_checklist_is_skipped_with_a_warning(tmp_path: Path) -> None:
    folder = tmp_path / "mine"
    broken = _user_file(folder, "broken.toml", VALID.replace('title = "Demo"', "title = Demo"))
    _user_file(folder, "good.toml", VALID)
    catalog = load_catalog([folder])
    assert catalog.warnings == [
        f"{broken}: TOML syntax error: Invalid value (at line 4, column 9) (skipped)"
    ]
    assert "demo" in catalog.checklists


def test_user_checklist_reusing_a_shipped_id_is_skipped(tmp_path: Path) -> None:
    folder = tmp_path / "mine"
    path = _user_file(folder, "mine.toml", VALID.replace('id = "demo"', 'id = "ketamine"'))
    catalog = load_catalog([folder])
    assert catalog.warnings == [f"{path}: checklist id 'ketamine' is already in use (skipped)"]
    assert catalog.get("ketamine").title != "Demo"


def test_two_user_checklists_with_one_id_keep_the_first(tmp_path: Path) -> None:
    folder = tmp_path / "mine"
    _user_file(folder, "a.toml", VALID)
    second = _user_file(folder, "b.toml", VALID.replace('title = "Demo"', 'title = "Other"'))
    catalog = load_catalog([folder])
    assert catalog.warnings == [f"{second}: checklist id 'demo' is already in use (skipped)"]
    assert catalog.get("demo").title == "Demo"


def test_user_folder_urgent_file_is_ignored(tmp_path: Path) -> None:
    _user_file(tmp_path / "mine", URGENT_FILE, "not toml at all [")
    catalog = load_catalog([tmp_path / "mine"])
    assert catalog.warnings == []


def test_missing_user_folder_is_a_warning(tmp_path: Path) -> None:
    catalog = load_catalog([tmp_path / "nowhere"])
    assert catalog.warnings == [f"{tmp_path / 'nowhere'}: checklist folder not found, skipped"]


def test_unknown_checklist_names_the_known_ones(catalog: Catalog) -> None:
    with pytest.raises(ChecklistError, match=r"unknown checklist 'nope' \(known: ketamine, "):
        catalog.get("nope")


# --- a check-in recorded with an earlier checklist version ------------------------------------


def test_a_check_in_from_the_first_treatment_version_keeps_its_labels(tmp_path: Path) -> None:
    """Version 1 of the treatment-effects list called it "Drowsiness"; a sign id it had and a
    later version may not (here a made-up one) still shows, under the label it was recorded with."""
    db = tmp_path / "old.db"
    day = date(2026, 11, 20)
    old = checkin(
        at(day),
        noted=["drowsiness", "old-only-sign"],
        not_seen=["confusion"],
        notes={"drowsiness": "slept all afternoon", "old-only-sign": "said so twice"},
        person="Sam",
        checklist="ketamine-treatment-effects",
        checklist_version=1,
        labels={
            "drowsiness": "Drowsiness",
            "confusion": "Confusion",
            "old-only-sign": "A sign from the old list",
        },
    )
    with Store.open(db) as store:
        store.add_checkin(old)
    history = run("history", "--person", "Sam", db=db)
    assert history.code == 0, history.err
    assert "noted: Drowsiness, A sign from the old list" in history.out
    assert "looked for, not seen: Confusion" in history.out
    stored = json.loads(run("history", "--person", "Sam", "--json", db=db).out)
    assert stored["checklist_version"] == 1
    assert stored["observations"]["old-only-sign"]["status"] == "noted"
    export = run(
        "export", "--person", "Sam", "--all", "--checklist", "ketamine-treatment-effects", db=db
    )
    assert export.code == 0, export.err
    flat = " ".join(export.out.split())
    assert "Drowsiness (noted): slept all afternoon" in flat
    assert "A sign from the old list (noted): said so twice" in flat
    # The figures use today's list: drowsiness noted in the one check-in that looked for it.
    # (Its row in the table of every sign, under its group.)
    row = next(
        line for line in export.out.splitlines() if line.startswith("    Drowsiness or sleepiness")
    )
    assert row.split() == ["Drowsiness", "or", "sleepiness", "1", "of", "1", "0"]
