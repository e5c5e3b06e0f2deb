"""When an imported incident happened: its day and zone in order of trust, start and end."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

from hypothesis import given
from hypothesis import strategies as st

from postmortem_editor.importer.blocks import normalise_newlines, parse_blocks
from postmortem_editor.importer.front_matter import FrontMatter
from postmortem_editor.importer.report import ImportReport
from postmortem_editor.importer.sections import SUMMARY, Outline, RawSection, outline
from postmortem_editor.importer.summary import Span
from postmortem_editor.importer.timeline import Timeline
from postmortem_editor.importer.when import When
from postmortem_editor.model import TimelineEntry

TODAY = date(2031, 1, 15)
PLUS_2 = timezone(timedelta(hours=2))


def _cut(markdown: str) -> Outline:
    return outline(parse_blocks(normalise_newlines(markdown)))


def _summary(cut: Outline) -> RawSection | None:
    return next((s for s in cut.sections if s.kind == SUMMARY), None)


def _when() -> When:
    return When(ImportReport(), TODAY)


def _settled_day(markdown: str, front: FrontMatter | None = None) -> When:
    cut = _cut(markdown)
    when = _when()
    when.settle_day(cut.title, cut, _summary(cut), front or FrontMatter())
    return when


def _settled_zone(
    markdown: str, span: Span | None = None, front: FrontMatter | None = None
) -> When:
    cut = _cut(markdown)
    when = _when()
    when.settle_zone(span or Span(), cut.title, cut, _summary(cut), front or FrontMatter())
    return when


TIMELINE = "## Timeline\n\n- 2027-04-09 09:10 Alerts fired for the billing queue.\n"
SUMMARY_TEXT = "## Summary\n\nOn 2027-04-08 the billing queue stopped draining.\n\n"


def test_the_day_is_the_titles_before_the_summarys_and_the_timelines() -> None:
    when = _settled_day(f"# Billing queue stall, 2027-04-07\n\n{SUMMARY_TEXT}{TIMELINE}")
    assert when.day == date(2027, 4, 7)


def test_without_a_dated_title_the_summary_then_the_timeline_give_the_day() -> None:
    assert _settled_day(f"# Billing queue stall\n\n{SUMMARY_TEXT}{TIMELINE}").day == date(
        2027, 4, 8
    )
    assert _settled_day(f"# Billing queue stall\n\n{TIMELINE}").day == date(2027, 4, 9)


def test_a_day_already_read_from_the_header_is_kept() -> None:
    cut = _cut(f"# Billing queue stall, 2027-04-07\n\n{TIMELINE}")
    when = _when()
    when.day = date(2027, 4, 1)
    when.settle_day(cut.title, cut, None, FrontMatter())
    assert when.day == date(2027, 4, 1)


def test_the_front_matter_day_comes_last_and_is_said_left_out_when_not_taken() -> None:
    front = FrontMatter(day=date(2027, 5, 30))
    assert _settled_day("# Billing queue stall\n\nText.\n", front).day == date(2027, 5, 30)
    assert front.left_out == []
    front = FrontMatter(day=date(2027, 5, 30), left_out=["tags (billing)"])
    assert _settled_day(f"# Billing\n\n{TIMELINE}", front).day == date(2027, 4, 9)
    assert front.left_out == ["date (2027-05-30)", "tags (billing)"]


def test_the_summarys_zone_comes_before_the_front_matters_and_the_timelines() -> None:
    when = _settled_zone(
        "# Stall\n\n## Timeline\n\nAll times in PST.\n\n- 09:10 Alerts fired.\n",
        span=Span(zone="CET"),
        front=FrontMatter(timezone="UTC"),
    )
    assert when.zone is not None
    assert when.timezone != "UTC"
    assert when.zone.utcoffset(datetime(2027, 1, 10)) == timedelta(hours=1)


def test_a_zone_note_over_the_timeline_gives_the_zone() -> None:
    when = _settled_zone("# Stall\n\n## Timeline\n\nAll times in UTC.\n\n- 09:10 Alerts fired.\n")
    assert when.timezone == "UTC"
    assert when.zone_on_times == ""


def test_a_zone_written_with_the_times_is_remembered_as_written() -> None:
    when = _settled_zone("# Stall\n\n## Timeline\n\n- 09:10 CAT Alerts fired.\n")
    assert when.timezone
    assert when.zone_on_times == "CAT"


def test_the_header_gives_the_zone_when_nothing_else_does() -> None:
    when = _settled_zone("# Stall (times in UTC)\n\n## Timeline\n\n- 09:10 Alerts fired.\n")
    assert when.timezone == "UTC"
    assert _settled_zone("# Stall\n\n## Timeline\n\n- 09:10 Alerts fired.\n").timezone == ""


def test_an_ambiguous_zone_is_read_as_india_and_an_unknown_one_is_reported() -> None:
    when = _when()
    when.set_zone("IST")
    assert when.zone is not None
    assert when.zone.utcoffset(datetime(2027, 1, 1)) == timedelta(hours=5, minutes=30)
    assert "ambiguous" in when.report.warnings[0]
    when = _when()
    when.set_zone("Mars/Olympus_Mons")
    assert (when.timezone, when.zone) == ("", None)
    assert when.report.warnings == ["timezone 'Mars/Olympus_Mons' is not one this program knows"]


def test_without_a_zone_times_are_read_as_utc_until_one_is_found_with_them() -> None:
    when = _when()
    assert when.reading_zone() is UTC
    assert when.assumed_zone
    assert when.take_zone_of_times("EST") is not None
    assert not when.assumed_zone
    assert when.zone_on_times == "EST"
    assert when.reading_zone() is when.zone


def test_an_unknown_zone_with_the_times_leaves_them_read_as_utc() -> None:
    when = _when()
    when.reading_zone()
    assert when.take_zone_of_times("XYZT") is None
    assert when.assumed_zone


def test_times_are_read_from_the_summarys_start_else_the_days_middle_else_today() -> None:
    start = datetime(2027, 4, 9, 8, 0, tzinfo=PLUS_2)
    when = _when()
    when.span = Span(start=start)
    assert when.timeline_anchor(UTC) == start
    when = _when()
    when.day = date(2027, 4, 9)
    assert when.timeline_anchor(PLUS_2) == datetime(2027, 4, 9, 12, tzinfo=PLUS_2)
    assert not when.assumed_day
    when = _when()
    assert when.timeline_anchor(UTC) == datetime(2031, 1, 15, 12, tzinfo=UTC)
    assert when.assumed_day


def _timeline(*times: datetime | None) -> Timeline:
    return Timeline(entries=[TimelineEntry(at=at, text="step") for at in times])


def test_the_start_and_end_come_from_the_timeline_when_the_summary_writes_none() -> None:
    first = datetime(2027, 4, 9, 9, 10, tzinfo=UTC)
    last = datetime(2027, 4, 9, 11, 0, tzinfo=UTC)
    when = _when()
    when.span_from_timeline(_timeline(last, None, first))
    assert (when.start, when.end, when.taken) == (first, last, ["start", "end"])
    when.report.timed = 2
    when.report_uncertain(timezone="UTC")
    assert when.report.warnings == ["start and end taken from the timeline's first and last times"]


def test_the_summarys_start_is_kept_and_an_end_before_it_is_not_taken() -> None:
    start = datetime(2027, 4, 9, 12, 0, tzinfo=UTC)
    when = _when()
    when.span = Span(start=start)
    when.span_from_timeline(_timeline(datetime(2027, 4, 9, 11, 0, tzinfo=UTC)))
    assert (when.start, when.end, when.taken) == (start, None, [])
    when.report_uncertain(timezone="UTC")
    assert when.report.warnings == ["summary: no end time found"]


def test_times_on_an_assumed_day_or_zone_give_no_start_or_end() -> None:
    times = _timeline(datetime(2031, 1, 15, 9, tzinfo=UTC), datetime(2031, 1, 15, 10, tzinfo=UTC))
    for assumed in ("assumed_day", "assumed_zone"):
        when = _when()
        setattr(when, assumed, True)
        when.span_from_timeline(times)
        assert (when.start, when.end, when.taken) == (None, None, [])


def test_what_was_assumed_is_reported() -> None:
    when = _when()
    when.reading_zone()
    when.timeline_anchor(UTC)
    when.report.timed = 3
    when.report_uncertain(timezone="")
    assert when.report.warnings == [
        "summary: no start time found",
        "no date found: the timeline's times of day are kept on 2031-01-15, the day of the import",
        "no timezone found: the timeline's times are read as UTC",
    ]


def test_placeholders_and_problems_in_the_summary_are_reported_before_the_rest() -> None:
    when = _when()
    when.span = Span(placeholders=True, problems=["no start time in 'soon'"])
    when.report_uncertain(timezone="")
    assert when.report.unread_times == ["the summary's start and end are placeholders"]
    assert when.report.warnings == ["summary: no start time in 'soon'", "no timezone found"]


@given(
    st.lists(
        st.one_of(
            st.none(),
            st.datetimes(
                min_value=datetime(1990, 1, 1),
                max_value=datetime(2100, 1, 1),
                timezones=st.just(ZoneInfo("Europe/Paris")),
            ),
        ),
        max_size=8,
    ),
    st.booleans(),
)
def test_a_start_and_end_taken_are_the_first_and_last_times_in_order(
    times: list[datetime | None], assumed: bool
) -> None:
    when = _when()
    when.assumed_zone = assumed
    when.span_from_timeline(_timeline(*times))
    known = sorted(at for at in times if at is not None)
    if assumed or not known:
        assert when.taken == []
        return
    assert when.start == known[0]
    assert when.end == (known[-1] if known[-1] > known[0] else None)
    assert when.taken == (["start", "end"] if when.end else ["start"])
