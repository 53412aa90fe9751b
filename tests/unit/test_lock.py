"""Locking with a passphrase (SQLCipher) and forgetting a person, through the core API: the file is
unreadable without the passphrase, a wrong one changes nothing, conversions keep every row, and a
forgotten person's text is gone from the file."""

from __future__ import annotations

import contextlib
import io
import os
import subprocess
import sys
import unicodedata
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest

from redflags import store as lock
from redflags.cli import main
from redflags.model import CheckIn
from redflags.store import SQLITE_MAGIC, RequestError, Store, StoreError, connection, convert
from redflags.store.schema import APPLICATION_ID
from tests.files_support import listing, raw_bytes, sha
from tests.unit.builders import checkin

needs_sqlcipher = pytest.mark.skipif(not lock.available(), reason="needs redflags[lock]")

PASS = "correct horse battery"
SECRETS = ["Zebediah Quill", "kitchen-window-7731", "nosebleed-note-4410", "went-well-5521"]
UTC = timezone.utc


def _checkin(person: str, n: int, note: str = "") -> CheckIn:
    return checkin(
        datetime(2026, 3, 1, 18, tzinfo=UTC) + timedelta(days=n),
        noted=["nosebleeds"],
        not_seen=["chronic-cough"],
        explained=["nosebleeds"],
        notes={"nosebleeds": SECRETS[2]},
        id=None,
        person=person,
        checklist_version=1,
        setting=SECRETS[1],
        note=note or f"note {n}",
        positives=SECRETS[3],
    )


def _fill(path: Path) -> dict[str, object]:
    """A database with two people, revisions, a deleted check-in and drafts; returns its dump."""
    with Store.open(path) as store:
        first = store.add_checkin(_checkin(SECRETS[0], 0, "first 😀 it's"))
        store.correct_checkin(first.model_copy(update={"note": "corrected"}), "typo")
        second = store.add_checkin(_checkin(SECRETS[0], 1))
        store.delete_checkin(second.id, "entered twice")
        store.add_checkin(_checkin("Alex", 2, "alex's own note"))
        store.save_draft("new:1", '{"person": "Alex", "note": "half done"}')
        store.set_meta("welcomed", "yes")
        return store.dump()


@pytest.fixture
def locked(tmp_path: Path) -> tuple[Path, dict[str, object]]:
    path = tmp_path / "r.db"
    dump = _fill(path)
    lock.lock_database(path, PASS)
    return path, dump


# -- detection -----------------------------------------------------------------------------------


def test_is_locked_needs_no_passphrase(tmp_path: Path) -> None:
    plain = tmp_path / "plain.db"
    Store.open(plain).close()
    (tmp_path / "empty").write_bytes(b"")
    (tmp_path / "text").write_text("hello\n" * 100)
    (tmp_path / "pages").write_bytes(os.urandom(8192))
    assert not lock.is_locked(tmp_path / "missing.db")
    assert not lock.is_locked(plain)
    assert not lock.is_locked(tmp_path / "empty")
    assert not lock.is_locked(tmp_path / "text")
    assert not lock.is_locked(tmp_path)
    # Whole pages of noise look locked: only the passphrase can tell.
    assert lock.is_locked(tmp_path / "pages")


@needs_sqlcipher
def test_locked_file_is_encrypted_and_holds_no_readable_text(
    locked: tuple[Path, dict[str, object]],
) -> None:
    path, _ = locked
    assert lock.is_locked(path)
    raw = raw_bytes(path)
    assert not raw.startswith(SQLITE_MAGIC)
    for secret in [*SECRETS, "Alex", "alex's own note", "half done", "ketamine", "checkins"]:
        assert secret.encode() not in raw, secret
    assert listing(path.parent) == ["r.db"]


@needs_sqlcipher
def test_lock_and_unlock_keep_every_field(locked: tuple[Path, dict[str, object]]) -> None:
    path, dump = locked
    with Store.open(path, passphrase=PASS) as store:
        assert store.dump() == dump
        assert store.integrity_ok()
        # Writing while locked works, and stays locked.
        added = store.add_checkin(_checkin("Alex", 9, "written while locked"))
        after = store.dump()
    assert lock.is_locked(path)
    done = lock.unlock_database(path, PASS)
    assert not done.locked
    assert done.rows["checkins"] == 4
    assert path.read_bytes().startswith(SQLITE_MAGIC)
    with Store.open(path) as store:
        assert store.dump() == after
        assert store.get_checkin(added.id).note == "written while locked"
    assert listing(path.parent) == ["r.db"]


@needs_sqlcipher
def test_a_locked_database_keeps_the_redflags_marks(locked: tuple[Path, dict[str, object]]) -> None:
    from sqlcipher3 import dbapi2

    path, _ = locked
    conn = dbapi2.connect(str(path))
    conn.execute(f"PRAGMA key = '{PASS}'")
    assert conn.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
    assert conn.execute("PRAGMA user_version").fetchone()[0] >= 1
    conn.close()


@needs_sqlcipher
@pytest.mark.parametrize(
    "passphrase",
    [
        "it's ''; DROP TABLE people; --",
        "x'00112233445566778899aabbccddeeff' \"double\" \\ backslash",
        "  ünïcødé 鍵 🔑 שלום  ",
    ],
    ids=["quotes-and-sql", "hex-looking", "unicode-and-spaces"],
)
def test_any_passphrase_text_works_and_only_it(tmp_path: Path, passphrase: str) -> None:
    path = tmp_path / "r.db"
    dump = _fill(path)
    lock.lock_database(path, passphrase)
    with Store.open(path, passphrase=passphrase) as store:
        assert store.dump() == dump
    with pytest.raises(lock.WrongPassphrase):
        Store.open(path, passphrase=passphrase.strip() + "x")


@needs_sqlcipher
def test_the_same_words_typed_on_any_system_open_it(tmp_path: Path) -> None:
    path = tmp_path / "r.db"
    _fill(path)
    lock.lock_database(path, unicodedata.normalize("NFD", "café crème brûlée"))
    with Store.open(path, passphrase=unicodedata.normalize("NFC", "café crème brûlée")) as store:
        assert store.people()


# -- refusing, untouched ------------------------------------------------------------------------


def test_a_locked_file_without_passphrase_asks_for_one_and_is_untouched(tmp_path: Path) -> None:
    path = tmp_path / "r.db"
    path.write_bytes(os.urandom(4096 * 3))
    before = sha(path)
    with pytest.raises(lock.PassphraseNeeded, match="locked") as info:
        Store.open(path)
    assert "not a redflags database" in str(info.value)
    assert isinstance(info.value, RequestError)
    assert sha(path) == before
    assert listing(tmp_path) == ["r.db"]


@needs_sqlcipher
def test_a_wrong_passphrase_changes_nothing(locked: tuple[Path, dict[str, object]]) -> None:
    path, dump = locked
    before = sha(path)
    for attempt in ("", "\x00", "Correct horse battery"):
        with pytest.raises(lock.WrongPassphrase, match="wrong passphrase") as info:
            Store.open(path, passphrase=attempt)
        assert "nothing was changed" in str(info.value)
    with pytest.raises(lock.WrongPassphrase):
        lock.unlock_database(path, PASS + " ")
    assert sha(path) == before
    assert listing(path.parent) == ["r.db"]
    with Store.open(path, passphrase=PASS) as store:
        assert store.dump() == dump


@needs_sqlcipher
@pytest.mark.parametrize(
    "content",
    [os.urandom(8192), b"hello, this is a text file\n" * 10],
    ids=["whole-pages-of-noise", "text"],
)
def test_other_files_with_a_passphrase_are_refused_untouched(
    tmp_path: Path, content: bytes
) -> None:
    path = tmp_path / "x.db"
    path.write_bytes(content)
    with pytest.raises(StoreError, match="wrong passphrase, or not a redflags database"):
        Store.open(path, passphrase=PASS)
    assert path.read_bytes() == content
    assert listing(tmp_path) == ["x.db"]


@needs_sqlcipher
def test_an_encrypted_database_of_another_program_is_refused(tmp_path: Path) -> None:
    from sqlcipher3 import dbapi2

    path = tmp_path / "other.db"
    conn = dbapi2.connect(str(path))
    conn.execute(f"PRAGMA key = '{PASS}'")
    conn.execute("CREATE TABLE notes (x)")
    conn.commit()
    conn.close()
    before = sha(path)
    with pytest.raises(StoreError, match="another program"):
        Store.open(path, passphrase=PASS)
    assert sha(path) == before


def test_a_plain_database_opens_whatever_passphrase_is_given(tmp_path: Path) -> None:
    path = tmp_path / "r.db"
    dump = _fill(path)
    with Store.open(path, passphrase="set for scripts") as store:
        assert store.dump() == dump


@needs_sqlcipher
def test_lock_and_unlock_refuse_what_they_cannot_do(
    tmp_path: Path, locked: tuple[Path, dict[str, object]]
) -> None:
    path, _ = locked
    before = sha(path)
    with pytest.raises(RequestError, match="already locked"):
        lock.lock_database(path, PASS)
    plain = tmp_path / "plain.db"
    Store.open(plain).close()
    with pytest.raises(RequestError, match="not locked"):
        lock.unlock_database(plain, PASS)
    with pytest.raises(RequestError, match="at least 8"):
        lock.lock_database(plain, "short")
    with pytest.raises(StoreError, match="does not exist"):
        lock.lock_database(tmp_path / "missing.db", PASS)
    assert sha(path) == before
    assert not (tmp_path / "missing.db").exists()


def _error(result: tuple[int, str, str], code: int, words: str) -> None:
    assert result[0] == code, result
    assert words in result[2]
    assert len(result[2].strip().splitlines()) == 1, result[2]


@needs_sqlcipher
def test_the_commands_refuse_what_they_cannot_do(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "r.db"
    _fill(path)
    digest = sha(path)
    db = ["--db", str(path)]
    monkeypatch.setenv(lock.PASSPHRASE_ENV, "short")
    _error(_main(*db, "lock"), 2, "at least 8 characters")
    monkeypatch.delenv(lock.PASSPHRASE_ENV)
    _error(_main(*db, "lock"), 2, "set REDFLAGS_PASSPHRASE to the new passphrase")
    monkeypatch.setenv(lock.PASSPHRASE_ENV, PASS)
    _error(_main(*db, "unlock"), 2, "is not locked")
    assert sha(path) == digest
    assert _main(*db, "lock")[0] == 0
    _error(_main(*db, "lock"), 2, "already locked")
    noise = tmp_path / "noise.db"
    noise.write_text("not a database at all\n")
    _error(_main("--db", str(noise), "lock"), 1, "not a redflags database")
    _error(_main("--db", str(noise), "unlock"), 1, "not a redflags database")
    assert noise.read_text() == "not a database at all\n"
    _error(_main("--db", str(tmp_path / "none.db"), "unlock"), 2, "no database there")


@needs_sqlcipher
@pytest.mark.skipif(os.name != "posix", reason="permission bits are POSIX")
def test_a_new_database_can_be_locked_from_the_start(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "fresh" / "r.db"
    monkeypatch.setenv(lock.PASSPHRASE_ENV, PASS)
    code, out, _ = _main("--db", str(path), "lock")
    assert code == 0
    assert "0 people, 0 check-ins" in out
    assert lock.is_locked(path)
    assert listing(path.parent) == ["r.db"]
    assert oct(path.stat().st_mode & 0o777) == "0o600"
    assert oct(path.parent.stat().st_mode & 0o777) == "0o700"


# -- another copy open ---------------------------------------------------------------------------

_HOLDER = """
import sys
from pathlib import Path
from typing import Any
from redflags.store import Store
store = Store.open(Path(sys.argv[1]), passphrase=sys.argv[2] or None)
store.people()
print("open", flush=True)
sys.stdin.readline()
store.close()
"""


@contextlib.contextmanager
def _held_open(path: Path, passphrase: str = "") -> Iterator[None]:
    proc = subprocess.Popen(
        [sys.executable, "-c", _HOLDER, str(path), passphrase],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert proc.stdout is not None and proc.stdout.readline().strip() == "open"
        yield
    finally:
        proc.communicate("\n", timeout=30)


@needs_sqlcipher
@pytest.mark.parametrize("start_locked", [False, True], ids=["lock", "unlock"])
def test_conversion_is_refused_while_another_copy_has_it_open(
    tmp_path: Path, start_locked: bool
) -> None:
    path = tmp_path / "r.db"
    dump = _fill(path)
    if start_locked:
        lock.lock_database(path, PASS)
    with _held_open(path, PASS if start_locked else ""):
        before = sha(path)
        with pytest.raises(lock.DatabaseInUse, match="open in another") as info:
            if start_locked:
                lock.unlock_database(path, PASS)
            else:
                lock.lock_database(path, PASS)
        assert "\n" not in str(info.value)
        assert sha(path) == before
        assert not [n for n in listing(tmp_path) if n.endswith(".converting")]
    assert lock.is_locked(path) == start_locked
    with Store.open(path, passphrase=PASS) as store:
        assert store.dump() == dump


@needs_sqlcipher
def test_conversion_is_refused_while_this_program_has_it_open(tmp_path: Path) -> None:
    path = tmp_path / "r.db"
    _fill(path)
    with Store.open(path), pytest.raises(lock.DatabaseInUse, match="close it"):
        lock.lock_database(path, PASS)
    assert not lock.is_locked(path)


# -- failures and leftovers ----------------------------------------------------------------------


@needs_sqlcipher
def test_a_conversion_that_fails_its_check_keeps_the_original_and_leaves_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "r.db"
    dump = _fill(path)

    def bad_copy(*args: object) -> None:
        raise StoreError("the converted copy did not check out; nothing was changed")

    monkeypatch.setattr(convert, "verify_copy", bad_copy)
    with pytest.raises(StoreError, match="did not check out"):
        lock.lock_database(path, PASS)
    assert not lock.is_locked(path)
    assert listing(tmp_path) == ["r.db"]
    with Store.open(path) as store:
        assert store.dump() == dump


@needs_sqlcipher
def test_leftovers_of_a_killed_conversion_are_removed(
    locked: tuple[Path, dict[str, object]],
) -> None:
    path, _ = locked
    # A process id above any real one: its conversion can no longer be running.
    stale = path.parent / f".{path.name}.2147483646.abcd.converting"
    stale.write_bytes(SQLITE_MAGIC + SECRETS[0].encode() * 100)
    running = path.parent / f".{path.name}.{os.getpid()}.efgh.converting"
    running.write_bytes(b"still being written")
    Store.open(path, passphrase=PASS).close()
    assert not stale.exists()
    assert running.exists()


@needs_sqlcipher
def test_locking_through_a_symbolic_link_locks_the_file_itself(tmp_path: Path) -> None:
    real = tmp_path / "real" / "r.db"
    real.parent.mkdir()
    dump = _fill(real)
    link = tmp_path / "link.db"
    link.symlink_to(real)
    lock.lock_database(link, PASS)
    assert link.is_symlink()
    assert lock.is_locked(real)
    with Store.open(link, passphrase=PASS) as store:
        assert store.dump() == dump


@needs_sqlcipher
def test_the_replaced_file_is_overwritten_so_late_openers_find_nothing(tmp_path: Path) -> None:
    path = tmp_path / "r.db"
    _fill(path)
    with open(path, "rb") as old:  # a copy that opened the file just before it was replaced
        lock.lock_database(path, PASS)
        left = old.read()
    assert left and set(left) == {0}


@needs_sqlcipher
def test_opening_a_file_swapped_while_it_opens_opens_the_new_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "r.db"
    dump = _fill(path)
    locked_copy = tmp_path / "locked.db"
    locked_copy.write_bytes(path.read_bytes())
    lock.lock_database(locked_copy, PASS)
    real = connection.open_once
    calls: list[int] = []

    def swapped_midway(*args: Any) -> connection.Opened:
        calls.append(1)
        if len(calls) == 1:
            os.replace(locked_copy, path)  # ``redflags lock`` finished in another window
            raise StoreError("file is not a database")
        return real(*args)

    monkeypatch.setattr(connection, "open_once", swapped_midway)
    with Store.open(path, passphrase=PASS) as store:
        assert store.dump() == dump
    assert len(calls) == 2


# -- forgetting ----------------------------------------------------------------------------------


@pytest.mark.parametrize("locked_db", [False, True], ids=["plain", "locked"])
def test_forget_leaves_no_trace_of_the_person_in_the_file(tmp_path: Path, locked_db: bool) -> None:
    if locked_db and not lock.available():
        pytest.skip("needs redflags[lock]")
    path = tmp_path / "r.db"
    passphrase = PASS if locked_db else None
    unique = "only-about-zebediah-9182"
    with Store.open(path) as store:
        for n in range(30):
            store.add_checkin(_checkin(SECRETS[0], n, f"{unique} {n}"))
            store.add_checkin(_checkin("Alex", n, f"alex note {n}"))
        theirs = store.checkins(SECRETS[0])
        store.correct_checkin(theirs[0].model_copy(update={"note": "fixed"}), f"{unique} reason")
        store.delete_checkin(theirs[1].id, "twice")
        store.save_draft("new:z", f'{{"person": "{SECRETS[0]}", "note": "{unique} draft"}}')
        store.save_draft(f"edit:{theirs[2].id}", f'{{"note": "{unique} edit"}}')
        store.save_draft("new:a", '{"person": "Alex", "note": "alex draft"}')
        alex_before = [c.model_dump() for c in store.checkins("Alex")]
    if locked_db:
        lock.lock_database(path, PASS)
    with Store.open(path, passphrase=passphrase) as store:
        preview = lock.forget_preview(store, SECRETS[0])
        assert (preview.checkins, preview.revisions, preview.drafts) == (30, 2, 2)
        done = lock.forget_person(store, SECRETS[0])
        assert (done.checkins, done.revisions, done.drafts) == (30, 2, 2)
        assert done.still_mentioned == 0
        # While the database is still open, too.
        raw = raw_bytes(path)
        assert SECRETS[0].encode() not in raw
        assert unique.encode() not in raw
        assert store.find_person(SECRETS[0]) is None
        assert [c.model_dump() for c in store.checkins("Alex")] == alex_before
        assert [k for k, _, _ in store.drafts()] == ["new:a"]
        assert store.integrity_ok()
        with pytest.raises(RequestError, match="no person"):
            lock.forget_person(store, SECRETS[0])
    raw = raw_bytes(path)
    assert SECRETS[0].encode() not in raw
    assert unique.encode() not in raw
    assert lock.is_locked(path) == locked_db
    if not locked_db:
        assert b"alex note 29" in raw  # the search would find text that is there


def test_forget_compact_alone_rebuilds_the_file(tmp_path: Path) -> None:
    path = tmp_path / "r.db"
    _fill(path)
    code, out, err = _main("--db", str(path), "forget", "--compact")
    assert (code, err) == (0, "")
    assert out.startswith("Done")
    code, _, err = _main("--db", str(path), "forget")
    assert code == 2
    assert "--person NAME" in err


def test_forget_counts_other_records_that_still_mention_the_name(tmp_path: Path) -> None:
    with Store.open(tmp_path / "r.db") as store:
        store.add_checkin(_checkin("Sam", 0))
        store.add_checkin(_checkin("Alex", 1, "saw Sam at the station"))
        store.add_checkin(_checkin("Samantha", 2, "not the same name"))
        done = lock.forget_person(store, "Sam")
    assert done.checkins == 1
    assert done.still_mentioned == 1


# -- without SQLCipher ---------------------------------------------------------------------------


def _without_sqlcipher(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "sqlcipher3", None)
    monkeypatch.setitem(sys.modules, "sqlcipher3.dbapi2", None)


def _main(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(list(args))
    return code, out.getvalue(), err.getvalue()


def test_without_sqlcipher_lock_says_how_to_get_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _without_sqlcipher(monkeypatch)
    assert not lock.available()
    path = tmp_path / "r.db"
    _fill(path)
    before = sha(path)
    monkeypatch.setenv(lock.PASSPHRASE_ENV, PASS)
    code, out, err = _main("--db", str(path), "lock")
    assert code == 1
    assert out == ""
    assert len(err.strip().splitlines()) == 1
    assert 'pip install ".[lock]"' in err
    assert sha(path) == before
    with pytest.raises(lock.LockUnavailable, match=r'pip install "\.\[lock\]"'):
        lock.lock_database(path, PASS)


@needs_sqlcipher
def test_without_sqlcipher_a_locked_database_says_how_to_get_it(
    locked: tuple[Path, dict[str, object]], monkeypatch: pytest.MonkeyPatch
) -> None:
    path, _ = locked
    before = sha(path)
    _without_sqlcipher(monkeypatch)
    monkeypatch.setenv(lock.PASSPHRASE_ENV, PASS)
    for args in (["people", "list"], ["unlock"]):
        code, _, err = _main("--db", str(path), *args)
        assert code == 1
        assert len(err.strip().splitlines()) == 1
        assert 'pip install ".[lock]"' in err
    with pytest.raises(lock.LockUnavailable):
        Store.open(path, passphrase=PASS)
    assert sha(path) == before
