"""When Python's garbage collector runs for `postmortem edit`: one policy for the command and
the editor.

Opening a large incident builds a great deal and frees little: the command opens the
editor with the collector off (:func:`off_while_opening`), on as usual only while a file
that does not open is repaired first (:func:`on_as_usual`). Once the editor is on screen,
everything built so far is moved out of the collector's way and the collector is turned on
again, with full collections much rarer than Python's default (:func:`freeze_startup_objects`);
the editor makes them itself at moments a user does not feel (``tui/services/gc_policy.py``).
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

FULL_COLLECTION_EVERY = 100
"""Collections of the middle generation between two full garbage collections (Python: 10)."""


@contextmanager
def off_while_opening() -> Iterator[None]:
    """The collector off while the editor opens, and on again when it closes, however."""
    # Opening a large incident builds a great deal and frees little: the garbage collector
    # would walk it all again and again for nothing, a third of the time to the first
    # frame. The editor turns it back on once it is on screen.
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


@contextmanager
def on_as_usual() -> Iterator[None]:
    """The collector on as usual while the user types elsewhere for a while (the repair
    view of a file that does not open), and off again after it: the editor opens next."""
    gc.enable()
    try:
        yield
    finally:
        gc.disable()


def freeze_startup_objects() -> None:
    """Move everything built so far out of the collector's way, and turn it on."""
    # Everything built to show the editor lives as long as it does. Left to the garbage
    # collector, each full collection walks all of it again: a pause of about 0.1 s, felt
    # as a stuck key every few dozen keys in a large incident. The command opens the
    # editor with the collector off; from the first frame on it runs, on what is built
    # afterwards. What start-up threw away in cycles (some 15,000 small objects) is
    # frozen with the rest.
    gc.freeze()
    gc.enable()
    # Full collections then walk what editing builds since: the lines kept for the
    # preview and the tables, some 50,000 objects, 30 to 60 ms a pass, every few seconds
    # while typing. The editor makes them instead once a command's change is on screen and
    # when the keys pause; the collector makes one of its own only after 100 collections
    # of the middle generation (Python: 10), for typing that never pauses. The young
    # generations are collected as usual.
    young, middle, _ = gc.get_threshold()
    gc.set_threshold(young, middle, FULL_COLLECTION_EVERY)
