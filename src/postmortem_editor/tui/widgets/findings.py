"""The rubric panel: the check's findings, each jumping to its field on Enter."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import Label, OptionList, Select
from textual.widgets.option_list import Option

from postmortem_editor.check import CHECK_PROFILES, CheckProfile, Finding


class FindingsPane(Vertical):
    """Findings of the chosen rubric, errors first."""

    HELP_TITLE = "Rubric"

    HELP = "The rubric's findings. Enter on one jumps to its field; choose the rubric above."

    @dataclass
    class Jump(Message):
        """Go to the field a finding is about."""

        path: str

    @dataclass
    class RubricChosen(Message):
        """The user picked another rubric profile."""

        profile: CheckProfile

    def compose(self) -> ComposeResult:
        yield Label("Rubric", classes="field-label")
        yield Select([(p, p) for p in CHECK_PROFILES], allow_blank=False, id="rubric")
        yield OptionList(id="findings")

    def show(self, findings: list[Finding], rubric: str) -> None:
        """List these findings."""
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
            line.append(f"{finding.path}: ", style="bold")
            line.append(finding.message)
            line.append(f" [{finding.id}]", style="dim")
            options.add_option(Option(line, id=f"{index}:{finding.path}"))
        if highlighted is not None and highlighted < len(findings):
            options.highlighted = highlighted

    @on(OptionList.OptionSelected, "#findings")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id:
            self.post_message(self.Jump(event.option.id.split(":", 1)[1]))

    @on(Select.Changed, "#rubric")
    def _rubric(self, event: Select.Changed) -> None:
        event.stop()
        chosen = next((profile for profile in CHECK_PROFILES if profile == event.value), None)
        if chosen is not None:
            self.post_message(self.RubricChosen(chosen))
