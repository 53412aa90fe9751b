"""A sign may list no other explanation (the sources give none): the file is accepted, and every
place that shows other explanations shows the checklist's one calm line instead, never an empty
heading, an empty list or a dangling colon."""

from __future__ import annotations

import json
import re
from datetime import date, timedelta
from pathlib import Path

import pytest

from redflags.checklist import Checklist, load_catalog, load_checklist
from redflags.commands.checklists import render_checklist
from redflags.patterns.summarize import summarize
from redflags.report.render import render_markdown, render_text
from redflags.terms import NO_OTHER_EXPLANATION
from tests.cli.runner import run
from tests.unit.builders import at, checkin, checklist, days_from, marks_of, urgent

TREATMENT_LINE = (
    "No other explanation is listed for this effect, but there may be one: "
    "if you are unsure, ask the clinic."
)
KETAMINE_LINE = NO_OTHER_EXPLANATION
CUSTOM_LINE = "Nothing else is listed for this one; ask your own doctor if unsure."

FILE = """\
schema = 1
id = "mine"
version = 1
title = "Mine"
about = "About."
source = "test"
{line}
summary = {{ title = "Mine summary", audience = "a counsellor", notice_line = "Not a diagnosis.", \
notice = "Observations, not a diagnosis.", grouped_by = "kind of effect" }}

[[groups]]
id = "first"
route = "any"
title = "First"
why = "Why."

  [[groups.signs]]
  id = "listed"
  label = "Listed"
  look_for = "Look."
  other_explanations = ["dry air"]
  source = "article"

  [[groups.signs]]
  id = "unlisted"
  label = "Unlisted"
  look_for = "Look."
  other_explanations = []
  source = "article"
"""


def _write(folder: Path, line: str = "") -> Path:
    path = folder / "mine.toml"
    path.write_text(FILE.format(line=line), encoding="utf-8")
    return path


def _flat(text: str) -> str:
    return " ".join(text.split())


# -- the file ------------------------------------------------------------------------------------


def test_a_sign_with_an_empty_list_loads_with_the_default_line(tmp_path: Path) -> None:
    loaded = load_checklist(_write(tmp_path))
    unlisted = loaded.sign("unlisted")
    assert unlisted is not None and unlisted.other_explanations == []
    assert loaded.no_other_explanation == KETAMINE_LINE
    assert "ask a doctor or pharmacist" in KETAMINE_LINE


def test_a_checklist_words_its_own_line(tmp_path: Path) -> None:
    path = _write(tmp_path, f'no_other_explanation = "{CUSTOM_LINE}"')
    assert load_checklist(path).no_other_explanation == CUSTOM_LINE


def test_checklists_validate_accepts_a_sign_with_an_empty_list(tmp_path: Path) -> None:
    path = _write(tmp_path)
    result = run("checklists", "validate", str(path))
    assert result.code == 0, result
    assert f"ok  {path}  (mine, 2 signs)" in result.out
    assert result.err == ""


# -- the shipped checklists ------------------------------------------------------------------------


def test_every_shipped_other_explanation_is_text() -> None:
    catalog = load_catalog()
    for shipped in catalog.checklists.values():
        assert shipped.no_other_explanation.strip()
        for sign in shipped.signs:
            for explanation in sign.other_explanations:
                assert isinstance(explanation, str)
                assert explanation.strip() == explanation != "", f"{shipped.id}/{sign.id}"


def test_each_shipped_checklist_sends_the_reader_to_the_right_person() -> None:
    catalog = load_catalog()
    assert catalog.get("ketamine-treatment-effects").no_other_explanation == TREATMENT_LINE
    assert catalog.get("ketamine").no_other_explanation == KETAMINE_LINE


def test_breathing_problems_list_no_unsourced_explanation() -> None:
    effects = load_catalog().get("ketamine-treatment-effects")
    breathing = effects.sign("breathing-problems")
    assert breathing is not None and breathing.other_explanations == []


# -- checklists show -------------------------------------------------------------------------------


def _block(text: str, sign_id: str) -> str:
    """The lines ``checklists show`` prints for one sign."""
    blocks = text.split("\n\n")
    found = [b for b in blocks if f"[{sign_id}]" in b.splitlines()[0]]
    assert len(found) == 1, sign_id
    return found[0]


def test_checklists_show_gives_the_line_in_place_of_an_empty_heading() -> None:
    shown = run("checklists", "show", "ketamine-treatment-effects")
    assert shown.code == 0
    breathing = _block(shown.out, "breathing-problems")
    assert "Other explanations" not in breathing
    assert TREATMENT_LINE in _flat(breathing)
    assert not re.search(r":\s*$", breathing, re.MULTILINE)
    assert max(len(line) for line in shown.out.splitlines()) <= 80
    # A sign that lists some still shows them under their heading.
    drowsiness = _flat(_block(shown.out, "drowsiness"))
    assert "Other explanations: the dose itself" in drowsiness
    assert TREATMENT_LINE not in drowsiness


def test_checklists_show_json_keeps_the_empty_list_and_the_line() -> None:
    shown = run("checklists", "show", "ketamine-treatment-effects", "--json")
    assert shown.code == 0
    data = json.loads(shown.out)
    signs = {s["id"]: s for g in data["groups"] for s in g["signs"]}
    assert signs["breathing-problems"]["other_explanations"] == []
    assert signs["drowsiness"]["other_explanations"][0].startswith("the dose itself")
    assert data["no_other_explanation"] == TREATMENT_LINE


def test_render_checklist_for_a_user_checklist(tmp_path: Path) -> None:
    text = render_checklist(
        load_checklist(_write(tmp_path, f'no_other_explanation = "{CUSTOM_LINE}"'))
    )
    assert CUSTOM_LINE in _flat(_block(text, "unlisted"))
    assert "Other explanations: dry air" in _block(text, "listed")
    assert text.count("Other explanations") == 1


# -- the exported summary --------------------------------------------------------------------------

START = date(2026, 9, 7)
MADE = date(2026, 10, 5)


def _with_unlisted() -> Checklist:
    return checklist(
        {
            "snorted": (
                "If it is snorted",
                [
                    ("stuffy-nose", "Stuffy nose", ["a cold"]),
                    ("nosebleeds", "Nosebleeds", []),
                ],
            ),
        }
    )


@pytest.mark.parametrize("render", [render_text, render_markdown], ids=["text", "markdown"])
def test_an_export_gives_the_line_for_a_noted_sign_that_lists_none(render: object) -> None:
    chosen = _with_unlisted()
    checkins = [
        checkin(at(day), noted=["stuffy-nose", "nosebleeds"]) for day in days_from(START, 3)
    ]
    summary = summarize(
        chosen,
        [marks_of(c) for c in checkins],
        person="Sam",
        since=START,
        until=START + timedelta(days=27),
        written=checkins,
    )
    assert callable(render)
    out = render(summary, checkins, chosen, urgent(), made=MADE)
    flat = _flat(out)
    assert "Stuffy nose: on 3 days" in flat and "Other possible causes: a cold." in flat
    nosebleeds = flat[flat.index("Nosebleeds: on 3 days") :]
    assert nosebleeds.startswith(
        f"Nosebleeds: on 3 days from 2026-09-07 to 2026-09-09. {KETAMINE_LINE}"
    )
    assert flat.count("Other possible causes") == 1
    assert "causes: ." not in flat and "causes:." not in flat
