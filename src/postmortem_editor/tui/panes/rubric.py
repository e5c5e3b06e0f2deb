"""The Rubric pane: the check's findings, each jumping to its field on Enter.

The incident is checked again once the keys pause, in a thread (a large incident takes a
tenth of a second): never on the keystroke path. The word count is made with it.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.css.query import NoMatches
from textual.message import Message
from textual.timer import Timer
from textual.widgets import Label, OptionList, Select
from textual.widgets.option_list import Option
from textual.worker import get_current_worker

from postmortem_editor.check import CHECK_PROFILES, CheckProfile, Finding, rubric_and_words
from postmortem_editor.model import Incident
from postmortem_editor.places import place_of
from postmortem_editor.render import Profile
from postmortem_editor.tui.panes.base import Editor

RUBRIC_DELAY = 0.4
"""Seconds of quiet before the rubric and word count are computed again."""

_KIND_RULES = {
    "PM005": "detection",
    "PM006": "resolution",
    "HB002": "detection",
    "HB003": "investigation",
    "HB004": "misleading",
    "HB005": "escalation",
    "HB006": "resolution",
}
FIX_KEYS = {
    **{
        rule: f"alt+k on a timeline row sets its kind to {kind}, or end a new entry's line "
        f"with #{kind}"
        for rule, kind in _KIND_RULES.items()
    },
    "PM007": "alt+s on the timeline sorts it by time",
    "PM010": "Enter on the entry edits it: type its time",
    "PM012": "Enter on the entry edits it: type its time",
    "PM011": "in Measures, Insert on the tasks adds one; Enter edits one",
}
"""The keys that fix a finding, by rule, where keys do (Enter goes to its place first)."""


class RubricPane(Vertical):
    """Findings of the chosen rubric, errors first."""

    HELP_TITLE = "Rubric"

    HELP = (
        "The rubric's findings. Enter on one jumps to its field or entry; under a finding, "
        "the keys that fix it. Choose the rubric above."
    )

    @dataclass
    class Jump(Message):
        """Go to the field a finding is about."""

        path: str

    @dataclass
    class RubricChosen(Message):
        """The user picked another rubric profile."""

        profile: CheckProfile

    def __init__(self, editor: Editor, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.editor = editor
        self.rubric: str | None = None
        """The rubric the findings shown are of; None until the first are shown."""
        self.findings: list[Finding] = []
        self.words: int | None = None
        self._timer: Timer | None = None
        self._checking = False

    @property
    def catching_up(self) -> bool:
        """Whether a check waits for the keys to pause, or runs."""
        return self._timer is not None or self._checking

    def check_soon(self) -> None:
        """Check the incident again once the keys pause."""
        if self._timer is not None:
            self._timer.stop()
        self._timer = self.set_timer(RUBRIC_DELAY, self._after_pause)

    def check_now(self) -> None:
        """Check the incident and count its words, now."""
        editor = self.editor
        self._show_checked(*rubric_and_words(editor.incident, editor.rubric, editor.render_profile))

    def _after_pause(self) -> None:
        self._timer = None
        self._checking = True
        self._check_in_background(self.editor.rubric, self.editor.render_profile)

    @work(thread=True, exclusive=True, group="rubric")
    def _check_in_background(self, rubric: CheckProfile, profile: Profile) -> None:
        # The model may change meanwhile; a newer check then replaces this one.
        findings, words = rubric_and_words(self.editor.incident, rubric, profile)
        if not get_current_worker().is_cancelled:
            with contextlib.suppress(RuntimeError):  # the app closed meanwhile
                self.app.call_from_thread(self._checked, rubric, profile, findings, words)

    def _checked(
        self, rubric: CheckProfile, profile: Profile, findings: list[Finding], words: int
    ) -> None:
        if (rubric, profile) != (self.editor.rubric, self.editor.render_profile):
            self._checking = False  # the profile changed meanwhile and was checked then
            return
        with contextlib.suppress(NoMatches):  # the editor is closing: nothing to show
            self._show_checked(findings, words)

    def _show_checked(self, findings: list[Finding], words: int) -> None:
        self._checking = False
        self.findings = findings
        self.words = words
        self.show(findings, self.editor.rubric, self.editor.incident)
        self.editor.refresh_status()

    def compose(self) -> ComposeResult:
        yield Label("Rubric", classes="field-label")
        yield Select([(p, p) for p in CHECK_PROFILES], allow_blank=False, id="rubric")
        yield OptionList(id="findings")

    def show(self, findings: list[Finding], rubric: str, incident: Incident) -> None:
        """List these findings, each at its place in the incident as the user sees it."""
        self.rubric = rubric
        select = self.query_one("#rubric", Select)
        if select.value != rubric:
            with select.prevent(Select.Changed):
                select.value = rubric
        options = self.query_one("#findings", OptionList)
        highlighted = options.highlighted
        options.clear_options()
        if not findings:
            options.add_option(
                Option(Text("No findings: the postmortem meets the rubric.", style="green"))
            )
            return
        for index, finding in enumerate(findings):
            line = Text()
            line.append(
                f"{finding.severity:<7} ",
                style="bold red" if finding.severity == "error" else "yellow",
            )
            line.append(f"{place_of(incident, finding.path)}: ", style="bold")
            line.append(finding.message)
            line.append(f" [{finding.id}]", style="dim")
            if finding.id in FIX_KEYS:
                line.append(f"\n        {FIX_KEYS[finding.id]}", style="italic")
            options.add_option(Option(line, id=f"{index}:{finding.path}"))
        # The row the user was on stays selected; at first, the first finding is.
        options.highlighted = (
            highlighted if highlighted is not None and highlighted < len(findings) else 0
        )

    @on(OptionList.OptionSelected, "#findings")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id:
            self.post_message(self.Jump(event.option.id.split(":", 1)[1]))

    @on(Select.Changed, "#rubric")
    def _rubric(self, event: Select.Changed) -> None:
        event.stop()
        # The list takes its first rubric as it opens, and may say so after the rubric in
        # use was shown: that is no choice, nor is a value the list no longer holds.
        if self.rubric is None or event.value != event.select.value:
            return
        chosen = next((profile for profile in CHECK_PROFILES if profile == event.value), None)
        if chosen is not None and chosen != self.rubric:
            self.post_message(self.RubricChosen(chosen))
