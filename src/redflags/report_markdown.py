"""Lay summary blocks out as Markdown, with every piece of text escaped so that none of it acts
as markup, a link or HTML."""

from __future__ import annotations

import re
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

# Characters that start emphasis, code, links, HTML, entities, tables or strikethrough anywhere.
_INLINE = re.compile(r"([\\`*_\[\]<>&|~])")
# What turns the start of a line into a heading, list, quote, rule or setext underline.
_LINE_START = re.compile(r"^([#>+=-])")
_NUMBERED = re.compile(r"^(\d+)([.)])(?=\s|$)")


def escape(text: str) -> str:
    """One line of text with every Markdown-active character escaped by a backslash."""
    escaped = _INLINE.sub(r"\\\1", text)
    return _NUMBERED.sub(r"\1\\\2", _LINE_START.sub(r"\\\1", escaped.lstrip()))


def _lines(text: str) -> list[str]:
    return [escape(line) for line in text.replace("\r\n", "\n").split("\n") if line.strip()]


def _block(block: Block) -> list[str]:
    if isinstance(block, Title):
        return [f"# {escape(block.text)}"]
    if isinstance(block, Heading):
        return [f"## {escape(block.text)}"]
    if isinstance(block, Subheading):
        return [f"### {escape(block.text)}"]
    if isinstance(block, Para):
        return [escape(block.text)]
    if isinstance(block, Fields):
        return [f"- **{escape(label)}:** {escape(value)}" for label, value in block.rows]
    if isinstance(block, Bullets):
        return [f"- {escape(item)}" for item in block.items]
    if isinstance(block, Item):
        return [f"**{escape(block.lead)}**", "", *(f"- {escape(line)}" for line in block.lines)]
    if isinstance(block, Pre):
        # A fence longer than any run of backticks inside, so that nothing can close it early.
        longest = max(
            (len(run) for line in block.lines for run in re.findall("`+", line)), default=0
        )
        fence = "`" * max(3, longest + 1)
        return [fence, *block.lines, fence]
    if isinstance(block, Table):
        header = "| " + " | ".join(escape(cell) for cell in block.header) + " |"
        rule = "|" + "|".join("---" for _ in block.header) + "|"
        rows = ["| " + " | ".join(escape(cell) for cell in row) + " |" for row in block.rows]
        return [header, rule, *rows]
    # What is left is a Note: hard line breaks (two trailing spaces) keep the writer's own lines.
    # An indented note belongs to the paragraph before it, so it becomes a list item.
    lead = f"**{escape(block.lead)}**"
    if block.indent:
        return [f"- {lead} " + "  \n  ".join(_lines(block.text))]
    return [f"{lead}  ", "  \n".join(_lines(block.text))]


def render(blocks: Sequence[Block]) -> str:
    """The blocks as a Markdown document, one blank line between blocks."""
    out = ""
    previous: Block | None = None
    for block in blocks:
        if out:
            # Notes of one check-in stay one tight list.
            tight = isinstance(block, Note) and isinstance(previous, Note) and block.indent > 0
            out += "\n" if tight else "\n\n"
        out += "\n".join(_block(block))
        previous = block
    return out + "\n"
