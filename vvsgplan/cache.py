"""What a read command took from a plan file, kept between runs so that an unchanged
file is not composed again.

An entry is found by a hash of the file's bytes (never its size or time), of what else
the reading depends on (the recommendation ids that actions may name), and of the code
that read it: vvsgplan's own modules, PyYAML's and Python's version. Any change to one
of them finds another entry, so an entry is never stale; entries that are no longer
found are pruned. An entry that cannot be read back whole (truncated, corrupt, written
by another version) is ignored and made again; a cache folder that cannot be written only
means no cache. Entries hold plain values only: reading one never runs code.

The folder: $XDG_CACHE_HOME/vvsgplan, else the platform's cache folder (~/.cache/vvsgplan
on Linux). `--no-cache` or VVSGPLAN_NO_CACHE=1 turns the cache off.
"""

import contextlib
import io
import os
import sys
import time
from pathlib import Path
from typing import Any, Final

NO_CACHE_VAR: Final = "VVSGPLAN_NO_CACHE"
# Raised whenever the layout of an entry changes; also part of every key.
_FORMAT: Final = b"vvsgplan-cache-1\n"
_SUFFIX: Final = ".entry"
# Pruning: entries not used for this long go, and the oldest go while the folder is
# larger than this. An entry is about the size of its plan file.
MAX_AGE: Final = 30 * 24 * 3600
MAX_BYTES: Final = 200 * 1_000_000
_TOUCH_AFTER: Final = 24 * 3600  # a used entry's time is refreshed at most once a day


def wanted(option: bool = False) -> bool:
    """Whether to use the cache: not with --no-cache (`option`) nor VVSGPLAN_NO_CACHE set
    to anything but empty or 0."""
    return not option and os.environ.get(NO_CACHE_VAR, "").strip() in ("", "0")


_FOLDERS: dict[tuple[str | None, ...], Path | None] = {}


def folder() -> Path | None:
    """$XDG_CACHE_HOME/vvsgplan, else the platform's; None when there is no home. Found
    once for the variables it depends on: a portfolio asks once per plan file."""
    env = os.environ
    names = (env.get("XDG_CACHE_HOME"), env.get("HOME"), env.get("LOCALAPPDATA"))
    if names not in _FOLDERS:
        _FOLDERS[names] = _folder()
    return _FOLDERS[names]


def _folder() -> Path | None:
    given = os.environ.get("XDG_CACHE_HOME", "")
    if given and Path(given).is_absolute():  # the XDG spec ignores a relative path
        return Path(given) / "vvsgplan"
    try:
        home = Path.home()
    except (RuntimeError, KeyError):
        return None
    if sys.platform == "darwin":
        return home / "Library" / "Caches" / "vvsgplan"
    if sys.platform == "win32" and os.environ.get("LOCALAPPDATA"):
        return Path(os.environ["LOCALAPPDATA"]) / "vvsgplan" / "Cache"
    return home / ".cache" / "vvsgplan"


def _files(package: str | None) -> list[tuple[str, int, int]]:
    """Name, size and time of each file of a package's folder: a new version, or an edit
    of its code, changes them."""
    if package is None:
        return []
    try:
        with os.scandir(package) as entries:
            found = []
            for e in entries:
                if e.is_file():
                    info = e.stat()
                    found.append((e.name, info.st_size, info.st_mtime_ns))
            return sorted(found)
    except OSError:
        return []


_STAMP: list[bytes] = []


def _stamp() -> bytes:
    """What, besides a file's bytes, decides what reading it gives: the reading code."""
    if not _STAMP:
        import importlib.util

        own = str(Path(__file__).resolve().parent)
        spec = importlib.util.find_spec("yaml")
        origin = spec.origin if spec is not None else None
        yaml_dir = str(Path(origin).parent) if origin is not None else None
        parts = (
            _FORMAT,
            sys.version.encode(),
            repr(sys.implementation.cache_tag).encode(),
            repr(_files(own)).encode(),
            repr(yaml_dir).encode(),
            repr(_files(yaml_dir)).encode(),
        )
        _STAMP.append(b"\0".join(parts))
    return _STAMP[0]


def key(role: str, content: bytes, extra: str = "") -> str:
    """The name of the entry for `content` read as `role`, given `extra`."""
    import hashlib

    digest = hashlib.sha256(_stamp())
    digest.update(b"\0" + role.encode() + b"\0" + extra.encode() + b"\0")
    digest.update(hashlib.sha256(content).digest())
    return digest.hexdigest()[:40]


class _Unpickler:
    """Reads back only the value types vvsgplan stores: a damaged or planted entry
    cannot name any other class, so reading it never runs code."""

    ALLOWED: Final = frozenset(
        {
            ("vvsgplan.model", n)
            for n in (
                "Action",
                "Milestone",
                "Update",
                "Recommendation",
                "Assessment",
                "Context",
                "Evaluation",
                "Response",
                "Signatory",
            )
        }
        | {("vvsgplan.errors", "Problem"), ("datetime", "date")}
        | {("vvsgplan.deadline_types", n) for n in ("Deadline", "Step", "Word")}
    )

    MADE: Final[list[Any]] = []  # the unpickler class, made once

    @classmethod
    def loads(cls, data: bytes) -> Any:
        if not cls.MADE:
            import pickle

            class Restricted(pickle.Unpickler):
                def find_class(self, module: str, name: str) -> Any:
                    if (module, name) not in cls.ALLOWED:
                        raise pickle.UnpicklingError(f"{module}.{name} is not a plan value")
                    return super().find_class(module, name)

            cls.MADE.append(Restricted)
        return cls.MADE[0](io.BytesIO(data)).load()


def pack(value: Any) -> bytes:
    """A value as bytes: a whole entry's, or a part of an entry that a run may not need,
    for `unpack` to give back only when it is asked for."""
    import pickle

    return pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)


def unpack(data: bytes) -> Any | None:
    """What `pack` made, reading only plan values; None if it cannot be read whole."""
    try:
        return _Unpickler.loads(data)
    except Exception:  # as for a whole entry: the caller does without it
        return None


def _usable(path: Path) -> bool:
    """The folder is this user's and nobody else may write in it (on POSIX)."""
    if not hasattr(os, "getuid"):
        return True
    try:
        info = path.stat()
    except OSError:
        return False
    return info.st_uid == os.getuid() and not info.st_mode & 0o022


def get(name: str) -> Any | None:
    """The value stored under `name`, or None when there is none that reads back whole."""
    where = folder()
    if where is None:
        return None
    path = where / (name + _SUFFIX)
    try:
        with path.open("rb") as f:
            data = f.read()
            info = os.fstat(f.fileno())
    except OSError:
        return None
    if not _usable(where):
        return None
    import hashlib

    head = len(_FORMAT)
    check = data[head : head + 32]
    payload = data[head + 32 :]
    if data[:head] != _FORMAT or hashlib.sha256(payload).digest() != check:
        return None  # truncated, corrupt, or of another format
    value = unpack(payload)
    if value is None:  # anything at all wrong with it: read the file instead
        return None
    if time.time() - info.st_mtime > _TOUCH_AFTER:
        with contextlib.suppress(OSError):
            os.utime(path)  # in use: not pruned as old
    return value


def put(name: str, value: Any) -> None:
    """Store `value` under `name`; any failure leaves the cache as it was. The entry is
    written to a file of its own and renamed into place, so that a reader (or another
    process writing the same entry) never sees part of it."""
    where = folder()
    if where is None:
        return
    import hashlib
    import pickle
    import tempfile

    try:
        where.mkdir(mode=0o700, parents=True, exist_ok=True)
        if not _usable(where):
            return
        payload = pack(value)
        data = _FORMAT + hashlib.sha256(payload).digest() + payload
        fd, temp = tempfile.mkstemp(dir=where, prefix=".new-", suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as f:
                f.write(data)
            Path(temp).replace(where / (name + _SUFFIX))
        except BaseException:
            with contextlib.suppress(OSError):
                Path(temp).unlink()
            raise
        _prune(where)
    except (OSError, pickle.PicklingError, RecursionError):
        return


def _prune(where: Path) -> None:
    """Remove entries unused for MAX_AGE, leftovers of interrupted writes, and the oldest
    entries while the folder holds more than MAX_BYTES."""
    now = time.time()
    kept = []
    with os.scandir(where) as entries:
        for e in entries:
            try:
                info = e.stat()
            except OSError:
                continue
            leftover = e.name.startswith(".new-") and now - info.st_mtime > 3600
            if e.name.endswith(_SUFFIX) and now - info.st_mtime <= MAX_AGE:
                kept.append((info.st_mtime, info.st_size, e.path))
            elif leftover or e.name.endswith(_SUFFIX):
                with contextlib.suppress(OSError):
                    Path(e.path).unlink()
    total = sum(size for _, size, _ in kept)
    for _, size, path in sorted(kept):
        if total <= MAX_BYTES:
            break
        with contextlib.suppress(OSError):
            Path(path).unlink()
        total -= size
