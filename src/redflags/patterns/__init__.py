"""Pure summaries of compact check-in marks."""
