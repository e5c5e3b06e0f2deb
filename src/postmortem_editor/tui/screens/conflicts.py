"""The question asked when the file changed on disk and both sides changed the same thing.

Each conflict is listed with mine and theirs side by side; the user settles each with a
key (m mine, t theirs, b both where both make sense). Nothing is applied until every
conflict has an answer; Escape leaves the merge for later.
"""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, OptionList, Static
from textual.widgets.option_list import Option

from postmortem_editor.merge import Choice, Conflict, MergeResult

CHOICE_WORDS = {Choice.MINE: "mine", Choice.THEIRS: "theirs", Choice.BOTH: "both"}


class ConflictScreen(ModalScreen[dict[str, Choice] | None]):
    """Settle each conflict of a merge: mine, theirs, or both; None when put off."""

    HELP_TITLE = "Merge"

    HELP = (
        "The file changed on disk while you had unsaved edits, and both changed the same "
        "thing. For each conflict, m keeps mine, t takes theirs, b keeps both (where both "
        "make sense); Enter applies the merge once every conflict has an answer. Escape "
        "leaves the merge for later: your version stays open, and ctrl+s asks again."
    )

    BINDINGS = [
        Binding("m", "choose('mine')", "Mine", id="merge.mine"),
        Binding("t", "choose('theirs')", "Theirs", id="merge.theirs"),
        Binding("b", "choose('both')", "Both", id="merge.both"),
        Binding("enter", "apply", "Apply", id="merge.apply"),
        Binding("escape", "put_off", "Later", id="merge.later"),
    ]

    def __init__(self, name: str, result: MergeResult) -> None:
        super().__init__()
        self.name_shown = name
        self.result = result
        self.choices: dict[str, Choice] = {}

    def compose(self) -> ComposeResult:
        count = len(self.result.conflicts)
        with Vertical(id="conflict-dialog"):
            yield Label(
                Text(
                    f"{self.name_shown} changed on disk: {count} "
                    f"conflict{'s' if count != 1 else ''} with your edits"
                ),
                id="dialog-title",
            )
            if self.result.incoming:
                yield Static(Text(f"Merged without a question: {self.result.summary()}."))
            yield OptionList(*self._options(), id="conflicts")
            yield Static(
                Text("m mine · t theirs · b both · Enter applies · Escape: later", style="dim"),
                id="conflict-keys",
            )

    def on_mount(self) -> None:
        options = self.query_one(OptionList)
        options.focus()
        options.highlighted = 0

    def _options(self) -> list[Option]:
        return [self._option(conflict) for conflict in self.result.conflicts]

    def _option(self, conflict: Conflict) -> Option:
        chosen = self.choices.get(conflict.key)
        table = Table.grid(padding=(0, 2), expand=True)
        table.add_column(ratio=1)
        table.add_column(ratio=1)
        head = Text(conflict.where, style="bold")
        head.append("  ")
        if chosen is None:
            offered = " / ".join(CHOICE_WORDS[c] for c in conflict.choices)
            head.append(f"[{offered}?]", style="yellow")
        else:
            head.append(f"[{CHOICE_WORDS[chosen]}]", style="green")
        table.add_row(head, Text())
        table.add_row(Text(f"mine: {conflict.mine}"), Text(f"theirs: {conflict.theirs}"))
        return Option(table, id=conflict.key)

    def action_choose(self, word: str) -> None:
        """Settle the highlighted conflict, and go to the next one without an answer."""
        options = self.query_one(OptionList)
        index = options.highlighted
        if index is None:
            return
        conflict = self.result.conflicts[index]
        choice = Choice(word)
        if choice not in conflict.choices:
            self.notify(f"{conflict.where}: cannot keep both here", severity="warning")
            return
        self.choices[conflict.key] = choice
        options.replace_option_prompt_at_index(index, self._option(conflict).prompt)
        unanswered = [
            number for number, c in enumerate(self.result.conflicts) if c.key not in self.choices
        ]
        later = [number for number in unanswered if number > index]
        if later or unanswered:
            options.highlighted = (later or unanswered)[0]

    def action_apply(self) -> None:
        """Apply the merge once every conflict has an answer."""
        missing = [c.where for c in self.result.conflicts if c.key not in self.choices]
        if missing:
            self.notify(f"No answer yet for: {', '.join(missing)}", severity="warning")
            return
        self.dismiss(dict(self.choices))

    def action_put_off(self) -> None:
        """Leave the merge for later."""
        self.dismiss(None)

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.action_apply()
