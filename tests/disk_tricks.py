"""Real save failures that stop root too: an immutable file, a full disk, a refused user.

The tests run as root, for whom permission bits stop nothing. These helpers make a write
fail for real: ``chattr +i`` (nobody may write, rename over or create in it), a 64 KiB tmpfs
filled to the last page (``ENOSPC``), and ``setpriv --reuid=nobody`` (an ordinary user).
When one of these mechanisms is not permitted where the tests run, the helper skips the
one test that uses it, naming the mechanism and what the system answered.
"""

from __future__ import annotations

import contextlib
import errno
import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path

import pytest

TMPFS_SIZE = "64k"
NOBODY = ("--reuid=nobody", "--regid=nogroup", "--clear-groups")


def _run(args: Sequence[str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        list(args), capture_output=True, text=True, timeout=60, stdin=subprocess.DEVNULL
    )


def _why(done: subprocess.CompletedProcess[str]) -> str:
    return (done.stderr or done.stdout).strip() or f"exit status {done.returncode}"


# --- chattr +i -------------------------------------------------------------------------------


def _chattr() -> str:
    chattr = shutil.which("chattr")
    if chattr is None:
        pytest.skip("chattr +i: the chattr command is not installed")
    return chattr


def _writes_are_refused(path: Path) -> bool:
    """Whether the immutable flag really stops this process from writing to path."""
    try:
        if path.is_dir():
            fd, name = tempfile.mkstemp(dir=path, prefix=".probe.")
            os.close(fd)
            os.unlink(name)
        else:
            with open(path, "ab"):
                pass
    except OSError as error:
        return error.errno in (errno.EPERM, errno.EACCES)
    return False


def chattr_works(folder: Path) -> bool:
    """Whether ``chattr +i`` is accepted, and enforced, on the file system of folder."""
    chattr = shutil.which("chattr")
    if chattr is None:
        return False
    probe = folder / ".chattr-probe"
    probe.write_bytes(b"probe")
    try:
        if _run([chattr, "+i", str(probe)]).returncode != 0:
            return False
        try:
            return _writes_are_refused(probe)
        finally:
            _run([chattr, "-i", str(probe)])
    finally:
        with contextlib.suppress(OSError):
            probe.unlink()


@contextlib.contextmanager
def lockable_folder(tmp_path: Path) -> Iterator[Path]:
    """An empty folder on a file system where ``chattr +i`` works.

    tmp_path itself when its file system takes the flag; otherwise a folder under /var/tmp
    (tmpfs and overlayfs often refuse it), removed afterwards; otherwise the test is skipped.
    """
    here = tmp_path / "lockable"
    here.mkdir()
    if chattr_works(here):
        yield here
        return
    for base in ("/var/tmp", str(Path.home())):
        try:
            elsewhere = Path(tempfile.mkdtemp(prefix="postmortem-test-", dir=base))
        except OSError:
            continue
        if not chattr_works(elsewhere):
            shutil.rmtree(elsewhere, ignore_errors=True)
            continue
        try:
            yield elsewhere
        finally:
            _unlock_tree(elsewhere)
            shutil.rmtree(elsewhere, ignore_errors=True)
        return
    pytest.skip(f"chattr +i: not supported on the file system of {tmp_path} nor of /var/tmp")


def _unlock_tree(folder: Path) -> None:
    chattr = shutil.which("chattr")
    if chattr is not None:
        _run([chattr, "-R", "-i", str(folder)])


@contextlib.contextmanager
def immutable(path: Path) -> Iterator[Path]:
    """Make a file or folder immutable (``chattr +i``) for the block; always undone.

    Skips the test when chattr is missing or refused, or when the flag does not stop
    this process from writing.
    """
    chattr = _chattr()
    done = _run([chattr, "+i", str(path)])
    if done.returncode != 0:
        pytest.skip(f"chattr +i {path}: refused here ({_why(done)})")
    try:
        if not _writes_are_refused(path):
            pytest.skip(f"chattr +i {path}: accepted but writes still succeed here")
        yield path
    finally:
        _run([chattr, "-i", str(path)])


# --- a full disk -------------------------------------------------------------------------------


def _fill(folder: Path) -> Path:
    """Write a filler file until the file system says it is full; returns the filler."""
    filler = folder / "filler.bin"
    fd = os.open(filler, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
    try:
        for chunk in (4096, 512, 1):
            while True:
                try:
                    os.write(fd, b"\0" * chunk)
                except OSError as error:
                    if error.errno != errno.ENOSPC:
                        raise
                    break
    finally:
        os.close(fd)
    return filler


def _really_full(folder: Path) -> bool:
    probe = folder / ".full-probe"
    try:
        with open(probe, "wb") as handle:
            handle.write(b"x" * 4096)
            handle.flush()
            os.fsync(handle.fileno())
    except OSError as error:
        return error.errno == errno.ENOSPC
    finally:
        with contextlib.suppress(OSError):
            probe.unlink()
    return False


@contextlib.contextmanager
def full_disk(folder: Path, files: Mapping[str, bytes] | None = None) -> Iterator[Path]:
    """Mount a 64 KiB tmpfs on folder, write files into it, then fill it to the last byte.

    Yields the folder, on which any further write fails with ENOSPC; unmounted afterwards.
    Skips the test when mounting a tmpfs is not permitted.
    """
    mount, umount = shutil.which("mount"), shutil.which("umount")
    if mount is None or umount is None:
        pytest.skip("mount -t tmpfs: the mount command is not installed")
    folder.mkdir(parents=True, exist_ok=True)
    done = _run([mount, "-t", "tmpfs", "-o", f"size={TMPFS_SIZE},mode=0755", "tmpfs", str(folder)])
    if done.returncode != 0:
        pytest.skip(f"mount -t tmpfs -o size={TMPFS_SIZE}: not permitted here ({_why(done)})")
    try:
        for name, content in (files or {}).items():
            (folder / name).write_bytes(content)
        _fill(folder)
        if not _really_full(folder):
            pytest.skip(f"mount -t tmpfs -o size={TMPFS_SIZE}: filled, but writes still succeed")
        yield folder
    finally:
        if _run([umount, str(folder)]).returncode != 0:
            _run([umount, "-l", str(folder)])


# --- a user who is refused -----------------------------------------------------------------------


def _setpriv() -> str:
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        pytest.skip("setpriv --reuid=nobody: the setpriv command is not installed")
    done = _run([setpriv, *NOBODY, "true"])
    if done.returncode != 0:
        pytest.skip(f"setpriv --reuid=nobody: refused here ({_why(done)})")
    return setpriv


def as_nobody(
    command: Sequence[str | os.PathLike[str]], *, cwd: Path | None = None
) -> subprocess.CompletedProcess[str]:
    """Run a command as the unprivileged user nobody (``setpriv --reuid=nobody``).

    Skips the test when setpriv is missing or refused.
    """
    setpriv = _setpriv()
    env = {k: v for k, v in os.environ.items() if k != "POSTMORTEM_DEBUG"}
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    env["HOME"] = "/nonexistent"
    return subprocess.run(
        [setpriv, *NOBODY, *map(str, command)],
        capture_output=True,
        text=True,
        timeout=120,
        stdin=subprocess.DEVNULL,
        cwd=cwd or "/",
        env=env,
    )


@contextlib.contextmanager
def shared_folder(owner: str = "root") -> Iterator[Path]:
    """A fresh 0755 folder that nobody can reach, owned by root or by nobody; removed after.

    pytest's tmp_path lives under a 0700 folder that another user cannot enter, so tests
    that run as nobody use this folder instead.
    """
    folder = Path(tempfile.mkdtemp(prefix="postmortem-test-", dir="/tmp"))
    try:
        folder.chmod(0o755)
        if owner != "root":
            shutil.chown(folder, user=owner, group="nogroup")
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)
