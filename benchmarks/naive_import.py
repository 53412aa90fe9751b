"""The naive import the design compares ``redflags import`` to: read the lines, ``json.loads`` each,
one ``executemany`` into a plain SQLite table (a few columns and the line itself) in one transaction.
No checks, no index beyond the primary key: about the least any import of the file must do.

    python benchmarks/naive_import.py FILE.jsonl DB
"""

from __future__ import annotations

import json
import sqlite3
import sys


def naive_import(source: str, db: str) -> int:
    """Import ``source`` into a plain table in ``db``; returns the number of rows written."""
    with open(source, encoding="utf-8") as handle:
        records = [(line, json.loads(line)) for line in handle if line.strip()]
    connection = sqlite3.connect(db)
    try:
        with connection:
            connection.execute(
                "CREATE TABLE IF NOT EXISTS checkins (id TEXT PRIMARY KEY, person TEXT, "
                "checklist TEXT, observed_at TEXT, body TEXT)"
            )
            connection.executemany(
                "INSERT OR IGNORE INTO checkins VALUES (?, ?, ?, ?, ?)",
                (
                    (r["id"], r["person"], r["checklist"], r["observed_at"], line)
                    for line, r in records
                ),
            )
    finally:
        connection.close()
    return len(records)


if __name__ == "__main__":
    count = naive_import(sys.argv[1], sys.argv[2])
    print(f"imported {count} lines")
