"""postmortem-editor: write incident postmortems in the terminal."""

__version__ = "0.1.0"
