"""Opening the app with global options only: the plain forms are read without argparse (the app
starts faster), exactly as argparse reads them; every other form is left to argparse."""

from __future__ import annotations

from pathlib import Path

import pytest

from redflags.cli import _plain_options, build_parser, main
from tests.cli.runner import run

PLAIN = [
    [],
    ["--db", "notes.db"],
    ["--db=notes.db"],
    ["--db", "my notes.db"],
    ["--db=-odd.db"],
    ["--db="],
    ["--db", ""],
    ["--db", "a.db", "--db", "b.db"],
    ["--checklists", "lists", "--db", "n.db"],
    ["--checklists=lists"],
    ["--debug"],
    ["--debug", "--db", "n.db", "--debug"],
]


@pytest.mark.parametrize("argv", PLAIN, ids=" ".join)
def test_plain_options_are_read_as_argparse_reads_them(argv: list[str]) -> None:
    plain = _plain_options(argv)
    assert plain is not None
    assert vars(plain) == vars(build_parser().parse_args(argv))


@pytest.mark.parametrize(
    "argv",
    [
        ["--deb"],  # argparse's abbreviations
        ["--db"],  # no value
        ["--db", "-x"],  # an option or a value: argparse decides
        ["--debug=yes"],
        ["--"],
        ["people", "list"],
        ["--db", "n.db", "summary"],
        ["-h"],
    ],
    ids=" ".join,
)
def test_every_other_form_is_left_to_argparse(argv: list[str]) -> None:
    assert _plain_options(argv) is None


def test_the_app_opens_on_the_database_named_either_way(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import redflags.tui.app as app_module

    opened: list[Path] = []

    def run_app(launch: app_module.Launch) -> int:
        opened.append(launch.db_path)
        return 0

    monkeypatch.setattr(app_module, "run_app", run_app)
    target = tmp_path / "notes.db"
    assert main(["--db", str(target)]) == 0
    assert main([f"--db={target}", "--debug"]) == 0
    assert main(["--deb", "--db", str(target)]) == 0  # through argparse
    assert opened == [target, target, target]


def test_a_missing_value_is_still_one_line_from_argparse() -> None:
    result = run("--db")
    assert result.code == 2
    assert result.err == (
        "redflags: error: argument --db: expected one argument (see: redflags --help)\n"
    )
