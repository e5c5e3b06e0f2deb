"""The Textual app of `postmortem edit`: global keys, save and quit.

The App owns the services that outlive any one screen (the recovery file, the watch on
the file on disk, the garbage collector's timing, the user's settings); its handlers hand
events to them.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import threading
from collections.abc import Iterable
from importlib.resources import files

from textual import events, on
from textual.app import SystemCommand
from textual.screen import Screen
from textual.widget import Widget

from postmortem_editor.collector import freeze_startup_objects
from postmortem_editor.export import export_markdown, markdown_path
from postmortem_editor.model import visible_controls
from postmortem_editor.render import PROFILES, render_markdown
from postmortem_editor.settings import Settings, load_settings
from postmortem_editor.store import FileChangedError, IncidentFile, StoreError
from postmortem_editor.tui.commands import editor_commands
from postmortem_editor.tui.editor import EditorScreen
from postmortem_editor.tui.help import help_sections
from postmortem_editor.tui.keys import APP_KEYS
from postmortem_editor.tui.plain_app import PlainApp
from postmortem_editor.tui.redraws import DocumentChanged
from postmortem_editor.tui.screens.dialogs import HelpScreen, MessageScreen, QuitScreen
from postmortem_editor.tui.services.copier import MarkdownCopier
from postmortem_editor.tui.services.disk_watcher import DiskWatcher
from postmortem_editor.tui.services.gc_policy import CollectionPolicy
from postmortem_editor.tui.services.preferences import Preferences
from postmortem_editor.tui.services.recovery_keeper import RecoveryKeeper

STYLES = files("postmortem_editor") / "styles" / "app.tcss"


def typed_character(event: events.Key) -> bool:
    """Whether a key types a character: a letter, a digit, a space, with no modifier key
    (alt+k is a command, not a "k")."""
    return event.is_printable and event.character is not None and "+" not in event.key


EXIT_GRACE = 3.0
"""Seconds the editor may take to close after SIGTERM or SIGHUP before it is ended."""
KEY_HANDLED_WAIT = 0.5
"""Seconds the next key waits at most for a widget to handle the one before."""
PREPARE_DELAY = 2.0
"""Seconds after opening before the file's layout is parsed for saving, in a thread."""
SIGNALS = (signal.SIGTERM, signal.SIGHUP)
"""Signals after which the edits are kept in the recovery file before the editor closes."""


class PostmortemApp(PlainApp[None]):
    """Edit one incident postmortem."""

    CSS_PATH = str(STYLES)
    TITLE = "postmortem"
    ENABLE_COMMAND_PALETTE = True

    BINDINGS = APP_KEYS

    def __init__(self, document: IncidentFile, settings: Settings | None = None) -> None:
        super().__init__()
        self.document = document
        self.editor = EditorScreen(document)
        if settings is None:
            settings = load_settings(document.path.parent)
        self.preferences = Preferences(self, settings)
        self.editor.set_reactive(EditorScreen.render_profile, settings.profile)
        self.editor.set_reactive(EditorScreen.rubric, settings.rubric)
        self.garbage = CollectionPolicy(self)
        self.copier = MarkdownCopier(self, document)
        self.keeper = RecoveryKeeper(
            self, document, on_paused=self.typing_paused, on_recovered=self.editor.show_new_model
        )
        self.watcher = DiskWatcher(
            self,
            document,
            is_idle=lambda: self.screen is self.editor,
            on_reloaded=self.editor.show_new_model,
            on_merged=self.editor.show_merged,
            save=self.action_save,
            forget_recovery=self.keeper.forget,
        )
        self._held_keys: list[events.Key | events.Paste] = []

    def on_mount(self) -> None:
        self.theme = self.preferences.theme() or self.theme
        self.push_screen(self.editor)
        self.preferences.start()
        self.preferences.follow(self, "theme", "theme")
        self.preferences.follow(self.editor, "render_profile", "profile")
        self.preferences.follow(self.editor, "rubric", "rubric")
        self.sub_title = self._sub_title()
        loop = asyncio.get_running_loop()
        for number in SIGNALS:
            with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):
                loop.add_signal_handler(number, self._on_signal, number)
        self.watcher.start()
        self.keeper.start()
        # Once the editor is on screen and settled, ready the file's layout for ctrl+s.
        self.set_timer(PREPARE_DELAY, self._prepare_saving)
        self.garbage.start()

    def _prepare_saving(self) -> None:
        self.run_worker(self._prepare_in_thread, thread=True, group="prepare", exit_on_error=False)

    def _prepare_in_thread(self) -> None:
        self.document.prepare()
        # The parsed layout lives until the editor closes, like what the screen holds by
        # now (the preview's lines, the table's rows): out of the collector's way too.
        with contextlib.suppress(RuntimeError):  # the app closed meanwhile
            self.call_from_thread(freeze_startup_objects)

    def on_unmount(self) -> None:
        loop = asyncio.get_running_loop()
        for number in SIGNALS:
            with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):
                loop.remove_signal_handler(number)
        self.watcher.stop()
        self.keeper.stop()
        self.garbage.stop()

    async def on_event(self, event: events.Event) -> None:
        """Pasted text reaches the fields with its control characters made harmless, and
        text typed or pasted on a table goes to the line that takes it."""
        if isinstance(event, (events.Key, events.Paste)):
            self.garbage.key_pressed()
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

    def _sub_title(self) -> str:
        return f"{self.document.path}{' ●' if self.editor.dirty else ''}"

    def on_document_changed(self, event: DocumentChanged) -> None:
        self.sub_title = self._sub_title()
        self.keeper.schedule()
        if event.command:
            self.call_after_refresh(self.garbage.after_command)

    def typing_paused(self) -> None:
        """No edit for a moment: write the recovery file, then collect the garbage the
        edits left (not while typing goes on, on the longest wait)."""
        self.keeper.write()
        self.garbage.typing_paused()

    def _on_signal(self, number: int) -> None:
        # A closed terminal (SIGHUP) or a polite kill (SIGTERM): keep the edits, then go.
        self.keeper.write_now()
        # Restoring a terminal that is gone can block: leave for sure in a moment.
        deadline = threading.Timer(EXIT_GRACE, os._exit, args=(128 + number,))
        deadline.daemon = True
        deadline.start()
        self.exit(return_code=128 + number)

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        """Every action of the editor, by name (Textual's screenshot left out)."""
        yield from super().get_system_commands(screen)
        yield from editor_commands(self)

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
            self.watcher.ask(theirs, then_save=True)
            return False
        except StoreError as error:
            kept = self.keeper.write_now()
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
        self.watcher.in_step()
        if not self.document.edited:
            self.keeper.forget()
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
            self.keeper.forget()
            self.exit()
            return

        def decided(choice: str | None) -> None:
            if (choice == "save" and self.action_save()) or choice == "discard":
                self.keeper.forget()
                self.exit()

        self.push_screen(QuitScreen(unwritten), decided)

    def action_help(self) -> None:
        """Help for the focused pane."""
        if isinstance(self.screen, HelpScreen):
            self.screen.dismiss()
            return
        if self.screen is not self.editor:
            return  # a dialog is open
        self.push_screen(HelpScreen(help_sections(self.focused, self.editor, self)))

    def action_toggle_preview(self) -> None:
        """Show or hide the preview."""
        self.editor.redraws.toggle_preview()

    def action_check(self) -> None:
        """Show the rubric panel."""
        self.editor.show_rubric_pane()

    def action_switch_profile(self) -> None:
        """Render with the next profile."""
        profile = self.editor.render_profile
        self.editor.render_profile = PROFILES[(PROFILES.index(profile) + 1) % len(PROFILES)]
        self.notify(f"Render profile: {self.editor.render_profile}", timeout=2)

    def action_switch_rubric(self) -> None:
        """Check with the other rubric."""
        self.editor.rubric = "holberton" if self.editor.rubric == "standard" else "standard"
        self.notify(f"Rubric: {self.editor.rubric}", timeout=2)

    def markdown(self) -> str:
        """The postmortem as Markdown, in the chosen profile."""
        return render_markdown(self.document.incident, self.editor.render_profile)

    def action_copy_markdown(self) -> None:
        """Copy the Markdown: system clipboard where possible, else through the terminal."""
        self.copier.copy(self.markdown())

    def action_export_markdown(self) -> None:
        """Write NAME.md beside the incident."""
        target = markdown_path(self.document.path)
        try:
            export_markdown(
                self.document.incident,
                self.editor.render_profile,
                target,
                like=self.document.permissions_from,
            )
        except StoreError as error:
            self.notify(str(error), severity="error", timeout=8)
            return
        self.notify(f"Exported {target.name} ({self.editor.render_profile})", timeout=4)
