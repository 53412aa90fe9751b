"""Small pieces of plain English used in every output."""

from __future__ import annotations


def counted(count: int, noun: str, nouns: str | None = None) -> str:
    """A number with its noun in the right form: '1 check-in', '0 check-ins', '3 check-ins'."""
    return f"{count} {noun if count == 1 else (nouns or noun + 's')}"
