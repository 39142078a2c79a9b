"""Compilation of the rules (numba), invisible to users.

Every rule in :mod:`sim.model.rules` is compiled once (``nopython``) and kept in the user's
cache directory (``$XDG_CACHE_HOME/hlm-sim/numba/<fingerprint>``, else
``~/.cache/...``), never in the installed package. The folder is named by a fingerprint
of the rules' sources, so a changed rule is never served from a stale cache (numba keys
its cache on each file alone, not on the functions a rule calls). The rules carry their
own cache locator: neither ``NUMBA_CACHE_DIR`` nor the order of imports (numba imported
before ``sim``, as a notebook may) nor where the package lives (a checkout, an installed
wheel) changes where they are cached, and the same sources share one cache wherever they
are installed. When no cache folder can be written (a read-only home), the rules are
compiled in memory at each process start and runs still work. The first run that has to
compile says so in one line on standard error.
"""

from __future__ import annotations

import hashlib
import inspect
import os
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any, cast

import numba
from numba.core import cgutils, types
from numba.core.caching import (
    CompileResultCacheImpl,
    FunctionCache,
    _CacheLocator,
    _SourceFileBackedLocatorMixin,
)
from numba.extending import intrinsic

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
_CACHE = CACHE_FOLDER is not None
_announced = False


class _RulesLocator(_SourceFileBackedLocatorMixin, _CacheLocator):
    """Numba's cache locator for the rules: ``CACHE_FOLDER/rules``, whatever numba's
    configuration says and wherever the sources are (numba's own locators depend on
    ``NUMBA_CACHE_DIR`` as it was when numba was imported, and fall back to a
    ``__pycache__`` beside the sources, inside the package)."""

    def __init__(self, py_func: Callable[..., Any], py_file: str) -> None:
        self._py_file = py_file
        self._lineno = py_func.__code__.co_firstlineno
        assert CACHE_FOLDER is not None
        self._cache_path = str(CACHE_FOLDER / "rules")

    def get_cache_path(self) -> str:
        """The folder of the compiled rules."""
        return self._cache_path


class _RulesCacheImpl(CompileResultCacheImpl):
    """Numba's cache of compile results, always at :class:`_RulesLocator` (numba's own
    ``__init__`` would let ``NUMBA_CACHE_LOCATOR_CLASSES`` choose another locator)."""

    def __init__(self, py_func: Callable[..., Any]) -> None:
        source = inspect.getfile(py_func)
        self._lineno = py_func.__code__.co_firstlineno
        self._locator = _RulesLocator(py_func, source)
        self._locator.ensure_cache_path()
        self._filename_base = self.get_filename_base(
            f"{Path(source).stem}.{py_func.__qualname__}", getattr(sys, "abiflags", ""))


class _RulesCache(FunctionCache):
    _impl_class = _RulesCacheImpl


def rule(fn: Callable[..., Any]) -> Any:
    """Compile a rule: nopython, cached in the user's cache folder when one is writable,
    and inlined into the rule that calls it (numba's ``inline="always"``: a call that
    passes the state's named tuples costs a reference count for every array they hold,
    about a third of a week before rules were inlined; docs/kernel.md). Called from
    Python, a rule is compiled on its own as before."""
    dispatcher = numba.njit(nogil=True, inline="always")(fn)
    if _CACHE:
        dispatcher._cache = _RulesCache(fn)  # type: ignore[attr-defined]  # as cache=True does, located here
    return dispatcher


_PLAIN_PYTHON: bool = bool(numba.config.DISABLE_JIT)  # type: ignore[attr-defined]
"""``NUMBA_DISABLE_JIT=1``: the rules run as plain Python, and the compiled-only helpers
below are identities."""


def _borrowed(typingctx: Any, array: Any) -> Any:
    """:data:`borrowed`: the same array (same data, shape and strides), or the same
    random generator, not counted.

    numba counts references to every array (and generator) a compiled function binds to
    a name or hands to another: an atomic increment and decrement each time, which the
    weekly loop paid for every array of every rule every week (docs/kernel.md). A
    borrowed one has no memory-info block, so binding it costs nothing. Only for values
    that outlive every use of the borrowed one: :func:`sim.model.rules.week.run_weeks`
    borrows the state's arrays and the run's generator, which its caller holds for the
    whole call, and never returns them.
    """
    if not isinstance(array, (types.Array, types.NumPyRandomGeneratorType)):
        return None

    def codegen(context: Any, builder: Any, signature: Any, args: Any) -> Any:
        view = cgutils.create_struct_proxy(array)(context, builder, value=args[0])
        view.meminfo = cgutils.get_null_value(view.meminfo.type)
        view.parent = cgutils.get_null_value(view.parent.type)
        return view._getvalue()

    return array(array), codegen


borrowed: Callable[[Any], Any] = (
    (lambda value: value) if _PLAIN_PYTHON else cast(Any, intrinsic(_borrowed)))
"""In compiled code, the same array (or generator) without a reference count (see
:func:`_borrowed`); the value itself when numba is off (``NUMBA_DISABLE_JIT=1``, to debug
or trace the rules in Python)."""


def _keep(typingctx: Any, value: Any) -> Any:
    """:data:`keep`: nothing, but a use of ``value``: numba releases a value after its
    last use, so the owner of arrays that are used :func:`borrowed` must be kept until
    after their last use."""

    def codegen(context: Any, builder: Any, signature: Any, args: Any) -> Any:
        return context.get_dummy_value()

    return types.none(value), codegen


keep: Callable[[Any], None] = (
    (lambda value: None) if _PLAIN_PYTHON else cast(Any, intrinsic(_keep)))
"""In compiled code, a use of ``value`` that keeps it alive (see :func:`_keep`)."""


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
