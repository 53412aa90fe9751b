"""Small pieces of plain English used in every output."""

from __future__ import annotations


def plural(count: int, singular: str, many: str | None = None) -> str:
    """'1 check-in', '2 check-ins', '0 check-ins'."""
    word = singular if count == 1 else (many or singular + "s")
    return f"{count} {word}"
