"""Write the DESIGN section 10 data set as an import file (JSON Lines), reproducible from a seed.

One person ("Ten Years") with a check-in every day for 10 years, every sign of the ketamine checklist
set to noted or not seen; nine others ("Year 1" .. "Year 9") with a check-in every day for a year.

    python benchmarks/make_data.py OUT.jsonl [--seed 1] [--until 2026-11-01]
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
NOTES = ("tired in the evening", "seemed well", "quiet at dinner", "had a cold")


def _line(
    rng: random.Random, person: str, day: date, sign_ids: list[str], zone: timezone
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
        "note": rng.choice(NOTES) if rng.random() < 0.1 else "",
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--until", type=date.fromisoformat, default=date(2026, 11, 1))
    args = parser.parse_args()
    count = generate(args.out, seed=args.seed, until=args.until)
    print(f"wrote {count} check-ins to {args.out}")


if __name__ == "__main__":
    main()
