"""The check-in walk-through, a page a module."""
