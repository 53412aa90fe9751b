"""The counsellor's export: what it says, that it fits 80 columns, that no typed text reaches it raw,
and that initials hide names everywhere."""

from __future__ import annotations

import csv
import io
import json
import os
from datetime import date, timedelta
from pathlib import Path

import pytest

from redflags.model import CheckIn, TreatmentDay
from redflags.patterns.summarize import summarize
from redflags.patterns.types import Summary
from redflags.report.render import (
    CSV_COLUMNS,
    initials,
    render_csv,
    render_json,
    render_markdown,
    render_text,
)
from redflags.report.text import cells
from tests.unit.builders import SIGN_IDS, at, checkin, checklist, days_from, marks_of, urgent

GOLDEN = Path(__file__).parent / "golden" / "summary.txt"
MADE = date(2026, 10, 5)
START = date(2026, 9, 7)  # a Monday
CHECKLIST = checklist()
NOTICE = CHECKLIST.summary.notice
URGENT = urgent()
RENDERERS = [render_text, render_markdown, render_json, render_csv]
HOSTILE = "\x1b[31mred\x1b[0m \x00nul [/] [bold]x \u202eevil \x9b csi"


def scenario() -> list[CheckIn]:
    """Four weeks: snorted-route signs rising in the last two, treatment on Tuesdays with the
    expected sleepiness, the cough rarely looked for, notes and what went well."""
    result = []
    for k, day in enumerate(days_from(START, 28)):
        if k % 4 == 3:
            continue  # no check-in every fourth day
        kind = TreatmentDay.YES if day.weekday() == 1 else TreatmentDay.NO
        if k == 26:
            kind = TreatmentDay.UNKNOWN
        noted = []
        if k >= 14 and k % 2 == 0:
            noted += ["stuffy-nose", "nosebleeds"]
        if kind is TreatmentDay.YES:
            noted.append("extreme-sleepiness")
        skipped = {"chronic-cough"} if k % 5 else set()
        not_seen = [s for s in SIGN_IDS if s not in noted and s not in skipped]
        result.append(
            checkin(
                at(day, 13 if kind is TreatmentDay.YES else 19),
                noted=noted,
                not_seen=not_seen,
                explained=["extreme-sleepiness"] if kind is TreatmentDay.YES else [],
                treatment=kind,
                notes={"nosebleeds": "Two small ones, both stopped quickly."} if k == 20 else None,
                observer="Dad" if k % 2 else "Mum",
                setting="Kitchen, evening light, about an hour." if k == 16 else "",
                note=(
                    "Quiet at dinner and went to bed early.\n"
                    "Said work had been stressful this week and that a cold was going round "
                    "the office."
                    if k == 16
                    else ""
                ),
                positives="Cooked dinner for everyone." if k in (5, 22) else "",
            )
        )
    return result


def summary_of(checkins: list[CheckIn], days: int = 28, person: str = "Sam Jones") -> Summary:
    return summarize(
        CHECKLIST,
        [marks_of(c) for c in checkins],
        person=person,
        since=START,
        until=START + timedelta(days=days - 1),
        written=checkins,
    )


def render_all(checkins: list[CheckIn], **options: object) -> dict[str, str]:
    summary = summary_of(checkins)
    return {
        r.__name__: r(summary, checkins, CHECKLIST, URGENT, made=MADE, **options)  # type: ignore[arg-type]
        for r in RENDERERS
    }


def test_golden_text_export() -> None:
    checkins = scenario()
    text = render_text(summary_of(checkins), checkins, CHECKLIST, URGENT, made=MADE, country="GB")
    if os.environ.get("REDFLAGS_UPDATE_GOLDEN") == "1":
        GOLDEN.parent.mkdir(exist_ok=True)
        GOLDEN.write_text(text, encoding="utf-8")
    assert text == GOLDEN.read_text(encoding="utf-8")


@pytest.mark.parametrize("render", [render_text, render_markdown])
def test_the_notice_opens_and_closes_text_and_markdown(render: object) -> None:
    checkins = scenario()
    out = render(summary_of(checkins), checkins, CHECKLIST, URGENT, made=MADE)  # type: ignore[operator]
    flat = " ".join(out.split())
    first = flat.find("not a diagnosis")
    assert 0 <= first < 600  # the one line under the header
    # The full notice closes the summary, once.
    assert flat.count(" ".join(NOTICE.split())) == 1
    assert flat.rstrip().endswith(" ".join(NOTICE.split()))


def test_json_holds_the_notice_the_summary_and_every_checkin() -> None:
    checkins = scenario()
    summary = summary_of(checkins)
    data = json.loads(render_json(summary, checkins, CHECKLIST, URGENT, made=MADE))
    assert list(data) == ["notice", "summary", "checkins"]
    assert data["notice"] == NOTICE
    assert data["summary"] == summary.to_json()
    assert data["checkins"] == [c.to_public() for c in checkins]


def test_csv_has_a_row_per_checkin_and_sign() -> None:
    checkins = scenario()
    out = render_csv(summary_of(checkins), checkins, CHECKLIST, URGENT, made=MADE)
    rows = list(csv.DictReader(io.StringIO(out)))
    assert tuple(rows[0]) == CSV_COLUMNS
    assert len(rows) == len(checkins) * len(SIGN_IDS)
    first = [r for r in rows if r["checkin_id"] == checkins[0].id]
    assert [r["sign"] for r in first] == SIGN_IDS
    by_sign = {r["sign"]: r for r in first}
    assert by_sign["chronic-cough"]["status"] == "not_seen"  # k0: the cough was looked for
    second = {r["sign"]: r for r in rows if r["checkin_id"] == checkins[1].id}
    assert second["chronic-cough"]["status"] == "not_checked"
    assert second["extreme-sleepiness"]["status"] == "noted"
    assert second["extreme-sleepiness"]["explained"] == "yes"
    assert second["extreme-sleepiness"]["treatment_day"] == "yes"
    assert second["nosebleeds"]["group"] == "snorted"


def test_every_text_line_fits_80_columns() -> None:
    checkins = scenario()
    long_word = "https://example.org/" + "a-very-long-address/" * 8
    checkins.append(
        checkin(
            at(START + timedelta(days=27), 21),
            noted=["nosebleeds"],
            notes={"nosebleeds": "鼻血が出ました。" * 12},
            note=f"See {long_word} and\n\n" + "word " * 60,
            setting="\t".join(["tabbed"] * 20),
            observer="A very long observer name " * 4,
        )
    )
    for days in (28, 400):  # day by day, and week by week
        summary = summary_of(checkins, days)
        text = render_text(summary, checkins, CHECKLIST, URGENT, made=MADE)
        too_wide = [line for line in text.splitlines() if cells(line) > 80 or len(line) > 80]
        assert too_wide == []


def test_beyond_sixteen_weeks_the_strip_goes_week_by_week() -> None:
    checkins = scenario()
    text = render_text(summary_of(checkins, 400), checkins, CHECKLIST, URGENT, made=MADE)
    assert "One character a week" in " ".join(text.split())
    assert "1-7  days that week with something noted" in text
    day_by_day = render_text(summary_of(checkins), checkins, CHECKLIST, URGENT, made=MADE)
    # Four weeks a line, each week Monday to Sunday: the first line starts on 7 September.
    assert "  Weeks from   M T W T F S S   M T W T F S S" in day_by_day
    assert (
        "  2026-09-07   o # o . o o o   . # o o . o o   # . # o # . #   o # . # o # ." in day_by_day
    )


def test_typed_text_never_reaches_any_export_raw() -> None:
    checkins = scenario()
    checkins.append(
        checkin(
            at(START + timedelta(days=27), 21),
            noted=["nosebleeds"],
            notes={"nosebleeds": HOSTILE},
            note=HOSTILE,
            setting=HOSTILE,
            positives=HOSTILE,
            observer=HOSTILE,
        )
    )
    outputs = render_all(checkins)
    for name, out in outputs.items():
        assert HOSTILE not in out, name
        for raw in ("\x1b", "\x00", "\u202e", "\x9b"):
            assert raw not in out, (name, raw)
    # Markdown escapes the brackets, so no renderer can read them as markup or a link.
    assert "[/]" not in outputs["render_markdown"]
    assert "\\[/\\]" in outputs["render_markdown"]
    # JSON writes them as escapes and reads back exactly what was typed.
    data = json.loads(outputs["render_json"])
    assert data["checkins"][-1]["note"] == HOSTILE


def test_markdown_from_a_note_cannot_become_headings_lists_or_html() -> None:
    checkins = scenario()
    note = "# Not a heading\n- not a list\n1. nor this\n<script>x</script>\n===\n&#8238;"
    checkins.append(checkin(at(START + timedelta(days=27), 21), noted=["nosebleeds"], note=note))
    out = render_markdown(summary_of(checkins), checkins, CHECKLIST, URGENT, made=MADE)
    assert "\\# Not a heading" in out
    assert "\\- not a list" in out
    assert "1\\. nor this" in out
    assert "<script>" not in out and "\\<script\\>" in out
    assert not [line for line in out.splitlines() if line.strip().startswith("===")]
    assert "\\===" in out
    # Once on the first page (the latest words), once among all the notes.
    assert out.count("&#8238;") == out.count("\\&#8238;") == 2


def test_csv_cells_never_start_a_spreadsheet_formula() -> None:
    checkins = [
        checkin(at(START), noted=["nosebleeds"], notes={"nosebleeds": "=HYPERLINK(1)"}),
        checkin(at(START + timedelta(days=1)), observer="@mum"),
    ]
    out = render_csv(summary_of(checkins), checkins, CHECKLIST, URGENT, made=MADE)
    rows = list(csv.DictReader(io.StringIO(out)))
    assert rows[2]["sign_note"] == "'=HYPERLINK(1)"
    assert rows[-1]["observer"] == "'@mum"


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Sam Jones", "S.J."),
        ("Mum", "M."),
        ("  sam   o'neil-smith ", "S.O."),
        ("Zoë", "Z."),
        ("", ""),
    ],
)
def test_initials(name: str, expected: str) -> None:
    assert initials(name) == expected


def test_initials_replace_every_name_everywhere() -> None:
    checkins = [
        c.model_copy(
            update={
                "observer": "Dad Jones" if c.observer == "Dad" else "Mum",
                "note": "Sam was tired; SAM JONES said so. Mum and Dad Jones agreed. Samuel is a friend.",
                "positives": "Sam Jones cooked.",
            }
        )
        for c in scenario()
    ]
    for name, out in render_all(checkins, initials=True).items():
        for hidden in ("Sam", "Jones", "JONES", "Mum", "Dad"):
            assert hidden not in out.replace("Samuel", ""), (name, hidden)
        assert "Samuel" in out or name == "render_csv"  # another name is left alone
        assert "S.J." in out
    text = render_all(checkins, initials=True)["render_text"]
    assert "Person:     S.J." in text
    assert "S. was tired; S.J. said so. M. and D.J. agreed." in text


def test_the_countrys_numbers_are_given_and_others_left_to_the_app() -> None:
    checkins = scenario()
    for country, own, other in (("GB", "999", "911"), ("US", "911", "999")):
        text = render_text(
            summary_of(checkins), checkins, CHECKLIST, URGENT, made=MADE, country=country
        )
        help_section = text[text.index("Where to get urgent help") :]
        assert own in help_section and other not in help_section
        assert (
            "More help lines, and what each service offers: press Ctrl+G in the app."
            in help_section
        )
        assert "Cannot be woken" in help_section
    everywhere = render_text(summary_of(checkins), checkins, CHECKLIST, URGENT, made=MADE)
    assert "999" in everywhere and "911" in everywhere


def test_no_checkins_still_makes_a_calm_summary() -> None:
    summary = summary_of([])
    text = render_text(summary, [], CHECKLIST, URGENT, made=MADE)
    assert "No check-ins in this period, so there is nothing to summarize." in text
    assert "No check-ins in this period: there is nothing to compare." in text
    assert "No check-ins have been recorded up to 2026-10-04." in text
    assert text.count("not a diagnosis") >= 2
    assert list(csv.reader(io.StringIO(render_csv(summary, [], CHECKLIST, URGENT, made=MADE)))) == [
        list(CSV_COLUMNS)
    ]


def test_words_stay_plain_and_free_of_stigma() -> None:
    banned = ("detected", "positive", "negative", "addict", "abuser", "clean", "dirty", "relapse")
    checkins = scenario()
    outputs = render_all(checkins)
    outputs["weekly"] = render_text(
        summary_of(checkins, 400), checkins, CHECKLIST, URGENT, made=MADE
    )
    outputs["empty"] = render_text(summary_of([]), [], CHECKLIST, URGENT, made=MADE)
    del outputs[
        "render_json"
    ]  # its check-ins carry the "positives" field name of the data contract
    for name, out in outputs.items():
        lower = out.lower()
        assert [w for w in banned if w in lower] == [], name


def test_every_noted_sign_shows_its_other_explanations() -> None:
    checkins = scenario()
    text = render_text(summary_of(checkins), checkins, CHECKLIST, URGENT, made=MADE)
    flat = " ".join(text.split())
    assert "Other possible causes: dry air; blowing the nose hard." in flat
    assert "Other possible causes: too little sleep; a treatment dose." in flat
    assert "a cold or asthma" not in flat  # the cough was never noted


def test_checkins_outside_the_period_or_deleted_are_left_out() -> None:
    checkins = scenario()
    outside = checkin(at(START - timedelta(days=1)), note="from the day before")
    deleted = checkin(at(START + timedelta(days=3)), note="deleted one", deleted=True)
    summary = summary_of(checkins)
    for render in RENDERERS:
        out = render(summary, [*checkins, outside, deleted], CHECKLIST, URGENT, made=MADE)
        assert "from the day before" not in out and "deleted one" not in out


def test_without_both_kinds_of_day_there_is_no_treatment_comparison() -> None:
    checkins = [c.model_copy(update={"treatment_day": TreatmentDay.NO}) for c in scenario()]
    text = render_text(summary_of(checkins), checkins, CHECKLIST, URGENT, made=MADE)
    flat = " ".join(text.split())
    assert "Treatment days are not compared with other days here: that needs check-ins" in flat
    assert "Treatment day yes on 0, no on 21, not known on 0 check-ins; no treatment day" in flat
    assert "Treatment days   Other days" not in text


def test_few_checkins_leave_the_weekday_pattern_out() -> None:
    checkins = scenario()[:5]
    text = render_text(summary_of(checkins), checkins, CHECKLIST, URGENT, made=MADE)
    assert "Days of the week" not in text and "Mon" not in text
    full = scenario() + [
        checkin(at(START + timedelta(days=k)), not_seen=SIGN_IDS) for k in range(3, 28, 4)
    ]
    # 28 days with a check-in every day: four of each weekday, so the weekdays are shown.
    text = render_text(summary_of(full), full, CHECKLIST, URGENT, made=MADE)
    assert "Days of the week" in text and "Mon" in text


@pytest.mark.parametrize("char", ["x", "é", "界"])
def test_wrapping_a_very_long_word_reads_each_character_a_bounded_number_of_times(
    char: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A note of one unbroken "word" of megabytes once took minutes: each line re-measured and
    # copied the whole rest of the word. Count the characters measured: linear, not quadratic.
    from redflags.report import text as report_text

    measured = 0
    real = report_text.cells

    def counting(value: str) -> int:
        nonlocal measured
        measured += len(value)
        return real(value)

    monkeypatch.setattr(report_text, "cells", counting)
    word = char * 50_000
    lines = report_text.wrap(f"a {word} b", 80, "  ", "    ")
    assert measured <= 4 * len(word)
    assert "".join("".join(line.split()) for line in lines) == f"a{word}b"
    assert all(report_text.cells(line) <= 80 for line in lines)
    assert lines[0] == "  a" and lines[-1].endswith(" b")


def test_the_week_by_week_strip_leaves_the_weeks_before_the_log_blank() -> None:
    # A period of 27 weeks whose log began in its 22nd: blank weeks, then the days noted in
    # each week (one week half before the log), then weeks with no check-in.
    from tests.unit.builders import marks_of

    checkins = scenario()
    summary = summarize(
        CHECKLIST,
        [marks_of(c) for c in checkins],
        person="Sam Jones",
        since=START - timedelta(days=150),
        until=START + timedelta(days=40),
        written=checkins,
    )
    text = render_text(summary, checkins, CHECKLIST, URGENT, made=MADE)
    assert "  2026-04-06                             11 43.." in text.splitlines()
