"""The saved text of a file, read once for the saves: its statements and tomlkit document."""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import tomlkit
from hypothesis import given
from hypothesis import strategies as st

from postmortem_editor import store_text
from postmortem_editor.errors import StoreError
from postmortem_editor.store_text import SavedText
from postmortem_editor.toml_scan import Unsupported, scan

LINES = 'title = "Checkout errors"  # kept\n\n[summary]\nservice = "checkout"\n'
# A form feed after a number: tomlkit reads it, the line scanner does not.
UNSCANNABLE = "entries = 3\x0c\n"
BROKEN = 'title = "unterminated\n'
PATH = Path("incident.toml")


def _count(monkeypatch: pytest.MonkeyPatch, owner: object, name: str) -> list[str]:
    """The texts a function is called with from now on; it still does its work."""
    calls: list[str] = []
    original: Callable[[str], Any] = getattr(owner, name)

    def counted(text: str) -> Any:
        calls.append(text)
        return original(text)

    monkeypatch.setattr(owner, name, counted)
    return calls


def test_statements_are_scanned_once_per_text(monkeypatch: pytest.MonkeyPatch) -> None:
    scans = _count(monkeypatch, store_text, "scan")
    saved = SavedText(LINES)
    first = saved.statements()
    assert first == scan(LINES)
    assert saved.statements() is first
    assert scans == [LINES]


def test_a_text_that_cannot_be_scanned_says_so_each_time() -> None:
    saved = SavedText(UNSCANNABLE)
    for _ in range(2):
        with pytest.raises(Unsupported):
            saved.statements()


def test_the_document_given_is_handed_out_once_then_parsed_afresh() -> None:
    given_document = tomlkit.parse(LINES)
    saved = SavedText(LINES, given_document)
    assert saved.take_document(PATH) is given_document
    again = saved.take_document(PATH)
    assert again is not given_document
    assert again.as_string() == LINES
    assert saved.take_document(PATH) is not again  # what the caller changes is never kept


def test_a_text_tomlkit_cannot_read_is_a_one_line_store_error() -> None:
    with pytest.raises(StoreError, match="cannot keep the file's layout") as caught:
        SavedText(BROKEN).take_document(PATH)
    assert caught.value.path == PATH
    assert str(caught.value).startswith(f"{PATH}: ")
    assert "\n" not in str(caught.value)


def test_preparing_a_text_of_lines_scans_it_and_parses_nothing(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    scans = _count(monkeypatch, store_text, "scan")
    parses = _count(monkeypatch, tomlkit, "parse")
    saved = SavedText(LINES)
    saved.prepare()
    saved.statements()
    assert scans == [LINES]
    assert parses == []


def test_preparing_a_text_that_cannot_be_scanned_parses_its_document_ahead(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    parses = _count(monkeypatch, tomlkit, "parse")
    saved = SavedText(UNSCANNABLE)
    saved.prepare()
    saved.prepare()  # the document is kept: not parsed twice
    assert parses == [UNSCANNABLE]
    assert saved.take_document(PATH).as_string() == UNSCANNABLE
    assert parses == [UNSCANNABLE]


def test_preparing_a_text_that_does_not_parse_leaves_the_error_to_the_save() -> None:
    saved = SavedText(BROKEN)
    saved.prepare()
    with pytest.raises(StoreError):
        saved.take_document(PATH)


def test_a_document_taken_while_preparing_in_a_thread_is_the_callers_alone() -> None:
    saved = SavedText(UNSCANNABLE)
    thread = threading.Thread(target=saved.prepare)
    thread.start()
    taken = saved.take_document(PATH)
    thread.join()
    taken["entries"] = 4
    assert saved.take_document(PATH).as_string() == UNSCANNABLE


@given(st.text(max_size=60))
def test_any_text_prepares_without_error_and_its_document_writes_it_back(text: str) -> None:
    saved = SavedText(text)
    saved.prepare()
    try:
        document = saved.take_document(PATH)
    except StoreError as error:
        assert "\n" not in str(error)
    else:
        assert document.as_string() == text
