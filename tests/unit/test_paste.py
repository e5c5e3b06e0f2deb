"""Pasted text made into one line: every word kept, none run into another."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from postmortem_editor.paste import one_line

TEXT = st.text(alphabet=st.sampled_from("ab \t\n\r"), max_size=12)


@given(
    before=TEXT.map(lambda s: s.replace("\n", "").replace("\r", "")),
    pasted=TEXT,
    after=TEXT.map(lambda s: s.replace("\n", "").replace("\r", "")),
)
def test_a_paste_keeps_its_words_and_the_words_around_it_apart(
    before: str, pasted: str, after: str
) -> None:
    line = one_line(pasted, at_start=not before, at_end=not after)
    assert "\n" not in line and "\r" not in line
    assert (before + line + after).split() == (before + pasted + after).split()


@given(st.text(alphabet=st.sampled_from("ab \t"), max_size=12))
def test_a_single_line_is_kept_as_it_is(pasted: str) -> None:
    assert one_line(pasted) == pasted
    assert one_line(pasted, at_start=True, at_end=True) == pasted


def test_a_block_of_lines_becomes_one_line() -> None:
    assert one_line(" then\nchecked the pool\n") == " then checked the pool "
    assert one_line(" then\nchecked the pool\n", at_end=True) == " then checked the pool"
    assert one_line("\n\n  first\r\n\r\nsecond  \n", at_start=True, at_end=True) == ("first second")
    assert one_line("copied line\n", at_end=True) == "copied line"
