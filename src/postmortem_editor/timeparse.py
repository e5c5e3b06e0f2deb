"""Time entry parsing shared by the command line, the importer and the editor.

People type times the way they write them in a postmortem: ``10:05``, ``10:05 AM``,
``+15m`` after the previous entry, ``2024-02-14 10:05``, an ISO 8601 time with an offset,
or a clock time followed by a zone (``10:00 AM UTC``, ``14:30 (UTC-5)``, ``9:00 EST``).
Imported postmortems add a few more: ``Day 2, 03:15``, ``11th April 2024 8:50 PM`` and a
date after the clock (``10:00 AM UTC, February 14``).
:func:`parse_time` turns them into aware datetimes and never guesses a date or a timezone it
was not given: a clock time needs an anchor (the previous entry or the incident's start) and
a result always carries a UTC offset. :func:`find_times`, :func:`find_date` and
:func:`find_zone` pick times, dates and zones out of running text.

Nothing here does I/O or reads the system clock; "now" is the caller's business.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, timezone, tzinfo
from functools import cached_property
from typing import Any

from postmortem_editor.model import parse_timezone

EXPECTED = "expected 10:05, 10:05 AM, 10:05:30, +15m, +1h30m, 2024-02-14 10:05 or an ISO 8601 time"
"""What a time may look like, as said in error messages."""

ZONE_ABBREVIATIONS: dict[str, timedelta] = {
    "EST": timedelta(hours=-5),
    "EDT": timedelta(hours=-4),
    "CST": timedelta(hours=-6),
    "CDT": timedelta(hours=-5),
    "MST": timedelta(hours=-7),
    "MDT": timedelta(hours=-6),
    "PST": timedelta(hours=-8),
    "PDT": timedelta(hours=-7),
    "CET": timedelta(hours=1),
    "CEST": timedelta(hours=2),
    "BST": timedelta(hours=1),
    "IST": timedelta(hours=5, minutes=30),
}
"""Common zone abbreviations after a clock time, as fixed offsets.

They are ambiguous in the world at large; here CST is US Central, BST British Summer Time
and IST India Standard Time. UTC, GMT and offsets such as UTC-5 go through
:func:`postmortem_editor.model.parse_timezone`, and so do IANA names (America/New_York).
"""

MORE_ZONE_ABBREVIATIONS: dict[str, timedelta] = {
    "EAT": timedelta(hours=3),
    "CAT": timedelta(hours=2),
    "WAT": timedelta(hours=1),
    "SAST": timedelta(hours=2),
    "MSK": timedelta(hours=3),
    "EET": timedelta(hours=2),
    "EEST": timedelta(hours=3),
    "WET": timedelta(0),
    "WEST": timedelta(hours=1),
    "PKT": timedelta(hours=5),
    "SGT": timedelta(hours=8),
    "HKT": timedelta(hours=8),
    "JST": timedelta(hours=9),
    "KST": timedelta(hours=9),
    "AEST": timedelta(hours=10),
    "AEDT": timedelta(hours=11),
    "NZST": timedelta(hours=12),
    "NZDT": timedelta(hours=13),
    "HST": timedelta(hours=-10),
    "AKST": timedelta(hours=-9),
    "AKDT": timedelta(hours=-8),
}
"""More abbreviations, as fixed offsets; read only in capitals, so that "10:05 eat" is no zone."""

ZONE_NAMES: dict[str, str] = {
    "Eastern Time": "America/New_York",
    "Eastern": "America/New_York",
    "ET": "America/New_York",
    "Central Time": "America/Chicago",
    "Central": "America/Chicago",
    "CT": "America/Chicago",
    "Mountain Time": "America/Denver",
    "Mountain": "America/Denver",
    "MT": "America/Denver",
    "Pacific Time": "America/Los_Angeles",
    "Pacific": "America/Los_Angeles",
    "PT": "America/Los_Angeles",
    "East African Time": "+03:00",
    "East Africa Time": "+03:00",
    "Central European Time": "Europe/Paris",
    "Central European Summer Time": "Europe/Paris",
    "Eastern European Time": "Europe/Athens",
    "Western European Time": "Europe/Lisbon",
}
"""Zones named in words, as the timezone they stand for; read only as written here."""

ROLLOVER = timedelta(hours=12)
"""A clock time this much earlier than the previous entry is taken to be on the next day."""

_MONTHS: dict[str, int] = {
    "jan": 1,
    "feb": 2,
    "mar": 3,
    "apr": 4,
    "may": 5,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
    "oct": 10,
    "nov": 11,
    "dec": 12,
}
_MONTH_ABBREVIATIONS = tuple(name.capitalize() for name in _MONTHS)

_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?"
    r"|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
)
MONTH_PATTERN = _MONTH
"""A month's name or abbreviation, as a regular expression (case-insensitive)."""

# A date before the clock: 2024-02-14 (then "T" or spaces), "Feb 14", "February 14, 2024,",
# "11th April 2024", or "Day 2," (counted from the incident's first day).
_DATE = (
    r"(?:(?P<iso_date>\d{4}-\d{2}-\d{2})(?:T|\s+)"
    rf"|(?P<month>{_MONTH})\.?"
    r"\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?(?:,?\s*(?P<year>\d{4}))?,?\s+(?:at\s+)?"
    rf"|(?P<dm_day>\d{{1,2}})(?:st|nd|rd|th)?\s+(?P<dm_month>{_MONTH})\.?,?\s+"
    r"(?P<dm_year>\d{4}),?\s+(?:at\s+)?"
    r"|day\s+(?P<day_number>\d{1,3}),?\s+(?:at\s+)?)"
)
# A date after the clock and its zone: "10:00 AM UTC, February 14", "9 PM on May 3, 2024".
_DATE_AFTER = (
    rf"(?:(?:,\s*|\s+on\s+)(?P<a_month>{_MONTH})\.?\s+(?P<a_day>\d{{1,2}})(?:st|nd|rd|th)?"
    r"(?:,?\s*(?P<a_year>\d{4}))?(?!\d))"
)
# 10:05, 10:05:30, 10:05:30.250, each optionally with AM/PM; or 10 AM. A bare number
# ("3") matches this pattern too and is rejected in code.
_CLOCK = (
    r"(?P<hour>\d{1,2})(?::(?P<minute>\d{2})(?::(?P<second>\d{2})(?:\.(?P<fraction>\d{1,6}))?)?)?"
    r"(?:\s*(?P<meridiem>[ap])\.?\s?m\.?(?![a-z]))?"
)
# An ISO 8601 offset written against the time (Z, +05:30, -0500, -05), only after a
# 2024-02-14 date: "10:05-11:00" is a range, not a time at offset -11:00.
_OFFSET = r"(?(iso_date)(?P<offset>Z|[+-]\d{2}(?::?\d{2})?)?|)"
_IANA = (
    r"(?:Africa|America|Antarctica|Arctic|Asia|Atlantic|Australia|Europe|Indian|Pacific|Etc)"
    r"(?:/[a-z0-9_+-]+)+"
)
# A zone named in words is no zone when another name follows it: "Central" is US Central
# Time, "West Central Africa" and "Central European" are not.
_NOT_A_NAME_GOES_ON = r"(?!\s+(?!Time\b|Standard\b|Daylight\b)[A-Z][a-z])"
_CAPITALS_ONLY = "|".join(
    name.replace(" ", r"\s+") + (_NOT_A_NAME_GOES_ON if name in ZONE_NAMES else "")
    for name in sorted([*MORE_ZONE_ABBREVIATIONS, *ZONE_NAMES], key=len, reverse=True)
)
_ZONE_BODY = (
    r"(?:(?:UTC|GMT)(?:\s*[+-]\d{1,2}(?::?\d{2})?(?!\d))?|Z"
    + "".join(f"|{name}" for name in ZONE_ABBREVIATIONS)
    + rf"|{_IANA}|(?-i:{_CAPITALS_ONLY}))"
)
# A zone word after the time: UTC, UTC-5, GMT+1, EST, America/New_York, each maybe in ().
_ZONE = rf"(?P<zone>\(\s*{_ZONE_BODY}\s*\)|{_ZONE_BODY}(?![a-z0-9/]))"
_ABSOLUTE = rf"(?:{_DATE})?{_CLOCK}{_OFFSET}(?:\s*{_ZONE})?{_DATE_AFTER}?"
_UNIT = r"(?:days?|d|hours?|hrs?|h|minutes?|mins?|m|seconds?|secs?|s)(?![a-z])"  # longest first
_RELATIVE = rf"(?P<sign>[+-])(?P<amount>(?:\d+\s*{_UNIT}\s*)+)"


class _Lazy:
    """A regular expression compiled when first used: the patterns below take a while
    to compile, and most commands (and most editing sessions) never parse a time."""

    def __init__(self, pattern: str, flags: int = 0) -> None:
        self.pattern = pattern
        self.flags = flags

    @cached_property
    def compiled(self) -> re.Pattern[str]:
        """The compiled pattern."""
        return re.compile(self.pattern, self.flags)


_ABSOLUTE_RE = _Lazy(_ABSOLUTE, re.IGNORECASE)
_RELATIVE_RE = _Lazy(_RELATIVE, re.IGNORECASE)
_RELATIVE_PART_RE = _Lazy(r"(\d+)\s*([a-z]+)", re.IGNORECASE)
# What may follow a leading time in a quick-entry line: the end, a space, or a separator
# that is not the start of another number ("10:05-11:00" is not split).
_AFTER_TIME = r"(?=$|\s|[:;,|\-\u2013\u2014](?!\d))"
_LEADING_RE = _Lazy(
    rf"^\s*(?:(?P<relative>{_RELATIVE.replace('?P<', '?P<r_')}){_AFTER_TIME}"
    rf"|(?P<absolute>{_ABSOLUTE}){_AFTER_TIME})",
    re.IGNORECASE,
)
_FIND_RE = _Lazy(rf"(?<![\w:./+-])(?:{_ABSOLUTE})(?!\w|:\d)", re.IGNORECASE)
_FIND_DATE_RE = _Lazy(
    r"(?<![\w-])(?:(?P<iso>\d{4}-\d{2}-\d{2})"
    rf"|(?P<md_month>{_MONTH})\.?\s*(?P<md_day>\d{{1,2}})(?:st|nd|rd|th)?"
    r"(?:\s*[-\u2013]\s*\d{1,2})?,?\s+(?P<md_year>\d{4})"
    rf"|(?P<dm_day>\d{{1,2}})(?:st|nd|rd|th)?\s+(?P<dm_month>{_MONTH})\.?,?\s+"
    r"(?P<dm_year>\d{4}))(?![\w])",
    re.IGNORECASE,
)
_FIND_ZONE_RE = _Lazy(
    r"(?<![\w/])(?:(?:UTC|GMT)(?:\s*[+-]\d{1,2}(?::?\d{2})?(?!\d))?"
    + "".join(f"|{name}" for name in ZONE_ABBREVIATIONS)
    + rf"|(?i:{_IANA})|{_CAPITALS_ONLY})(?![\w/])"
)
_SEPARATOR_RE = _Lazy(r"^\s*(?:[:;,|]|[-\u2013\u2014]+)?\s*")
# A clock time followed by a word that is not a zone we know, for a better error message.
_UNKNOWN_ZONE_RE = _Lazy(
    rf"(?:{_DATE})?{_CLOCK}\s*\(?\s*(?P<word>[a-z][\w/+:-]*)\s*\)?", re.IGNORECASE
)


class TimeParseError(ValueError):
    """A time entry that could not be read; the message says what was expected."""


@dataclass(frozen=True)
class _Clock:
    """The fields of a clock time, checked for range."""

    hour: int
    minute: int
    second: int
    microsecond: int

    def as_time(self) -> time:
        return time(self.hour, self.minute, self.second, self.microsecond)


def parse_time(
    text: str,
    *,
    zone: tzinfo | None,
    anchor: datetime | None,
    previous: datetime | None = None,
) -> datetime:
    """Read a typed time as an aware datetime.

    ``zone`` is the incident's timezone (None when it has none); ``anchor`` gives the date
    of a clock time when there is no ``previous`` entry (typically the incident's start, or
    the current time during a live incident); ``previous`` is the time of the entry before.

    - ``10:05``, ``10:05 AM``, ``10:05:30``, ``10 PM``: on the date of ``previous``, else of
      ``anchor``, both seen in the clock's zone. A clock time more than twelve hours earlier
      than ``previous`` is on the next day (a timeline over midnight).
    - A zone after the clock (``10:00 AM UTC``, ``14:30 (UTC-5)``, ``9:00 EST``) is used
      instead of ``zone``; with neither, the offset of ``previous`` / ``anchor`` is used.
    - ``+15m``, ``-5m``, ``+1h30m``, ``+2h``, ``+45s``, ``+1d``: counted from ``previous``,
      else from ``anchor``, in elapsed time.
    - ``2024-02-14 10:05``, ``2024-02-14T10:05``, ``Feb 14, 2024, 10:05 AM`` (a date
      without a year takes the year of ``previous`` / ``anchor``): in ``zone``, or in the
      zone or ISO 8601 offset written with it (``2024-02-14T10:05:00-05:00``, ``...Z``),
      which the result keeps.

    Raises TimeParseError when the text is not a time, a value is out of range, or there is
    no date to anchor a clock time to, nothing to count a relative time from, or no timezone
    for a date and time. A naive ``previous`` / ``anchor`` is taken to be in ``zone``.
    """
    raw = text.strip()
    if not raw:
        raise TimeParseError(f"no time given: {EXPECTED}")
    relative = _RELATIVE_RE.compiled.fullmatch(raw)
    if relative:
        return _parse_relative(raw, relative, zone=zone, anchor=anchor, previous=previous)
    absolute = _ABSOLUTE_RE.compiled.fullmatch(raw)
    if absolute is None:
        raise TimeParseError(_unknown_zone(raw) or _unreadable(raw))
    return _parse_absolute(raw, absolute, zone=zone, anchor=anchor, previous=previous)


def split_leading_time(line: str) -> tuple[str | None, str]:
    """Split a leading time expression from the rest of a quick-entry line.

    ``"12:10 escalated to the database team"`` gives ``("12:10", "escalated to the
    database team")``; ``"+5m paged the DBA"`` gives ``("+5m", "paged the DBA")``; a
    separator after the time (``:``, ``-``, an en or em dash, ``,``, ``;``, ``|``) is
    dropped; a line that does not start with a time gives ``(None, line)``. Both parts
    are stripped.

    The split is by shape: ``10:05``, ``10 AM``, ``+15m`` or a dated time start a line as a
    time, a bare number ("3 servers down") does not. The time part may still be out of
    range ("25:00"); pass it to :func:`parse_time`, which says what is wrong.
    """
    match = _LEADING_RE.compiled.match(line)
    if match is None:
        return None, line.strip()
    if match.group("absolute") and not match.group("minute") and not match.group("meridiem"):
        return None, line.strip()
    rest = _SEPARATOR_RE.compiled.sub("", line[match.end() :], count=1)
    return (match.group("relative") or match.group("absolute")).strip(), rest.strip()


@dataclass(frozen=True)
class FoundTime:
    """A time written in running text: where it is, and what it says."""

    text: str
    """The time as written, e.g. "June 5, 2024, 10:00 AM (UTC)"; readable by :func:`parse_time`."""
    start: int
    """Where it starts in the text."""
    end: int
    """Where it ends in the text."""
    zone: str | None
    """The zone written with it ("UTC", "(UTC-5)", "EST"), or None."""
    dated: bool
    """Whether a date is written with it."""


def find_times(text: str) -> list[FoundTime]:
    """The clock times in running text, in order, each with the date and zone written with it.

    ``"February 14, 2024, from 10:00 AM to 12:30 PM (UTC-5)"`` gives "10:00 AM" and
    "12:30 PM (UTC-5)"; a bare number ("3 servers", "10 hrs") is no time.
    """
    found = []
    for match in _FIND_RE.compiled.finditer(text):
        if match.group("minute") is None and match.group("meridiem") is None:
            continue
        dated = any(
            match.group(name) for name in ("iso_date", "month", "dm_month", "day_number", "a_month")
        )
        found.append(
            FoundTime(
                text=match.group(0),
                start=match.start(),
                end=match.end(),
                zone=match.group("zone") or match.group("offset"),
                dated=dated,
            )
        )
    return found


def find_date(text: str) -> date | None:
    """The first full date (with its year) in running text, or None.

    Reads ``2024-02-14``, ``February 14, 2024``, ``Feb 14 2024``, ``14th February 2024`` and
    the first day of a range such as ``January 14-19, 2026``.
    """
    for match in _FIND_DATE_RE.compiled.finditer(text):
        try:
            if match.group("iso"):
                return date.fromisoformat(match.group("iso"))
            if match.group("md_month"):
                month, day, year = match.group("md_month", "md_day", "md_year")
            else:
                month, day, year = match.group("dm_month", "dm_day", "dm_year")
            return date(int(year), _MONTHS[month[:3].lower()], int(day))
        except ValueError:
            continue
    return None


def find_zone(text: str) -> str | None:
    """The first timezone written in running text, as written ("UTC-5", "PST"), or None.

    Abbreviations count only in capitals, so that the words of a sentence are not taken
    for zones.
    """
    match = _FIND_ZONE_RE.compiled.search(text)
    return match.group(0) if match else None


def zone_of(word: str) -> tzinfo:
    """The tzinfo of a zone as written after a time ("UTC-5", "(UTC)", "EST", "Eastern").

    Raises TimeParseError for a zone this module does not know.
    """
    return _zone_from_word(word, word)


def format_clock(
    moment: datetime, zone: tzinfo | None, *, with_date: bool = False, clock: str = "12h"
) -> str:
    """A time as the postmortems write it: ``"10:05 AM"``, or ``"Feb 14, 10:05 AM"`` with the date.

    On the ``"24h"`` clock the time is ``"14:05"`` (two digits for the hour).

    The time is shown in ``zone`` (in its own offset when ``zone`` is None; a naive time is
    taken to be in ``zone`` already). Seconds are not shown. The result reads back with
    :func:`parse_time` given an anchor on the same day (and year, with the date).
    """
    if zone is not None:
        local = moment.replace(tzinfo=zone) if moment.tzinfo is None else moment.astimezone(zone)
    else:
        local = moment
    if clock == "24h":
        shown = f"{local.hour:02d}:{local.minute:02d}"
    else:
        hour = local.hour % 12 or 12
        meridiem = "AM" if local.hour < 12 else "PM"
        shown = f"{hour}:{local.minute:02d} {meridiem}"
    if with_date:
        return f"{_MONTH_ABBREVIATIONS[local.month - 1]} {local.day}, {shown}"
    return shown


def _unreadable(raw: str) -> str:
    return f"could not read {raw!r} as a time: {EXPECTED}"


def _parse_relative(
    raw: str,
    match: re.Match[str],
    *,
    zone: tzinfo | None,
    anchor: datetime | None,
    previous: datetime | None,
) -> datetime:
    reference = previous if previous is not None else anchor
    if reference is None:
        raise TimeParseError(
            f"nothing to count {raw!r} from: there is no earlier entry or start time; "
            "write a time such as 10:05 or 2024-02-14 10:05"
        )
    reference = _aware_reference(raw, reference, zone)
    delta = timedelta()
    for amount, unit in _RELATIVE_PART_RE.compiled.findall(match.group("amount")):
        delta += _duration(raw, int(amount), unit.lower())
    if match.group("sign") == "-":
        delta = -delta
    shown_in = zone if zone is not None else reference.tzinfo
    try:
        return (reference.astimezone(UTC) + delta).astimezone(shown_in)
    except (OverflowError, ValueError) as error:
        raise TimeParseError(f"{raw!r} goes outside the calendar") from error


def _duration(raw: str, amount: int, unit: str) -> timedelta:
    try:
        if unit.startswith("d"):
            return timedelta(days=amount)
        if unit.startswith("h"):
            return timedelta(hours=amount)
        if unit.startswith("m"):
            return timedelta(minutes=amount)
        return timedelta(seconds=amount)
    except OverflowError as error:
        raise TimeParseError(f"{raw!r} is too long a time to count") from error


def _parse_absolute(
    raw: str,
    match: re.Match[str],
    *,
    zone: tzinfo | None,
    anchor: datetime | None,
    previous: datetime | None,
) -> datetime:
    clock = _clock(raw, match)
    explicit = _explicit_zone(raw, match)
    target = explicit if explicit is not None else zone
    reference = previous if previous is not None else anchor

    day: date | None = None
    if match.group("iso_date"):
        try:
            day = date.fromisoformat(match.group("iso_date"))
        except ValueError as error:
            raise TimeParseError(f"could not read {raw!r} as a time: no such date") from error
    elif match.group("month"):
        day = _month_day(raw, match.group("month", "day", "year"), reference, target)
    elif match.group("dm_month"):
        day = _month_day(raw, match.group("dm_month", "dm_day", "dm_year"), reference, target)
    elif match.group("day_number"):
        day, target = _numbered_day(raw, int(match.group("day_number")), anchor, zone, target)
    if match.group("a_month"):
        if day is not None:
            raise TimeParseError(f"{raw!r} has two dates: write only one")
        day = _month_day(raw, match.group("a_month", "a_day", "a_year"), reference, target)

    if day is not None:
        if target is None:
            raise TimeParseError(
                f"{raw!r} has no timezone: add an offset (2024-02-14T10:05-05:00) or a zone "
                "(2024-02-14 10:05 UTC), or set the incident's timezone"
            )
        return datetime.combine(day, clock.as_time(), tzinfo=target)

    if reference is None:
        raise TimeParseError(
            f"no date to anchor {raw!r} to: write a full date and time such as 2024-02-14 10:05"
        )
    naive_zone = zone if zone is not None else target
    reference = _aware_reference(raw, reference, naive_zone)
    if target is None:
        target = reference.tzinfo
    try:
        local_day = reference.astimezone(target).date()
        result = datetime.combine(local_day, clock.as_time(), tzinfo=target)
        if previous is not None:
            earliest = _aware_reference(raw, previous, naive_zone) - ROLLOVER
            if result < earliest:
                next_day = local_day + timedelta(days=1)
                result = datetime.combine(next_day, clock.as_time(), tzinfo=target)
    except OverflowError as error:
        raise TimeParseError(f"{raw!r} goes outside the calendar") from error
    return result


def _clock(raw: str, match: re.Match[str]) -> _Clock:
    minute_text, meridiem = match.group("minute"), match.group("meridiem")
    if minute_text is None and meridiem is None:
        raise TimeParseError(_unreadable(raw))
    hour = int(match.group("hour"))
    minute = int(minute_text or 0)
    second = int(match.group("second") or 0)
    microsecond = int((match.group("fraction") or "0").ljust(6, "0"))
    if meridiem is not None:
        if not 1 <= hour <= 12:
            raise TimeParseError(
                f"could not read {raw!r} as a time: with AM or PM the hour is 1 to 12"
            )
        hour = hour % 12 + (12 if meridiem.lower() == "p" else 0)
    elif hour > 23:
        raise TimeParseError(f"could not read {raw!r} as a time: the hour is 0 to 23")
    if minute > 59:
        raise TimeParseError(f"could not read {raw!r} as a time: the minutes are 00 to 59")
    if second > 59:
        raise TimeParseError(f"could not read {raw!r} as a time: the seconds are 00 to 59")
    return _Clock(hour, minute, second, microsecond)


def _explicit_zone(raw: str, match: re.Match[str]) -> tzinfo | None:
    offset, word = match.group("offset"), match.group("zone")
    if offset is not None and word is not None:
        raise TimeParseError(f"{raw!r} has both an offset and a zone: write only one")
    if offset is not None:
        return _zone_from_word(raw, offset)
    if word is not None:
        return _zone_from_word(raw, word)
    return None


def _zone_from_word(raw: str, word: str) -> tzinfo:
    spaced = " ".join(word.strip("() \t").split())
    if spaced in ZONE_NAMES:
        return parse_timezone(ZONE_NAMES[spaced])
    if spaced in MORE_ZONE_ABBREVIATIONS:
        return timezone(MORE_ZONE_ABBREVIATIONS[spaced], spaced)
    name = spaced.replace(" ", "")
    upper = name.upper()
    if upper in ZONE_ABBREVIATIONS:
        return timezone(ZONE_ABBREVIATIONS[upper], upper)
    try:
        return parse_timezone(name)
    except (ValueError, OSError) as error:
        raise TimeParseError(f"unknown timezone {name!r} in {raw!r}: {error}") from error


def _month_day(
    raw: str,
    parts: tuple[Any, ...],
    reference: datetime | None,
    target: tzinfo | None,
) -> date:
    """The date of (month name, day, year or None), the year taken from the reference if absent."""
    month_name, day_text, year_text = parts
    if year_text:
        year = int(year_text)
    elif reference is not None:
        local = reference
        if reference.tzinfo is not None and target is not None:
            local = reference.astimezone(target)
        year = local.year
    else:
        raise TimeParseError(
            f"no year for {raw!r}: write the year (Feb 14, 2024, 10:05 AM) "
            "or a full date such as 2024-02-14 10:05"
        )
    month = _MONTHS[month_name[:3].lower()]
    try:
        return date(year, month, int(day_text))
    except ValueError as error:
        raise TimeParseError(f"could not read {raw!r} as a time: no such date") from error


def _numbered_day(
    raw: str, number: int, anchor: datetime | None, zone: tzinfo | None, target: tzinfo | None
) -> tuple[date, tzinfo | None]:
    """The date of "Day N" (Day 1 is the anchor's day) and the zone it is read in."""
    if number < 1:
        raise TimeParseError(f"could not read {raw!r} as a time: days are counted from Day 1")
    if anchor is None:
        raise TimeParseError(
            f"no first day to count {raw!r} from: set the incident's start, or write a date "
            "such as 2024-02-14 10:05"
        )
    first = _aware_reference(raw, anchor, zone if zone is not None else target)
    shown_in = target if target is not None else first.tzinfo
    return first.astimezone(shown_in).date() + timedelta(days=number - 1), shown_in


def _aware_reference(raw: str, reference: datetime, zone: tzinfo | None) -> datetime:
    if reference.utcoffset() is not None:
        return reference
    if zone is None:
        raise TimeParseError(
            f"{raw!r} has no timezone: the time it is counted from has none either; "
            "set the incident's timezone or write a zone (10:05 UTC)"
        )
    return reference.replace(tzinfo=zone)


def _unknown_zone(raw: str) -> str | None:
    """For a clock time followed by a word that is no zone we know ("10:00 XYZ"), the message."""
    match = _UNKNOWN_ZONE_RE.compiled.fullmatch(raw)
    if match is None or (match.group("minute") is None and match.group("meridiem") is None):
        return None
    return (
        f"unknown timezone {match.group('word')!r} in {raw!r}: expected UTC, UTC-5, GMT+1, "
        "an abbreviation such as EST or CET, or an IANA name such as America/New_York"
    )
