"""A real terminal for the benchmarks: a program in a pseudo-terminal, its screen in pyte.

The program runs as it would for a user: in a session of its own with the pty as its
controlling terminal, a fixed window size, TERM=xterm-256color and truecolor. A reader
thread reads its output as it comes and stamps each chunk with the time it was read; a
second thread feeds the chunks to a ``pyte`` screen. "Visible" means: the screen shows it,
at the time of the chunk that made it so, not the time a waiting thread noticed.
"""

from __future__ import annotations

import codecs
import contextlib
import errno
import fcntl
import os
import queue
import re
import select
import signal
import struct
import sys
import termios
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import pyte

KEYS = {
    "enter": b"\r",
    "tab": b"\t",
    "escape": b"\x1b",
    "backspace": b"\x7f",
    "end": b"\x1b[F",
    "home": b"\x1b[H",
    "up": b"\x1b[A",
    "down": b"\x1b[B",
    "pagedown": b"\x1b[6~",
    "pageup": b"\x1b[5~",
    "alt+right": b"\x1b[1;3C",
    "alt+left": b"\x1b[1;3D",
    "ctrl+pagedown": b"\x1b[6;5~",
    "ctrl+t": b"\x14",
    "ctrl+q": b"\x11",
    "ctrl+s": b"\x13",
    "f1": b"\x1bOP",
}
"""Bytes an xterm sends for the keys the benchmarks press."""

_SPACES = re.compile(r"\s+")


def squeeze(text: str) -> str:
    """Text with every run of whitespace made one space (wrapped lines read as one)."""
    return _SPACES.sub(" ", text).strip()


@dataclass(frozen=True)
class Region:
    """A rectangle of the screen: rows [top, bottom), columns [left, right)."""

    top: int
    bottom: int
    left: int
    right: int


ScreenCheck = Callable[["Terminal"], bool]
"""A condition on the screen, evaluated with the screen locked."""


class _Screen(pyte.Screen):  # type: ignore[misc]
    """A pyte screen that answers the program's terminal queries through the pty."""

    def __init__(self, columns: int, lines: int, reply: Callable[[str], None]) -> None:
        super().__init__(columns, lines)
        self._reply = reply

    def write_process_input(self, data: str) -> None:
        self._reply(data)


class Terminal:
    """One program running in a pseudo-terminal of a fixed size, its screen emulated."""

    def __init__(
        self,
        argv: Sequence[str],
        *,
        columns: int = 160,
        lines: int = 50,
        cwd: str | os.PathLike[str] | None = None,
        env: dict[str, str] | None = None,
    ) -> None:
        self.argv = [str(arg) for arg in argv]
        self.columns = columns
        self.lines = lines
        self.cwd = str(cwd) if cwd is not None else None
        base = dict(os.environ if env is None else env)
        for name in ("TMUX", "TMUX_PANE", "TEXTUAL", "NO_COLOR", "COLUMNS", "LINES"):
            base.pop(name, None)
        base.update(TERM="xterm-256color", COLORTERM="truecolor", LANG="C.UTF-8")
        self.env = base
        self.pid: int | None = None
        self.spawned_at = 0.0
        """perf_counter() just before the program was started."""
        self.exit_status: int | None = None
        self._fd: int | None = None
        self._lock = threading.Condition()
        self._screen = _Screen(columns, lines, self._answer)
        self._decoder = codecs.getincrementaldecoder("utf-8")(errors="replace")
        self._stream = pyte.Stream(self._screen)
        self._reader: threading.Thread | None = None
        self._parser: threading.Thread | None = None
        self._chunks: queue.Queue[tuple[float, bytes] | None] = queue.Queue()
        self._closed = False
        self._watches: list[Watch] = []
        self.bytes_read = 0

    # --- life ------------------------------------------------------------------------------

    def start(self) -> None:
        """Start the program: a new session whose controlling terminal is the pty."""
        master, slave = os.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", self.lines, self.columns, 0, 0))
        argv, env, cwd = self.argv, self.env, self.cwd
        self.spawned_at = time.perf_counter()
        pid = os.fork()
        if pid == 0:  # the child: only system calls until exec
            try:
                os.close(master)
                os.setsid()
                fcntl.ioctl(slave, termios.TIOCSCTTY, 0)
                for fd in (0, 1, 2):
                    os.dup2(slave, fd)
                if slave > 2:
                    os.close(slave)
                if cwd is not None:
                    os.chdir(cwd)
                os.execve(argv[0], argv, env)
            finally:
                os._exit(127)
        os.close(slave)
        self.pid = pid
        self._fd = master
        self._reader = threading.Thread(target=self._read, name=f"pty-{pid}", daemon=True)
        self._parser = threading.Thread(target=self._parse, name=f"pyte-{pid}", daemon=True)
        self._reader.start()
        self._parser.start()

    def close(self) -> None:
        """Kill the program (and anything it started) and release the pty; safe to repeat."""
        if self.pid is not None and self.exit_status is None:
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(self.pid, signal.SIGKILL)
            with contextlib.suppress(ProcessLookupError):
                os.kill(self.pid, signal.SIGKILL)
            self._reap(block=True)
        self._closed = True
        for thread in (self._reader, self._parser):
            if thread is not None:
                thread.join(timeout=5)
        if self._fd is not None:
            with contextlib.suppress(OSError):
                os.close(self._fd)
            self._fd = None

    def __enter__(self) -> Terminal:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def alive(self) -> bool:
        """Whether the program is still running."""
        self._reap(block=False)
        return self.pid is not None and self.exit_status is None

    def _reap(self, *, block: bool) -> None:
        if self.pid is None or self.exit_status is not None:
            return
        try:
            pid, status = os.waitpid(self.pid, 0 if block else os.WNOHANG)
        except ChildProcessError:
            self.exit_status = -1
            return
        if pid:
            self.exit_status = os.waitstatus_to_exitcode(status)

    def peak_rss_kib(self) -> int | None:
        """The program's peak resident memory (VmHWM) in KiB, while it runs."""
        if self.pid is None:
            return None
        try:
            status = Path(f"/proc/{self.pid}/status").read_text()
        except OSError:
            return None
        for line in status.splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
        return None

    # --- output ----------------------------------------------------------------------------

    def _read(self) -> None:
        # Reads as fast as the program writes, stamping each chunk: parsing is left to
        # another thread, so a slow parse never delays the next read (or the program).
        fd = self._fd
        assert fd is not None
        try:
            while not self._closed:
                try:
                    ready, _, _ = select.select([fd], [], [], 0.2)
                except (OSError, ValueError):
                    return
                if not ready:
                    continue
                try:
                    chunk = os.read(fd, 1 << 16)
                except OSError as error:
                    if error.errno in (errno.EIO, errno.EBADF):
                        return  # the program exited: the pty is gone
                    raise
                if not chunk:
                    return
                self._chunks.put((time.perf_counter(), chunk))
        finally:
            self._chunks.put(None)

    def _parse(self) -> None:
        while True:
            item = self._chunks.get()
            if item is None:
                with self._lock:
                    self._lock.notify_all()
                return
            read_at, chunk = item
            with self._lock:
                self.bytes_read += len(chunk)
                self._stream.feed(self._decoder.decode(chunk))
                for watch in self._watches:
                    watch.observe(read_at)
                self._lock.notify_all()

    def _answer(self, data: str) -> None:
        # Called with the lock held, from the reader thread: replies to terminal queries.
        if self._fd is not None:
            with contextlib.suppress(OSError):
                os.write(self._fd, data.encode())

    def watch(self, *checks: ScreenCheck) -> Watch:
        """Start watching the screen for these conditions (before sending the keys).

        Use as a context manager around the keys, then ``Watch.wait``. A condition that
        already holds is an error: what the benchmark looks for must be new on screen.
        """
        return Watch(self, checks)

    def wait_for(self, check: ScreenCheck, timeout: float) -> float | None:
        """Wait until ``check`` holds; the time (perf_counter) of the output that made it
        hold (now, if it holds already), or None after ``timeout`` seconds or an exit."""
        with self._lock:
            if check(self):
                return time.perf_counter()
        with Watch(self, (check,), allow_true=True) as watch:
            return watch.wait(timeout)[0]

    def settle(self, quiet: float = 0.3, timeout: float = 10.0) -> bool:
        """Wait until the program has written nothing for ``quiet`` seconds."""
        deadline = time.monotonic() + timeout
        with self._lock:
            last = self.bytes_read
        quiet_since = time.monotonic()
        while time.monotonic() < deadline:
            time.sleep(0.02)
            with self._lock:
                now_read = self.bytes_read
            if now_read != last:
                last, quiet_since = now_read, time.monotonic()
            elif time.monotonic() - quiet_since >= quiet:
                return True
        return False

    # --- input -----------------------------------------------------------------------------

    def send(self, data: bytes | str) -> float:
        """Write keys to the program; the time (perf_counter) just before they were written."""
        if isinstance(data, str):
            data = KEYS[data] if data in KEYS else data.encode()
        assert self._fd is not None
        sent_at = time.perf_counter()
        os.write(self._fd, data)
        return sent_at

    # --- the screen (call with the lock held: inside a check, or through snapshot()) --------

    def row(self, y: int, left: int = 0, right: int | None = None) -> str:
        """The characters of row ``y`` between two columns."""
        line = self._screen.buffer[y]
        end = self.columns if right is None else right
        return "".join(line[x].data for x in range(left, end))

    def backgrounds(self, y: int, left: int, right: int) -> list[tuple[str, str]]:
        """Each character of row ``y`` between two columns, with its background colour."""
        line = self._screen.buffer[y]
        return [(line[x].data, line[x].bg) for x in range(left, right)]

    def text(self, region: Region | None = None) -> str:
        """The rows of a region (the whole screen by default), one line each."""
        area = region or Region(0, self.lines, 0, self.columns)
        return "\n".join(self.row(y, area.left, area.right) for y in range(area.top, area.bottom))

    def snapshot(self) -> list[str]:
        """The whole screen as lines (locks the screen while copying it)."""
        with self._lock:
            return [self.row(y) for y in range(self.lines)]


class ScreenShown(AssertionError):
    """What a watch looks for was on screen before the keys were sent."""


class Watch:
    """Conditions on a terminal's screen, each stamped with the time it first held."""

    def __init__(
        self, terminal: Terminal, checks: Sequence[ScreenCheck], *, allow_true: bool = False
    ) -> None:
        self.terminal = terminal
        self.checks = list(checks)
        self.seen: list[float | None] = [None] * len(self.checks)
        self.allow_true = allow_true

    def start(self) -> Watch:
        """Start watching; ScreenShown if a condition holds already (unless allowed)."""
        terminal = self.terminal
        with terminal._lock:
            if not self.allow_true and any(check(terminal) for check in self.checks):
                raise ScreenShown("the screen already shows what is awaited")
            terminal._watches.append(self)
        return self

    def stop(self) -> None:
        """Stop watching (what was seen stays)."""
        with self.terminal._lock:
            if self in self.terminal._watches:
                self.terminal._watches.remove(self)

    def __enter__(self) -> Watch:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def observe(self, read_at: float) -> None:
        """Called with the screen locked after each chunk of output."""
        for index, check in enumerate(self.checks):
            if self.seen[index] is None and check(self.terminal):
                self.seen[index] = read_at

    def wait(self, timeout: float, count: int | None = None) -> list[float | None]:
        """Wait until the first ``count`` conditions (all by default) held, at most
        ``timeout`` seconds; the time each first held, None for those that did not."""
        terminal = self.terminal
        needed = len(self.checks) if count is None else count
        deadline = time.monotonic() + timeout
        with terminal._lock:
            while any(seen is None for seen in self.seen[:needed]):
                left = deadline - time.monotonic()
                parser = terminal._parser
                if left <= 0 or parser is None or not parser.is_alive():
                    break
                terminal._lock.wait(min(left, 0.2))
            return list(self.seen)


def show(lines: list[str]) -> str:
    """A screen as printable text, for error messages."""
    return "\n".join(line.rstrip() for line in lines)


if __name__ == "__main__":
    # Look at a program's first screen: python bench/terminal.py COMMAND [ARGS...]
    with Terminal(sys.argv[1:]) as terminal:
        terminal.settle(quiet=1.0, timeout=20)
        print(show(terminal.snapshot()))
