"""A desktop clipboard for tests: `wl-copy` and `wl-paste` scripts that keep the text in a
file, which pyperclip finds on PATH when WAYLAND_DISPLAY is set."""

from __future__ import annotations

import os
import sys
from pathlib import Path

COPY = """#!{python}
import sys
from pathlib import Path
data = sys.stdin.buffer.read()
Path({store!r}).write_bytes(b"" if "--clear" in sys.argv else data)
"""
PASTE = """#!{python}
import sys
from pathlib import Path
path = Path({store!r})
sys.stdout.buffer.write(path.read_bytes() if path.exists() else b"")
"""


def install(folder: Path) -> tuple[dict[str, str], Path]:
    """Write the two tools into folder/bin; return the environment changes that make
    pyperclip use them, and the file that holds what was copied."""
    tools = folder / "bin"
    tools.mkdir(parents=True, exist_ok=True)
    store = folder / "clipboard.txt"
    for name, text in (("wl-copy", COPY), ("wl-paste", PASTE)):
        script = tools / name
        script.write_text(text.format(python=sys.executable, store=str(store)))
        script.chmod(0o755)
    env = {
        "PATH": f"{tools}{os.pathsep}{os.environ.get('PATH', '')}",
        "WAYLAND_DISPLAY": "wayland-test",
    }
    return env, store
