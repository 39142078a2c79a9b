"""Compilation of the rules (numba), invisible to users.

Every rule in :mod:`sim.model.rules` is compiled once (``nopython``) and kept in the user's
cache directory (``$XDG_CACHE_HOME/hlm-sim/numba/<fingerprint>``, else
``~/.cache/...``), never in the installed package. The folder is named by a fingerprint
of the rules' sources, so a changed rule is never served from a stale cache (numba keys
its cache on each file alone, not on the functions a rule calls). When no cache folder
can be written (a read-only home), the rules are compiled in memory at each process
start and runs still work. The first run that has to compile says so in one line on
standard error.
"""

from __future__ import annotations

import hashlib
import os
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

_HERE = Path(__file__).resolve().parent


def _fingerprint() -> str:
    digest = hashlib.sha256()
    for path in sorted([*_HERE.glob("*.py"), _HERE.parent / "state.py", _HERE.parent.parent / "params.py"]):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def _cache_folder() -> Path | None:
    """The writable cache folder for this version of the rules, or None."""
    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    folder = base / "hlm-sim" / "numba" / _fingerprint()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=folder):
            pass
    except OSError:
        return None
    return folder


CACHE_FOLDER = _cache_folder()
if CACHE_FOLDER is not None:
    os.environ["NUMBA_CACHE_DIR"] = str(CACHE_FOLDER)

import numba  # noqa: E402 (NUMBA_CACHE_DIR must be set before numba is imported)

_CACHE = CACHE_FOLDER is not None
_announced = False


def rule(fn: Callable[..., Any]) -> Any:
    """Compile a rule: nopython, cached in the user's cache folder when one is writable."""
    return numba.njit(cache=_CACHE, nogil=True)(fn)


def announce_compilation() -> None:
    """Say once, on standard error, that the rules are being compiled, when no compiled
    copy is in the cache yet (the first run after installing or changing the rules)."""
    global _announced  # noqa: PLW0603 (once per process)
    if _announced:
        return
    _announced = True
    cached = CACHE_FOLDER is not None and any(CACHE_FOLDER.rglob("*.nbi"))
    if not cached:
        where = "in memory: the cache folder is not writable" if CACHE_FOLDER is None else "once"
        print(f"hlm-sim: compiling the model's rules ({where}; this takes a minute)…",
              file=sys.stderr, flush=True)
