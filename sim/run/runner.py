"""The one entry point experiments know the model by: run a scenario with a seed.

Seeds: a run is identified by a root seed (an integer) and a replicate number; its
generator is ``numpy.random.default_rng(SeedSequence(root, spawn_key=(replicate,)))``,
the replicate-th child of the root ``SeedSequence``. Replicate ``i`` of two scenarios
run with the same root shares its stream: what-if contrasts are paired (common
random numbers). Every output records the root seed and the replicate.
"""

from __future__ import annotations

import ast
import contextlib
import hashlib
import io
import re
import sys
import tokenize
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from sim import __version__
from sim.files import user_cache, write_text
from sim.outcomes import OUTCOME_NAMES
from sim.scenario import Scenario

if TYPE_CHECKING:
    import pandas as pd

_MODEL_SOURCES = ("model/**/*.py", "params.py", "outcomes.py", "kinds.py", "stages.py", "scenario.py",
                  "run/runner.py")
"""The sources of what a run computes (relative to the package): the model and its rules,
the declarations, the scenario loader and this module."""


def code_digest(source: str) -> str:
    """A digest of what a module's source computes: its tokens without comments, blank
    lines, docstrings and import statements, so that moving a module, renaming it or
    rewording its documentation leaves the digest as it is."""
    tree = ast.parse(source)
    dropped: set[int] = set()
    for node in ast.walk(tree):
        bare_text = (isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant)
                     and isinstance(node.value.value, str))
        type_only = (isinstance(node, ast.If) and isinstance(node.test, ast.Name)
                     and node.test.id == "TYPE_CHECKING")
        if isinstance(node, ast.stmt) and (isinstance(node, ast.Import | ast.ImportFrom)
                                           or bare_text or type_only):
            dropped.update(range(node.lineno, (node.end_lineno or node.lineno) + 1))
    kept = "\n".join(line for number, line in enumerate(source.splitlines(), 1)
                     if number not in dropped)
    skip = {tokenize.COMMENT, tokenize.NL, tokenize.ENDMARKER}
    words = [tokenize.tok_name[tok.type] if tok.type in _MARKS else tok.string
             for tok in tokenize.generate_tokens(io.StringIO(kept + "\n").readline)
             if tok.type not in skip]
    return hashlib.sha256("\x00".join(words).encode()).hexdigest()


_MARKS = {tokenize.NEWLINE, tokenize.INDENT, tokenize.DEDENT}


def model_fingerprint(sources: Iterable[str]) -> str:
    """The fingerprint of a set of module sources: their code digests, in sorted order,
    hashed together (paths play no part)."""
    digest = hashlib.sha256()
    for code in sorted(code_digest(source) for source in sources):
        digest.update(code.encode())
    return digest.hexdigest()[:12]


def _package_sources() -> list[str]:
    package = Path(__file__).resolve().parent.parent
    paths = {path for pattern in _MODEL_SOURCES for path in package.glob(pattern)}
    return [path.read_text(encoding="utf-8") for path in sorted(paths)]


@cache
def model_version() -> str:
    """The package version plus a fingerprint of what the model computes (:func:`code_digest`
    of each source in ``_MODEL_SOURCES``): stored runs and calibrations are keyed by it, so a
    study resumed after the rules changed does not reuse old runs, while moving a file or
    editing its documentation does not make a calibration refuse to load. Computed once per
    process, when first asked for (``MODEL_VERSION``: a study's workers never need it), and
    kept in the user's cache under the hash of the sources' exact text
    (:func:`_remembered`): reading a digest costs 1 ms, parsing the sources 40 ms."""
    sources = _package_sources()
    python = f"{sys.version_info[0]}.{sys.version_info[1]}"  # the tokenizer the digest rests on
    key = hashlib.sha256("\x00".join([__version__, python, *sources]).encode()).hexdigest()
    return f"{__version__}+{_remembered(key, lambda: model_fingerprint(sources))}"


def _remembered(key: str, compute: Callable[[], str]) -> str:
    """The fingerprint stored under ``key`` in the user's cache, else ``compute()``, stored.
    The key is the hash of every source's exact text, so a changed source is a new key;
    a cache entry that is not a fingerprint is ignored, an unwritable cache is skipped."""
    try:
        path: Path | None = user_cache("model-version", key)
    except OSError:  # no home directory: compute every time
        path = None
    if path is not None:
        with contextlib.suppress(OSError, UnicodeDecodeError):
            found = path.read_text(encoding="ascii").strip()
            if re.fullmatch(r"[0-9a-f]{12}", found):
                return found
    fingerprint = compute()
    if path is not None:
        with contextlib.suppress(OSError):
            path.parent.mkdir(parents=True, exist_ok=True)
            write_text(path, fingerprint + "\n")
    return fingerprint


MODEL_VERSION: str
""":func:`model_version`, read as a module attribute (computed on first access)."""


def __getattr__(name: str) -> str:
    if name == "MODEL_VERSION":
        return model_version()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def run_generator(seed: int, replicate: int) -> np.random.Generator:
    """The generator of replicate ``replicate`` under root seed ``seed``."""
    return np.random.default_rng(np.random.SeedSequence(seed, spawn_key=(replicate,)))


@dataclass(frozen=True)
class RunResult:
    """Outcomes of one run: the final summary and, when asked for, the weekly series."""

    seed: int
    replicate: int
    weeks: int
    summary: dict[str, float]
    series: pd.DataFrame | None


def run_once(scenario: Scenario, seed: int, replicate: int = 0, weeks: int = 156,
             *, series: bool = False) -> RunResult:
    """Run ``scenario`` for ``weeks`` weeks under (``seed``, ``replicate``).

    The same arguments give the same numbers, in any process, on any machine with the
    same package versions.
    """
    from sim.model.site import Site  # noqa: PLC0415 (the model loads on the first run)

    model = Site(scenario, run_generator(seed, replicate), series=series)
    model.run(weeks)
    summary = {name: model.latest[name] for name in OUTCOME_NAMES}
    frame = None
    if series:
        import pandas as pd  # noqa: PLC0415 (a study that keeps no series never loads it)

        frame = pd.DataFrame(model.history)
        frame["week"] = frame["week"].astype(int)
    return RunResult(seed, replicate, weeks, summary, frame)
