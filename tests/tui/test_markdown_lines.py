"""The preview's Markdown drawing: what each kind of block looks like, line by line."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from rich.console import Console
from rich.segment import Segment
from rich.style import Style
from rich.text import Text

from postmortem_editor.tui.drawing.markdown_lines import (
    Drawn,
    Painter,
    inline_markdown,
    join,
    wrap_text,
)

STYLES = {"h1": Style(bold=True), "h2": Style(underline=True), "code": Style(bgcolor="grey11")}


def draw(markdown: str, width: int = 40) -> Drawn:
    return Painter(lambda name: STYLES.get(name, Style())).draw(markdown, width)


def lines(markdown: str, width: int = 40) -> list[str]:
    return [line.text.rstrip() for line in draw(markdown, width).lines]


def test_a_heading_keeps_its_text_and_wants_room_above_it() -> None:
    drawn = draw("## Issue Summary")
    assert [line.text for line in drawn.lines] == ["Issue Summary"]
    assert (drawn.top, drawn.bottom) == (2, 1)
    assert any(segment.style and segment.style.underline for segment in drawn.lines[0])


def test_a_title_is_centred() -> None:
    (line,) = draw("# Postmortem", width=20).lines
    assert line.text == "     Postmortem     "


def test_bold_labels_lose_their_stars_and_keep_their_weight() -> None:
    (line,) = draw("**Service:** checkout API").lines
    assert line.text.rstrip() == "Service: checkout API"
    bold = [segment.text for segment in line if segment.style and segment.style.bold]
    assert bold == ["Service:"]


def test_bullets_wrap_under_their_text_and_nest() -> None:
    markdown = "- first item that is long enough to wrap at twenty\n  - nested\n- second"
    assert lines(markdown, width=24) == [
        "• first item that is",
        "  long enough to wrap at",
        "  twenty",
        "  ▪ nested",
        "• second",
    ]


def test_numbered_lists_keep_their_numbers() -> None:
    assert lines("3. three\n4. four") == ["3. three", "4. four"]


def test_a_table_shows_header_rule_and_rows() -> None:
    markdown = "| Action | Owner |\n| --- | --- |\n| Lint the config | infra |"
    drawn = lines(markdown)
    assert drawn[0].split() == ["Action", "Owner"]
    assert set(drawn[1].strip()) == {"─"}
    assert drawn[2].split() == ["Lint", "the", "config", "infra"]


def test_code_is_kept_as_written_on_its_background() -> None:
    drawn = draw("```\nSELECT 1;\n  indented\n```", width=30)
    assert [line.text.rstrip() for line in drawn.lines] == [" SELECT 1;", "   indented"]
    assert all(len(line.text) == 30 for line in drawn.lines)
    assert (drawn.top, drawn.bottom) == (1, 1)


def test_a_quote_has_a_bar() -> None:
    assert lines("> they were our own health checks") == ["▌ they were our own health checks"]


def test_links_show_their_text_and_keep_their_address() -> None:
    (line,) = draw("See [the runbook](https://example.com/rb).").lines
    assert line.text.rstrip() == "See the runbook."
    links = {segment.style.link for segment in line if segment.style and segment.style.link}
    assert links == {"https://example.com/rb"}


def test_blocks_are_separated_by_the_larger_margin() -> None:
    drawn = draw("Some prose.\n\n## Next\n\nMore prose.")
    assert [line.text.rstrip() for line in drawn.lines] == [
        "Some prose.",
        "",
        "",
        "Next",
        "",
        "More prose.",
    ]


def test_inline_markdown_never_reads_rich_markup() -> None:
    assert inline_markdown("[bold]not bold[/bold] and `code`").plain == (
        "[bold]not bold[/bold] and code"
    )


def test_nothing_drawn_joins_to_nothing() -> None:
    assert join([Drawn([]), Drawn([])]).lines == []


CONSOLE = Console(width=80, color_system="truecolor", markup=False, emoji=False)


def rich_lines(text: Text, width: int) -> list[str]:
    options = CONSOLE.options.update_width(width)
    rendered = CONSOLE.render_lines(text, options, pad=False, new_lines=False)
    return ["".join(segment.text for segment in line).rstrip() for line in rendered]


def wrapped_lines(text: Text, width: int) -> list[str]:
    return ["".join(segment.text for segment in line) for line in wrap_text(text, width, CONSOLE)]


@settings(max_examples=400, deadline=None)
@given(
    words=st.lists(
        st.text(alphabet="ab-_é日😀*`[]()", min_size=0, max_size=30), min_size=0, max_size=25
    ),
    spaces=st.sampled_from([" ", "  ", "\t", " \n "]),
    width=st.integers(min_value=10, max_value=60),
)
def test_entry_text_wraps_where_rich_would_wrap_it(
    words: list[str], spaces: str, width: int
) -> None:
    text = inline_markdown(spaces.join(words))
    assert wrapped_lines(text.copy(), width) == rich_lines(text.copy(), width)


def test_wrapped_lines_fit_keep_their_styles_and_lose_end_spaces() -> None:
    text = inline_markdown("Paged the **on-call** engineer about `db-01` " * 4 + "x" * 70)
    lines = wrap_text(text, 30, CONSOLE)
    assert all(Segment.get_line_length(line) <= 30 for line in lines)
    assert all(not "".join(s.text for s in line).endswith(" ") for line in lines)
    assert ["".join(s.text for s in line) for line in lines[-3:]] == ["x" * 30, "x" * 30, "x" * 10]
    bold = [s.text for line in lines for s in line if s.style and s.style.bold]
    assert bold[:2] == ["on-call", "on-call"]
