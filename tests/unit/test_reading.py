"""Reading incident files, without the editor: text, decoding, and errors worded in one line."""

from __future__ import annotations

from pathlib import Path

import pytest

from postmortem_editor.errors import StoreError
from postmortem_editor.reading import MAX_FILE_BYTES, decode, parse_text, read_text
from postmortem_editor.template import template_text

from ..conftest import SAMPLES

FILE = Path("incident.toml")


def _error_of(text: str) -> str:
    with pytest.raises(StoreError) as caught:
        parse_text(text, FILE)
    assert caught.value.path == FILE
    return str(caught.value)


def test_a_sample_reads_and_validates() -> None:
    incident = parse_text(read_text(SAMPLES[0]), SAMPLES[0])
    assert incident.title


def test_the_template_reads_with_its_title() -> None:
    assert parse_text(template_text('Web "stack" outage'), FILE).title == 'Web "stack" outage'


@pytest.mark.parametrize(
    ("raw", "words"),
    [
        (b"", "the file is empty; create an incident with `postmortem new incident.toml`"),
        (b"\xff\xfet\x00", "this is UTF-16 text; save it as UTF-8 to open it"),
        (b"\x00\x01\x02", "this is a binary file, not an incident"),
        (b'title = "\xe9"', "not UTF-8 text (bad byte at offset 9)"),
    ],
)
def test_bytes_that_are_not_utf8_text_are_named(raw: bytes, words: str) -> None:
    with pytest.raises(
        StoreError,
    ) as caught:
        decode(FILE, raw)
    assert str(caught.value) == f"{FILE}: {words}"


def test_a_byte_order_mark_is_named_at_line_one_column_one() -> None:
    with pytest.raises(StoreError) as caught:
        decode(FILE, b"\xef\xbb\xbftitle = 'x'\n")
    assert str(caught.value).startswith(f"{FILE}:1:1: invalid TOML: the file starts with a")


def test_utf8_bytes_decode_to_their_text() -> None:
    assert decode(FILE, "title = 'é'\n".encode()) == "title = 'é'\n"


def test_a_missing_file_and_a_folder_are_named(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match=r"no such file$"):
        read_text(tmp_path / "missing.toml")
    with pytest.raises(StoreError, match=r"is a folder, not an incident file$"):
        read_text(tmp_path)


def test_a_file_too_large_is_refused_before_it_is_read(tmp_path: Path) -> None:
    big = tmp_path / "big.toml"
    with big.open("wb") as handle:
        handle.truncate(MAX_FILE_BYTES + 1)
    with pytest.raises(StoreError, match=r"must be under 8 MB$"):
        read_text(big)


def test_a_syntax_error_names_line_and_column() -> None:
    message = _error_of('schema_version = 1\ntitle = "open\n')
    assert message == (
        f"{FILE}:2:14: invalid TOML: the line ends inside a string (is a closing quote missing?)"
    )


def test_an_unquoted_value_says_text_needs_quotes() -> None:
    assert _error_of("title = outage\n").startswith(
        f"{FILE}:1:9: invalid TOML: invalid value (text needs quotes"
    )


def test_a_value_of_the_wrong_kind_names_its_field() -> None:
    message = _error_of(
        'schema_version = 1\ntitle = "x"\n[summary]\nusers_affected_percent = "many"\n'
    )
    assert message == f"{FILE}: line 4: summary.users_affected_percent: should be a number"


def test_values_nested_too_deeply_are_refused_in_one_line() -> None:
    message = _error_of("x = " + "[" * 5000 + "]" * 5000 + "\n")
    assert message.startswith(f"{FILE}: ")
    assert "\n" not in message
