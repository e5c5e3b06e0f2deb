"""Watching the incident file for changes made by others (another editor, a git pull),
and asking what to do when they meet unsaved edits."""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from textual.app import App
from textual.timer import Timer

from postmortem_editor.merge import Choice, merge
from postmortem_editor.model import Incident
from postmortem_editor.recovery import match_ids
from postmortem_editor.store import IncidentFile, StoreError, atomic_write
from postmortem_editor.tui.screens.choices import DiffScreen, changed_on_disk_screen
from postmortem_editor.tui.screens.conflicts import ConflictScreen
from postmortem_editor.tui.screens.dialogs import MessageScreen
from postmortem_editor.tui.services.copies import name_beside, shown_toml

DISK_CHECK_INTERVAL = 1.0
"""How often the incident file is looked at for changes made by others (seconds)."""


@dataclass(frozen=True)
class SeenOnDisk:
    """A change of the file on disk that was already acted on: it is acted on once."""

    text: str | None
    """Their text; None when the file was missing (removed or renamed)."""

    @property
    def missing(self) -> bool:
        """Whether the file was missing."""
        return self.text is None


class DiskWatcher:
    """Looks at ``document``'s file every second and acts on changes made by others.

    ``is_idle`` says whether the editor may act now (no question is open);
    ``on_reloaded`` is called when the document's incident was replaced by theirs;
    ``on_merged(before, label)`` when it became a merge of theirs with the user's edits;
    ``save`` saves the user's version (True when all of it is in the file);
    ``forget_recovery`` drops the recovery file when the user's edits were set aside.
    """

    def __init__(
        self,
        app: App[Any],
        document: IncidentFile,
        *,
        is_idle: Callable[[], bool],
        on_reloaded: Callable[[], None],
        on_merged: Callable[[Incident, str], None],
        save: Callable[[], bool],
        forget_recovery: Callable[[], None],
    ) -> None:
        self.app = app
        self.document = document
        self.is_idle = is_idle
        self.on_reloaded = on_reloaded
        self.on_merged = on_merged
        self.save = save
        self.forget_recovery = forget_recovery
        self.seen: SeenOnDisk | None = None
        """The change last acted on; None when the file is as the editor knows it."""
        self._timer: Timer | None = None

    def start(self) -> None:
        """Look at the file every `DISK_CHECK_INTERVAL` seconds."""
        self._timer = self.app.set_interval(DISK_CHECK_INTERVAL, self.poll)

    def stop(self) -> None:
        """Stop looking (the App is closing)."""
        if self._timer is not None:
            self._timer.stop()
            self._timer = None

    def in_step(self) -> None:
        """The file on disk is the editor's again (saved or reloaded)."""
        self.seen = None

    def poll(self) -> None:
        """Notice when someone else changed the incident file, and act on it."""
        if not self.is_idle():
            return  # a question is open; look again later
        change = self.document.disk_change()
        if change is None:
            self.seen = None
            return
        if change == "missing":
            if self.seen is None or not self.seen.missing:
                self.seen = SeenOnDisk(None)
                self.app.notify(
                    f"{self.document.path.name} was removed or renamed on disk; "
                    "ctrl+s writes it again.",
                    severity="warning",
                    timeout=10,
                )
            return
        try:
            theirs = self.document.disk_text()
        except StoreError:
            return  # not readable right now (being written?): look again next time
        if self.seen == SeenOnDisk(theirs):
            return
        self.seen = SeenOnDisk(theirs)
        if not self.document.edited:
            self._reload_quietly()
        else:
            self.merge_in(theirs)

    def merge_in(self, theirs_text: str) -> None:
        """The file changed under unsaved edits: merge their change with the user's edits.

        The base is what the editor last loaded or saved. Without conflicts nothing is
        asked; with conflicts each one is settled in a dialog, and nothing changes until
        every one has an answer. A file of theirs that does not read as an incident (a
        merge left half done) cannot be merged: the user is asked what to keep.
        """
        try:
            text, theirs = self.document.incoming()
        except StoreError:
            self.ask(theirs_text)
            return
        if text != theirs_text:
            return  # changed again meanwhile: the next look takes the newest
        # Their items take the ids of the ones they correspond to in the base (which the
        # editor's items share): the merge follows items by id, and the save after it
        # writes only the lines that changed.
        match_ids(self.document.saved, theirs)
        result = merge(self.document.saved, self.document.incident, theirs)
        name = self.document.path.name
        if result.clean:
            self._take(text, theirs, result.resolve(), result.summary())
            return

        def answered(choices: dict[str, Choice] | None) -> None:
            if choices is None:
                self.ask(text)  # put off: keep mine, reload theirs or compare
            else:
                self._take(text, theirs, result.resolve(choices), result.summary())

        self.app.push_screen(ConflictScreen(name, result), answered)

    def _take(self, text: str, theirs: Incident, merged: Incident, incoming: str) -> None:
        before = self.document.incident.model_copy(deep=True)
        self.document.adopt(text, theirs, merged)
        self.seen = None
        self.on_merged(before, f"merge of {self.document.path.name} from disk")
        came = f": {incoming}" if incoming else ""
        self.app.notify(
            f"{self.document.path.name} changed on disk{came}. Merged with your edits "
            "(ctrl+z takes it back); ctrl+s saves.",
            timeout=10,
        )

    def _reload_quietly(self) -> None:
        try:
            self.document.reload()
        except StoreError as error:
            self.app.notify(
                f"{self.document.path.name} changed on disk but cannot be loaded: {error}. "
                "Your version stays open; saving will ask before replacing it.",
                severity="warning",
                timeout=12,
            )
            return
        self.seen = None
        self.on_reloaded()
        self.app.notify(f"{self.document.path.name} changed on disk; reloaded.", timeout=5)

    def ask(self, theirs: str, then_save: bool = False) -> None:
        """The file changed under unsaved edits: keep mine, reload theirs, or compare."""
        name = self.document.path.name
        message = (
            f"{name} was changed by someone else (another editor, a git pull) while you have "
            "unsaved edits.\n\nKeep mine: your version stays and the next save replaces "
            "theirs, which is first copied beside it. Reload theirs: their version opens and "
            "yours is copied beside it. Show both: compare the two."
        )

        def answered(choice: str | None) -> None:
            if choice == "keep":
                self._keep_mine(then_save)
            elif choice == "reload":
                self._reload_theirs()
            elif choice == "diff":
                diff = DiffScreen(
                    f"{name}: theirs and mine",
                    ("theirs (on disk)", theirs),
                    ("mine (unsaved)", shown_toml(self.document, None, "your version")),
                )
                self.app.push_screen(diff, lambda _: self.ask(theirs, then_save))

        self.app.push_screen(changed_on_disk_screen(message), answered)

    def _copy_beside(self, label: str, text: str) -> Path | None:
        copy = name_beside(self.document, label)
        try:
            atomic_write(copy, text, like=self.document.permissions_from)
        except StoreError as error:
            self.app.push_screen(
                MessageScreen("Could not keep a copy", f"{error}\n\nNothing changed.")
            )
            return None
        return copy

    def _keep_mine(self, then_save: bool) -> None:
        try:
            theirs = self.document.disk_text()
        except StoreError:
            theirs = None  # gone or unreadable: nothing of theirs to keep
        copy = self._copy_beside("theirs", theirs) if theirs is not None else None
        if theirs is not None and copy is None:
            return
        with contextlib.suppress(OSError):  # the file vanished meanwhile: the save puts it back
            self.document.keep_mine()
        self.seen = None
        kept = f"; theirs is in {copy.name}" if copy else ""
        if then_save:
            if self.save():
                self.app.notify(f"Saved your version{kept}.", timeout=8)
        else:
            self.app.notify(f"Kept your version{kept}. ctrl+s saves it.", timeout=8)

    def _reload_theirs(self) -> None:
        try:
            mine = self.document.render_toml()
        except StoreError as error:
            self.app.push_screen(
                MessageScreen("Could not keep a copy", f"{error}\n\nNothing was reloaded.")
            )
            return
        copy = self._copy_beside("mine", mine)
        if copy is None:
            return
        try:
            self.document.reload()
        except StoreError as error:
            self.app.push_screen(
                MessageScreen(
                    "Their version does not load",
                    f"{error}\n\nYour version stays open (a copy is in {copy.name}).",
                )
            )
            return
        self.seen = None
        self.forget_recovery()
        self.on_reloaded()
        self.app.notify(f"Reloaded {self.document.path.name}; your edits are in {copy.name}.")
