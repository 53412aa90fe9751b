"""Sets of signs as the store keeps them (a number with a bit for each sign id, numbered by the
database as ids first came; the text where there is no number) made into the masks a summary
works with: bit i for the checklist's i-th sign, nothing for a sign the checklist does not have.

When the database numbered the checklist's signs in the checklist's order and no other sign is
in the sets, the numbers are the masks already. Otherwise each distinct number is worked out
once, a byte at a time, from tables of 256 entries."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from redflags.patterns.types import StoredMarks


def database_picks(stored: StoredMarks, order: Sequence[str]) -> list[int] | None:
    """Each of ``order``'s signs' bit in the stored numbers of signs noted and explained (-1: it
    has none), when those numbers can be read as they are: every one a number, and none holding
    a sign ``order`` does not have. None otherwise (see checklist_masks)."""
    bits = stored.bits
    if bits is None:
        return None
    picks = [bits.get(sid, -1) for sid in order]
    allowed = sum(1 << bit for bit in picks if bit >= 0)
    for values in (stored.noted, stored.explained):
        used = 0
        for value in set(values):
            if type(value) is not int:
                return None
            used |= value
        if used & ~allowed:
            return None
    return picks


def checklist_masks(
    values: Sequence[int | str], bits: Mapping[str, int], order: Sequence[str]
) -> list[int]:
    """Each stored set of signs as a mask in ``order``'s bits."""
    distinct = set(values)
    place = {sid: i for i, sid in enumerate(order)}
    moves = {bits[sid]: i for sid, i in place.items() if sid in bits}  # database bit -> bit
    used = 0
    for value in distinct:
        if type(value) is not int:
            used = -1  # a text: worked out below
            break
        used |= value
    same = sum(1 << b for b, i in moves.items() if b == i)  # bits already where they go
    if used >= 0 and not used & ~same:
        return list(values)  # type: ignore[arg-type]  # numbers only, each its own mask
    tables = _byte_tables(moves)
    masks: dict[int | str, int] = {}
    for value in distinct:
        if type(value) is int:
            masks[value] = _renumbered(value, tables)
        else:
            masks[value] = sum({1 << place[sid] for sid in str(value).split() if sid in place})
    return list(map(masks.__getitem__, values))


def _byte_tables(moves: Mapping[int, int]) -> list[list[int]]:
    """For each byte of a stored number, lowest first, the mask each of its 256 values gives."""
    tables: list[list[int]] = []
    for first in range(0, max(moves, default=-1) + 1, 8):
        lone = [1 << moves[b] if b in moves else 0 for b in range(first, first + 8)]
        table = [0] * 256
        for value in range(1, 256):
            low = value & -value  # the lowest bit set, and the rest worked out before
            table[value] = table[value ^ low] | lone[low.bit_length() - 1]
        tables.append(table)
    return tables


def _renumbered(number: int, tables: list[list[int]]) -> int:
    mask = 0
    for table in tables:
        if not number:
            break
        mask |= table[number & 0xFF]
        number >>= 8
    return mask
