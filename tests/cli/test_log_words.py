"""Small words around logging: a name ending in a full stop, a too-short passphrase asked again."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from redflags.cli import main
from redflags.commands import lock as lock_command
from redflags.store import cipher


def test_a_name_ending_in_a_full_stop_gets_no_second_one(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["people", "add", "T.M."]) == 0
    assert capsys.readouterr().out == "Added T.M.\n"
    assert main(["people", "add", "Robin"]) == 0
    assert capsys.readouterr().out == "Added Robin.\n"


@pytest.fixture
def typed(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """Passphrases typed at the terminal, in order."""
    answers: list[str] = []
    monkeypatch.setattr(lock_command, "_interactive", lambda: True)
    monkeypatch.setattr(lock_command, "_hidden", lambda prompt: answers.pop(0))
    yield answers


def test_a_too_short_passphrase_is_asked_for_again(
    typed: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    typed += ["short", "long enough words", "long enough words"]
    assert lock_command._new_passphrase() == "long enough words"
    err = capsys.readouterr().err
    assert f"at least {cipher.MIN_PASSPHRASE} characters" in err
    assert "Please choose another" in err
    assert typed == []


def test_three_too_short_passphrases_end_with_nothing_changed(typed: list[str]) -> None:
    typed += ["a", "b", "c"]
    with pytest.raises(cipher.RequestError, match="nothing was changed"):
        lock_command._new_passphrase()
