"""Typed lines -> timeline entries: "12:10 escalated to the database team #escalation".

Shared by the editor's quick-entry line, `postmortem add` and anything else that takes
entries as text. A line is never refused for its time: the time at the start is optional
(none means now, for live scribing); a time that cannot be read is never replaced by
another, the entry is kept without a time and says which words were not read. The kind
is suggested from the words unless a ``#kind`` word names it.

A clock time ("14:05") names no day; it is anchored to the day the person means: inside
the incident's window when it has a start, next to the neighbouring entries when it has
none, and otherwise the most recent such time (never hours in the future).

:func:`parse_block` reads a pasted block of lines, chat copies included, one entry per
line, the speaker kept as the entry's ``by``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta, tzinfo

from postmortem_editor.kinds import suggest_kind
from postmortem_editor.model import Incident, Kind, TimelineEntry
from postmortem_editor.timeparse import TimeParseError, parse_time, split_leading_time

_KIND_TAG = re.compile(r"(?:^|(?<=\s))#([a-z]+)\b", re.IGNORECASE)

FUTURE_SLACK = timedelta(hours=1)
"""With no start set, a clock time is not put more than this far after now."""

_MONTH_ABBREVIATIONS = "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split()  # noqa: SIM905

# Where a leading time ends: the end of the line, a space, or a separator.
_END = r"(?=$|\s|[,;:|\-\u2013\u2014](?!\d))"
_DAY_WORD = re.compile(r"^(?P<word>yesterday|today)\b,?\s*(?:at\s+)?", re.IGNORECASE)
_MONTH_DAY = re.compile(r"^(?P<month>\d{1,2})/(?P<day>\d{1,2})(?:,?\s+(?:at\s+)?)")
_FOUR_DIGITS = re.compile(r"^(?P<hour>\d{2})(?P<minute>\d{2})(?=\s+\S)")
_H_CLOCK = re.compile(rf"^(?P<hour>\d{{1,2}})h(?P<minute>\d{{2}}){_END}", re.IGNORECASE)
# Shapes that are meant as a time but cannot be read: 14;22, 14.22, 14,22, 25:00, 14:7,
# 13 PM, T+10, +10 (no unit).
_MERIDIEM = r"(?:\s*[ap]\.?m\.?(?![a-z]))?"
_TIME_SHAPED = re.compile(
    r"^(?:(?:yesterday|today)\b,?\s*(?:at\s+)?)?(?:"
    rf"\d{{1,2}}[;.,h]\d{{2}}{_MERIDIEM}"
    rf"|\d{{1,2}}:\d{{1,3}}(?::\d+)?{_MERIDIEM}"
    r"|\d{1,2}\s*[ap]\.?m\.?(?![a-z])"
    r"|t\s*[+-]\s*\d+[a-z]*"
    r"|[+-]\d+[a-z]*"
    r")(?=$|\s|[,;:|])",
    re.IGNORECASE,
)
_NAME_WORD = r"@?[^\W\d_][\w.'\u2019-]*"
_NAME = rf"{_NAME_WORD}(?:[ \t]+{_NAME_WORD}){{0,2}}"
_NOT_NAMES = frozenset(
    {
        "a",
        "an",
        "and",
        "are",
        "at",
        "about",
        "after",
        "around",
        "back",
        "before",
        "by",
        "done",
        "from",
        "in",
        "is",
        "it",
        "on",
        "or",
        "since",
        "the",
        "then",
        "till",
        "to",
        "until",
        "was",
        "were",
        "we",
    }
)
_CLOCK_ONLY = r"\d{1,2}(?::\d{2}(?::\d{2})?)?(?:\s*[ap]\.?m\.?)?"
_BRACKETED = re.compile(
    rf"^\[(?P<time>[^\]]{{1,60}})\]\s*(?:<(?P<nick>[^>]{{1,40}})>|(?P<name>{_NAME}):)\s*(?P<rest>.*)$",
    re.IGNORECASE,
)
_NICK = re.compile(r"^<(?P<nick>[^>\s][^>]{0,39})>\s*(?P<rest>.*)$")
_NAME_THEN_TIME = re.compile(
    rf"^(?P<name>{_NAME})[ \t]+\[?(?P<time>{_CLOCK_ONLY})\]?:\s+(?P<rest>\S.*)$",
    re.IGNORECASE,
)
_HEADER = re.compile(
    rf"^(?P<name>{_NAME})\s*(?:[\u2014\u2013-]+\s*|,\s*|\s)\s*\[?"
    rf"(?P<time>(?:(?:today|yesterday)\s+at\s+)?{_CLOCK_ONLY})\]?\s*$",
    re.IGNORECASE,
)


class QuickEntryError(ValueError):
    """A line that cannot become an entry (nothing but a time); the message says why."""


@dataclass(frozen=True)
class QuickEntry:
    """What a typed line means: when, what kind, who, what text, and how the time was read."""

    at: datetime | None
    """When: the typed time, or now when none was typed; None only when it was not read."""
    kind: Kind
    """The kind named by a ``#kind`` word, or suggested from the words."""
    text: str
    """What happened; when the time was not read, the whole line with its time words."""
    typed_time: bool
    """Whether the line starts with a time (read or not)."""
    kind_from_tag: bool
    """Whether a ``#kind`` word named the kind."""
    by: str = ""
    """Who did or said it, from a chat form ("[14:05] alice: ..."); empty otherwise."""
    time_unread: str | None = None
    """The leading time-like words that could not be read as a time, or None."""
    time_text: str = ""
    """The leading time as typed ("14:05", "yesterday 23:50"), read or not; empty for none."""


@dataclass(frozen=True)
class BlockLine:
    """One non-blank line of a pasted block and what it became.

    ``entry`` is the entry it makes, or ``error`` says why it makes none; a chat header
    line (``alice  2:05 PM``) makes none of its own and names its ``speaker`` instead, whose
    messages are the lines below it.
    """

    line: str
    """The line as pasted."""
    entry: QuickEntry | None = None
    """The entry the line makes."""
    error: str | None = None
    """Why the line makes no entry."""
    speaker: str = ""
    """On a chat header line: who speaks in the lines below it."""


@dataclass
class _Context:
    """What a time is anchored to: the incident's zone and window, the entries' times, now."""

    zone: tzinfo | None
    start: datetime | None
    end: datetime | None
    times: list[datetime] = field(default_factory=list)
    now: datetime = field(default_factory=lambda: datetime.now().astimezone())

    @classmethod
    def of(cls, incident: Incident, now: datetime | None) -> _Context:
        moment = now or datetime.now().astimezone()
        if moment.utcoffset() is None:
            moment = moment.astimezone()
        return cls(
            zone=incident.tz(),
            start=incident.summary.start,
            end=incident.summary.end,
            times=[entry.at for entry in incident.timeline if entry.at is not None],
            now=moment,
        )

    def latest(self) -> datetime | None:
        return max(self.times) if self.times else None

    def reference(self) -> datetime:
        """The moment whose day a clock time is first put on."""
        moment = self.latest() or self.start or self.now
        return moment.astimezone(self.zone) if self.zone else moment

    def local_now(self) -> datetime:
        return self.now.astimezone(self.zone) if self.zone else self.now


@dataclass(frozen=True)
class _Lead:
    """A leading time found in a line: the words as typed, the rest, and how to read it."""

    typed: str
    rest: str
    clock: str = ""
    day: date | None = None
    day_offset: int | None = None
    unread: bool = False


def kind_for_tag(tag: str) -> Kind | None:
    """The kind a ``#tag`` names: a kind's name or an unambiguous start of one (#esc)."""
    tag = tag.lower()
    matches = [kind for kind in Kind if kind.value.startswith(tag)]
    return matches[0] if len(matches) == 1 else None


def last_time(incident: Incident) -> datetime | None:
    """The time of the latest timed entry, the reference for relative and clock times."""
    times = [entry.at for entry in incident.timeline if entry.at is not None]
    return max(times) if times else None


def unread_time(text: str) -> str | None:
    """The time-like words at the start of an entry's text that cannot be read, or None.

    ``"14;22 restarted db"`` gives ``"14;22"``, ``"T+10 paged"`` gives ``"T+10"``,
    ``"25:00 failover"`` gives ``"25:00"``; a readable time (``"14:05 ..."``) and ordinary
    text give None. It is how an entry kept without a time because its time was not read
    is recognised again after a save and a load.
    """
    lead = _leading(" ".join(text.split()))
    if lead is None or not lead.unread:
        return None
    return lead.typed


def day_label(incident: Incident, at: datetime | None, now: datetime | None = None) -> str | None:
    """The date to show beside an entry's time when it is not on the usual day, or None.

    The usual day is the incident's start's (today's when there is no start), in the
    incident's zone: ``"Feb 15"``, or ``"Feb 15, 2024"`` in another year.
    """
    if at is None:
        return None
    zone = incident.tz()
    base = incident.summary.start or now or datetime.now().astimezone()
    local = at.astimezone(zone) if zone else at
    usual = (base.astimezone(zone) if zone else base.astimezone(at.tzinfo)).date()
    if local.date() == usual:
        return None
    label = f"{_MONTH_ABBREVIATIONS[local.month - 1]} {local.day}"
    return label if local.year == usual.year else f"{label}, {local.year}"


def parse_quick_entry(
    line: str, incident: Incident, now: datetime | None = None, *, day_shift: int = 0
) -> QuickEntry:
    """Read a quick-entry line; raises QuickEntryError only for an empty line or a bare time.

    A time that cannot be read gives an entry without a time (``at`` None) whose text is
    the whole line, and ``time_unread`` says which words were not read. ``day_shift`` moves
    a typed time by whole days.
    """
    return _parse_line(line, _Context.of(incident, now), day_shift=day_shift)


def parse_block(text: str, incident: Incident, now: datetime | None = None) -> list[BlockLine]:
    """Read a pasted block: one result per non-blank line, in order.

    Each line is read as :func:`parse_quick_entry` reads it, anchored after the lines
    before it as if they had been typed in order. Chat forms keep the speaker as ``by``:
    ``[14:05] alice: text``, ``14:05 <alice> text``, ``alice 14:05: text``,
    ``[2:05 PM] alice: text``, and a chat app's copy where a header line holds the name
    and the time (``alice  2:05 PM``, ``Alice Smith — Today at 14:05``, ``alice [14:05]``)
    and each line below it is one message at that time.
    """
    context = _Context.of(incident, now)
    lines = [line for line in text.splitlines() if line.strip()]
    results: list[BlockLine] = []
    speaker: tuple[str, _Lead] | None = None
    for index, line in enumerate(lines):
        header = _header(line)
        following = lines[index + 1] if index + 1 < len(lines) else None
        if header is not None and following is not None and _is_message(following):
            speaker = header
            results.append(BlockLine(line, speaker=header[0]))
            continue
        try:
            if speaker is not None and _is_message(line):
                quick = _message(line, speaker, context)
            else:
                speaker = None
                quick = _parse_line(line, context)
        except QuickEntryError as error:
            results.append(BlockLine(line, error=str(error)))
            continue
        if quick.at is not None:
            context.times.append(quick.at)
        results.append(BlockLine(line, entry=quick))
    return results


def insertion_index(incident: Incident, at: datetime | None) -> int:
    """Where an entry at this time goes: at the end, unless it is earlier than later entries.

    An entry without a time goes at the end.
    """
    index = len(incident.timeline)
    if at is None:
        return index
    while index > 0:
        previous = incident.timeline[index - 1].at
        if previous is None or previous <= at:
            break
        index -= 1
    return index


def entry_from(quick: QuickEntry) -> TimelineEntry:
    """A new timeline entry from a parsed line."""
    return TimelineEntry(at=quick.at, kind=quick.kind, by=quick.by, text=quick.text)


# --- reading one line ---------------------------------------------------------------------


def _tags(text: str) -> tuple[str, Kind | None]:
    """The text without its ``#kind`` words, and the kind the last of them names."""
    kind: Kind | None = None

    def drop(match: re.Match[str]) -> str:
        nonlocal kind
        named = kind_for_tag(match.group(1))
        if named is None:
            return match.group(0)
        kind = named
        return " "

    return " ".join(_KIND_TAG.sub(drop, text).split()), kind


def _parse_line(line: str, context: _Context, *, day_shift: int = 0, by: str = "") -> QuickEntry:
    flat = " ".join(line.split())
    if not flat:
        raise QuickEntryError("type what happened, e.g. `12:10 paged the DBA`")
    if not by:
        chat = _chat_form(flat)
        if chat is not None:
            by, flat = chat
    lead = _leading(flat)
    if lead is None:
        text, kind = _tags(flat)
        if not text:
            raise QuickEntryError("type what happened, e.g. `12:10 paged the DBA`")
        return _entry(context.local_now().replace(microsecond=0), text, kind, by=by)
    rest, kind = _tags(lead.rest)
    if not rest:
        raise QuickEntryError(
            f"type what happened after {lead.typed!r}, e.g. `{lead.typed} paged the DBA`"
        )
    at = None if lead.unread else _read(lead, context)
    if at is None:
        text, _ = _tags(flat)
        return _entry(None, text, kind, by=by, typed=lead.typed, unread=lead.typed)
    at = (at + timedelta(days=day_shift)).replace(microsecond=0)
    return _entry(at, rest, kind, by=by, typed=lead.typed)


def _entry(
    at: datetime | None,
    text: str,
    kind: Kind | None,
    *,
    by: str = "",
    typed: str = "",
    unread: str | None = None,
) -> QuickEntry:
    return QuickEntry(
        at=at,
        kind=kind or suggest_kind(text),
        text=text,
        typed_time=bool(typed),
        kind_from_tag=kind is not None,
        by=by,
        time_unread=unread,
        time_text=typed,
    )


def _leading(line: str) -> _Lead | None:
    """The time at the start of a (whitespace-collapsed) line, readable or not, or None."""
    day_word = _DAY_WORD.match(line)
    if day_word:
        lead = _clock_lead(line[day_word.end() :])
        if lead is None:
            return None  # "yesterday we deployed": no time
        offset = -1 if day_word.group("word").lower() == "yesterday" else 0
        typed = (line[: day_word.end()] + lead.typed).strip()
        return _Lead(typed, lead.rest, lead.clock, day_offset=offset, unread=lead.unread)
    month_day = _MONTH_DAY.match(line)
    if month_day:
        lead = _clock_lead(line[month_day.end() :])
        if lead is not None:
            typed = (line[: month_day.end()] + lead.typed).strip()
            month, day = int(month_day.group("month")), int(month_day.group("day"))
            try:
                date(2000, month, day)  # a leap year: Feb 29 may be a real day
            except ValueError:
                return _Lead(typed, lead.rest, unread=True)
            return _Lead(
                typed, lead.rest, lead.clock, day=date(2000, month, day), unread=lead.unread
            )
    lead = _clock_lead(line)
    if lead is not None:
        return lead
    shaped = _TIME_SHAPED.match(line)
    if shaped:
        typed = shaped.group(0).strip()
        return _Lead(typed, _after(line[shaped.end() :]), unread=True)
    return None


def _clock_lead(line: str) -> _Lead | None:
    """A readable-looking time at the start: 14:05, 2:05 PM, +5m, ISO, 1422 words, 14h35."""
    four = _FOUR_DIGITS.match(line)
    if four:
        hour, minute = int(four.group("hour")), int(four.group("minute"))
        if hour <= 23 and minute <= 59:
            return _Lead(four.group(0), _after(line[four.end() :]), f"{hour:02d}:{minute:02d}")
        return None  # a number ("2500 requests"), not a time
    h_clock = _H_CLOCK.match(line)
    if h_clock:
        hour, minute = int(h_clock.group("hour")), int(h_clock.group("minute"))
        rest = _after(line[h_clock.end() :])
        if hour <= 23 and minute <= 59:
            return _Lead(h_clock.group(0), rest, f"{hour:02d}:{minute:02d}")
        return _Lead(h_clock.group(0), rest, unread=True)
    time_text, rest = split_leading_time(line)
    if time_text is None:
        shaped = _TIME_SHAPED.match(line)
        if shaped and not shaped.group(0).lower().startswith(("yesterday", "today")):
            return _Lead(shaped.group(0).strip(), _after(line[shaped.end() :]), unread=True)
        return None
    return _Lead(time_text, rest, time_text, unread=not _readable(time_text))


def _after(rest: str) -> str:
    """The rest of a line after its time, without the separator."""
    return re.sub(r"^\s*(?:[:;,|]|[-\u2013\u2014]+)?\s*", "", rest, count=1).strip()


_SOME_DAY = datetime(2000, 6, 15, 12, 0, tzinfo=UTC)


def _readable(time_text: str) -> bool:
    """Whether a time reads at all, whatever the incident (an anchor and a zone given)."""
    try:
        parse_time(time_text, zone=UTC, anchor=_SOME_DAY, previous=_SOME_DAY)
    except TimeParseError:
        return False
    return True


# --- anchoring a time to the day meant ------------------------------------------------------


def _read(lead: _Lead, context: _Context) -> datetime | None:
    """The moment a readable lead names in this incident, or None when it does not read."""
    reference = context.reference()
    zone = context.zone if context.zone is not None else reference.tzinfo
    try:
        if lead.day is not None or lead.day_offset is not None:
            if lead.day is not None:
                day = _with_year(lead.day, reference.date())
            else:
                day = context.reference().date() + timedelta(days=lead.day_offset or 0)
            noon = datetime.combine(day, time(12), tzinfo=zone)
            return parse_time(lead.clock, zone=zone, anchor=noon)
        if lead.clock[:1] in "+-":
            anchor = context.start or context.now
            return parse_time(lead.clock, zone=zone, anchor=anchor, previous=context.latest())
        if re.match(r"day\s+\d", lead.clock, re.IGNORECASE):
            return parse_time(lead.clock, zone=zone, anchor=context.start or reference)
        base = parse_time(lead.clock, zone=zone, anchor=reference)
        later = parse_time(lead.clock, zone=zone, anchor=reference + timedelta(days=2))
    except (TimeParseError, OverflowError, ValueError):
        return None
    if base != later:
        return _anchor(base, context)
    return base  # a date is written with it


def _with_year(day: date, reference: date) -> date:
    """A month and day in the year that puts it nearest the reference day."""
    choices = []
    for year in (reference.year - 1, reference.year, reference.year + 1):
        try:
            choices.append(date(year, day.month, day.day))
        except ValueError:
            continue
    return min(choices, key=lambda d: abs((d - reference).days))


def _anchor(base: datetime, context: _Context) -> datetime:
    """The clock time on the day meant: the day before, of, or after the reference day.

    With a start, the candidate inside the window (start to end, or to the latest entry
    when no end is set), else the nearest to it; among those, the nearest to an entry.
    With no start: the nearest to an entry, else to now; never more than an hour after now.
    """
    shifts = {-1, 0, 1}
    if context.start is not None:
        # The window may lie days or years before the reference (an entry stamped now,
        # long after the incident): the days around it are candidates too.
        first = context.start.astimezone(base.tzinfo).date()
        last = (context.end or context.start).astimezone(base.tzinfo).date()
        span = min((last - first).days, 31)
        back = (base.date() - first).days
        shifts |= {day - back for day in range(-1, span + 2)}
    ordered = sorted(shifts)
    candidates = [base + timedelta(days=shift) for shift in ordered]
    times = [moment.astimezone(UTC) for moment in context.times]

    def to_entries(moment: datetime) -> timedelta:
        if not times:
            return timedelta(0)
        return min(abs(moment.astimezone(UTC) - other) for other in times)

    def shift_of(moment: datetime) -> int:
        return abs(ordered[candidates.index(moment)])

    if context.start is not None:
        start = context.start.astimezone(UTC)
        end = context.end or max([context.start, *context.times])
        end = max(end.astimezone(UTC), start)

        def to_window(moment: datetime) -> timedelta:
            instant = moment.astimezone(UTC)
            if instant < start:
                return start - instant
            if instant > end:
                return instant - end
            return timedelta(0)

        return min(candidates, key=lambda c: (to_window(c), to_entries(c), shift_of(c)))
    limit = context.now.astimezone(UTC) + FUTURE_SLACK
    allowed = [c for c in candidates if c.astimezone(UTC) <= limit] or candidates
    if times:
        return min(allowed, key=lambda c: (to_entries(c), shift_of(c)))
    now = context.now.astimezone(UTC)
    return min(allowed, key=lambda c: (abs(c.astimezone(UTC) - now), shift_of(c)))


# --- chat forms -------------------------------------------------------------------------------


def _is_name(name: str) -> bool:
    """A speaker's name: one word (a handle), or two or three capitalised words."""
    words = name.lstrip("@").split()
    if not words or any(word.lower() in _NOT_NAMES for word in words):
        return False
    return len(words) == 1 or all(word[:1].isupper() for word in words)


def _chat_form(line: str) -> tuple[str, str] | None:
    """(speaker, "time text") of a one-line chat form, or None for any other line."""
    bracketed = _BRACKETED.match(line)
    if bracketed:
        name = bracketed.group("nick") or bracketed.group("name")
        if bracketed.group("nick") or _is_name(name):
            return name.strip(), f"{bracketed.group('time').strip()} {bracketed.group('rest')}"
    time_text, rest = split_leading_time(line)
    if time_text is not None:
        nick = _NICK.match(rest)
        if nick:
            return nick.group("nick").strip(), f"{time_text} {nick.group('rest')}"
    named = _NAME_THEN_TIME.match(line)
    if named and _is_name(named.group("name")):
        return named.group("name"), f"{named.group('time')} {named.group('rest')}"
    return None


def _header(line: str) -> tuple[str, _Lead] | None:
    """A chat copy's header line (a name and a time, nothing else): (speaker, its time)."""
    flat = " ".join(line.split())
    match = _HEADER.match(flat)
    if match is None or not _is_name(match.group("name")):
        return None
    lead = _leading(f"{match.group('time')} x")
    if lead is None:
        return None
    return match.group("name"), lead


def _is_message(line: str) -> bool:
    """Whether a line below a chat header is a message: no time, no speaker of its own."""
    flat = " ".join(line.split())
    return _header(flat) is None and _chat_form(flat) is None and _leading(flat) is None


def _message(line: str, speaker: tuple[str, _Lead], context: _Context) -> QuickEntry:
    """A message line under a header: at the header's time, said by its speaker."""
    name, lead = speaker
    flat = " ".join(line.split())
    text, kind = _tags(flat)
    if not text:
        raise QuickEntryError("type what happened, e.g. `12:10 paged the DBA`")
    at = None if lead.unread else _read(lead, context)
    if at is None:  # the time words stay in the text, so that it is seen as not read
        return _entry(
            None, f"{lead.typed} {text}", kind, by=name, typed=lead.typed, unread=lead.typed
        )
    return _entry(at.replace(microsecond=0), text, kind, by=name, typed=lead.typed)
