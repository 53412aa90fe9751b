"""Free text made safe to show: nothing a person typed can reach a terminal as a control sequence.

Stored text is never changed; these functions are applied when text is shown or exported. Every
character that could drive a terminal or change how a line reads is named once, in ``UNSAFE``:
C0 controls but tab and newline, DEL, C1 controls (U+009B is a CSI to xterm), the bidirectional
marks, embeddings, overrides and isolates, the Unicode line and paragraph separators, and lone
surrogates (how Python holds bytes of a file name that are not UTF-8: they cannot be written as text).
"""

from __future__ import annotations

import re
from typing import Any

UNSAFE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069"
    "\ud800-\udfff]"
)
# Drawn on one line, tab and newline move the cursor too.
_LAYOUT = ("\t", "\n")


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def printable(text: str) -> str:
    """Text with every unsafe character written out visibly (``\\x1b``); newlines and tabs kept.
    Applying it twice changes nothing more: what it writes is safe."""
    return UNSAFE.sub(_escape, text)


def one_line(text: str) -> str:
    """Like printable, on one line: a line break shows as ``↵``, a tab as a space."""
    return printable(text.replace("\r\n", "\n").replace("\n", " ↵ ").replace("\t", " "))


def first_unsafe(text: str) -> str | None:
    """The first unsafe character of ``text``, written out visibly, or None when there is none."""
    found = UNSAFE.search(text)
    return _escape(found) if found else None


def has_controls(text: str) -> bool:
    """Whether drawing ``text`` on one line would send a control character (tab and newline
    included)."""
    return UNSAFE.search(text) is not None or any(c in text for c in _LAYOUT)


def without_controls(text: str) -> str:
    """``text`` with every unsafe character, tab and newline left out (for drawing one line)."""
    for layout in _LAYOUT:
        text = text.replace(layout, "")
    return UNSAFE.sub("", text)


def json_escaped(document: str) -> str:
    """A JSON document with every unsafe character inside its strings written as a ``\\u``
    escape: it reads back exactly the same, and shows safely."""
    # Outside strings JSON holds only ASCII punctuation, digits, letters, spaces and the
    # newlines of indentation: every unsafe character found is inside a string.
    return UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", document)


def dumps(
    value: Any, *, indent: int | None = None, sort_keys: bool = False, ascii_only: bool = False
) -> str:
    """``value`` as JSON with every unsafe character escaped; readable (other characters as they
    are) unless ``ascii_only``, which escapes everything beyond ASCII too."""
    import json  # on first use: the app's first screen shows no JSON

    text = json.dumps(value, ensure_ascii=ascii_only, indent=indent, sort_keys=sort_keys)
    return json_escaped(text)
