"""The repair view: an incident file that does not open, shown as text with its problems.

A file with git's merge-conflict markers, TOML that does not parse, or values the schema
refuses opens here instead of being refused. Each problem is marked on its line and listed
under the text in words; Enter on one puts the cursor there. Each conflict block is
resolved with a key: keep ours, theirs, or both. The problems are checked again a moment
after typing stops. ctrl+s writes the text only once it reads as an incident; the screen
then closes with the incident, for the editor to open.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterable
from pathlib import Path

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding
from textual.notifications import SeverityLevel
from textual.screen import Screen
from textual.widgets import OptionList, Static, TextArea
from textual.widgets.option_list import Option

from postmortem_editor.conflict_markers import Conflict, Side, find_conflicts
from postmortem_editor.errors import FileChangedError, InvalidIncident, Problem, StoreError
from postmortem_editor.files import file_mode
from postmortem_editor.reading import read_incident
from postmortem_editor.repair import save_repaired
from postmortem_editor.store import IncidentFile
from postmortem_editor.tui.screens.choices import Choice, ChoiceScreen
from postmortem_editor.tui.widgets.key_bar import KeyBar
from postmortem_editor.tui.widgets.repair_area import RepairArea

RECHECK_DELAY = 0.3
"""Seconds after the last keystroke before the problems are looked for again."""

OVERWRITE = Choice("overwrite", "Overwrite it", "o")
KEEP_EDITING = Choice("cancel", "Keep editing", "escape")

SIDE_WORDS: dict[Side, str] = {
    "ours": "our side",
    "theirs": "their side",
    "both": "both sides (ours first)",
}


class RepairScreen(Screen[IncidentFile]):
    """An incident file as text, with what keeps it from opening marked and listed.

    Dismissed with the incident once the text is saved as a valid incident file.
    """

    HELP_TITLE = "Repair"
    HELP = (
        "This file does not open as an incident, so it is shown as text. The lines marked "
        "● have a problem, listed under the text: Enter on one goes to it, F8 / shift+F8 "
        "go to the next / previous. A merge conflict shows our lines (green) above ======= "
        "and their lines (blue) below: alt+o keeps ours, alt+t theirs, alt+a both, for the "
        "conflict the cursor is in; ctrl+z undoes it. ctrl+s saves once no problem is left, "
        "and the editor opens; until then nothing is written."
    )

    BINDINGS = [
        Binding("ctrl+s", "save", "Save", id="repair.save", tooltip="Save once the text is valid"),
        Binding(
            "f8",
            "next_problem",
            "Next problem",
            id="repair.next",
            priority=True,  # text areas bind function keys of their own
            tooltip="Put the cursor on the next problem",
        ),
        # Priority bindings: the text area would take alt+o as the letter o. Not alt+b for
        # both: terminals send it as ESC b, which Textual reads as ctrl+left.
        Binding(
            "alt+o",
            "keep('ours')",
            "Keep ours",
            id="repair.ours",
            priority=True,
            tooltip="Keep our side of the conflict at the cursor",
        ),
        Binding(
            "alt+t",
            "keep('theirs')",
            "Keep theirs",
            id="repair.theirs",
            priority=True,
            tooltip="Keep their side of the conflict at the cursor",
        ),
        Binding(
            "alt+a",
            "keep('both')",
            "Keep both",
            id="repair.both",
            priority=True,
            tooltip="Keep both sides of the conflict at the cursor, ours first",
        ),
        Binding(
            "shift+f8",
            "previous_problem",
            "Previous problem",
            id="repair.previous",
            show=False,
            priority=True,
        ),
    ]

    def __init__(self, path: Path, text: str, problems: tuple[Problem, ...]) -> None:
        super().__init__()
        self.path = path
        self.opened = text
        """The text as the file held it when the repair began."""
        self.opened_mode = file_mode(path)
        self.problems = problems
        """The problems of the text as last checked."""
        self.conflicts: tuple[Conflict, ...] = find_conflicts(text)
        """The conflict blocks of the text as last checked."""

    def compose(self) -> ComposeResult:
        yield Static(id="repair-title")
        yield RepairArea(self.opened, id="repair-text")
        yield Static(id="repair-summary")
        yield OptionList(id="repair-problems")
        yield KeyBar()

    def on_mount(self) -> None:
        area = self.text_area
        if area.text != self.opened:
            self.tell(
                "Some line ends in this file (form feeds, U+2028) show as new lines here; "
                "a save writes them as plain line ends.",
                severity="warning",
                timeout=10,
            )
        self.show_problems()
        area.focus()
        self.go_to_problem(0)

    def tell(
        self, message: str, *, severity: SeverityLevel = "information", timeout: float = 5
    ) -> None:
        """A toast whose text is shown as written (TOML such as [[timeline]] is not markup)."""
        self.app.notify(message, severity=severity, timeout=timeout, markup=False)

    @property
    def text_area(self) -> RepairArea:
        """The text being repaired."""
        return self.query_one("#repair-text", RepairArea)

    @property
    def unsaved(self) -> bool:
        """Whether the text differs from the file as it was opened."""
        return self.text_area.text != self.opened

    # --- the problems ----------------------------------------------------------------------------

    @on(TextArea.Changed, "#repair-text")
    def _text_changed(self) -> None:
        self._recheck()

    @work(exclusive=True, group="recheck")
    async def _recheck(self) -> None:
        """Look for the problems again once typing has paused (the newest request wins)."""
        await asyncio.sleep(RECHECK_DELAY)
        text = self.text_area.text
        problems, conflicts = await asyncio.to_thread(_check, text)
        if text == self.text_area.text:
            self._found(problems, conflicts)

    def check_now(self) -> None:
        """Look for the problems in the text as it is, at once."""
        self._found(*_check(self.text_area.text))

    def _found(self, problems: tuple[Problem, ...], conflicts: tuple[Conflict, ...]) -> None:
        self.problems, self.conflicts = problems, conflicts
        self.show_problems()
        self.refresh_bindings()

    def show_problems(self) -> None:
        """Mark the problems in the text, list them, and say in words what is to be done."""
        self.text_area.mark(self.problems, self.conflicts)
        name = self.path.name
        title = f"Repair {name}: " + (
            "ready to save" if not self.problems else "it does not open as an incident"
        )
        self.query_one("#repair-title", Static).update(Text(title, style="bold"))
        self.query_one("#repair-summary", Static).update(Text(_summary(name, self.problems)))
        options = self.query_one("#repair-problems", OptionList)
        highlighted = options.highlighted
        options.clear_options()
        for index, problem in enumerate(self.problems):
            options.add_option(Option(_problem_line(problem), id=str(index)))
        if highlighted is not None and self.problems:
            options.highlighted = min(highlighted, len(self.problems) - 1)
        options.display = bool(self.problems)

    @on(OptionList.OptionSelected, "#repair-problems")
    def _problem_chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id is not None:
            self.go_to_problem(int(event.option.id))
            self.text_area.focus()

    def go_to_problem(self, index: int) -> None:
        """Put the cursor on a problem's line and column, and the line in view."""
        if not 0 <= index < len(self.problems):
            return
        problem = self.problems[index]
        if problem.line is None:
            return
        area = self.text_area
        row = min(problem.line - 1, area.document.line_count - 1)
        column = 0  # a conflict's first line; a value's start, or where TOML reading stopped
        if problem.column is not None:
            column = min(problem.column - 1, len(area.document.get_line(row)))
        area.move_cursor((row, column), center=True)
        self.query_one("#repair-problems", OptionList).highlighted = index

    def action_next_problem(self) -> None:
        """The first problem after the cursor's line (from the top after the last)."""
        self._step(1)

    def action_previous_problem(self) -> None:
        """The last problem before the cursor's line (from the bottom before the first)."""
        self._step(-1)

    def _step(self, direction: int) -> None:
        lines = [(p.line, index) for index, p in enumerate(self.problems) if p.line is not None]
        if not lines:
            self.tell("No problem with a line to go to", timeout=3)
            return
        row = self.text_area.cursor_location[0] + 1
        if direction > 0:
            after = [index for line, index in lines if line > row]
            self.go_to_problem(after[0] if after else lines[0][1])
        else:
            before = [index for line, index in lines if line < row]
            self.go_to_problem(before[-1] if before else lines[-1][1])

    # --- conflicts -------------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Keeping a side is offered only while there are conflicts."""
        return action != "keep" or bool(self.conflicts)

    def action_keep(self, side: Side) -> None:
        """Resolve the conflict the cursor is in with a side; elsewhere, go to the next one."""
        area = self.text_area
        conflicts = find_conflicts(area.text)
        row = area.cursor_location[0] + 1
        conflict = next((c for c in conflicts if c.contains(row)), None)
        if conflict is None:
            following = [c for c in conflicts if c.first_line > row] or list(conflicts)
            if not following:
                self.tell("No merge conflict is left", timeout=3)
                return
            target = following[0]
            area.move_cursor((target.first_line - 1, 0), center=True)
            self.tell(
                f"The cursor was in no conflict: it is now on the one at lines {target.lines}. "
                "Press the key again to resolve it.",
                timeout=5,
            )
            return
        start = (conflict.first_line - 1, 0)
        if conflict.last_line < area.document.line_count:
            end = (conflict.last_line, 0)
        else:  # the block ends the file without a line end
            end = (conflict.last_line - 1, len(area.document.get_line(conflict.last_line - 1)))
        area.replace(conflict.resolution(side), start, end)
        area.move_cursor(start, center=True)
        self.check_now()
        left = len(self.conflicts)
        more = f"; {left} conflict{'s' if left != 1 else ''} left" if left else ""
        self.tell(f"Kept {SIDE_WORDS[side]} at lines {conflict.lines}{more}", timeout=3)

    # --- saving ----------------------------------------------------------------------------------

    def action_save(self) -> None:
        """Write the text if it is a valid incident, then close for the editor to open."""
        document = self.save()
        if document is not None:
            self.dismiss(document)

    def save(self, *, force: bool = False) -> IncidentFile | None:
        """Write the text when it reads as an incident; say in one line why not otherwise.

        Returns the incident as saved, or None when nothing was written (a file changed on
        disk meanwhile is asked about, and saved if the user says so).
        """
        text = self.text_area.text
        try:
            return save_repaired(self.path, text, self.opened, mode=self.opened_mode, force=force)
        except InvalidIncident as error:
            self._found(error.problems, find_conflicts(text))
            self.tell(_not_saved(error.problems), severity="error", timeout=8)
        except FileChangedError:
            self.app.push_screen(
                ChoiceScreen(
                    "The file changed on disk",
                    f"{self.path.name} was changed by another program since the repair "
                    "began. Overwrite it with this text, or keep editing?",
                    [OVERWRITE, KEEP_EDITING],
                ),
                self._overwrite_answered,
            )
        except StoreError as error:
            self.tell(f"Not saved: {error.headline}", severity="error", timeout=10)
        return None

    def _overwrite_answered(self, answer: str | None) -> None:
        if answer == OVERWRITE.id:
            document = self.save(force=True)
            if document is not None:
                self.dismiss(document)

    def commands(self) -> Iterable[SystemCommand]:
        """The palette's entries for the repair view."""
        yield SystemCommand(
            "Save", "Save once the text is valid, then edit (ctrl+s)", self.action_save
        )
        yield SystemCommand(
            "Keep ours",
            "Resolve the conflict at the cursor with our side (alt+o)",
            lambda: self.action_keep("ours"),
        )
        yield SystemCommand(
            "Keep theirs",
            "Resolve the conflict at the cursor with their side (alt+t)",
            lambda: self.action_keep("theirs"),
        )
        yield SystemCommand(
            "Keep both",
            "Resolve the conflict at the cursor with ours then theirs (alt+a)",
            lambda: self.action_keep("both"),
        )
        yield SystemCommand("Next problem", "Go to the next problem (F8)", self.action_next_problem)
        yield SystemCommand(
            "Previous problem",
            "Go to the previous problem (shift+F8)",
            self.action_previous_problem,
        )


def _check(text: str) -> tuple[tuple[Problem, ...], tuple[Conflict, ...]]:
    """The problems of a text, and its conflict blocks."""
    return read_incident(text).problems, find_conflicts(text)


def _problem_line(problem: Problem) -> Text:
    """A problem as a line of the list: where in bold, then what."""
    line = Text()
    where = problem.where()
    if where:
        line.append(f"{where}: ", style="bold")
    line.append(": ".join(part for part in (problem.place, problem.message) if part))
    return line


def _summary(name: str, problems: tuple[Problem, ...]) -> str:
    """What the problems mean and what to do, in a sentence or two."""
    if not problems:
        return f"No problem is left: ctrl+s saves {name} and opens it in the editor."
    count = len(problems)
    kind = problems[0].kind
    if kind == "conflict":
        blocks = "a merge conflict" if count == 1 else f"{count} merge conflicts"
        return (
            f"{name} has {blocks}: both sides changed the same lines. Ours is green, theirs "
            "blue: alt+o keeps ours, alt+t theirs, alt+a both (or edit the lines by hand)."
        )
    if kind == "syntax":
        return (
            f"{name} is not valid TOML: reading stopped at the highlighted spot of the marked "
            "line. Fix it; ctrl+s saves once nothing is left to fix."
        )
    values = "a value" if count == 1 else f"{count} values"
    return (
        f"{name} is TOML, but {values} cannot be part of an incident (the list says why). "
        "Fix the marked lines; ctrl+s saves once nothing is left to fix."
    )


def _not_saved(problems: tuple[Problem, ...]) -> str:
    """Why a save wrote nothing, in one line."""
    if not problems:
        return "Not saved: the text is not an incident"
    more = f" ({len(problems)} problems in all, listed under the text)" if len(problems) > 1 else ""
    return f"Not saved: {problems[0].describe()}{more}"
