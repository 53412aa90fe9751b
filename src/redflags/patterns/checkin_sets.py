"""Sets of check-ins as whole numbers, the summary's working form: bit k is set when the k-th
check-in (in time order) is in the set, so that AND, OR and bit_count() give every count, and
years of check-ins take a few hundred bytes. A set converts to and from one byte (0 or 1) per
check-in, which itertools.compress takes, in a few steps of C: written out in binary, highest bit
first, its digits are those bytes backwards. Pure functions, no I/O."""

from __future__ import annotations

import sys
from array import array
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Sequence
from datetime import date
from itertools import compress, repeat
from operator import eq
from typing import Literal

from redflags.terms import TreatmentDay

_DIGIT = bytes.maketrans(b"\x00\x01", b"01")


_FLAG = bytes.maketrans(b"01", b"\x00\x01")


def from_flags(flags: bytes | bytearray) -> int:
    """A set of check-ins as an int: bit k is set when flags[k] is 1."""
    return int(flags[::-1].translate(_DIGIT), 2) if flags else 0


def to_flags(bits: int, total: int) -> bytes:
    """The set back as one byte (0 or 1) per check-in."""
    return f"{bits:0{total}b}"[::-1].encode().translate(_FLAG) if total else b""


def all_of(total: int) -> int:
    """The set of all ``total`` check-ins."""
    return (1 << total) - 1


# For each bit of a byte: each byte's value as the binary digit of that bit (b"0" or b"1"):
# for bit p, 2**p values without it, 2**p with it, and so on.
_DIGIT_AT = [(b"0" * (1 << p) + b"1" * (1 << p)) * (128 >> p) for p in range(8)]


def all_same(masks: Sequence[int]) -> bool:
    """Whether every mask is the same (every sign looked for, each time, most often); a look at
    the last and the middle one tells most others apart at once."""
    if not masks:
        return True
    first = masks[0]
    return (
        masks[-1] == first and masks[len(masks) // 2] == first and masks.count(first) == len(masks)
    )


def holding(masks: list[int], signs: int, *, same: bool | None = None) -> list[int]:
    """For each sign (by its bit): the check-ins whose mask holds it. The masks are laid side by
    side as bytes, a few each; every ``width``-th byte, from the last check-in's first, holds 8
    signs' bits, which a table turns into the binary digits of those signs' sets, in C.
    ``same`` tells whether every mask is the same, when already known."""
    total = len(masks)
    if not any(masks):
        return [0] * signs
    if all_same(masks) if same is None else same:
        every = all_of(total)
        return [every if masks[0] >> i & 1 else 0 for i in range(signs)]
    laid = side_by_side(masks, max(1, (signs + 7) // 8))[::-1]
    width = len(laid) // total
    # Backwards, byte j of the k-th mask is at (total - 1 - k) * width + width - 1 - j.
    columns = [laid[width - 1 - j :: width] for j in range((signs + 7) // 8)]
    held = []
    for i in range(signs):
        digits = columns[i >> 3].translate(_DIGIT_AT[i & 7])
        held.append(int(digits, 2) if 49 in digits else 0)  # a sign never held: no digit 1
    return held


def picked(held: list[int], picks: Sequence[int] | None) -> list[int]:
    """Each sign's item of ``held`` (by its bit), in the checklist's order (see _Log)."""
    if picks is None:
        return held
    return [held[bit] if bit >= 0 else 0 for bit in picks]


def held_counts(masks: Iterable[int], signs: int) -> list[int]:
    """For each sign (by its bit): how many of the masks hold it. Only the masks holding any
    sign are laid side by side (signs marked explained are few among years of check-ins)."""
    held = list(filter(None, masks))
    if not held:
        return [0] * signs
    laid = side_by_side(held, max(1, (signs + 7) // 8))
    width = len(laid) // len(held)
    columns = [laid[j::width] for j in range((signs + 7) // 8)]
    return [columns[i >> 3].translate(_DIGIT_AT[i & 7]).count(49) for i in range(signs)]


def side_by_side(masks: list[int], width: int) -> bytes:
    """The masks as bytes, little-endian, each in as many bytes (``width`` at least): an array
    of machine integers when one is wide enough, made in one step of C."""
    for code in "BHILQ":
        if array(code).itemsize >= width:
            laid = array(code, masks)
            if sys.byteorder == "big":
                laid.byteswap()
            return laid.tobytes()
    little: Literal["little"] = "little"
    return b"".join(map(int.to_bytes, masks, repeat(width), repeat(little)))


def between(days: list[date], first: date, last: date, ordered: bool) -> int:
    """The check-ins whose day lies in [first, last]; found by halving when the days are in
    order (a check-in made later can fall on an earlier local day: then one by one)."""
    if not ordered:
        return from_flags(bytes(first <= d <= last for d in days))
    low, high = bisect_left(days, first), bisect_right(days, last)
    return all_of(high - low) << low if high > low else 0


def days_of(bits: int, days: list[date]) -> list[date]:
    """The days of the check-ins in the set."""
    return list(compress(days, to_flags(bits, len(days))))


def first_day_of(bits: int, days: list[date]) -> date:
    """The day of the set's first check-in (not empty)."""
    return days[(bits & -bits).bit_length() - 1]


def last_day_of(bits: int, days: list[date]) -> date:
    """The day of the set's last check-in (not empty)."""
    return days[bits.bit_length() - 1]


# Each treatment day's value told apart by its length alone ("yes", "no", "unknown"): one
# step of C over years of check-ins gives both sets.
_LENGTHS = {len(day.value) for day in TreatmentDay}


_BY_LENGTH = len(_LENGTHS) == len(TreatmentDay)


_VALUES = frozenset(day.value for day in TreatmentDay)


def _digit_one_at(length: int) -> bytes:
    """Each length (a byte) as a binary digit: 1 for this length, 0 for any other."""
    return b"0" * length + b"1" + b"0" * (255 - length)


_YES_DIGITS = _digit_one_at(len(TreatmentDay.YES.value))


_NO_DIGITS = _digit_one_at(len(TreatmentDay.NO.value))


def treatment_days(treatment: Sequence[str]) -> tuple[int, int]:
    """The check-ins on a treatment day, and those on another day."""
    if not treatment:
        return 0, 0
    if _BY_LENGTH and _VALUES.issuperset(treatment):
        lengths = bytes(map(len, treatment))[::-1]
        return int(lengths.translate(_YES_DIGITS), 2), int(lengths.translate(_NO_DIGITS), 2)
    return (
        from_flags(bytes(map(eq, treatment, repeat(TreatmentDay.YES.value)))),
        from_flags(bytes(map(eq, treatment, repeat(TreatmentDay.NO.value)))),
    )


def same_day_runs(days: list[date], most: int = 16) -> list[int] | None:
    """For days in order: for d = 1, 2... the check-ins on the same day as the one d before
    them, while any are; None when a day holds more than ``most`` check-ins."""
    # On the same day as the one d + 1 before: as the one d before, and that one as the one
    # before it.
    one_before = from_flags(bytes(map(eq, days[1:], days))) << 1
    same_day: list[int] = []
    run = one_before
    while run:
        if len(same_day) + 1 >= most:  # the check-ins d = most before: a day holds more
            return None
        same_day.append(run)
        run &= one_before << len(same_day)
    return same_day


def days_counted(noted: int, days: list[date], same_day: Sequence[int] | None) -> int:
    """The days of the set's check-ins: with ``same_day`` (from ``same_day_runs``, or empty when no
    two of the set's check-ins can share a day) those not on the day of one before them,
    counted in a few steps of C; else as a set of days."""
    if same_day is None:
        return len(set(days_of(noted, days)))
    later = 0  # the check-ins on the day of one before them
    for d, same in enumerate(same_day, 1):
        later |= noted << d & same
    return (noted & ~later).bit_count()
