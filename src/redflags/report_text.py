"""Lay summary blocks out as plain text, at most 80 columns a line, ready to print."""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence

from redflags.report_blocks import (
    Block,
    Bullets,
    Fields,
    Heading,
    Item,
    Note,
    Para,
    Pre,
    Subheading,
    Table,
    Title,
)

WIDTH = 80


def cells(text: str) -> int:
    """How many terminal columns the text takes: wide East Asian characters two, combining none."""
    if text.isascii():
        return len(text)
    total = 0
    for char in text:
        if unicodedata.combining(char) or unicodedata.category(char) in ("Mn", "Me", "Cf"):
            continue
        total += 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1
    return total


def _cut(word: str, room: int) -> tuple[str, str]:
    """The longest head of the word that fits in ``room`` columns (at least one character)."""
    used = 0
    for i, char in enumerate(word):
        used += cells(char)
        if used > room and i > 0:
            return word[:i], word[i:]
    return word, ""


def wrap(text: str, width: int = WIDTH, indent: str = "", hanging: str | None = None) -> list[str]:
    """Wrap one paragraph by words to ``width`` columns; words too long for a line are cut."""
    later = indent if hanging is None else hanging
    lines: list[str] = []
    words: list[str] = []
    prefix, room, used = indent, width - cells(indent), 0
    for word in text.replace("\t", " ").split():
        size = cells(word)
        while word:
            if words and used + 1 + size > room:
                lines.append(prefix + " ".join(words))
                words, prefix, room, used = [], later, width - cells(later), 0
            elif not words and size > room:
                head, word = _cut(word, room)
                size = cells(word)
                lines.append(prefix + head)
                prefix, room = later, width - cells(later)
            else:
                used += size + (1 if words else 0)
                words.append(word)
                word = ""
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
        heads = wrap(row[0], first)
        tail = "".join(
            f"   {cell}{' ' * (w - cells(cell))}" for cell, w in zip(row[1:], rest, strict=True)
        ).rstrip()
        out.append(f"{pad}{heads[0]}{' ' * (first - cells(heads[0]))}{tail}".rstrip())
        out += [pad + h for h in heads[1:]]
    return out


def _block(block: Block) -> list[str]:
    if isinstance(block, Title):
        return [*wrap(block.text), "=" * min(cells(block.text), WIDTH)]
    if isinstance(block, Heading):
        return ["", *wrap(block.text), "-" * min(cells(block.text), WIDTH)]
    if isinstance(block, Subheading):
        return [*wrap(block.text), "~" * min(cells(block.text), WIDTH)]
    if isinstance(block, Para):
        return wrap(block.text, indent=" " * block.indent)
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
    if isinstance(block, Item):
        pad = " " * block.indent
        out = wrap(block.lead, indent=pad)
        for line in block.lines:
            out += wrap(line, indent=pad + "  - ", hanging=pad + "    ")
        return out
    if isinstance(block, Pre):
        return list(block.lines)
    if isinstance(block, Table):
        return _table(block)
    # A note keeps its writer's own line breaks; each of its lines is wrapped on its own, the
    # first after the lead, the others indented below it.
    pad = " " * block.indent
    first, *rest = block.text.replace("\r\n", "\n").split("\n")
    out = wrap(f"{block.lead} {first}", indent=pad, hanging=pad + "    ")
    for line in rest:
        out += wrap(line, indent=pad + "    ")
    return out


def render(blocks: Sequence[Block]) -> str:
    """The blocks as text lines of at most 80 columns, with a blank line between paragraphs."""
    lines: list[str] = []
    previous: Block | None = None
    for block in blocks:
        attached = (isinstance(block, Note) and block.indent > 0) or isinstance(
            previous, Heading | Subheading
        )
        if lines and lines[-1] and not attached:
            lines.append("")
        lines += _block(block)
        previous = block
    return "\n".join(lines).strip("\n") + "\n"
