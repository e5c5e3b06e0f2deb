"""Finding words anywhere in an incident, and the entry nearest a time (no Textual)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from postmortem_editor.find import find, nearest_entry, query_time
from postmortem_editor.model import FreeSection, Incident, Summary, Task, TimelineEntry
from postmortem_editor.places import entry_place, place_of

START = datetime(2024, 2, 14, 14, 0, tzinfo=UTC)


def incident() -> Incident:
    """An incident with the word "replica" in one place of every kind."""
    made = Incident(
        title="Replica lag",
        timezone="UTC",
        summary=Summary(start=START, impact="Reads were slow.\nThe replica fell behind."),
        timeline=[
            TimelineEntry(at=START, text="alerts fired"),
            TimelineEntry(at=START + timedelta(minutes=5), by="replica-bot", text="paged"),
            TimelineEntry(at=START + timedelta(minutes=30), text="promoted the REPLICA"),
        ],
        sections=[FreeSection(title="Replica notes", body="none")],
    )
    made.analysis.lessons = "watch the replica"
    made.measures.improvements = ["alert on replica lag"]
    made.measures.tasks = [Task(text="resize", owner="replica team")]
    return made


def test_every_kind_of_place_is_searched_case_insensitively_in_the_order_of_the_panes() -> None:
    found = find(incident(), "replica")
    assert [(m.path, m.part, m.where) for m in found] == [
        ("title", "", "Title"),
        ("summary.impact", "", "Impact"),
        ("timeline", "by", "timeline entry 2 (14:05)"),
        ("timeline", "text", "timeline entry 3 (14:30)"),
        ("analysis.lessons", "", "Lessons learned"),
        ("measures.improvements", "", "Improvements"),
        ("measures.tasks", "owner", "task 1"),
        ("sections", "title", "Replica notes"),
    ]
    for match in found:
        assert match.text[match.start : match.end].casefold() == "replica"


def test_items_are_named_by_their_id_and_every_occurrence_is_found() -> None:
    made = incident()
    made.timeline[0].text = "db db db"
    found = find(made, "DB")
    assert [m.item for m in found] == [made.timeline[0].id] * 3
    assert [m.start for m in found] == [0, 3, 6]


def test_spaces_in_the_query_match_one_space_and_an_empty_query_finds_nothing() -> None:
    assert [m.path for m in find(incident(), "  promoted   the ")] == ["timeline"]
    assert find(incident(), "   ") == []


WORDS = st.sampled_from(["db", "lag", "api", "paged", "Déjà", "p99"])


@given(
    words=st.lists(WORDS, min_size=1, max_size=4),
    place=st.sampled_from(["title", "impact", "entry", "task", "section", "lessons"]),
    case=st.booleans(),
)
def test_a_word_put_anywhere_is_found_there_and_only_where_it_is(
    words: list[str], place: str, case: bool
) -> None:
    made = incident()
    needle = "zqxw" + "".join(words)
    text = f"before {needle.upper() if case else needle} after"
    if place == "title":
        made.title = text
    elif place == "impact":
        made.summary.impact = text
    elif place == "entry":
        made.timeline[1].text = text
    elif place == "task":
        made.measures.tasks[0].text = text
    elif place == "section":
        made.sections[0].body = text
    else:
        made.analysis.lessons = text
    found = find(made, needle)
    assert len(found) == 1
    assert found[0].text == text
    assert found[0].text[found[0].start : found[0].end].casefold() == needle.casefold()


def test_a_time_finds_the_nearest_entry() -> None:
    made = incident()
    assert nearest_entry(made, "14:04") == 1
    assert nearest_entry(made, "14:20") == 2
    assert nearest_entry(made, "2:01 PM") == 0
    assert query_time(made, "14:20") == START + timedelta(minutes=20)


def test_words_and_times_with_words_are_not_times() -> None:
    made = incident()
    assert nearest_entry(made, "replica") is None
    assert nearest_entry(made, "14:05 paged") is None
    assert nearest_entry(made, "") is None
    assert nearest_entry(Incident(title="no entries"), "14:05") is None


def test_an_entry_is_named_counted_from_one_with_its_time() -> None:
    made = incident()
    made.timeline.append(TimelineEntry(text="no time"))
    assert entry_place(made, 0) == "timeline entry 1 (14:00)"
    assert entry_place(made, 3) == "timeline entry 4"


def test_a_path_is_named_as_the_user_sees_it() -> None:
    made = incident()
    assert place_of(made, "timeline[2].at") == "timeline entry 3 (14:30)"
    assert place_of(made, "timeline[1].text") == "timeline entry 2 (14:05), text"
    assert place_of(made, "measures.tasks[0].text") == "task 1"
    assert place_of(made, "measures.improvements[0]") == "improvement 1"
    assert place_of(made, "sections[0].body") == "section 1 (Replica notes), text"
    assert place_of(made, "summary.start") == "Start"
    assert place_of(made, "(document)") == "the whole postmortem"
    assert place_of(made, "timeline[7].at") == "timeline entry 8"


def test_a_clock_time_is_read_on_the_incident_s_first_day() -> None:
    entries = [
        TimelineEntry(at=START + timedelta(hours=hours), text=f"entry {hours}")
        for hours in (0, 20, 26)  # 14:00 on the first day, 10:00 and 16:00 on the next
    ]
    made = Incident(title="two days", timezone="UTC", timeline=entries)
    assert nearest_entry(made, "14:10") == 0
    assert nearest_entry(made, "Feb 15 10:10") == 1
