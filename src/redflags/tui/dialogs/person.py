"""Adding, renaming and archiving a person: the dialogs and the words in them."""

from __future__ import annotations

from rich.text import Text

from redflags.safe_text import one_line, printable
from redflags.store import Store
from redflags.terms import NAME_MAX, Person
from redflags.tui.dialogs.confirm import ConfirmDialog
from redflags.tui.dialogs.text_prompt import TextPrompt


def add_person_prompt(store: Store) -> TextPrompt[Person]:
    """Ask for the name of a new person and add them."""
    return TextPrompt(
        title="Add a person",
        explanation="A first name, a nickname or initials is enough. It stays on this computer.",
        confirm="Add",
        act=store.add_person,
        placeholder="for example: Sam, or S.",
        max_length=NAME_MAX,  # the store's own limit: the field stops where it would refuse
    )


def rename_person_prompt(store: Store, person: Person) -> TextPrompt[Person]:
    """Ask for a person's new name and rename them; their check-ins follow."""
    # A stored name holding control characters is shown escaped; putting that escaped form into the
    # field would quietly change the name if saved unedited, so the field then starts empty.
    shown_exactly = printable(person.name) == person.name and "\n" not in person.name
    return TextPrompt(
        title="Rename",
        explanation=Text.assemble(
            "Now called: ",
            (one_line(person.name), "bold"),
            "\nTheir check-ins keep going with the new name.",
        ),
        confirm="Rename",
        act=lambda new: store.rename_person(person.name, new),
        initial=person.name if shown_exactly else "",
        max_length=NAME_MAX,  # the store's own limit: the field stops where it would refuse
    )


def archive_dialog(person: Person) -> ConfirmDialog:
    """Ask before archiving someone (or bringing them back)."""
    name = one_line(person.name)
    if person.archived:
        return ConfirmDialog(
            title="Bring back to the list?",
            explanation=Text.assemble(
                (name, "bold"), " will show in the list of people again, with all their check-ins."
            ),
            confirm="Bring back",
        )
    return ConfirmDialog(
        title="Archive this person?",
        explanation=Text.assemble(
            (name, "bold"),
            " will be hidden from the list. Nothing is deleted: every check-in is kept, "
            "and you can bring them back at any time (press v on the people list to show "
            "archived people).",
        ),
        confirm="Archive",
    )
