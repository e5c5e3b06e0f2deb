"""The recovery file: unsaved edits written beside the incident while there are any, and
offered back when an editor did not close cleanly."""

from __future__ import annotations

import time
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

from textual.app import App
from textual.timer import Timer

from postmortem_editor.recovery import (
    Recovery,
    RecoveryFile,
    find_recovery,
    match_ids,
    read_recovery,
    recovery_json,
    recovery_payload,
    recovery_text,
)
from postmortem_editor.store import IncidentFile, ModeSource, StoreError, atomic_write, dump_plain
from postmortem_editor.tui.screens.choices import DiffScreen, recovery_screen
from postmortem_editor.tui.screens.dialogs import MessageScreen
from postmortem_editor.tui.services.copies import name_beside, put_aside, shown_toml

RECOVERY_DELAY = 2.0
"""Seconds after typing stops before the edits go to the recovery file."""
RECOVERY_MAX_WAIT = 10.0
"""Typing without a pause still reaches the recovery file this often (seconds)."""


class RecoveryKeeper:
    """Keeps the recovery file of ``document`` in line with its unsaved edits.

    ``on_paused`` is called when typing has paused and the file was written;
    ``on_recovered`` when the user chose to open the edits of a recovery file (the
    document's incident is then replaced).
    """

    def __init__(
        self,
        app: App[Any],
        document: IncidentFile,
        *,
        on_paused: Callable[[], None],
        on_recovered: Callable[[], None],
    ) -> None:
        self.app = app
        self.document = document
        self.file = RecoveryFile(document.path)
        self.on_paused = on_paused
        self.on_recovered = on_recovered
        self._timer: Timer | None = None
        self._unwritten_since: float | None = None
        self._warned = False

    def start(self) -> None:
        """Once the editor is drawn, offer the edits a previous editor left."""
        self.app.call_after_refresh(self.offer)

    def stop(self) -> None:
        """No more writes from the timer (the App is closing)."""
        if self._timer is not None:
            self._timer.stop()
            self._timer = None

    # --- writing --------------------------------------------------------------------------

    def schedule(self) -> None:
        """Write the edits to the recovery file once typing pauses (or has gone on too long)."""
        if self._timer is not None:
            self._timer.stop()
        now = time.monotonic()
        if self._unwritten_since is None:
            self._unwritten_since = now
        if now - self._unwritten_since >= RECOVERY_MAX_WAIT:
            self.write()
            return
        self._timer = self.app.set_timer(RECOVERY_DELAY, self.on_paused)

    def write(self) -> None:
        """Put the unsaved edits in the recovery file (from a worker), or remove it if none."""
        self._timer = None
        self._unwritten_since = None
        if not self.document.edited:
            self.file.clear()
            return
        # Only the model's data is taken here; turning it into text, which takes a tenth
        # of a second for thousands of entries, is left to the worker.
        payload = recovery_payload(self.document.incident, self.document.disk_digest)
        work = partial(
            self._write_in_thread, payload, self.file.generation, self.document.permissions_from
        )
        self.app.run_worker(work, thread=True, exclusive=False, group="recovery")

    def _write_in_thread(self, payload: dict[str, Any], generation: int, like: ModeSource) -> None:
        try:
            self.file.write(recovery_json(payload), generation, like=like)
        except StoreError as error:
            self.app.call_from_thread(self._failed, error)

    def _failed(self, error: StoreError) -> None:
        if not self._warned:
            self._warned = True
            self.app.notify(
                f"{error}. Your edits are only in memory: save soon.",
                severity="warning",
                timeout=10,
            )

    def write_now(self) -> Path | None:
        """Write the recovery file at once, on this thread (before an exit, after a failed save)."""
        if not self.document.edited:
            return None
        text = recovery_text(self.document.incident, self.document.disk_digest)
        try:
            return self.file.write(text, self.file.generation, like=self.document.permissions_from)
        except StoreError:
            return None

    def forget(self) -> None:
        """The edits are saved or deliberately dropped: no recovery file any more."""
        self.stop()
        self._unwritten_since = None
        self.file.clear()

    # --- offering a recovery file at start ------------------------------------------------

    def offer(self) -> None:
        """At start: offer the edits of a recovery file left by an editor that did not close."""
        found = find_recovery(self.document.path)
        if found is None:
            return
        try:
            recovered = read_recovery(found)
        except StoreError as error:
            kept = put_aside(self.document, found)
            self.app.push_screen(
                MessageScreen(
                    "A recovery file could not be read",
                    f"{error}\n\nIt was kept as {kept} and the file opened as it is on disk.",
                )
            )
            return
        if dump_plain(recovered.incident) == dump_plain(self.document.incident):
            self.file.clear()  # nothing in it that the file does not have
            return
        match_ids(self.document.incident, recovered.incident)
        self._ask(recovered)

    def _ask(self, recovered: Recovery) -> None:
        document = self.document
        when = recovered.written_at.astimezone().strftime("%Y-%m-%d %H:%M:%S")
        lines = [
            f"{recovered.path} holds edits to {document.path.name} made at {when} "
            "that were never saved (the editor did not close cleanly)."
        ]
        if document.exists and not recovered.newer_than(document.path):
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
                document.incident = recovered.incident
                self.on_recovered()
                self.app.notify("Recovered the unsaved edits; ctrl+s saves them.", timeout=6)
            elif choice == "diff":
                diff = DiffScreen(
                    "Unsaved edits found",
                    (f"{document.path.name} (on disk)", document.text),
                    (
                        "recovered edits",
                        shown_toml(document, recovered.incident, "the recovered edits"),
                    ),
                )
                self.app.push_screen(diff, lambda _: self._ask(recovered))
            else:
                self._discard(recovered)

        self.app.push_screen(recovery_screen("\n".join(lines)), answered)

    def _discard(self, recovered: Recovery) -> None:
        copy = name_beside(self.document, "discarded")
        try:
            atomic_write(
                copy,
                self.document.render_toml(recovered.incident),
                like=self.document.permissions_from,
            )
        except StoreError:
            copy = put_aside(self.document, recovered.path)
        else:
            self.file.clear()
        self.app.notify(f"Discarded the unsaved edits; a copy is in {copy}", timeout=8)
