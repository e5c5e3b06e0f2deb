"""Field paths of the form panes: reading a field of the incident for display, and writing
what the user typed back into it, with a message when the text is not a valid value."""

from __future__ import annotations

import contextlib
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from pydantic import BaseModel, ValidationError

from postmortem_editor.model import Incident, describe_error
from postmortem_editor.timeparse import TimeParseError, parse_time

TIME_FIELDS = {"summary.start", "summary.end"}
LIST_FIELDS = {"authors": ", ", "measures.improvements": "\n"}
NUMBER_FIELDS = {"summary.users_affected_percent"}


class FieldError(ValueError):
    """Text that is not a valid value for its field; the message says what is expected."""


def _owner(incident: Incident, path: str) -> tuple[BaseModel, str]:
    owner: Any = incident
    *parents, name = path.split(".")
    for part in parents:
        owner = owner[int(part)] if part.isdigit() else getattr(owner, part)
    return owner, name


def get_value(incident: Incident, path: str) -> Any:
    """The model value of a field."""
    owner, name = _owner(incident, path)
    return getattr(owner, name)


def set_value(incident: Incident, path: str, value: Any) -> None:
    """Assign a model value (validated by the model); FieldError when it is refused."""
    owner, name = _owner(incident, path)
    try:
        setattr(owner, name, value)
    except ValidationError as error:
        raise FieldError(describe_error(error).split(": ", 1)[-1]) from None


def with_saved_values(incident: Incident, saved: Incident, paths: Iterable[str]) -> Incident:
    """The incident with the fields at ``paths`` as ``saved`` has them (a copy; the incident
    itself when there are none): what a save writes while their text is not a value."""
    paths = list(paths)
    if not paths:
        return incident
    target = incident.model_copy(deep=True)
    for path in paths:
        with contextlib.suppress(FieldError, LookupError, AttributeError):
            set_value(target, path, get_value(saved, path))
    return target


def display(incident: Incident, path: str) -> str:
    """A field's value as the text shown in its input."""
    value = get_value(incident, path)
    if value is None:
        return ""
    if path in TIME_FIELDS:
        return format_time_field(incident, value)
    if path in LIST_FIELDS:
        return LIST_FIELDS[path].join(value)
    if path in NUMBER_FIELDS:
        return f"{value:g}"
    return str(value)


FIELD_NAMES = {
    "title": "Title",
    "status": "Status",
    "severity": "Severity",
    "timezone": "Timezone",
    "timezone_name": "Zone name",
    "authors": "Authors",
    "summary.start": "Start",
    "summary.end": "End",
    "summary.service": "Service",
    "summary.users_affected_percent": "Users affected %",
}
"""The labels of the form's fields, by path, as messages name them."""


def format_time_field(incident: Incident, moment: datetime) -> str:
    """A time as typed in a field: in the incident's timezone, or with its own offset.

    Seconds are shown when the time has them, so that the field shows the whole value.
    """
    timespec = "seconds" if moment.second or moment.microsecond else "minutes"
    if incident.timezone:
        local = incident.local(moment)
        return local.strftime("%Y-%m-%d %H:%M:%S" if timespec == "seconds" else "%Y-%m-%d %H:%M")
    return moment.isoformat(timespec=timespec)


def parse_field(incident: Incident, path: str, text: str) -> Any:
    """The model value for what the user typed; FieldError with a message when it is not one."""
    stripped = text.strip()
    if path in TIME_FIELDS:
        if not stripped:
            return None
        other = incident.summary.end if path == "summary.start" else incident.summary.start
        try:
            return parse_time(stripped, zone=incident.tz(), anchor=other)
        except TimeParseError as error:
            raise FieldError(str(error)) from None
    if path in LIST_FIELDS:
        separator = LIST_FIELDS[path].strip() or "\n"
        return [item.strip() for item in text.split(separator) if item.strip()]
    if path in NUMBER_FIELDS:
        if not stripped:
            return None
        try:
            return float(stripped.rstrip("%"))
        except ValueError:
            raise FieldError("expected a share of users in percent, e.g. 80") from None
    return text
