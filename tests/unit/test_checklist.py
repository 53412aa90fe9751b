"""The shipped checklists and urgent help, and the loader's one-line errors for broken files."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest

from redflags.checklist import (
    URGENT_FILE,
    Catalog,
    Checklist,
    ChecklistError,
    load_catalog,
    load_checklist,
    load_urgent,
    shipped_dir,
)
from redflags.model import Route

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
    ("other-sources", "any", ["urinary-problems", "stomach-pain"]),
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
    assert ketamine.version == 1
    got = [(g.id, g.route.value, [s.id for s in g.signs]) for g in ketamine.groups]
    assert got == KETAMINE_CONTRACT


def test_ketamine_names_the_article_and_its_other_sources(ketamine: Checklist) -> None:
    assert "Verywell Mind" in ketamine.source
    assert "Addiction Potential" in ketamine.source
    for group in ketamine.groups:
        for sign in group.signs:
            if group.id == "other-sources":
                assert sign.source != "article", sign.id
            else:
                assert sign.source == "article", sign.id
    other = ketamine.groups[-1]
    assert "other medical sources" in other.why
    urinary, stomach = ketamine.sign("urinary-problems"), ketamine.sign("stomach-pain")
    assert urinary is not None and "European Association of Urology" in urinary.source
    assert stomach is not None and "K-cramps" in stomach.source


def _explanations(checklist: Checklist, sign_id: str) -> str:
    sign = checklist.sign(sign_id)
    assert sign is not None
    return " | ".join(sign.other_explanations).lower()


def test_ketamine_explanations_cover_treatment_and_emergencies(ketamine: Checklist) -> None:
    for sign_id in ("stuffy-nose", "nosebleeds"):
        assert "nasal spray" in _explanations(ketamine, sign_id)
    for sign_id in ("skin-wounds", "track-marks"):
        text = _explanations(ketamine, sign_id)
        assert "injection sites" in text
        assert "blood tests" in text
    assert "esketamine" in _explanations(ketamine, "extreme-sleepiness")
    slurred = _explanations(ketamine, "slurred-speech")
    assert "stroke" in slurred
    assert "emergency" in slurred


def test_treatment_effects_checklist(catalog: Catalog) -> None:
    effects = catalog.get("ketamine-treatment-effects")
    assert effects.version == 1
    assert all(g.route is Route.ANY for g in effects.groups)
    assert {s.id for s in effects.signs} == {
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
    about = effects.about.lower()
    assert "two hours" in about
    assert "prescriber" in about
    assert "not a diagnosis" in about


def test_every_sign_has_other_explanations(catalog: Catalog) -> None:
    for checklist in catalog.checklists.values():
        for sign in checklist.signs:
            assert sign.other_explanations, f"{checklist.id}/{sign.id}"
            assert all(e.strip() for e in sign.other_explanations)
            assert sign.look_for.strip()


@pytest.mark.parametrize("path", SHIPPED_FILES, ids=lambda p: p.name)
def test_no_stigmatizing_or_test_result_words(path: Path) -> None:
    found = FORBIDDEN.findall(path.read_text(encoding="utf-8"))
    assert found == [], f"{path.name}: {found}"


def test_forbidden_word_check_catches_them() -> None:
    assert FORBIDDEN.search("Substance ABUSE")
    assert FORBIDDEN.search("tested positive")
    assert not FORBIDDEN.search("misuse, addiction potential")


def test_urgent_signs(catalog: Catalog) -> None:
    urgent = catalog.urgent
    assert "emergency services now" in urgent.intro
    assert [s.id for s in urgent.signs] == [
        "cannot-wake",
        "breathing",
        "blue-lips",
        "seizure",
        "chest-pain",
        "overheating",
        "confusion-agitation",
        "stroke",
        "suicide",
    ]


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


def test_us_helplines_and_fallback(catalog: Catalog) -> None:
    us = [r for r in catalog.urgent.resources if r.country == "US"]
    contacts = " ".join(r.contact for r in us)
    for number in ("911", "1-800-222-1222", "1-800-662-4357", "1-800-487-4889", "988"):
        assert number in contacts
    assert any("someone else" in r.what for r in us if "988" in r.contact)
    assert any(r.country == "any" and "local" in r.name.lower() for r in catalog.urgent.resources)
    assert catalog.urgent.resources_for("GB")[1].contact == "112"


def test_urgent_numbers_are_only_the_sourced_ones(catalog: Catalog) -> None:
    allowed = {"911", "999", "112", "988", "1-800-222-1222", "1-800-662-4357", "1-800-487-4889"}
    for resource in catalog.urgent.resources:
        numbers = set(re.findall(r"\d[\d-]*\d|\d", resource.contact))
        assert numbers <= allowed, resource


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
        "no-other-explanations",
        _sub('["dry air"]', "[]"),
        "groups[1].signs[0].other_explanations: "
        "List should have at least 1 item after validation, not 0",
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
