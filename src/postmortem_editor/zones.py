"""The words people write for timezones, and the incident timezone each stands for.

A postmortem names its zone the way its author's clock did: "CET", "EDT", "Eastern",
"(UTC-5)". An incident's ``timezone`` is a setting this program can compute with (an IANA
name, "UTC" or an offset): :func:`zone_setting` turns a written zone into one. An incident
may also keep the author's word (``timezone_name``); :func:`names_zone` says whether that
word still names the incident's timezone, so that a word read with one zone is never shown
for another.
"""

from __future__ import annotations

import re
from datetime import timedelta, timezone

from postmortem_editor.model import parse_timezone
from postmortem_editor.timeparse import MORE_ZONE_ABBREVIATIONS, ZONE_ABBREVIATIONS, ZONE_NAMES

ZONE_REGIONS: dict[str, str] = {
    "PST": "America/Los_Angeles",
    "PDT": "America/Los_Angeles",
    "MST": "America/Denver",
    "MDT": "America/Denver",
    "CST": "America/Chicago",
    "CDT": "America/Chicago",
    "EST": "America/New_York",
    "EDT": "America/New_York",
    "CET": "Europe/Paris",
    "CEST": "Europe/Paris",
    "BST": "Europe/London",
    "EET": "Europe/Athens",
    "EEST": "Europe/Athens",
    "WET": "Europe/Lisbon",
    "WEST": "Europe/Lisbon",
    "AEST": "Australia/Sydney",
    "AEDT": "Australia/Sydney",
    "NZST": "Pacific/Auckland",
    "NZDT": "Pacific/Auckland",
}
"""Abbreviations of zones with summer time and the region they name: the offset then
follows the date, so a September incident written in "PST" is at UTC-7 (PDT), as the
writer's clock was. Zones without summer time (EAT, IST) stay fixed offsets."""

_WORDS = re.compile(r"[A-Za-z]{2,}(?: [A-Za-z]+)*")


def zone_setting(written: str) -> str:
    """An incident's timezone for a zone as written: "(UTC-5)" -> "UTC-5", "PST" -> "UTC-8".

    UTC, GMT, offsets and IANA names are kept as written; abbreviations of a region
    ("PST", "CEST", "EAT") become its IANA name, so that the offset is right for the date;
    other abbreviations become the fixed offset they stand for; zones named in words
    ("Eastern") become their IANA name. Raises ValueError for a zone it cannot read.
    """
    text = " ".join(written.strip().strip("()").split())
    if text.upper() in ZONE_REGIONS:
        return ZONE_REGIONS[text.upper()]
    if text in ZONE_NAMES:
        named = ZONE_NAMES[text]
        if "/" in named:
            return named
        offset = parse_timezone(named).utcoffset(None)
        return _offset_name(offset or timedelta(0))
    offset = MORE_ZONE_ABBREVIATIONS.get(text) or ZONE_ABBREVIATIONS.get(text.upper())
    if offset is not None:
        return _offset_name(offset)
    compact = text.replace(" ", "")
    if compact.upper() == "Z":
        return "UTC"
    parse_timezone(compact)  # raises ValueError for what it cannot read
    return compact


def _offset_name(offset: timedelta) -> str:
    minutes = int(offset.total_seconds() // 60)
    if minutes == 0:
        return "UTC"
    sign = "+" if minutes > 0 else "-"
    hours, rest = divmod(abs(minutes), 60)
    return f"UTC{sign}{hours}" + (f":{rest:02d}" if rest else "")


def author_zone_name(written: str) -> str:
    """The author's word for a zone, worth keeping beside its setting: "CET", "Eastern",
    "East Africa Time"; "" for a zone whose setting already reads as written ("UTC",
    "GMT", "UTC-5"), an offset, or a zone this program does not know."""
    text = " ".join(written.strip().strip("()").split())
    if not _WORDS.fullmatch(text):
        return ""
    try:
        setting = zone_setting(text)
    except ValueError:
        return ""
    return "" if setting == text else text


def names_zone(name: str, setting: str) -> bool:
    """Whether a word for a zone ("CET") stands for an incident's timezone setting
    ("Europe/Paris").

    A word stands for the setting :func:`zone_setting` makes of it, and an abbreviation
    also for the fixed offset it means ("EST" for "UTC-5", "GMT" for "UTC"), so that "CET"
    read with Europe/Paris is not shown once the timezone is America/New_York.
    """
    text = " ".join(name.strip().strip("()").split())
    if not text or not setting:
        return False
    try:
        if zone_setting(text) == setting:
            return True
        fixed = parse_timezone(setting)
        if not isinstance(fixed, timezone):
            return False
        meant = MORE_ZONE_ABBREVIATIONS.get(text, ZONE_ABBREVIATIONS.get(text.upper()))
        if meant is None:
            own = parse_timezone(zone_setting(text))
            meant = own.utcoffset(None) if isinstance(own, timezone) else None
        return meant == fixed.utcoffset(None)
    except ValueError:
        return False
