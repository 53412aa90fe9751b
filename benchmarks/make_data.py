"""Write the DESIGN section 10 data sets as import files (JSON Lines), reproducible from a seed.

The data set: one person ("Ten Years") with a check-in every day for 10 years, every sign of the
ketamine checklist set to noted or not seen, a short note on most check-ins; nine others ("Year 1" ..
"Year 9") with a check-in every day for a year. ``--megabytes N`` writes instead a file of about N MB
(people with five years of daily check-ins, each with a longer note) to measure the memory an import
needs; ``--note-mb N`` one check-in whose note is N MB of plain text.

    python benchmarks/make_data.py OUT.jsonl [--seed 1] [--until 2026-11-01]
    python benchmarks/make_data.py OUT.jsonl --megabytes 200
    python benchmarks/make_data.py OUT.jsonl --note-mb 10
"""

from __future__ import annotations

import argparse
import json
import random
import uuid
from datetime import date, datetime, time, timedelta, timezone
from pathlib import Path

from redflags.checklist import load_catalog

TEN_YEARS = 3653
ONE_YEAR = 365
LONG_PERSON = "Ten Years"
NOTES = (
    "tired in the evening",
    "seemed well",
    "quiet at dinner",
    "had a cold",
    "went out with friends, back late",
    "talked about work for a while",
)
NOTE_SHARE = 0.8  # most check-ins carry a short note
WORDS = [
    "the",
    "evening",
    "was",
    "calm",
    "and",
    "we",
    "talked",
    "for",
    "a",
    "while",
    "about",
    "the",
    "week",
    "ahead",
]


def _line(
    rng: random.Random,
    person: str,
    day: date,
    sign_ids: list[str],
    zone: timezone,
    note: str | None = None,
) -> dict[str, object]:
    observed = datetime.combine(day, time(18 + rng.randrange(4), rng.randrange(60)), zone)
    observations = {
        sign: {
            "status": "noted" if rng.random() < 0.15 else "not_seen",
            "explained": False,
            "note": "",
        }
        for sign in sign_ids
    }
    for sign, obs in observations.items():
        if obs["status"] == "noted" and rng.random() < 0.2:
            obs["explained"] = True
        if sign == "nosebleeds" and obs["status"] == "noted" and rng.random() < 0.3:
            obs["note"] = "small, in the morning"
    return {
        "id": str(uuid.UUID(int=rng.getrandbits(128), version=4)),
        "person": person,
        "checklist": "ketamine",
        "checklist_version": 1,
        "observed_at": observed.isoformat(),
        "recorded_at": (observed + timedelta(minutes=5)).isoformat(),
        "observer": rng.choice(("Mum", "Dad")),
        "treatment_day": rng.choice(("yes", "no", "no", "no", "unknown")),
        "setting": "",
        "note": note
        if note is not None
        else rng.choice(NOTES)
        if rng.random() < NOTE_SHARE
        else "",
        "positives": "cooked dinner with us" if rng.random() < 0.05 else "",
        "observations": observations,
    }


def generate(out: Path, *, seed: int, until: date) -> int:
    """Write the data set to ``out``; returns the number of lines."""
    rng = random.Random(seed)
    sign_ids = [s.id for s in load_catalog().get("ketamine").signs]
    zone = timezone(timedelta(hours=1))
    count = 0
    with out.open("w", encoding="utf-8") as handle:
        people = [(LONG_PERSON, TEN_YEARS)] + [(f"Year {n}", ONE_YEAR) for n in range(1, 10)]
        for person, days in people:
            start = until - timedelta(days=days - 1)
            for offset in range(days):
                record = _line(rng, person, start + timedelta(days=offset), sign_ids, zone)
                handle.write(json.dumps(record, ensure_ascii=False) + "\n")
                count += 1
    return count


def plain_text(rng: random.Random, size: int) -> str:
    """About ``size`` characters of ordinary prose: words, sentences, a paragraph now and then."""
    parts: list[str] = []
    length = 0
    while length < size:
        sentence = " ".join(rng.choice(WORDS) for _ in range(rng.randrange(6, 16))).capitalize()
        sentence += "." + ("\n\n" if rng.random() < 0.1 else " ")
        parts.append(sentence)
        length += len(sentence)
    return "".join(parts)[:size].rstrip()


def generate_big(out: Path, *, megabytes: int, seed: int, until: date) -> int:
    """Write a file of about ``megabytes`` MB: people with five years of daily check-ins, each with
    a note of about 4 KB. Returns the number of lines."""
    rng = random.Random(seed)
    sign_ids = [s.id for s in load_catalog().get("ketamine").signs]
    zone = timezone(timedelta(hours=1))
    days = 5 * ONE_YEAR
    note = plain_text(rng, 4000)
    count = written = 0
    person = 0
    with out.open("w", encoding="utf-8") as handle:
        while written < megabytes * 1_000_000:
            person += 1
            start = until - timedelta(days=days - 1)
            for offset in range(days):
                record = _line(
                    rng, f"Big {person}", start + timedelta(days=offset), sign_ids, zone, note
                )
                line = json.dumps(record, ensure_ascii=False) + "\n"
                handle.write(line)
                written += len(line.encode())
                count += 1
                if written >= megabytes * 1_000_000:
                    break
    return count


def generate_note(out: Path, *, person: str, megabytes: float, seed: int, until: date) -> int:
    """Write one check-in for ``person`` whose note is ``megabytes`` MB of plain text."""
    rng = random.Random(seed)
    sign_ids = [s.id for s in load_catalog().get("ketamine").signs]
    note = plain_text(rng, int(megabytes * 1_000_000))
    record = _line(rng, person, until, sign_ids, timezone.utc, note)
    out.write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
    return 1


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--until", type=date.fromisoformat, default=date(2026, 11, 1))
    size = parser.add_mutually_exclusive_group()
    size.add_argument("--megabytes", type=int, help="a file of about this size instead")
    size.add_argument("--note-mb", type=float, help="one check-in with a note this large")
    args = parser.parse_args()
    if args.megabytes:
        count = generate_big(args.out, megabytes=args.megabytes, seed=args.seed, until=args.until)
    elif args.note_mb:
        count = generate_note(
            args.out, person="Long Note", megabytes=args.note_mb, seed=args.seed, until=args.until
        )
    else:
        count = generate(args.out, seed=args.seed, until=args.until)
    print(f"wrote {count} check-ins to {args.out}")


if __name__ == "__main__":
    main()
