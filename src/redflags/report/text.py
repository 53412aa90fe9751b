"""Lay summary blocks out as plain text, at most 80 columns a line, ready to print."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from functools import lru_cache
from itertools import zip_longest

from redflags.report.blocks import (
    Block,
    Bullets,
    Entry,
    Fields,
    Heading,
    Para,
    Pre,
    Table,
    Title,
)

WIDTH = 80
# Words are split at any white space but the no-break space, which holds "3 of 10" together.
_WORDS = re.compile(r"[^\s\u00a0]+(?:\u00a0+[^\s\u00a0]+)*\u00a0*|\u00a0+")
WHEN = 17  # the column an entry's date and time take: "2026-09-25 18:51*"


_NOT_ASCII = re.compile(r"[^\x00-\x7f]")


@lru_cache(maxsize=4096)  # the characters beyond ASCII met lately
def _char_cells(char: str) -> int:
    if unicodedata.combining(char) or unicodedata.category(char) in ("Mn", "Me", "Cf"):
        return 0
    return 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1


def cells(text: str) -> int:
    """How many terminal columns the text takes: wide East Asian characters two, combining none."""
    if text.isascii():
        return len(text)
    others = _NOT_ASCII.findall(text)  # ASCII characters take one column each
    total = len(text) - len(others)
    return total + sum(map(_char_cells, others))


def _pieces(word: str, first: int, room: int) -> tuple[list[str], str]:
    """A word too long for a line cut into whole lines, in one pass: pieces of at most ``first``
    columns, then ``room`` columns (each at least one character), and the part left for the next
    line. Slicing once per piece keeps a word of millions of characters linear."""
    pieces: list[str] = []
    if word.isascii():
        pieces = [word[:first]]
        pieces += [word[i : i + room] for i in range(first, len(word), room)]
        return pieces[:-1], pieces[-1]
    start, used, limit = 0, 0, first
    for i, char in enumerate(word):
        size = cells(char)
        if used + size > limit and i > start:
            pieces.append(word[start:i])
            start, used, limit = i, 0, room
        used += size
    return pieces, word[start:]


def wrap(text: str, width: int = WIDTH, indent: str = "", hanging: str | None = None) -> list[str]:
    """Wrap one paragraph by words to ``width`` columns; words too long for a line are cut. Time
    grows with the length of the text, never faster."""
    later = indent if hanging is None else hanging
    ascii = text.isascii()
    if ascii and len(indent) + len(text) <= width:
        return [(indent + " ".join(text.split())).rstrip()]  # fits on one line: most notes do
    # Every character of plain ASCII takes one column.
    measure = len if ascii and indent.isascii() and later.isascii() else cells
    lines: list[str] = []
    words: list[str] = []
    prefix, room, used = indent, width - cells(indent), 0
    later_room = max(width - cells(later), 1)
    for word in _WORDS.findall(text) if "\u00a0" in text else text.split():
        size = measure(word)
        if words and used + 1 + size > room:
            lines.append(prefix + " ".join(words))
            words, prefix, room, used = [], later, later_room, 0
        if not words and size > room:
            pieces, word = _pieces(word, max(room, 1), later_room)
            if pieces:
                lines.append(prefix + pieces[0])
                lines += [later + piece for piece in pieces[1:]]
                prefix, room = later, later_room
            size = measure(word)
        used += size + (1 if words else 0)
        words.append(word)
    if words or not lines:
        lines.append(prefix + " ".join(words))
    return [line.rstrip() for line in lines]


def _table(block: Table) -> list[str]:
    pad = " " * block.indent
    rest = [
        max(cells(r[i]) for r in (block.header, *block.rows)) for i in range(1, len(block.header))
    ]
    rest_width = sum(rest) + 3 * len(rest)
    first = min(
        max(cells(r[0]) for r in (block.header, *block.rows)),
        max(WIDTH - block.indent - rest_width, 12),
    )
    out = []
    for row in (block.header, *block.rows):
        # A first cell may start with spaces (a row under a group row): they are kept.
        lead = " " * (len(row[0]) - len(row[0].lstrip(" ")))
        heads = wrap(row[0].lstrip(" "), first, indent=lead, hanging=lead + "  ")
        tail = "".join(
            f"   {cell}{' ' * (w - cells(cell))}" for cell, w in zip(row[1:], rest, strict=True)
        ).rstrip()
        out.append(f"{pad}{heads[0]}{' ' * (first - cells(heads[0]))}{tail}".rstrip())
        out += [pad + h for h in heads[1:]]
    return out


def _block(block: Block) -> list[str]:
    if type(block) is Entry:  # years of them: asked first
        return _entry(block)
    if isinstance(block, Title):
        return [*wrap(block.text), "=" * min(cells(block.text), WIDTH)]
    if isinstance(block, Heading):
        return [*wrap(block.text), "-" * min(cells(block.text), WIDTH)]
    if isinstance(block, Para):
        text = f"{block.lead} {block.text}" if block.lead else block.text
        return wrap(text, indent=" " * block.indent)
    if isinstance(block, Fields):
        width = max(cells(label) for label, _ in block.rows) + 3
        out = []
        for label, value in block.rows:
            lead = f"{label}:" + " " * (width - cells(label) - 1)
            out += wrap(value, indent=lead, hanging=" " * width)
        return out
    if isinstance(block, Bullets):
        pad = " " * block.indent
        return [
            ln for item in block.items for ln in wrap(item, indent=pad + "- ", hanging=pad + "  ")
        ]
    if isinstance(block, Pre):
        return list(block.lines)
    if isinstance(block, Table):
        return _table(block)
    return _entry(block)


def _entry(block: Entry) -> list[str]:
    """The date column beside the items; each item keeps its writer's own line breaks, each of
    its lines wrapped on its own and indented below the label."""
    # A line of plain ASCII that fits is what wrap makes of it, without its set-up: the date
    # and most items (years of entries).
    left: list[str] = []
    for line in block.when:
        if len(line) <= WHEN and line.isascii():
            left.append(" ".join(line.split()))
        else:
            left += wrap(line, WHEN)
    right: list[str] = []
    for label, text in block.items:
        if "\n" not in text:  # one line: most items
            line = f"{label}: {text}"
            if len(line) <= _ROOM and line.isascii():
                right.append(" ".join(line.split()))
            else:
                right += wrap(line, _ROOM, hanging="  ")
            continue
        first, *rest = text.replace("\r\n", "\n").split("\n")
        right += wrap(f"{label}: {first}", _ROOM, hanging="  ")
        for line in rest:
            if line.strip():
                right += wrap(line, _ROOM, indent="  ")
    if len(right) == 1 and left and left[0].isascii():  # the date beside one line, names under it
        head = left[0]
        return [f"{head}{' ' * (_COLUMN - len(head))}{right[0]}".rstrip(), *left[1:]]
    return [
        f"{head}{' ' * (_COLUMN - cells(head))}{body}".rstrip()
        for head, body in zip_longest(left, right, fillvalue="")
    ]


_ROOM = WIDTH - WHEN - 2  # the columns beside an entry's date
_COLUMN = WHEN + 2


def _laid(block: Block, laid_out: dict[Block, list[str]]) -> list[str]:
    """The block's lines, kept in ``laid_out``; a list's items each kept too (the first page is
    laid out with more and fewer of a list's items)."""
    done = laid_out.get(block)
    if done is None:
        if type(block) is Bullets and len(block.items) > 1:
            done = [
                line
                for item in block.items
                for line in _laid(Bullets((item,), block.indent), laid_out)
            ]
        else:
            done = _block(block)
        laid_out[block] = done
    return done


def render(blocks: Sequence[Block], laid_out: dict[Block, list[str]] | None = None) -> str:
    """The blocks as text lines of at most 80 columns, with a blank line between paragraphs.
    ``laid_out`` keeps each block's lines for the next render of the same blocks (the first page
    is laid out several times to find what fits)."""
    lines: list[str] = []
    previous: Block | None = None
    for block in blocks:
        if type(block) is Entry and type(previous) is Entry:  # years of them: the short way
            # (The same as below: attached when both have one line of date.)
            if lines[-1] and not len(block.when) == len(previous.when) == 1:
                lines.append("")
            if laid_out is None:
                lines += _entry(block)
            else:
                done = laid_out.get(block)
                if done is None:
                    done = laid_out[block] = _entry(block)
                lines += done
            previous = block
            continue
        attached = (
            # Entries of one line of date each follow each other; with an observer's name
            # under the date, a blank line keeps each name with its own entry.
            (
                isinstance(block, Entry)
                and isinstance(previous, Entry)
                and len(block.when) == len(previous.when) == 1
            )
            or isinstance(previous, Heading)
            # A paragraph ending in a colon leads into the list or table after it.
            or (
                isinstance(previous, Para)
                and previous.text.endswith(":")
                and isinstance(block, Bullets | Table | Pre | Entry)
            )
        )
        if lines and lines[-1] and not attached:
            lines.append("")
        if laid_out is None:
            lines += _block(block)
        else:
            lines += _laid(block, laid_out)
        previous = block
    return "\n".join(lines).strip("\n").replace("\u00a0", " ") + "\n"
