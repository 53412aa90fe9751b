"""Sets of signs as masks: from their text, or as the store keeps them (a number with a bit for each sign id, numbered by the
database as ids first came; the text where there is no number) made into the masks a summary
works with: bit i for the checklist's i-th sign, nothing for a sign the checklist does not have.

When the database numbered the checklist's signs in the checklist's order and no other sign is
in the sets, the numbers are the masks already. Otherwise each distinct number is worked out
once, a byte at a time, from tables of 256 entries."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
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


class Bits(dict[str, int]):
    """Each sign of the checklist's bit in a check-in's mask; a sign it does not have (from
    another version) none."""

    def __missing__(self, key: str) -> int:
        return 0


def bits_of(order: list[str]) -> Bits:
    return Bits({sid: 1 << i for i, sid in enumerate(order)})


def text_masks(texts: Sequence[str], bit: Bits, *, repeats: bool = False) -> list[int]:
    """Each stored set of sign ids (joined by spaces) as a mask; the same text, which years of
    check-ins repeat, is split once. With ``repeats`` an id may come twice in a text."""
    known: dict[str, int] = {"": 0}
    for text in set(texts).difference(known):
        # Ids are told apart in a set: their bits add up without carrying.
        ids = text.split()
        known[text] = sum(map(bit.__getitem__, set(ids) if repeats else ids))
    return list(map(known.__getitem__, texts))


def set_masks(sets: Iterable[frozenset[str]], bit: Bits) -> list[int]:
    """Each set of sign ids as a mask, each distinct set looked through once."""
    known: dict[frozenset[str], int] = {}
    get = known.get
    masks = []
    for ids in sets:
        mask = get(ids)
        if mask is None:
            mask = known[ids] = sum(map(bit.__getitem__, ids))
        masks.append(mask)
    return masks
