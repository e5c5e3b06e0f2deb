"""The Textual editor of `postmortem edit`."""
