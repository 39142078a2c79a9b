"""The files a calibration folder holds, named once, and the folder guarded.

A folder ``calibration/<date>-<model version>`` holds the pyabc run database (``DB``, not
kept in git: ``calibration.json`` records its size and sha256), the run's settings and
results (``META``, ``STAGES``), the posterior (``PARTICLES``, ``posterior.csv``), the
predictive checks (``CHECK_FILE``) and the validation.

A folder belongs to one calibration: ``META`` records its settings (:data:`IDENTITY`)
and model version, and a resume with other settings is refused (:func:`differences`);
one process at a time holds it (:class:`sim.files.FolderLock`). Every file is written
whole (:mod:`sim.files`) and every file read is checked: a damaged, truncated, empty or
foreign one gives one line naming the file and what is wrong.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from sim.errors import InputError
from sim.files import LOCK, FolderLock, check_writable, json_text, write_atomic, write_json

DB = "pyabc.db"
META = "calibration.json"
STAGES = "stages.json"
PARTICLES = "particles.csv"
CHECK_FILE = "check.csv"
MECHANISM_PARTICLES = "mechanisms.csv"
"""Every pair's particles at the posterior generation (the seeds' mixture reads them)."""
OUTPUT_TABLES = ("models.csv", PARTICLES, "posterior.csv", "correlations.csv",
                 "generations.csv", MECHANISM_PARTICLES)
"""The tables a finished calibration writes (beside ``META`` and ``STAGES``)."""
OURS = {DB, f"{DB}-journal", f"{DB}-wal", f"{DB}-shm", META, STAGES, CHECK_FILE, LOCK,
        "validation.json", "README.md", *OUTPUT_TABLES}
"""Files a calibration folder may hold; a folder holding others belongs to something else."""

IDENTITY: tuple[str, ...] = (
    "replicates", "seed", "week", "milieux", "fitted", "fixed", "priors", "targets",
    "patterns", "mechanisms", "observed", "settings.population", "settings.min_epsilon",
    "settings.stop_margin", "settings.model_floor", "settings.check_replicates")
"""What a calibration is: the keys of ``META`` a resume must not change (the number of
generations, the wall time and the workers may change: they do not alter what is fitted)."""


# --- the folder ------------------------------------------------------------------------
def check_folder(folder: Path, where: str = "--out") -> bool:
    """Check, touching nothing, that ``folder`` can hold a calibration; return whether it
    holds one already (a resume). Refused in one line: a file, a missing or read-only
    parent, a name the file system refuses, a folder holding another command's outputs."""
    if folder.exists() and not folder.is_dir():
        raise InputError(f"{where} {folder}: expected a calibration folder, found a file")
    check_writable(folder, where)
    if not folder.is_dir():
        return False
    if (folder / LOCK).exists():  # held by another calibration: say so before any work
        FolderLock(folder, "running a calibration", where).acquire().release()
    if (folder / META).exists():
        return True
    others = sorted(p.name for p in folder.iterdir()
                    if p.name not in OURS and not p.name.startswith(".")
                    and not (p.is_dir() and p.name.startswith("seed-")))
    if others:
        raise InputError(f"{where} {folder}: expected a new, empty or calibration folder, "
                         f"found {', '.join(others[:3])} and no {META}; choose another folder")
    return (folder / DB).exists()


def _value(meta: Mapping[str, Any], key: str) -> Any:
    value: Any = meta
    for part in key.split("."):
        value = value.get(part) if isinstance(value, Mapping) else None
    return value


def _canon(value: Any) -> str:
    return json.dumps(value, sort_keys=True, default=_plain)


def _plain(obj: Any) -> Any:
    return obj.item() if hasattr(obj, "item") else list(obj)


def identity(meta: Mapping[str, Any]) -> dict[str, str]:
    """The :data:`IDENTITY` of a ``META`` record, each value as canonical JSON."""
    return {key: _canon(_value(meta, key)) for key in IDENTITY}


def differences(stored: Mapping[str, Any], new: Mapping[str, Any]) -> list[str]:
    """``key: stored -> new`` for every :data:`IDENTITY` key the two records differ in
    (entry by entry in a table such as the priors)."""
    out = []
    for key in IDENTITY:
        old_value, new_value = _value(stored, key), _value(new, key)
        if _canon(old_value) == _canon(new_value):
            continue
        name = key.removeprefix("settings.")
        if isinstance(old_value, Mapping) and isinstance(new_value, Mapping):
            out += [f"{name}.{k} {_short(_canon(old_value.get(k)))} -> "
                    f"{_short(_canon(new_value.get(k)))}"
                    for k in sorted({*old_value, *new_value})
                    if _canon(old_value.get(k)) != _canon(new_value.get(k))]
        else:
            out.append(f"{name} {_short(_canon(old_value))} -> {_short(_canon(new_value))}")
    return out


def _short(text: str, width: int = 60) -> str:
    return text if len(text) <= width else text[:width - 3] + "..."


# --- reading, checked ------------------------------------------------------------------
def read_json_file(path: Path, what: str, needs: Sequence[str] = ()) -> dict[str, Any]:
    """A JSON object from ``path`` holding the keys ``needs``, or one line naming the
    file and what is wrong (missing, empty, truncated, not JSON, not an object)."""
    try:
        data = json.loads(path.read_bytes().decode("utf-8"))
    except FileNotFoundError:
        raise InputError(f"{path}: no such file (expected the calibration's {what})") from None
    except UnicodeDecodeError:
        raise InputError(f"{path}: expected the calibration's {what} (JSON), found binary "
                         "data") from None
    except OSError as exc:
        raise InputError(f"{path}: cannot be read ({exc.strerror})") from None
    except ValueError as exc:
        raise InputError(f"{path}: damaged or truncated {what} (not valid JSON: {exc})") from None
    if not isinstance(data, dict):
        raise InputError(f"{path}: expected the calibration's {what} (a JSON object), found "
                         f"{type(data).__name__}")
    missing = [k for k in needs if k not in data]
    if missing:
        raise InputError(f"{path}: expected the calibration's {what}, found no "
                         f"{', '.join(missing)}")
    return data


def read_meta(folder: Path) -> dict[str, Any]:
    """The folder's ``META``, checked."""
    return read_json_file(folder / META, "settings record", ("model_version", "fitted"))


def read_stages(folder: Path) -> dict[str, Any]:
    """The folder's ``STAGES`` (empty when there is none yet), checked."""
    path = folder / STAGES
    if not path.exists():
        return {}
    stages = read_json_file(path, "stages record")
    run = stages.get("run")
    if run is not None and (isinstance(run, bool) or not isinstance(run, int) or run < 1):
        raise InputError(f"{path}: expected a run number (1 or more) under 'run', found {run!r}")
    return stages


def read_table(path: Path, what: str, columns: Sequence[str] = (),
               numeric: Sequence[str] = ()) -> pd.DataFrame:
    """A CSV table with ``columns`` (``numeric`` ones finite), or one line naming the
    file and what is wrong (missing, empty, binary, truncated, a column missing)."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise InputError(f"{path}: no such file (expected the calibration's {what})") from None
    except OSError as exc:
        raise InputError(f"{path}: cannot be read ({exc.strerror})") from None
    if not raw.strip():
        raise InputError(f"{path}: expected the calibration's {what}, found an empty file")
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError:
        raise InputError(f"{path}: expected the calibration's {what} (CSV text), found binary "
                         "data") from None
    if not raw.endswith(b"\n"):
        raise InputError(f"{path}: truncated {what} (its last line is cut short)")
    try:
        table = pd.read_csv(path)
    except (ValueError, OSError) as exc:
        raise InputError(f"{path}: damaged {what} ({str(exc).splitlines()[0]})") from None
    missing = [c for c in columns if c not in table.columns]
    if missing:
        raise InputError(f"{path}: expected the calibration's {what} with columns "
                         f"{', '.join(columns)}, found no {', '.join(missing)}")
    if table.empty:
        raise InputError(f"{path}: expected the calibration's {what}, found no rows")
    for column in numeric:
        values = pd.to_numeric(table[column], errors="coerce").astype(float)
        bad = ~np.isfinite(values.to_numpy())
        if bad.any():
            row = int(bad.argmax()) + 2
            raise InputError(f"{path}: damaged {what}: line {row}, column {column}: expected a "
                             f"finite number, found {table[column].iloc[row - 2]!r}")
    return table


def read_particles(folder: Path) -> pd.DataFrame:
    """The posterior particles, checked: a mechanism, a positive weight and finite values."""
    path = folder / PARTICLES
    table = read_table(path, "posterior particles", ("mechanism", "weight"))
    numeric = [c for c in table.columns if c != "mechanism"]
    table = read_table(path, "posterior particles", ("mechanism", "weight"), numeric)
    if (table["weight"] < 0).any() or not table["weight"].sum() > 0:
        raise InputError(f"{path}: damaged posterior particles: expected weights >= 0 with a "
                         "positive sum")
    if not table["mechanism"].map(lambda m: isinstance(m, str) and "+" in m).all():
        raise InputError(f"{path}: damaged posterior particles: expected mechanisms such as "
                         "framing+contact in the mechanism column")
    return table


# --- writing, whole --------------------------------------------------------------------
def write_table(path: Path, table: pd.DataFrame, index: bool = False) -> None:
    """Write a CSV table whole (temporary name, then rename)."""
    write_atomic(path, lambda tmp: table.to_csv(tmp, index=index))


def write_record(path: Path, data: Mapping[str, Any]) -> None:
    """Write a JSON record whole."""
    write_json(path, dict(data))


def run_rows(history: Any, run: int) -> list[dict[str, Any]]:
    """The pyabc run ``run`` of a history in one row: generations, simulations, wall time
    (generation by generation: a pause between a kill and its resume is not counted) and
    final epsilon. Kept in ``stages.json`` so that the summary needs no database."""
    pops = history.get_all_populations()
    done = pops[pops["t"] >= 0]
    return [{"stage": "model selection and fit", "run": run, "generations": len(done),
             "simulations": int(pops["samples"].sum()),
             "minutes": float(pops["wall_time"].sum()) / 60,
             "epsilon": float(done["epsilon"].iloc[-1]) if len(done) else float("nan")}]


def record_database(folder: Path) -> dict[str, Any] | None:
    """Record the run database's size and sha256 in ``calibration.json`` (the database
    itself is not kept in git; ``calibration/README.md`` says how to regenerate it)."""
    db, meta_path = folder / DB, folder / META
    if not db.is_file() or not meta_path.is_file():
        return None
    digest = hashlib.sha256()
    with db.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    record = {"file": DB, "bytes": db.stat().st_size, "sha256": digest.hexdigest()}
    meta = read_meta(folder)
    meta["database"] = record
    write_atomic(meta_path, lambda tmp: tmp.write_text(json_text(meta).rstrip("\n"),
                                                       encoding="utf-8"))
    return record
