"""Asking why a check-in is deleted or restored: the reason is kept with the record."""

from __future__ import annotations

from redflags.model import CheckIn
from redflags.store import Store
from redflags.tui.dialogs.text_prompt import TextPrompt


def delete_prompt(store: Store, checkin_id: str) -> TextPrompt[CheckIn]:
    """Ask for a reason, then mark the check-in deleted."""
    return TextPrompt(
        title="Delete this check-in?",
        explanation="It is not erased: it stays in the history, marked deleted, and you can "
        "restore it at any time. Please write a short reason; it is kept with the record.",
        confirm="Delete",
        act=lambda reason: store.delete_checkin(checkin_id, reason),
        placeholder="for example: entered for the wrong person",
    )


def restore_prompt(store: Store, checkin_id: str) -> TextPrompt[CheckIn]:
    """Ask for a reason, then bring a deleted check-in back."""
    return TextPrompt(
        title="Restore this check-in?",
        explanation="It will count again in the history and in summaries. "
        "Please write a short reason; it is kept with the record.",
        confirm="Restore",
        act=lambda reason: store.restore_checkin(checkin_id, reason),
        placeholder="for example: deleted by mistake",
    )
