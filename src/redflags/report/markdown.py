"""Lay summary blocks out as Markdown, with every piece of text escaped so that none of it acts
as markup, a link or HTML."""

from __future__ import annotations

import re
from collections.abc import Sequence

from redflags.report.blocks import (
    Block,
    Bullets,
    Fields,
    Heading,
    Para,
    Pre,
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
    if isinstance(block, Para):
        lead = f"**{escape(block.lead)}** " if block.lead else ""
        return [lead + escape(block.text)]
    if isinstance(block, Fields):
        return [f"- **{escape(label)}:** {escape(value)}" for label, value in block.rows]
    if isinstance(block, Bullets):
        return [f"- {escape(item)}" for item in block.items]
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
        # When some rows sit under group rows (their first cell starts with spaces), the group
        # rows are set in bold.
        grouped = any(row[0].startswith(" ") for row in block.rows)
        rows = [
            "| "
            + " | ".join(
                f"**{escape(cell)}**"
                if grouped and i == 0 and not cell.startswith(" ")
                else escape(cell)
                for i, cell in enumerate(row)
            )
            + " |"
            for row in block.rows
        ]
        return [header, rule, *rows]
    # What is left is an Entry: hard line breaks (two trailing spaces) keep the writer's own lines.
    lines = [f"**{escape(', '.join(block.when))}**"]
    for label, text in block.items:
        first, *rest = _lines(text) or [""]
        lines.append(f"{escape(label)}: {first}".rstrip())
        lines += rest
    return ["  \n".join(lines)]


def render(blocks: Sequence[Block]) -> str:
    """The blocks as a Markdown document, one blank line between blocks. The no-break spaces
    that hold "3 of 10" together when text is wrapped are plain spaces here, as in text."""
    document = "\n\n".join("\n".join(_block(block)) for block in blocks)
    return document.replace("\u00a0", " ") + "\n"
