"""The store keeps everything exactly, never loses an earlier version, and never touches a file that
is not its own."""

from __future__ import annotations

import multiprocessing
import os
import sqlite3
import stat
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest

from redflags.model import CheckIn, Status, TreatmentDay
from redflags.store import RequestError, Store, StoreError
from redflags.store.schema import APPLICATION_ID, SCHEMA_VERSION
from redflags.terms import name_problem
from tests.files_support import sha
from tests.unit.builders import checkin

ODD_TEXTS = [
    "plain",
    "emoji 😀👩‍👧 and ✓",
    "שלום עולם right-to-left",
    "[bold]markup[/] [link=https://example.com]x[/link] [/]",
    "\x1b[31mred\x1b[0m \x07 bell \x00 nul \x9b csi",
    "line one\nline two\r\nthree\ttab",
    "\u202eoverride",
    "x" * 10_000,
]

BST = timezone(timedelta(hours=1))


def _name_from(text: str) -> str:
    """A person's name holding what of ``text`` a name may hold (no control characters)."""
    return f"Sam {''.join(c for c in text[:20] if name_problem(f'a{c}b') is None)}".strip()


def _checkin(text: str, **extra: object) -> CheckIn:
    fields: dict[str, object] = {
        "id": None,
        "person": _name_from(text),
        "checklist_version": 1,
        "observer": text,
        "setting": text,
        "note": text,
        "positives": text,
        "labels": {"nosebleeds": "Nosebleeds", "chronic-cough": "A cough"},
    }
    return checkin(
        datetime(2026, 10, 3, 18, 30, tzinfo=BST),
        noted=["nosebleeds"],
        not_seen=["chronic-cough"],
        explained=["nosebleeds"],
        treatment=TreatmentDay.YES,
        notes={"nosebleeds": text, "chronic-cough": text},
        **{**fields, **extra},
    )


@pytest.mark.parametrize("text", ODD_TEXTS, ids=range(len(ODD_TEXTS)))
def test_every_field_round_trips_exactly(tmp_path: Path, text: str) -> None:
    with Store.open(tmp_path / "r.db") as store:
        saved = store.add_checkin(_checkin(text))
    with Store.open(tmp_path / "r.db") as store:
        back = store.get_checkin(saved.id)
        assert back == saved
        assert back.note == text
        assert back.observations["nosebleeds"].note == text
        assert back.observed_at.utcoffset() == timedelta(hours=1)
        assert back.day == date(2026, 10, 3)
        assert [p.name for p in store.people()] == [saved.person]


def test_unlisted_signs_are_not_checked(tmp_path: Path) -> None:
    with Store.open(tmp_path / "r.db") as store:
        saved = store.add_checkin(_checkin("x"))
        assert store.get_checkin(saved.id).status_of("dilated-pupils") is Status.NOT_CHECKED
        marks = store.marks(saved.person, "ketamine")
    assert marks[0].noted == {"nosebleeds"}
    assert marks[0].not_seen == {"chronic-cough"}
    assert marks[0].explained == {"nosebleeds"}


def test_correction_keeps_the_earlier_version_and_reason(tmp_path: Path) -> None:
    with Store.open(tmp_path / "r.db") as store:
        first = store.add_checkin(_checkin("first"))
        fixed = first.model_copy(update={"note": "second"})
        store.correct_checkin(fixed, "typo in the note")
        assert store.get_checkin(first.id).note == "second"
        revisions = store.revisions(first.id)
    assert len(revisions) == 1
    assert revisions[0].kind == "corrected"
    assert revisions[0].reason == "typo in the note"
    assert revisions[0].prior.note == "first"
    assert revisions[0].prior == first


def test_delete_and_restore_are_revisions_and_hide_then_show(tmp_path: Path) -> None:
    with Store.open(tmp_path / "r.db") as store:
        saved = store.add_checkin(_checkin("x"))
        store.delete_checkin(saved.id, "entered twice")
        assert store.count_checkins(saved.person) == 0
        assert store.count_checkins(saved.person, include_deleted=True) == 1
        assert store.marks(saved.person, "ketamine") == []
        store.restore_checkin(saved.id, "it was not a duplicate")
        assert store.count_checkins(saved.person) == 1
        kinds = [(r.kind, r.reason) for r in store.revisions(saved.id)]
    assert kinds == [("deleted", "entered twice"), ("restored", "it was not a duplicate")]


def test_a_change_without_a_reason_is_refused_and_nothing_changes(tmp_path: Path) -> None:
    with Store.open(tmp_path / "r.db") as store:
        saved = store.add_checkin(_checkin("x"))
        with pytest.raises(RequestError, match="reason"):
            store.correct_checkin(saved.model_copy(update={"note": "y"}), "  ")
        with pytest.raises(RequestError, match="reason"):
            store.delete_checkin(saved.id, "")
        assert store.get_checkin(saved.id) == saved
        assert store.revisions(saved.id) == []


@pytest.mark.skipif(os.name != "posix", reason="permission bits are POSIX")
def test_new_database_is_private(tmp_path: Path) -> None:
    path = tmp_path / "new" / "deeper" / "r.db"
    with Store.open(path) as store:
        store.add_checkin(_checkin("x"))
        for item in path.parent.iterdir():
            assert stat.S_IMODE(item.stat().st_mode) == 0o600, item
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    assert sorted(p.name for p in path.parent.iterdir()) == ["r.db"]


def test_existing_folder_permissions_are_left_alone(tmp_path: Path) -> None:
    shared = tmp_path / "shared"
    shared.mkdir(mode=0o755)
    os.chmod(shared, 0o755)
    Store.open(shared / "r.db").close()
    assert stat.S_IMODE(shared.stat().st_mode) == 0o755


def _foreign(path: Path) -> None:
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE notes (x TEXT)")
    conn.execute("INSERT INTO notes VALUES ('keep me')")
    conn.commit()
    conn.close()


def _corrupt(path: Path) -> None:
    Store.open(path).close()
    data = bytearray(path.read_bytes())
    data[100:4096] = b"\xff" * (4096 - 100)
    path.write_bytes(bytes(data))


def _newer(path: Path) -> None:
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    conn.execute("PRAGMA user_version = 99")
    conn.execute("CREATE TABLE t (x)")
    conn.commit()
    conn.close()


@pytest.mark.parametrize(
    ("make", "words"),
    [
        (_foreign, "another program"),
        (_corrupt, "damaged"),
        (_newer, "newer redflags"),
        (lambda p: p.write_bytes(b""), "empty file"),
        (lambda p: p.write_bytes(b"hello, this is a text file\n" * 10), "not a redflags database"),
        (lambda p: p.write_bytes(os.urandom(5000)), "not a redflags database"),
    ],
    ids=["foreign-sqlite", "corrupt", "newer-version", "zero-bytes", "text", "random"],
)
def test_foreign_or_broken_files_are_refused_and_left_untouched(
    tmp_path: Path, make: object, words: str
) -> None:
    path = tmp_path / "x.db"
    make(path)  # type: ignore[operator]
    before = sha(path)
    listing = sorted(p.name for p in tmp_path.iterdir())
    with pytest.raises(StoreError, match=words) as info:
        Store.open(path)
    assert "\n" not in str(info.value)
    assert sha(path) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == listing


def test_a_folder_where_the_file_should_be(tmp_path: Path) -> None:
    (tmp_path / "x.db").mkdir()
    with pytest.raises(StoreError, match="is a folder"):
        Store.open(tmp_path / "x.db")


def _writer(path: str, name: str, count: int) -> None:
    with Store.open(Path(path)) as store:
        for i in range(count):
            store.add_checkin(
                _checkin("w").model_copy(
                    update={"person": name, "observed_at": datetime(2026, 1, 1 + i, tzinfo=BST)}
                )
            )


def test_two_processes_writing_at_once_both_succeed(tmp_path: Path) -> None:
    path = tmp_path / "shared.db"
    Store.open(path).close()
    ctx = multiprocessing.get_context("spawn")
    workers = [ctx.Process(target=_writer, args=(str(path), f"P{n}", 20)) for n in range(2)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(60)
        assert worker.exitcode == 0
    with Store.open(path) as store:
        assert store.count_checkins("P0") == 20
        assert store.count_checkins("P1") == 20
        assert store.integrity_ok()


def test_people_rename_and_archive_keep_checkins(tmp_path: Path) -> None:
    with Store.open(tmp_path / "r.db") as store:
        saved = store.add_checkin(_checkin("x", person="Sam"))
        store.rename_person("Sam", "S.")
        assert store.get_checkin(saved.id).person == "S."
        store.archive_person("S.")
        assert store.people() == []
        assert [p.name for p in store.people(include_archived=True)] == ["S."]
        assert store.count_checkins("S.") == 1
        with pytest.raises(RequestError, match="already a person"):
            store.add_person("S.")
        with pytest.raises(RequestError, match="no person"):
            store.rename_person("Nobody", "X")


def test_import_is_idempotent_and_all_in_one(tmp_path: Path) -> None:
    items = [
        _checkin("x", id=f"00000000-0000-4000-8000-00000000000{n}", person="Sam") for n in range(3)
    ]
    with Store.open(tmp_path / "r.db") as store:
        assert store.import_checkins(items) == (3, 0)
        assert store.import_checkins(items) == (0, 3)
        assert store.count_checkins("Sam") == 3


def test_backup_restore_backup_is_identical(tmp_path: Path) -> None:
    with Store.open(tmp_path / "a.db") as store:
        saved = store.add_checkin(_checkin("\x1b[31m😀"))
        store.correct_checkin(saved.model_copy(update={"note": "n"}), "why")
        store.delete_checkin(saved.id, "gone")
        store.add_person("Archived one")
        store.archive_person("Archived one")
        store.save_draft("new:1", '{"x": 1}')
        first = store.dump()
    with Store.open(tmp_path / "b.db") as other:
        other.load(first)
        assert other.dump() == first
        with pytest.raises(RequestError, match="empty database"):
            other.load(first)


def test_drafts_are_kept_until_dropped(tmp_path: Path) -> None:
    with Store.open(tmp_path / "r.db") as store:
        store.save_draft("new:a", "one")
        store.save_draft("new:a", "two")
        assert [(k, b) for k, _, b in store.drafts()] == [("new:a", "two")]
        store.drop_draft("new:a")
        assert store.drafts() == []


def test_a_backup_with_a_damaged_check_in_restores_nothing(tmp_path: Path) -> None:
    with Store.open(tmp_path / "a.db") as store:
        store.add_checkin(_checkin("x"))
        data = store.dump()
    data["checkins"][0]["body"] = '{"observed_at": "not a date"}'
    with Store.open(tmp_path / "b.db") as other:
        with pytest.raises(RequestError, match="the backup is damaged"):
            other.load(data)
        assert other.is_empty()


def test_a_file_from_the_first_version_is_brought_up_to_date_with_its_data(
    tmp_path: Path,
) -> None:
    path = tmp_path / "old.db"
    with Store.open(path) as store:
        saved = store.add_checkin(_checkin("written before the update"))
    # Take the file back to version 1, as the first release left it.
    conn = sqlite3.connect(path)
    conn.execute("DROP TABLE summaries_made")
    conn.execute("PRAGMA user_version = 1")
    conn.commit()
    conn.close()
    with Store.open(path) as store:
        assert store.get_checkin(saved.id) == saved
        assert [c.note for c in store.written(saved.person, "ketamine")] == [saved.note]
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION == 7
    indexes = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}
    # Made by the step to version 2, then left for the index of quotes (version 7).
    assert "checkins_written" not in indexes and "checkins_quotes" in indexes
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    conn.close()


def test_the_checklists_a_person_used_most_used_first(tmp_path: Path) -> None:
    start = datetime(2026, 10, 1, 19, tzinfo=timezone.utc)
    uses = ["treatment", "ketamine", "ketamine", "extra", "ketamine", "treatment", "ketamine"]
    with Store.open(tmp_path / "r.db") as store:
        for n, used in enumerate(uses):
            store.add_checkin(checkin(start + timedelta(days=n), checklist=used, person="Sam"))
        store.add_checkin(checkin(start, checklist="other", person="Alex", id=None))
        assert store.checklists_used("Sam") == ["ketamine", "treatment", "extra"]
        assert store.checklists_used("Alex") == ["other"]
        assert store.checklists_used("Nobody") == []


@pytest.mark.parametrize("newest_first", [True, False])
def test_a_page_with_deleted_check_ins_is_in_time_order(tmp_path: Path, newest_first: bool) -> None:
    # Kept and deleted check-ins are read for a page apart, then merged: any page must hold what
    # the whole list in time order holds there, whichever of them were deleted.
    start = datetime(2026, 3, 1, 18, tzinfo=timezone.utc)
    with Store.open(tmp_path / "db.sqlite") as store:
        for n in range(9):
            # Two check-ins at the same instant: the order they were added in decides.
            store.add_checkin(checkin(start + timedelta(days=n // 2), id=f"c{n}"))
        for n in (0, 3, 4, 8):
            store.delete_checkin(f"c{n}", "typed by mistake")
        whole = [
            c.id
            for c in store.checkins("Sam Jones", include_deleted=True, newest_first=newest_first)
        ]
        assert sorted(whole) == [f"c{n}" for n in range(9)]
        for size in (1, 2, 4):
            for offset in range(0, 10, size):
                page = store.checkins(
                    "Sam Jones",
                    include_deleted=True,
                    newest_first=newest_first,
                    limit=size,
                    offset=offset,
                )
                assert [c.id for c in page] == whole[offset : offset + size]
