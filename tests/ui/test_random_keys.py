"""The app survives any keys: seeded random keys from Home on the sample data, at two sizes, with and
without a locked database.

Each run draws from every key the app binds, letters and digits, and bursts of odd text (dates, markup,
control characters) typed or pasted into whatever has the focus; when the app ends (q, three wrong
passphrases), it is started again on the same database and the keys go on. A run fails on any fault the
app met (even one it survived) and on any change to the stored data that no finished action explains:
the only changes allowed are those made through the store's own calls for saving, correcting,
deleting, restoring a check-in and adding, renaming or archiving a person.

A failure names its seed and the keys that led there. Replay one seed with REDFLAGS_KEY_SEED=N; run
more seeds by hand with REDFLAGS_KEY_SEEDS=50 (and REDFLAGS_KEY_COUNT for longer runs).
"""

from __future__ import annotations

import importlib
import inspect
import os
import pkgutil
import random
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from textual import events
from textual.app import App
from textual.binding import Binding
from textual.dom import DOMNode
from textual.screen import Screen

import redflags.tui
from redflags.checklist import load_catalog
from redflags.config import Config
from redflags.sample import fill_sample
from redflags.store import Store, lock_database
from redflags.store import cipher as lock
from redflags.tui.app import RedflagsApp
from redflags.tui.screens.unlock import Gate, UnlockScreen
from redflags.tui.services import Services
from tests.ui.shell_support import TODAY, fixed_clock, welcomed

SIZES = [(80, 24), (120, 40)]
PASS = "random keys passphrase"
# In CI: this many seeds for each size and lock, this many keys each.
CI_SEEDS = 1
CI_KEYS = 500
SEEDS = int(os.environ.get("REDFLAGS_KEY_SEEDS", CI_SEEDS))
KEYS = int(os.environ.get("REDFLAGS_KEY_COUNT", CI_KEYS))
ONE_SEED = os.environ.get("REDFLAGS_KEY_SEED")

ODD_TEXT = [
    "0001-01-01 00",
    "9999-12-31 23:59",
    "0000-00-00",
    "2026-02-30 25:61",
    "yesterday 20:00",
    "last night",
    "28/11 20:00",
    "today 8pm",
    "-1",
    "1e400",
    "[b]bold[/b]",
    "[red]",
    "[/]",
    "[link=file:///etc/passwd]x[/link]",
    "\x1b]0;PWNED\x07",
    "\x1b[2J",
    "\u202eevil\u202c",
    "\u200f\u2028",
    "\x00\x01\x7f\x9b",
    "😀 ç é ß",
    "Sam",
    "Alex",
    " ",
    "x" * 250,
    "Robert'); DROP TABLE people;--",
]

# Bound by Textual outside any BINDINGS list.
EXTRA = {App.COMMAND_PALETTE_BINDING}


def _bound_keys() -> list[str]:
    """Every key bound by the app's classes (found by walking the package) and by Textual's."""
    keys: set[str] = set()
    classes: set[type] = {App, Screen}
    for info in pkgutil.walk_packages(redflags.tui.__path__, "redflags.tui."):
        module = importlib.import_module(info.name)
        classes.update(
            c for _, c in inspect.getmembers(module, inspect.isclass) if issubclass(c, DOMNode)
        )
    for cls in classes:
        for base in cls.__mro__:
            for binding in base.__dict__.get("BINDINGS", []):
                key = binding.key if isinstance(binding, Binding) else binding[0]
                keys.update(k.strip() for k in key.split(","))
    return sorted(keys | EXTRA)


BOUND = _bound_keys()
PLAIN = list("abcdefghijklmnopqrstuvwxyzACEHNPQSUXY0123456789 ")


@dataclass
class Recorder:
    """The store's changing calls the app made, in order: what the data may differ by."""

    calls: list[tuple[str, tuple[Any, ...], Any]] = field(default_factory=list)

    def wrap(self, store: Store) -> Store:
        for name in (
            "add_person",
            "ensure_person",
            "rename_person",
            "archive_person",
            "add_checkin",
            "correct_checkin",
            "delete_checkin",
            "restore_checkin",
        ):
            setattr(store, name, self._recording(name, getattr(store, name)))
        return store

    def _recording(self, name: str, method: Callable[..., Any]) -> Callable[..., Any]:
        def call(*args: Any, **kwargs: Any) -> Any:
            result = method(*args, **kwargs)
            self.calls.append((name, args, result))
            return result

        return call

    def named(self, *names: str) -> list[tuple[tuple[Any, ...], Any]]:
        return [(args, result) for name, args, result in self.calls if name in names]


def unexplained_changes(before: dict[str, Any], after: dict[str, Any], made: Recorder) -> list[str]:
    """Each difference between two dumps that no recorded call explains."""
    problems: list[str] = []
    people_after = {row["id"]: row for row in after["people"]}
    renamed = {args[0] for args, _ in made.named("rename_person")}
    archived = {args[0] for args, _ in made.named("archive_person")}
    names_added = {result.name for _, result in made.named("add_person", "ensure_person")}
    touched_people: set[int] = set()
    for row in before["people"]:
        now = people_after.pop(row["id"], None)
        if now is None:
            problems.append(f"person {row['name']!r} is gone")
        elif now != row:
            if now["name"] != row["name"] and row["name"] not in renamed:
                problems.append(f"person {row['name']!r} renamed without asking")
            if now["archived"] != row["archived"] and not ({row["name"], now["name"]} & archived):
                problems.append(f"person {row['name']!r} archived without asking")
            touched_people.add(row["id"])
    rename_targets = {args[1] for args, _ in made.named("rename_person")}
    for row in people_after.values():
        if row["name"] not in names_added | rename_targets:
            problems.append(f"person {row['name']!r} appeared without asking")

    revised = {args[0] for args, _ in made.named("delete_checkin", "restore_checkin")}
    revised |= {args[0].id for args, _ in made.named("correct_checkin")}
    saved = {result.id for _, result in made.named("add_checkin")}
    checkins_after = {row["id"]: row for row in after["checkins"]}
    for row in before["checkins"]:
        now = checkins_after.pop(row["id"], None)
        if now is None:
            problems.append(f"check-in {row['id']} is gone")
        elif now != row and row["id"] not in revised and row["person_id"] not in touched_people:
            problems.append(f"check-in {row['id']} changed without a revision")
    for checkin_id in checkins_after:
        if checkin_id not in saved:
            problems.append(f"check-in {checkin_id} appeared without being saved")
    revisions_before = {row["id"]: row for row in before["revisions"]}
    for row in after["revisions"]:
        old = revisions_before.pop(row["id"], None)
        if old is not None and old != row:
            problems.append(f"revision {row['id']} changed")
        if old is None and row["checkin_id"] not in revised:
            problems.append(f"revision {row['id']} for {row['checkin_id']} without a change asked")
    problems.extend(f"revision {r} is gone" for r in revisions_before)
    return problems


@dataclass
class Walker:
    """Chooses the next keys from a seed, and keeps every one it sent."""

    seed: int
    rng: random.Random = field(init=False)
    log: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.rng = random.Random(self.seed)

    def next_keys(self, app: App[object]) -> tuple[str, list[events.Event]]:
        """What to send next: a label for the log and the events that make it."""
        rng = self.rng
        if isinstance(app.screen, UnlockScreen) and rng.random() < 0.7:
            return self.typed(PASS + "\r")
        roll = rng.random()
        if roll < 0.6:
            return self.key(rng.choice(BOUND))
        if roll < 0.85:
            return self.key(rng.choice(PLAIN))
        text = rng.choice(ODD_TEXT)
        if roll < 0.95:
            return self.typed(text)
        return f"paste:{text!r}", [events.Paste(text)]

    def key(self, key: str) -> tuple[str, list[events.Event]]:
        return key, [_key_event(key)]

    def typed(self, text: str) -> tuple[str, list[events.Event]]:
        return f"type:{text!r}", [_char_event(c) for c in text]


def _key_event(key: str) -> events.Key:
    if len(key) == 1:
        return _char_event(key)
    named = {"space": " ", "exclamation_mark": "!", "question_mark": "?", "tab": "\t"}
    return events.Key(key, named.get(key))


def _char_event(char: str) -> events.Key:
    if char == "\r":
        return events.Key("enter", "\r")
    if char == "\x1b":
        return events.Key("escape", "\x1b")
    if ord(char) < 32:
        return events.Key(f"ctrl+{chr(ord(char) + 96)}", char)
    if char.isalnum():
        return events.Key(char, char)
    from textual.keys import _character_to_key

    return events.Key(_character_to_key(char), char)


def _services(store: Store) -> Services:
    return fixed_clock(
        Services(store=store, catalog=load_catalog(), config=Config(observer="Mum", country="GB"))
    )


def sample_db(path: Path, locked: bool) -> None:
    with Store.open(path) as store:
        welcomed(store)
        fill_sample(store, load_catalog().get("ketamine"), today=TODAY)
    if locked:
        lock_database(path, PASS)


def dump(path: Path, locked: bool) -> dict[str, Any]:
    with Store.open(path, create=False, passphrase=PASS if locked else None) as store:
        assert store.integrity_ok()
        return store.dump()


class Run:
    """One seed at one size: apps started one after the other until the keys are spent."""

    def __init__(self, path: Path, locked: bool, size: tuple[int, int], seed: int) -> None:
        self.path = path
        self.locked = locked
        self.size = size
        self.seed = seed
        # Each size and lock its own keys from the same seed.
        self.walker = Walker(seed * 1000 + size[0] + (1 if locked else 0))
        self.made = Recorder()
        self.stores: list[Store] = []
        self.starts = 0

    def app(self) -> RedflagsApp:
        self.starts += 1
        if not self.locked:
            store = self.made.wrap(Store.open(self.path, create=False))
            self.stores.append(store)
            return RedflagsApp(_services(store))

        def open_notes(passphrase: str) -> Services:
            store = self.made.wrap(Store.open(self.path, create=False, passphrase=passphrase))
            self.stores.append(store)
            return _services(store)

        return RedflagsApp(gate=Gate(shown=str(self.path), open=open_notes))

    async def play(self, keys: int, faults: list[BaseException]) -> None:
        sent = 0
        while sent < keys:
            app = self.app()
            async with app.run_test(size=self.size) as pilot:
                await pilot.pause()
                while sent < keys and app.is_running and not app._exit:
                    label, made = self.walker.next_keys(app)
                    self.walker.log.append(label)
                    for event in made:
                        event.set_sender(app)
                        assert app._driver is not None
                        app._driver.send_message(event)
                    sent += len(made)
                    await pilot.pause()
                    if faults:
                        return
            for store in self.stores:
                store.close()
            self.stores.clear()

    def replay_words(self) -> str:
        width, height = self.size
        return (
            f"seed {self.seed} at {width}x{height}, "
            f"{'locked' if self.locked else 'not locked'}, {self.starts} start(s); "
            f"replay: REDFLAGS_KEY_SEED={self.seed} REDFLAGS_KEY_COUNT={KEYS}; the keys, in order:\n"
            + " ".join(self.walker.log)
        )


def seeds() -> Iterator[int]:
    if ONE_SEED is not None:
        yield int(ONE_SEED)
    else:
        yield from range(1, SEEDS + 1)


@pytest.mark.parametrize("seed", list(seeds()))
@pytest.mark.parametrize("locked", [False, True], ids=["plain", "locked"])
@pytest.mark.parametrize("size", SIZES, ids=["80x24", "120x40"])
async def test_the_app_survives_random_keys(
    tmp_path: Path,
    faults: list[BaseException],
    seed: int,
    locked: bool,
    size: tuple[int, int],
) -> None:
    if locked and not lock.available():
        pytest.fail("the lock extra (sqlcipher3) is part of the test extras")
    path = tmp_path / "sample.db"
    sample_db(path, locked)
    before = dump(path, locked)
    run = Run(path, locked, size, seed)
    started = time.monotonic()
    try:
        await run.play(KEYS, faults)
    except Exception as error:
        raise AssertionError(f"the app ended with {error!r}; {run.replay_words()}") from error
    finally:
        for store in run.stores:
            store.close()
    assert not faults, f"the app met {faults[0]!r}; {run.replay_words()}"
    problems = unexplained_changes(before, dump(path, locked), run.made)
    assert not problems, f"{problems}; {run.replay_words()}"
    print(f"{KEYS} keys in {time.monotonic() - started:.1f} s, {run.starts} start(s)")
