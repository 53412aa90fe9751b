"""Sets of sign ids as whole numbers: each sign id the database has seen has a bit of its own
(the table sign_bits), and a check-in's signs noted and marked explained are stored as the sum of
their bits beside their text. A summary of years reads numbers, never splits thousands of texts.

A set that needs a bit past the 63rd (a database that has seen that many sign ids) has no number:
its column is NULL and readers use its text."""

from __future__ import annotations

from redflags.store.dbapi import Connection

MOST_BITS = 63  # SQLite's integers are 64-bit and signed

TABLE = "CREATE TABLE IF NOT EXISTS sign_bits (bit INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE)"


def bits_of(conn: Connection) -> dict[str, int]:
    """Each sign id's bit."""
    return {str(r[1]): int(r[0]) for r in conn.execute("SELECT bit, id FROM sign_bits")}


class SignBits:
    """The number of a set of sign ids (as stored: joined by spaces), a new id given the next
    bit as it comes (inside a write transaction). Each text is worked out once."""

    def __init__(self, conn: Connection) -> None:
        self._conn = conn
        self._bits = bits_of(conn)
        self._masks: dict[str, int | None] = {"": 0}

    def mask(self, text: str) -> int | None:
        """The set's number; None when a bit would be past MOST_BITS."""
        found = self._masks.get(text, -1)
        if found != -1:
            return found
        total = 0
        for sign_id in dict.fromkeys(text.split()):  # in order: the same bits every time
            bit = self._bits.get(sign_id)
            if bit is None:
                bit = self._bits[sign_id] = len(self._bits)
                self._conn.execute("INSERT INTO sign_bits (bit, id) VALUES (?, ?)", (bit, sign_id))
            if bit >= MOST_BITS:
                self._masks[text] = None
                return None
            total += 1 << bit
        self._masks[text] = total
        return total

    def add_masks(self, values: dict[str, object]) -> None:
        """A row's ``noted_mask`` and ``explained_mask`` from its ``noted`` and ``explained``."""
        values["noted_mask"] = self.mask(str(values["noted"]))
        values["explained_mask"] = self.mask(str(values["explained"]))


def fill_masks(conn: Connection) -> None:
    """The numbers of the signs noted and explained, for every check-in stored without them (by
    the migration to version 7, or by a restore, which writes a backup's own columns only)."""
    bits = SignBits(conn)
    rows = conn.execute(
        "SELECT rowid, noted, explained FROM checkins"
        " WHERE noted_mask IS NULL OR explained_mask IS NULL"
    ).fetchall()
    conn.executemany(
        "UPDATE checkins SET noted_mask = ?, explained_mask = ? WHERE rowid = ?",
        [(bits.mask(noted), bits.mask(explained), rowid) for rowid, noted, explained in rows],
    )
