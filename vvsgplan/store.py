"""Writing a plan file safely: under a lock, atomically, or not at all."""

from __future__ import annotations

import contextlib
import fcntl
import os
import stat
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import BinaryIO, Final

from vvsgplan.errors import WRITE_FAILED, VvsgplanError


class WriteError(VvsgplanError):
    """The change could not be written; the file is as it was."""

    exit_code = WRITE_FAILED


@contextlib.contextmanager
def locked(folder: Path) -> Iterator[None]:
    """Hold the plan's advisory lock, so that changing commands on one plan take turns and
    two started at the same moment both land. The lock is taken on the plan folder itself
    (whose inode outlives every rename of the files in it), so no lock file is left
    behind."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError as e:
        raise WriteError(f"cannot lock the plan in {folder}: {e.strerror}") from None
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # closing releases the lock


@contextlib.contextmanager
def holding_interrupts() -> Iterator[Callable[[], bool]]:
    """Hold Ctrl-C (SIGINT) while the plan is written and committed; inside, the function
    given says whether one came. On leaving, a held interrupt is delivered as usual."""
    import signal

    held: list[int] = []
    try:
        previous = signal.signal(signal.SIGINT, lambda signum, frame: held.append(signum))
    except ValueError:  # not the main thread, where Python delivers signals
        yield lambda: False
        return
    try:
        yield lambda: bool(held)
    finally:
        signal.signal(signal.SIGINT, previous if previous is not None else signal.SIG_DFL)
        if held:
            signal.raise_signal(signal.SIGINT)


def replace(path: Path, before: bytes, after: bytes) -> None:
    """Put `after` in place of `path`, which must still hold `before`: written to a
    temporary file in the same folder, flushed to disk, then renamed over the original,
    so a reader or a crash sees the old file or the new one, whole. The new file keeps the
    old one's mode, and its owner and group where the user may set them."""
    from vvsgplan.yamltext import NotReadable, read_file

    try:
        info = path.stat()
        # A file of another size has changed; one of the same size is read, and no more.
        current = read_file(path, len(before)) if info.st_size == len(before) else None
    except (OSError, NotReadable) as e:
        reason = e.strerror if isinstance(e, OSError) else str(e)
        raise WriteError(f"{path}: cannot read: {reason}") from None
    if current != before:
        raise WriteError(f"{path}: changed on disk while the change was prepared; run it again")
    _check_writable(path, info)
    tmp: Path | None = None
    try:
        fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        tmp = Path(name)
        with os.fdopen(fd, "wb") as f:
            f.write(after)
            f.flush()
            _keep_owner(f.fileno(), info)
            os.fchmod(f.fileno(), stat.S_IMODE(info.st_mode))
            os.fsync(f.fileno())
        tmp.replace(path)  # os.replace: atomic on POSIX
    except OSError as e:
        if tmp is not None:
            with contextlib.suppress(OSError):
                tmp.unlink()
        if tmp is None:
            raise WriteError(
                f"{path.parent}: cannot write in the plan folder: {e.strerror}; "
                "the file is unchanged"
            ) from None
        raise WriteError(f"{path}: cannot write: {e.strerror}; the file is unchanged") from None
    except BaseException:
        # Interrupted: the plan is untouched until the rename; leave no temporary file.
        if tmp is not None:
            with contextlib.suppress(OSError):
                tmp.unlink()
        raise
    _sync_folder(path.parent)


def _check_writable(path: Path, info: os.stat_result) -> None:
    """Refuse what a rename would do behind the user's back: replace a file they may not
    write (the rename needs only the folder) or split a file's hard links."""
    if not info.st_mode & stat.S_IWUSR or not os.access(path, os.W_OK):
        raise WriteError(
            f"{path}: the file is read-only for you; make it writable to change the plan"
        )
    if info.st_nlink > 1:
        raise WriteError(
            f"{path}: the file has {info.st_nlink} hard links; a change is written to a new "
            "file, which would part it from the others: copy the file to break the links first"
        )


def _keep_owner(fd: int, info: os.stat_result) -> None:
    """Give the new file the old one's owner and group, as far as this user may: root
    keeps both; others keep the group when they belong to it (a plan shared through its
    group stays shared), and own the new file."""
    for uid in (info.st_uid, -1):
        try:
            os.fchown(fd, uid, info.st_gid)
            return
        except PermissionError:
            continue


def remove_leftovers(path: Path) -> None:
    """Remove the temporary files of writes that were killed before their rename. Only
    called under the lock, when no other write can be under way."""
    for leftover in path.parent.glob(f".{path.name}.*.tmp"):
        with contextlib.suppress(OSError):
            leftover.unlink()


def _sync_folder(folder: Path) -> None:
    # The rename itself lives in the folder; without this a crash can lose it.
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


# A page of a large plan is many megabytes: encoded a piece at a time, it is never held
# twice (as text and as bytes), each copy paid in memory the system must hand over.
_PIECE: Final = 1 << 20


def _write_text(f: BinaryIO, text: str) -> None:
    for start in range(0, len(text), _PIECE):
        f.write(text[start : start + _PIECE].encode("utf-8"))


def write_output(path: Path, text: str, *plan_folders: Path) -> None:
    """Write a file the user asked for (`-o`, `--split`), in UTF-8: never one of the own
    files of the plans in view, and by rename, so that a reader or a crash sees the old
    file or the new one."""
    from vvsgplan.load import ACTIONS_FILE, CONTEXT_FILE, RECOMMENDATIONS_FILE

    target = path.resolve()
    for plan_folder in plan_folders:
        for name in (RECOMMENDATIONS_FILE, ACTIONS_FILE, CONTEXT_FILE):
            plan_file = plan_folder / name
            # Also through a hard link, which resolve() does not see.
            if target == plan_file.resolve() or _same_file(target, plan_file):
                raise WriteError(f"{path} is a file of the plan; write the output elsewhere")
    if target.is_dir():
        raise WriteError(f"{path} is a folder; give a file name")
    try:
        info = path.stat()
    except OSError:
        info = None
    if info is not None and not stat.S_ISREG(info.st_mode):
        # A device or a pipe (/dev/stdout): nothing there to keep, and nothing to rename.
        try:
            with path.open("wb") as f:
                _write_text(f, text)
        except OSError as e:
            raise WriteError(f"cannot write {path}: {e.strerror}") from None
        return
    mode = stat.S_IMODE(info.st_mode) if info else 0o644 & ~_umask()
    try:
        fd, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    except OSError as e:
        raise WriteError(f"cannot write {path}: {e.strerror}") from None
    tmp = Path(name)
    try:
        with os.fdopen(fd, "wb") as f:
            _write_text(f, text)
            f.flush()
            os.fsync(f.fileno())
        tmp.chmod(mode)  # an existing file keeps its permissions
        tmp.replace(target)
    except OSError as e:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise WriteError(f"cannot write {path}: {e.strerror}") from None


def _same_file(path: Path, other: Path) -> bool:
    try:
        return path.samefile(other)
    except OSError:
        return False


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
