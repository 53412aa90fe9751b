"""The database schema and its migrations, in one place.

``MIGRATIONS[n]`` takes a database from ``PRAGMA user_version`` n to n + 1. Never edit a migration
that has shipped; add a new one.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from redflags.safe_text import one_line
from redflags.store.dbapi import Connection
from redflags.store.errors import StoreError
from redflags.store.sign_bits import TABLE as SIGN_BITS_TABLE
from redflags.store.sign_bits import fill_masks
from redflags.store.summaries_made import MIGRATION as SUMMARIES_MADE
from redflags.terms import name_key, normal_name

# A step is SQL statements, or a function of the connection (inside the step's transaction) that
# returns notices for the person using the app (one line each).
Step = list[str] | Callable[[Connection], list[str]]

# A check-in where something went well, as SQLite's trim sees blank text (spaces, tabs, line
# breaks): the condition of the index that counted them from version 5 to 6 (from version 7, the
# column went_well, as Python's strip() sees blank text, as the summary does).
WENT_WELL = "trim(json_extract(body, '$.positives'), ' ' || char(9, 10, 11, 12, 13)) != ''"

# "RFLG": marks a SQLite file as a redflags database, so foreign files are refused untouched.
APPLICATION_ID = 0x52464C47


def _names_unique_regardless_of_case(conn: Connection) -> list[str]:
    """The migration to names unique regardless of case: every stored name in its stored form;
    when two now count as the same, the later one gets a number, and a notice says so. Nothing
    else changes: each keeps their check-ins."""
    rows = [(int(r[0]), str(r[1])) for r in conn.execute("SELECT id, name FROM people ORDER BY id")]
    reserved = {name_key(name) for _, name in rows}
    taken: dict[str, str] = {}  # key -> the name that has it
    final: dict[int, str] = {}
    notices: list[str] = []
    for person, name in rows:
        wanted = normal_name(name) or name  # a blank name is kept as it is
        key = name_key(wanted)
        if key in taken:
            number = 2
            while name_key(f"{wanted} ({number})") in reserved | taken.keys():
                number += 1
            renamed = f"{wanted} ({number})"
            notices.append(
                f"two people's names now count as the same, {_quoted(taken[key])} and"
                f" {_quoted(name)}: the second is now called {_quoted(renamed)}; both keep their"
                " check-ins (choose another name with: redflags people rename)"
            )
            wanted, key = renamed, name_key(renamed)
        taken[key] = wanted
        final[person] = wanted
    changed = {person: name for person, name in final.items() if dict(rows)[person] != name}
    # Two steps, so that no name is ever held by two rows at once.
    for person in changed:
        conn.execute("UPDATE people SET name = ? WHERE id = ?", (f"\x00moving {person}", person))
    for person, name in changed.items():
        conn.execute("UPDATE people SET name = ? WHERE id = ?", (name, person))
    return notices


def _quoted(name: str) -> str:
    return f'"{one_line(name)}"'


# The longest body whose quote is stored beside it (characters): a longer one (a note of pages)
# is quoted from the body itself, so that it is never held twice, nor in an index.
QUOTED_MOST = 64 * 1024

# What quoting a check-in reads, worked out by SQLite from its body for the check-ins an older
# version stored: the body cut before its observations and labels unless some observation carries
# a note (an empty note is always stored "note":""). It keeps fields store.checkins.quote_of
# leaves out; quoting reads them the same.
_CUT = "instr(body, ',\"observations\":{')"
QUOTE_OF_BODY = (
    f"CASE WHEN {_CUT} > 0 AND instr(replace(substr(body, {_CUT}), '\"note\":\"\"', ''),"
    f" '\"note\":') = 0 THEN substr(body, 1, {_CUT} - 1) || '}}' ELSE body END"
)


def _read_less(conn: Connection) -> list[str]:
    """The migration to what summaries and exports of years read, stored beside each body: what
    quoting a check-in reads, and the number of the set of signs it looked for (noted or not
    seen). A step that was
    begun on this file before (an old version number written back) is finished, not repeated."""
    columns = {str(r[1]) for r in conn.execute("PRAGMA table_info(checkins)")}
    if "quote" not in columns:
        conn.execute("ALTER TABLE checkins ADD COLUMN quote TEXT NOT NULL DEFAULT ''")
    # The sets of signs check-ins looked for (noted or not seen): few, each once.
    conn.execute(
        "CREATE TABLE IF NOT EXISTS sign_sets (id INTEGER PRIMARY KEY, ids TEXT NOT NULL UNIQUE)"
    )
    if "checked" not in columns:
        # The number of the set a check-in looked for; NULL for one stored without it (a
        # restore): then worked out from those noted and not seen.
        conn.execute("ALTER TABLE checkins ADD COLUMN checked INTEGER")
    fill_read_less(conn)
    # Summaries read the signs looked for along the index that holds the rest of what they read.
    conn.execute("DROP INDEX IF EXISTS checkins_marks")
    conn.execute(
        "CREATE INDEX checkins_marks ON checkins (person_id, deleted, checklist, observed_utc,"
        " day, observed_at, treatment_day, observer, noted, not_seen, explained, checked)"
    )
    # The check-ins with something written, in time order, with what quoting them reads: an
    # export of years reads this index alone.
    conn.execute(
        "CREATE INDEX IF NOT EXISTS checkins_quotes ON checkins (person_id, deleted, checklist,"
        " has_text, observed_utc, rowid, day, id, quote) WHERE has_text = 1"
    )
    return []


def fill_read_less(conn: Connection) -> None:
    """Store what quoting reads and the set of signs looked for, for every check-in stored
    without them (by the migration to version 6, or by a restore, which writes a backup's own
    columns only)."""
    conn.execute(
        f"UPDATE checkins SET quote = {QUOTE_OF_BODY}"
        f" WHERE has_text = 1 AND quote = '' AND length(body) <= {QUOTED_MOST}"
    )
    sets = {str(r[1]): int(r[0]) for r in conn.execute("SELECT id, ids FROM sign_sets")}
    looked = conn.execute("SELECT rowid, noted, not_seen FROM checkins WHERE checked IS NULL")
    numbered: list[tuple[int, int]] = []
    for rowid, noted, not_seen in looked.fetchall():
        ids = " ".join(sorted(f"{noted} {not_seen}".split()))
        if ids not in sets:
            added = conn.execute("INSERT INTO sign_sets (ids) VALUES (?)", (ids,))
            sets[ids] = int(added.lastrowid or 0)
        numbered.append((sets[ids], rowid))
    conn.executemany("UPDATE checkins SET checked = ? WHERE rowid = ?", numbered)


def _numbered_signs(conn: Connection) -> list[str]:
    """The migration to sets of signs as numbers (see store.sign_bits), and an index of what
    summaries read without the signs not seen: the set of signs looked for (``checked``) says
    the same in a few bytes. A step begun on this file before is finished, not repeated."""
    conn.execute(SIGN_BITS_TABLE)
    columns = {str(r[1]) for r in conn.execute("PRAGMA table_info(checkins)")}
    for column in ("noted_mask", "explained_mask"):
        if column not in columns:
            conn.execute(f"ALTER TABLE checkins ADD COLUMN {column} INTEGER")
    if "went_well" not in columns:
        conn.execute("ALTER TABLE checkins ADD COLUMN went_well INTEGER NOT NULL DEFAULT 0")
    fill_read_less(conn)  # every check-in has its set of signs looked for
    fill_numbers(conn)
    conn.execute("DROP INDEX IF EXISTS checkins_marks")
    conn.execute(f"CREATE INDEX checkins_marks ON checkins ({MARKS_INDEX})")
    # Something went well as the summary sees it, worked out once when a check-in is stored (not
    # by SQLite reading every body it adds).
    conn.execute("DROP INDEX IF EXISTS checkins_went_well")
    conn.execute(
        "CREATE INDEX checkins_went_well ON checkins (person_id, deleted, checklist, day)"
        " WHERE went_well = 1"
    )
    # The check-ins with something written are found along checkins_quotes, which holds more.
    conn.execute("DROP INDEX IF EXISTS checkins_written")
    return []


def fill_numbers(conn: Connection) -> None:
    """What a migration to version 7 or a restore (which writes a backup's own columns only)
    leaves to work out: the signs noted and explained as numbers (see store.sign_bits), and
    whether something went well, as the summary reads it (Python's idea of blank text)."""
    fill_masks(conn)
    rows = conn.execute(
        "SELECT rowid, json_extract(body, '$.positives') FROM checkins"
        " WHERE has_text = 1 AND went_well = 0"
    ).fetchall()
    conn.executemany(
        "UPDATE checkins SET went_well = 1 WHERE rowid = ?",
        [(rowid,) for rowid, positives in rows if isinstance(positives, str) and positives.strip()],
    )


# What the index of summaries and calendar strips holds, in its order: a check-in's place in time
# first (check-ins at the same instant in a fixed order), then what summaries read.
MARKS_INDEX = (
    "person_id, deleted, checklist, observed_utc, day, observed_at, treatment_day, observer,"
    " noted, explained, checked, noted_mask, explained_mask"
)


MIGRATIONS: list[Step] = [
    # 0 -> 1: the first schema.
    [
        "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
        "CREATE TABLE people ("
        " id INTEGER PRIMARY KEY,"
        " name TEXT NOT NULL UNIQUE,"
        " created TEXT NOT NULL,"
        " archived INTEGER NOT NULL DEFAULT 0)",
        # One row a check-in. body is the whole check-in as JSON; the other columns are the
        # compact, queryable form (sign ids separated by spaces) that summaries read.
        "CREATE TABLE checkins ("
        " rowid INTEGER PRIMARY KEY,"
        " id TEXT NOT NULL UNIQUE,"
        " person_id INTEGER NOT NULL REFERENCES people(id),"
        " checklist TEXT NOT NULL,"
        " observed_at TEXT NOT NULL,"
        " observed_utc TEXT NOT NULL,"
        " day TEXT NOT NULL,"
        " treatment_day TEXT NOT NULL,"
        " observer TEXT NOT NULL,"
        " has_text INTEGER NOT NULL,"
        " deleted INTEGER NOT NULL DEFAULT 0,"
        " noted TEXT NOT NULL,"
        " not_seen TEXT NOT NULL,"
        " explained TEXT NOT NULL,"
        " body TEXT NOT NULL)",
        "CREATE INDEX checkins_by_person ON checkins (person_id, deleted, day)",
        # History pages: newest first without reading every body.
        "CREATE INDEX checkins_by_time ON checkins (person_id, deleted, observed_utc)",
        # Covers summaries and calendar strips: they never read the (large) body.
        "CREATE INDEX checkins_marks ON checkins (person_id, deleted, checklist, observed_utc,"
        " day, observed_at, treatment_day, observer, noted, not_seen, explained)",
        "CREATE TABLE revisions ("
        " id INTEGER PRIMARY KEY,"
        " checkin_id TEXT NOT NULL REFERENCES checkins(id),"
        " at TEXT NOT NULL,"
        " kind TEXT NOT NULL,"
        " reason TEXT NOT NULL,"
        " prior TEXT NOT NULL)",
        "CREATE INDEX revisions_by_checkin ON revisions (checkin_id)",
        "CREATE TABLE drafts (key TEXT PRIMARY KEY, updated TEXT NOT NULL, body TEXT NOT NULL)",
    ],
    # 1 -> 2: the check-ins with something written, found without visiting every check-in (the
    # notes quoted in a summary of years).
    [
        "CREATE INDEX checkins_written ON checkins (person_id, deleted, checklist, has_text,"
        " observed_utc)",
    ],
    # 2 -> 3: people's names NFC, outer spaces removed, unique regardless of case.
    lambda conn: _names_unique_regardless_of_case(conn),
    # 3 -> 4: the summaries made (no content), for --since-last and the next summary's header.
    SUMMARIES_MADE,
    # 4 -> 5: the check-ins where something went well, counted for a summary of years without
    # reading every check-in.
    [
        "CREATE INDEX IF NOT EXISTS checkins_went_well ON checkins (person_id, deleted, checklist, day)"
        f" WHERE {WENT_WELL}",
    ],
    # 5 -> 6: what quoting a check-in reads and the signs it looked for, beside its body.
    _read_less,
    # 6 -> 7: the signs noted and explained as numbers, and a smaller index of what summaries read.
    lambda conn: _numbered_signs(conn),
]

SCHEMA_VERSION = len(MIGRATIONS)


def check_identity(path: Path, app_id: int, version: int) -> None:
    """Refuse a database of another program, or one written by a newer redflags."""
    if app_id != APPLICATION_ID:
        raise StoreError(
            f"{path} is a database of another program, not redflags; it was left as it is"
        )
    if version > SCHEMA_VERSION:
        raise StoreError(
            f"{path} was written by a newer redflags (data version {version}); "
            "please update redflags to open it"
        )


def migrate(conn: Connection, current: int) -> list[str]:
    """Bring a database from version ``current`` to SCHEMA_VERSION, one transaction a step;
    the notices the steps gave."""
    notices: list[str] = []
    for version in range(current, SCHEMA_VERSION):
        conn.execute("BEGIN IMMEDIATE")
        try:
            step = MIGRATIONS[version]
            if callable(step):
                notices += step(conn)
            else:
                for statement in step:
                    conn.execute(statement)
            conn.execute(f"PRAGMA user_version = {version + 1}")
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
    return notices
