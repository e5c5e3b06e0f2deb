"""The Textual app of `postmortem edit`: global keys, the command palette, save and quit."""

from __future__ import annotations

import asyncio
import contextlib
import gc
import os
import signal
import threading
import time
from collections.abc import Callable, Iterable
from importlib.resources import files
from pathlib import Path
from typing import Any

from textual import events, on, work
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.notifications import SeverityLevel
from textual.screen import Screen
from textual.timer import Timer
from textual.widget import Widget

from postmortem_editor.clipboard import CopyResult, copy_text
from postmortem_editor.model import Incident, visible_controls
from postmortem_editor.recovery import (
    Recovery,
    RecoveryFile,
    find_recovery,
    match_ids,
    read_recovery,
    recovery_json,
    recovery_payload,
    recovery_text,
    set_aside,
    stamp,
)
from postmortem_editor.render import PROFILES, render_markdown
from postmortem_editor.store import (
    FileChangedError,
    IncidentFile,
    ModeSource,
    StoreError,
    atomic_write,
    dump_plain,
)
from postmortem_editor.tui.editor import DocumentChanged, EditorScreen
from postmortem_editor.tui.screens.choices import (
    DiffScreen,
    changed_on_disk_screen,
    recovery_screen,
)
from postmortem_editor.tui.screens.dialogs import HelpScreen, MessageScreen, QuitScreen

STYLES = files("postmortem_editor") / "styles" / "app.tcss"


def typed_character(event: events.Key) -> bool:
    """Whether a key types a character: a letter, a digit, a space, with no modifier key
    (alt+k is a command, not a "k")."""
    return event.is_printable and event.character is not None and "+" not in event.key


RECOVERY_DELAY = 2.0
"""Seconds after typing stops before the edits go to the recovery file."""
RECOVERY_MAX_WAIT = 10.0
"""Typing without a pause still reaches the recovery file this often (seconds)."""
EXIT_GRACE = 3.0
"""Seconds the editor may take to close after SIGTERM or SIGHUP before it is ended."""
DISK_CHECK_INTERVAL = 1.0
"""How often the incident file is looked at for changes made by others (seconds)."""
FULL_COLLECTION_EVERY = 100
"""Collections of the middle generation between two full garbage collections (Python: 10)."""
KEYS_IDLE = 1.0
"""Seconds without a key or a paste before a full garbage collection may be made."""
AFTER_COMMAND = 0.05
"""Seconds after a command's change is drawn before its garbage is collected."""
KEY_HANDLED_WAIT = 0.5
"""Seconds the next key waits at most for a widget to handle the one before."""
PREPARE_DELAY = 2.0
"""Seconds after opening before the file's layout is parsed for saving, in a thread."""


class PostmortemApp(App[None]):
    """Edit one incident postmortem."""

    CSS_PATH = str(STYLES)
    TITLE = "postmortem"
    ENABLE_COMMAND_PALETTE = True

    # Function keys are priority bindings: text areas bind F6 and F7 for selection.
    BINDINGS = [
        Binding("ctrl+s", "save", "Save", id="app.save", tooltip="Save the incident file"),
        Binding(
            "ctrl+q", "quit", "Quit", id="app.quit", priority=True, tooltip="Quit (asks if unsaved)"
        ),
        Binding(
            "f1", "help", "Help", id="app.help", priority=True, tooltip="Keys of the focused pane"
        ),
        Binding("f2", "toggle_preview", "Preview", id="app.preview", priority=True),
        Binding("f3", "copy_markdown", "Copy MD", id="app.copy", priority=True),
        Binding("f4", "export_markdown", "Export", id="app.export", priority=True),
        Binding("f5", "check", "Rubric", id="app.check", priority=True),
        Binding("f6", "switch_profile", "Profile", id="app.profile", priority=True),
    ]

    def __init__(self, document: IncidentFile) -> None:
        super().__init__()
        self.document = document
        self.editor = EditorScreen(document)
        self.recovery = RecoveryFile(document.path)
        self._recovery_timer: Timer | None = None
        self._unwritten_since: float | None = None
        self._last_input = 0.0  # time.monotonic() of the last key or paste
        self._collection_timer: Timer | None = None
        self._recovery_warned = False
        self._disk_seen: str | None = None
        self._held_keys: list[events.Key | events.Paste] = []

    def on_mount(self) -> None:
        self.push_screen(self.editor)
        self.sub_title = self._sub_title()
        loop = asyncio.get_running_loop()
        for number in (signal.SIGTERM, signal.SIGHUP):
            with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):
                loop.add_signal_handler(number, self._on_signal, number)
        self.set_interval(DISK_CHECK_INTERVAL, self.watch_disk)
        self.call_after_refresh(self.offer_recovery)
        # Once the editor is on screen and settled, ready the file's layout for ctrl+s.
        self.set_timer(PREPARE_DELAY, self._prepare_saving)
        self.call_after_refresh(self._freeze_startup_objects)

    @staticmethod
    def _freeze_startup_objects() -> None:
        # Everything built to show the editor lives as long as it does. Left to the
        # garbage collector, each full collection walks all of it again: a pause of about
        # 0.1 s, felt as a stuck key every few dozen keys in a large incident. The
        # command opens the editor with the collector off (see `cli.cmd_edit`); from the
        # first frame on it runs, on what is built afterwards. What start-up threw away
        # in cycles (some 15,000 small objects) is frozen with the rest.
        gc.freeze()
        gc.enable()
        # Full collections then walk what editing builds since: the lines kept for the
        # preview and the tables, some 50,000 objects, 30 to 60 ms a pass, every few
        # seconds while typing. They are made instead once a command's change is on
        # screen and when the keys pause (see `on_document_changed` and
        # `collect_garbage_when_idle`); the collector makes one of its own only after 100
        # collections of the middle generation (Python: 10), for typing that never
        # pauses. The young generations are collected as usual.
        young, middle, _ = gc.get_threshold()
        gc.set_threshold(young, middle, FULL_COLLECTION_EVERY)

    def _prepare_saving(self) -> None:
        self.run_worker(self._prepare_in_thread, thread=True, group="prepare", exit_on_error=False)

    def _prepare_in_thread(self) -> None:
        self.document.prepare()
        # The parsed layout lives until the editor closes, like what the screen holds by
        # now (the preview's lines, the table's rows): out of the collector's way too.
        with contextlib.suppress(RuntimeError):  # the app closed meanwhile
            self.call_from_thread(self._freeze_startup_objects)

    def on_unmount(self) -> None:
        loop = asyncio.get_running_loop()
        for number in (signal.SIGTERM, signal.SIGHUP):
            with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):
                loop.remove_signal_handler(number)

    async def on_event(self, event: events.Event) -> None:
        """Pasted text reaches the fields with its control characters made harmless, and
        text typed or pasted on a table goes to the line that takes it."""
        if isinstance(event, (events.Key, events.Paste)):
            self._last_input = time.monotonic()
            if not event.is_forwarded and self.editor.holding_keys:
                self._held_keys.append(event)
                return
            typed = isinstance(event, events.Paste) or typed_character(event)
            if typed and not event.is_forwarded and self.screen is self.editor:
                # Here, as the key arrives, not in the table: the keys right behind it
                # then go to the line too, in order.
                target = self.editor.typing_target(self.focused)
                if target is not None:
                    self.editor.set_focus(target)
        if isinstance(event, events.Paste) and not event.is_forwarded:
            text = event.text.replace("\r\n", "\n").replace("\r", "\n")
            cleaned = visible_controls(text)
            if cleaned != event.text:
                event = events.Paste(cleaned)
        keyed = isinstance(event, (events.Key, events.Paste)) and not event.is_forwarded
        given_to = self.focused if keyed and self._screen_stack else None
        await super().on_event(event)
        if keyed:
            await self._handled_by(given_to)

    @on(EditorScreen.FocusReady)
    async def _release_keys(self) -> None:
        """The field the keys waited for has the focus: they go to it, in order."""
        self.editor.holding_keys = False
        held, self._held_keys = self._held_keys, []
        for event in held:
            await self.on_event(event)

    async def _handled_by(self, widget: Widget | None) -> None:
        """Wait until the widget given a key has handled it, before the next key.

        Each widget handles its keys in its own queue. A key that moves the focus (Enter
        on a task, which starts the next one) would otherwise find the keys typed right
        behind it already given to the widget it leaves, and a burst of keys (a slow
        link, a text expander) would scatter over the fields.
        """
        if widget is None or not widget.is_attached:
            return
        handled = asyncio.Event()
        widget.call_later(handled.set)
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(handled.wait(), KEY_HANDLED_WAIT)

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = False,
    ) -> None:
        """A toast; its text (file names, errors) is shown as written, never read as markup."""
        text = visible_controls(message)
        super().notify(text, title=title, severity=severity, timeout=timeout, markup=markup)

    def _sub_title(self) -> str:
        return f"{self.document.path}{' ●' if self.editor.dirty else ''}"

    def on_document_changed(self, event: DocumentChanged) -> None:
        self.sub_title = self._sub_title()
        self._schedule_recovery()
        if event.command:
            self.call_after_refresh(self._collect_after_command)

    # --- the recovery file ------------------------------------------------------------------

    def _schedule_recovery(self) -> None:
        """Write the edits to the recovery file once typing pauses (or has gone on too long)."""
        if self._recovery_timer is not None:
            self._recovery_timer.stop()
        now = time.monotonic()
        if self._unwritten_since is None:
            self._unwritten_since = now
        if now - self._unwritten_since >= RECOVERY_MAX_WAIT:
            self.write_recovery()
            return
        self._recovery_timer = self.set_timer(RECOVERY_DELAY, self.typing_paused)

    def typing_paused(self) -> None:
        """No edit for a moment: write the recovery file, then collect the garbage the
        edits left (not while typing goes on, on the longest wait)."""
        self.write_recovery()
        if self._collection_timer is None:
            self.collect_garbage_when_idle()

    def _collect_after_command(self) -> None:
        # The change is on screen: while it is read, the garbage of the command (and of
        # the typing before it) is collected. A short wait lets the frame reach the
        # terminal first: a collection holds the interpreter, output thread included.
        if self._collection_timer is not None:
            self._collection_timer.stop()
        self._collection_timer = self.set_timer(AFTER_COMMAND, self._collect_now)

    def _collect_now(self) -> None:
        self._collection_timer = None
        gc.collect()

    def collect_garbage_when_idle(self) -> None:
        """Make a full garbage collection once no key has been pressed for a second.

        A pass takes 20 to 60 ms in a large incident: between two keys of a word it would
        be felt. The model may stay unchanged while keys go on (a timeline entry is typed
        in its edit line and saved on Enter), so the keys themselves are watched.
        """
        self._collection_timer = None
        idle = time.monotonic() - self._last_input
        if idle < KEYS_IDLE:
            wait = KEYS_IDLE - idle
            self._collection_timer = self.set_timer(wait, self.collect_garbage_when_idle)
            return
        self._collect_now()

    def write_recovery(self) -> None:
        """Put the unsaved edits in the recovery file (from a worker), or remove it if none."""
        self._recovery_timer = None
        self._unwritten_since = None
        if not self.document.edited:
            self.recovery.clear()
            return
        # Only the model's data is taken here; turning it into text, which takes a tenth
        # of a second for thousands of entries, is left to the worker.
        payload = recovery_payload(self.document.incident, self.document.disk_digest)
        self._write_recovery(payload, self.recovery.generation, self.document.permissions_from)

    @work(thread=True, exclusive=False, group="recovery")
    def _write_recovery(self, payload: dict[str, Any], generation: int, like: ModeSource) -> None:
        try:
            self.recovery.write(recovery_json(payload), generation, like=like)
        except StoreError as error:
            self.call_from_thread(self._recovery_failed, error)

    def _recovery_failed(self, error: StoreError) -> None:
        if not self._recovery_warned:
            self._recovery_warned = True
            self.notify(
                f"{error}. Your edits are only in memory: save soon.",
                severity="warning",
                timeout=10,
            )

    def write_recovery_now(self) -> Path | None:
        """Write the recovery file at once, on this thread (before an exit, after a failed save)."""
        if not self.document.edited:
            return None
        text = recovery_text(self.document.incident, self.document.disk_digest)
        try:
            return self.recovery.write(
                text, self.recovery.generation, like=self.document.permissions_from
            )
        except StoreError:
            return None

    def forget_recovery(self) -> None:
        """The edits are saved or deliberately dropped: no recovery file any more."""
        if self._recovery_timer is not None:
            self._recovery_timer.stop()
            self._recovery_timer = None
        self._unwritten_since = None
        self.recovery.clear()

    def _on_signal(self, number: int) -> None:
        # A closed terminal (SIGHUP) or a polite kill (SIGTERM): keep the edits, then go.
        self.write_recovery_now()
        # Restoring a terminal that is gone can block: leave for sure in a moment.
        deadline = threading.Timer(EXIT_GRACE, os._exit, args=(128 + number,))
        deadline.daemon = True
        deadline.start()
        self.exit(return_code=128 + number)

    def offer_recovery(self) -> None:
        """At start: offer the edits of a recovery file left by an editor that did not close."""
        found = find_recovery(self.document.path)
        if found is None:
            return
        try:
            recovered = read_recovery(found)
        except StoreError as error:
            kept = self._set_aside(found)
            self.push_screen(
                MessageScreen(
                    "A recovery file could not be read",
                    f"{error}\n\nIt was kept as {kept} and the file opened as it is on disk.",
                )
            )
            return
        if dump_plain(recovered.incident) == dump_plain(self.document.incident):
            self.recovery.clear()  # nothing in it that the file does not have
            return
        match_ids(self.document.incident, recovered.incident)
        self._ask_recovery(recovered)

    def _ask_recovery(self, recovered: Recovery) -> None:
        when = recovered.written_at.astimezone().strftime("%Y-%m-%d %H:%M:%S")
        lines = [
            f"{recovered.path} holds edits to {self.document.path.name} made at {when} "
            "that were never saved (the editor did not close cleanly)."
        ]
        if self.document.exists and not recovered.newer_than(self.document.path):
            lines.append("The file was changed after these edits were made: compare first.")
        if recovered.writer_alive():
            lines.append(
                f"The editor that wrote them (process {recovered.pid}) is still running: "
                "this file may be open in another window."
            )
        lines.append(
            "\nRecover: open the edits (the file changes when you save). Show diff: compare "
            "them with the file. Discard: open the file as it is; the edits are kept in a copy."
        )

        def answered(choice: str | None) -> None:
            if choice == "recover":
                self.document.incident = recovered.incident
                self.editor.show_new_model()
                self.notify("Recovered the unsaved edits; ctrl+s saves them.", timeout=6)
            elif choice == "diff":
                self._show_diff(
                    "Unsaved edits found",
                    (f"{self.document.path.name} (on disk)", self.document.text),
                    (
                        "recovered edits",
                        self._shown_toml(recovered.incident, "the recovered edits"),
                    ),
                    then=lambda: self._ask_recovery(recovered),
                )
            else:
                self._discard_recovery(recovered)

        self.push_screen(recovery_screen("\n".join(lines)), answered)

    def _shown_toml(self, incident: Incident | None, whose: str) -> str:
        """An incident as the file would hold it, for a diff (a note when it cannot be shown)."""
        try:
            return self.document.render_toml(incident)
        except StoreError as error:
            return f"(cannot show {whose} as TOML: {error})"

    def _name_beside(self, label: str) -> Path:
        """NAME.LABEL-DATE.toml beside the incident, for a copy kept on the user's behalf."""
        path = self.document.path
        return path.with_name(f"{path.stem}.{label}-{stamp()}{path.suffix or '.toml'}")

    def _discard_recovery(self, recovered: Recovery) -> None:
        copy = self._name_beside("discarded")
        try:
            atomic_write(
                copy,
                self.document.render_toml(recovered.incident),
                like=self.document.permissions_from,
            )
        except StoreError:
            copy = self._set_aside(recovered.path)
        else:
            self.recovery.clear()
        self.notify(f"Discarded the unsaved edits; a copy is in {copy}", timeout=8)

    def _set_aside(self, found: Path) -> Path:
        try:
            return set_aside(found, like=self.document.permissions_from)
        except OSError:
            return found

    # --- the file on disk ---------------------------------------------------------------------

    def watch_disk(self) -> None:
        """Notice when someone else changed the incident file, and act on it."""
        if self.screen is not self.editor:
            return  # a question is open; look again later
        change = self.document.disk_change()
        if change is None:
            self._disk_seen = None
            return
        if change == "missing":
            if self._disk_seen != "missing":
                self._disk_seen = "missing"
                self.notify(
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
        if self._disk_seen == theirs:
            return
        self._disk_seen = theirs
        if not self.document.edited:
            self._reload_quietly()
        else:
            self.ask_about_disk_change(theirs)

    def _reload_quietly(self) -> None:
        try:
            self.document.reload()
        except StoreError as error:
            self.notify(
                f"{self.document.path.name} changed on disk but cannot be loaded: {error}. "
                "Your version stays open; saving will ask before replacing it.",
                severity="warning",
                timeout=12,
            )
            return
        self._disk_seen = None
        self.editor.show_new_model()
        self.notify(f"{self.document.path.name} changed on disk; reloaded.", timeout=5)

    def ask_about_disk_change(self, theirs: str, then_save: bool = False) -> None:
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
                self._show_diff(
                    f"{name}: theirs and mine",
                    ("theirs (on disk)", theirs),
                    ("mine (unsaved)", self._shown_toml(None, "your version")),
                    then=lambda: self.ask_about_disk_change(theirs, then_save),
                )

        self.push_screen(changed_on_disk_screen(message), answered)

    def _copy_beside(self, label: str, text: str) -> Path | None:
        copy = self._name_beside(label)
        try:
            atomic_write(copy, text, like=self.document.permissions_from)
        except StoreError as error:
            self.push_screen(MessageScreen("Could not keep a copy", f"{error}\n\nNothing changed."))
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
        self._disk_seen = None
        kept = f"; theirs is in {copy.name}" if copy else ""
        if then_save:
            if self.action_save():
                self.notify(f"Saved your version{kept}.", timeout=8)
        else:
            self.notify(f"Kept your version{kept}. ctrl+s saves it.", timeout=8)

    def _reload_theirs(self) -> None:
        try:
            mine = self.document.render_toml()
        except StoreError as error:
            self.push_screen(
                MessageScreen("Could not keep a copy", f"{error}\n\nNothing was reloaded.")
            )
            return
        copy = self._copy_beside("mine", mine)
        if copy is None:
            return
        try:
            self.document.reload()
        except StoreError as error:
            self.push_screen(
                MessageScreen(
                    "Their version does not load",
                    f"{error}\n\nYour version stays open (a copy is in {copy.name}).",
                )
            )
            return
        self._disk_seen = None
        self.forget_recovery()
        self.editor.show_new_model()
        self.notify(f"Reloaded {self.document.path.name}; your edits are in {copy.name}.")

    def _show_diff(
        self, title: str, old: tuple[str, str], new: tuple[str, str], then: Callable[[], None]
    ) -> None:
        self.push_screen(DiffScreen(title, old, new), lambda _: then())

    # --- palette --------------------------------------------------------------------------------

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        """Every action of the editor, by name.

        Textual's "Screenshot" is left out: it would write the incident's text to an SVG
        file in the Downloads folder that anyone may be able to read.
        """
        for command in super().get_system_commands(screen):
            if command.title != "Screenshot":
                yield command
        yield SystemCommand("Save", "Save the incident file (ctrl+s)", self.action_save)
        yield SystemCommand(
            "Copy Markdown to clipboard",
            "Render and copy the Markdown (F3)",
            self.action_copy_markdown,
        )
        yield SystemCommand(
            "Export Markdown file",
            "Write NAME.md beside the incident (F4)",
            self.action_export_markdown,
        )
        yield SystemCommand(
            "Add timeline entry",
            "Type an entry in the quick-entry line (ctrl+t)",
            self.editor.action_quick_entry,
        )
        yield SystemCommand("Check incident", "Show the rubric's findings (F5)", self.action_check)
        yield SystemCommand(
            "Switch render profile",
            "standard → google-sre → pagerduty (F6)",
            self.action_switch_profile,
        )
        yield SystemCommand(
            "Switch rubric profile", "standard ↔ holberton", self.action_switch_rubric
        )
        yield SystemCommand(
            "Toggle preview", "Show or hide the rendered Markdown (F2)", self.action_toggle_preview
        )
        yield SystemCommand(
            "Add free section", "A section of free Markdown", self.editor.add_section
        )
        yield SystemCommand(
            "Next pane",
            "Summary, Timeline, ... (alt+right)",
            lambda: self.editor.action_next_pane(1),
        )
        yield SystemCommand(
            "Sort timeline by time", "Put the entries in time order", self.editor.sort_timeline
        )
        yield SystemCommand("Add task", "Type a new corrective task", self.editor.focus_new_task)
        yield SystemCommand("Undo", "Undo the last change (ctrl+z)", self.editor.action_undo)
        yield SystemCommand("Redo", "Redo the last undone change (ctrl+y)", self.editor.action_redo)
        yield SystemCommand("Help", "Keys of the focused pane (F1)", self.action_help)

    # --- actions ---------------------------------------------------------------------------------

    def action_save(self) -> bool:
        """Save through the store; say so, or say plainly why not.

        True when everything typed is in the file. A field whose text is not a valid value
        keeps its old value in the file, and the message names it.
        """
        unwritten = self.editor.unwritten()
        try:
            written = self.document.save(self.editor.incident_to_save())
        except FileChangedError:
            try:
                theirs = self.document.disk_text()
            except StoreError:
                theirs = ""
            self.ask_about_disk_change(theirs, then_save=True)
            return False
        except StoreError as error:
            kept = self.write_recovery_now()
            where = f" and in {kept}" if kept else ""
            self.push_screen(
                MessageScreen(
                    "Not saved",
                    f"{error}.\n\nYour edits are still here{where}. Fix the cause (space, "
                    "permissions, the folder) and press ctrl+s again, or copy the Markdown "
                    "with F3.",
                )
            )
            return False
        self._disk_seen = None
        if not self.document.edited:
            self.forget_recovery()
        self.editor.refresh_status()
        self.sub_title = self._sub_title()
        if unwritten:
            saved = f"Saved {self.document.path.name}" if written else "Nothing else to save"
            self.notify(
                f"{saved}, but not these (still unsaved):\n" + "\n".join(unwritten),
                severity="warning",
                timeout=10,
            )
            return False
        self.notify(
            f"Saved {self.document.path.name}" if written else "No changes to save", timeout=2
        )
        return True

    async def action_quit(self) -> None:
        """Quit; ask first when there are unsaved changes."""
        if isinstance(self.screen, QuitScreen):
            return  # the question is already asked
        unwritten = self.editor.unwritten()
        # Nothing typed: an untouched new file needs no saving.
        if not self.document.edited and not unwritten:
            self.forget_recovery()
            self.exit()
            return

        def decided(choice: str | None) -> None:
            if (choice == "save" and self.action_save()) or choice == "discard":
                self.forget_recovery()
                self.exit()

        self.push_screen(QuitScreen(unwritten), decided)

    def action_help(self) -> None:
        """Help for the focused pane."""
        if isinstance(self.screen, HelpScreen):
            self.screen.dismiss()
            return
        if self.screen is not self.editor:
            return  # a dialog is open
        keys = [(b.key, b.description) for b in self.BINDINGS if isinstance(b, Binding)]
        keys += [
            ("ctrl+t", "Add a timeline entry"),
            ("ctrl+p", "Command palette: every action by name"),
            ("ctrl+z / ctrl+y", "Undo / redo (tables and fields; text areas have their own)"),
            ("tab / shift+tab", "Next / previous field"),
        ]
        self.push_screen(HelpScreen(self.focused, keys))

    def action_toggle_preview(self) -> None:
        """Show or hide the preview."""
        preview = self.editor.query_one("#preview")
        self.editor.focus_preview_toggle(not preview.display)

    def action_check(self) -> None:
        """Show the rubric panel."""
        self.editor.refresh_rubric()
        self.editor.query_one("#panes").active = "tab-rubric"  # type: ignore[attr-defined]
        self.editor.query_one("#findings").focus()

    def action_switch_profile(self) -> None:
        """Render with the next profile."""
        index = PROFILES.index(self.editor.render_profile)  # type: ignore[arg-type]
        self.editor.render_profile = PROFILES[(index + 1) % len(PROFILES)]
        self.editor.refresh_preview()
        self.editor.refresh_rubric()
        self.notify(f"Render profile: {self.editor.render_profile}", timeout=2)

    def action_switch_rubric(self) -> None:
        """Check with the other rubric."""
        self.editor.rubric = "holberton" if self.editor.rubric == "standard" else "standard"
        self.editor.refresh_rubric()
        self.notify(f"Rubric: {self.editor.rubric}", timeout=2)

    def markdown(self) -> str:
        """The postmortem as Markdown, in the chosen profile."""
        return render_markdown(self.document.incident, self.editor.render_profile)  # type: ignore[arg-type]

    def action_copy_markdown(self) -> None:
        """Copy the Markdown: system clipboard where possible, else through the terminal."""
        self._copy(self.markdown())

    @work(thread=True, exclusive=True, group="clipboard")
    def _copy(self, markdown: str) -> None:
        # pyperclip may start a clipboard tool that hangs: never on the event loop.
        result = copy_text(
            markdown, osc52=lambda text: self.call_from_thread(self.copy_to_clipboard, text)
        )
        self.call_from_thread(self._copied, result)

    def _copied(self, result: CopyResult) -> None:
        self.last_copy = result
        if result.method == "none":
            reason = f" ({result.detail})" if result.detail else ""
            name = self.document.path.with_suffix(".md").name
            self.notify(
                f"No clipboard available{reason}: press F4 to write the Markdown to {name}.",
                severity="error",
                timeout=8,
            )
            return
        self.notify(result.message, timeout=5)

    def action_export_markdown(self) -> None:
        """Write NAME.md beside the incident."""
        target = self.document.path.with_suffix(".md")
        try:
            atomic_write(target, self.markdown(), like=self.document.permissions_from)
        except StoreError as error:
            self.notify(str(error), severity="error", timeout=8)
            return
        self.notify(f"Exported {target.name} ({self.editor.render_profile})", timeout=4)
