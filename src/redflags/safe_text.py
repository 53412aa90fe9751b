"""Free text made safe to show: nothing a person typed can reach a terminal as a control sequence.

Stored text is never changed; these functions are applied when text is shown or exported.
"""

from __future__ import annotations

import re

# C0 controls except tab and newline, DEL, C1 controls, and the bidirectional embedding, override and
# isolate marks (they can make a line read differently from what it holds).
_UNSAFE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def printable(text: str) -> str:
    """Text with every control character written out visibly (``\\x1b``); newlines and tabs kept."""
    return _UNSAFE.sub(_escape, text)


def one_line(text: str) -> str:
    """Like printable, on one line: a line break shows as ``↵``, a tab as a space."""
    return printable(text.replace("\r\n", "\n").replace("\n", " ↵ ").replace("\t", " "))
