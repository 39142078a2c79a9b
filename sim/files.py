"""Writing files whole and holding a folder: the one way every command writes.

Every file a command writes goes to a temporary name beside it (``.NAME.XXXX.tmp``),
is flushed to disk, then renamed over the final name: a kill, a full disk or a
concurrent reader sees the old file or the new one, never half of one. A folder a
command writes into is held with an exclusive lock on its ``.lock`` file for as long as
the command runs (:class:`FolderLock`), so two commands never write into one folder at
once: the second is refused in one line. Run folders, study stores and calibration
folders all use these; nothing else in the package writes outputs.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import uuid
from collections.abc import Callable, Mapping
from pathlib import Path
from types import TracebackType
from typing import IO, Any

from sim.errors import InputError

LOCK = ".lock"
"""The lock file of an output folder (kept: its presence means nothing, only its lock)."""


RESULT_FILES: dict[str, tuple[str, ...]] = {
    "run": ("summary.csv", "replicates.csv", "series.csv", "run.json"),
    "compare": ("contrast.csv", "base_replicates.csv", "variant_replicates.csv",
                "base_series.csv", "variant_series.csv", "run.json"),
    "levers": ("levers.csv", "run.json"),
}
"""The files ``run``, ``compare`` and ``levers`` write into ``--out`` (``run.json``, their
record, names the kind: a report reads it, not which files happen to be there)."""
FOREIGN = ("study.json", "calibration.json")
"""Records of results ``--force`` does not replace: a study's store, a calibration."""


def user_cache(*parts: str) -> Path:
    """A folder of the user's cache (``$XDG_CACHE_HOME/hlm-sim/...`` when that is an
    absolute path, as the XDG specification asks, else ``~/.cache/hlm-sim/...``), never
    inside the installed package; not created here. Raises :class:`OSError` when there is
    neither (no home directory), so that callers skip the cache."""
    xdg = os.environ.get("XDG_CACHE_HOME", "")
    if xdg and Path(xdg).is_absolute():
        base = Path(xdg)
    else:
        try:
            base = Path.home() / ".cache"
        except RuntimeError as exc:  # no HOME and no passwd entry
            raise OSError(f"no cache folder: {exc}") from exc
    return base.joinpath("hlm-sim", *parts)


def umask() -> int:
    """The process's file-creation mask (read without changing it for long)."""
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _fsync_dir(path: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(path, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def temporary(path: Path) -> Path:
    """A temporary name beside ``path`` (hidden, ``.tmp``: cleaned by the next writer)."""
    return path.with_name(f".{path.name}.{uuid.uuid4().hex[:8]}.tmp")


def write_atomic(path: Path, write: Callable[[Path], Any]) -> None:
    """Write ``path`` whole: ``write(tmp)`` fills a temporary file beside it, which is
    flushed to disk and renamed over ``path``; on any failure the temporary file goes
    and ``path`` is left as it was."""
    tmp = temporary(path)
    try:
        write(tmp)
        os.chmod(tmp, 0o666 & ~umask())
        fd = os.open(tmp, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
        tmp.replace(path)
        _fsync_dir(path.parent)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def write_text(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` whole (UTF-8, newlines as given)."""
    def fill(tmp: Path) -> None:
        with tmp.open("w", encoding="utf-8", newline="") as fh:
            fh.write(text)
    write_atomic(path, fill)


def json_text(data: Any) -> str:
    """The JSON text the package writes (indented, UTF-8 kept, numpy scalars as numbers)."""
    return json.dumps(data, ensure_ascii=False, indent=2, default=plain) + "\n"


def plain(obj: Any) -> Any:
    """What JSON cannot write as it is, made plain: numpy scalars as numbers, tuples and
    sets as lists (``json.dumps(..., default=plain)``)."""
    if hasattr(obj, "item"):  # numpy scalars
        return obj.item()
    if isinstance(obj, tuple | set | frozenset):
        return list(obj)
    raise TypeError(f"cannot write a {type(obj).__name__} as JSON")


def read_json_object(path: Path, *, missing: str, unreadable: str, expected: str,
                     required: str | None = None) -> dict[str, Any]:
    """A JSON object read from ``path``, or one line: ``missing`` when there is no such file,
    ``unreadable`` (with the reason) when it is not JSON, ``expected`` when it is not an
    object (or lacks the key ``required``)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InputError(missing) from None
    except (OSError, ValueError) as exc:
        raise InputError(f"{unreadable} ({exc})") from None
    if not isinstance(data, dict):
        raise InputError(f"{expected}, found {type(data).__name__}")
    if required is not None and required not in data:
        raise InputError(f"{expected}, found an object without {required!r}")
    return data


def write_json(path: Path, data: Mapping[str, Any] | list[Any]) -> None:
    """Write a JSON file whole."""
    write_text(path, json_text(data))


def clean_temporaries(folder: Path) -> None:
    """Remove the temporary files a killed writer left in ``folder`` (call with the
    folder's lock held: another writer's temporary files are then none)."""
    if folder.is_dir():
        for tmp in folder.glob(".*.tmp"):
            tmp.unlink(missing_ok=True)


class FolderLock:
    """An exclusive hold on an output folder (its :data:`LOCK` file, ``flock``).

    ``with FolderLock(folder, what)``: the folder is created if needed (its parent must
    exist) and locked; a second holder, in this process or another, is refused with
    one line (``what`` says what the other process is doing). The lock goes with the
    process, so a killed command leaves nothing to clean. If the holder fails and the
    folder was created for it and holds nothing else, the folder is removed again.
    """

    def __init__(self, folder: Path, what: str = "writing", where: str = "--out") -> None:
        self.folder, self.what, self.where = Path(folder), what, where
        self._fh: IO[bytes] | None = None
        self._created = False

    def acquire(self) -> FolderLock:
        """Create the folder if needed and take its lock, or raise :class:`InputError`."""
        check_writable(self.folder, self.where)
        try:
            if not self.folder.exists():
                self.folder.mkdir()
                self._created = True
            fh = (self.folder / LOCK).open("ab")
        except (OSError, UnicodeError) as exc:
            raise InputError(f"{self.where} {_shown(self.folder)}: cannot be written "
                             f"({_reason(exc)})") from None
        try:
            fcntl.flock(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            fh.close()
            self._forget()
            raise InputError(f"{self.where} {_shown(self.folder)}: another process is "
                             f"{self._holder()} in this folder; wait for it or choose another "
                             "folder") from None
        with contextlib.suppress(OSError):  # say who holds it, for the one refused
            fh.truncate(0)
            fh.write(self.what.encode("utf-8"))
            fh.flush()
        self._fh = fh
        return self

    def _holder(self) -> str:
        """What the process holding the folder said it does (this command's words if none)."""
        try:
            said = (self.folder / LOCK).read_text(encoding="utf-8").strip()
        except (OSError, UnicodeError):
            said = ""
        return said[:80] if said else self.what

    def release(self, failed: bool = False) -> None:
        """Release the lock (and remove a folder created for nothing when ``failed``)."""
        if self._fh is not None:
            with contextlib.suppress(OSError):
                fcntl.flock(self._fh.fileno(), fcntl.LOCK_UN)
            self._fh.close()
            self._fh = None
        if failed:
            self._forget()

    def _forget(self) -> None:
        if self._created:
            with contextlib.suppress(OSError):
                if {p.name for p in self.folder.iterdir()} <= {LOCK}:
                    (self.folder / LOCK).unlink(missing_ok=True)
                    self.folder.rmdir()
            self._created = False

    def __enter__(self) -> FolderLock:
        return self.acquire()

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.release(failed=kind is not None)


def _shown(path: Path) -> str:
    """A path as text that can be printed even when it holds bytes that are not UTF-8."""
    return os.fsdecode(path).encode("utf-8", "backslashreplace").decode("utf-8")


def _reason(exc: BaseException) -> str:
    if isinstance(exc, UnicodeError):
        return "the file system refuses its name: not valid UTF-8"
    if isinstance(exc, OSError):
        return exc.strerror or type(exc).__name__
    return str(exc)


def check_writable(path: Path, where: str = "--out") -> None:
    """Fail in one line, before any work, if ``path`` (a folder to create or write into,
    or a file to write) cannot be written: a missing parent, a parent that is a file or
    read-only, a name the file system refuses."""
    shown = _shown(path)
    try:
        os.fsencode(path).decode("utf-8")
    except UnicodeError:
        raise InputError(f"{where} {shown}: the file system refuses its name: expected "
                         "valid UTF-8") from None
    try:
        target = path if path.is_dir() else path.resolve().parent
        if not target.exists():
            raise InputError(f"{where} {shown}: the parent folder {_shown(target)} does not "
                             "exist")
        if not target.is_dir():
            raise InputError(f"{where} {shown}: {_shown(target)} is a file, not a folder")
        if not os.access(target, os.W_OK | os.X_OK):
            raise InputError(f"{where} {shown}: the folder {_shown(target)} cannot be "
                             "written (permission denied)")
    except (OSError, UnicodeError) as exc:
        raise InputError(f"{where} {shown}: cannot be written ({_reason(exc)})") from None


__all__ = ["FOREIGN", "LOCK", "RESULT_FILES", "FolderLock", "check_writable", "clean_temporaries", "json_text", "plain",
           "read_json_object",
           "temporary", "umask", "write_atomic", "write_json", "write_text"]
