"""The run store: a folder of Parquet parts, one row per run, keyed by content hash.

Layout of a store (the ``--out`` folder)::

    study.json            the manifest: what the study is (its identity and hash)
    design.parquet        one row per design point: the values the model got, and the
                          nominal sample (``x:NAME``) the analysis uses
    runs/part-*.parquet   one row per run: key, point, replicate, seed, parameters,
                          outcomes, status (done | failed), error text, seconds
    series/part-*.parquet the weekly series of the runs in the runs part of the same
                          name (only with ``--series``)
    points.csv, indices.csv  derived tables (rewritten by every command)

Each run's key is a content hash of (scenario, parameters, root seed, replicate,
weeks, evaluator, package version): the same run always has the same key, so a
rerun skips what is stored. Parts are written whole (temporary name, fsync, rename);
a ``runs`` part is the commit mark of its ``series`` part, so a series part whose
runs part never appeared (a crash between the two) is removed when the store is
opened again. One process at a time holds the store's lock (``.lock``).
"""

from __future__ import annotations

import hashlib
import json
import time
import uuid
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from sim.errors import InputError
from sim.files import FolderLock, plain, read_json_object, write_atomic, write_json

MANIFEST = "study.json"
DESIGN = "design.parquet"
RUNS = "runs"
SERIES = "series"
FORMAT = 1
"""Version of the store layout, recorded in the manifest."""

BASE_COLUMNS: tuple[str, ...] = ("key", "point", "replicate", "seed", "status", "error",
                                 "seconds")


def canonical(obj: Any) -> str:
    """JSON with sorted keys and no spaces: the text that content hashes are taken of."""
    return json.dumps(obj, sort_keys=True, separators=(",", ":"), ensure_ascii=False,
                      default=plain)


def digest(obj: Any) -> str:
    """SHA-256 of the canonical JSON of ``obj``, as hex."""
    return hashlib.sha256(canonical(obj).encode()).hexdigest()


def key_prefix(context_hash: str, evaluator: str, weeks: int, version: str) -> bytes:
    """The part of every run key shared by a study's runs."""
    return canonical([context_hash, evaluator, weeks, version]).encode()


def run_key(prefix: bytes, params: Mapping[str, Any], seed: int, replicate: int) -> str:
    """Key of one run: content hash of the shared prefix, parameters, seed, replicate."""
    h = hashlib.sha256(prefix)
    h.update(canonical([params, seed, replicate]).encode())
    return h.hexdigest()[:32]


def run_schema(params: Sequence[tuple[str, str]], outcomes: Sequence[str]) -> pa.Schema:
    """Schema of a runs part: base columns, parameters (``(name, kind)``), outcomes."""
    names = [*BASE_COLUMNS, *(n for n, _ in params), *outcomes]
    if len(set(names)) != len(names):
        dup = sorted({n for n in names if names.count(n) > 1})
        raise InputError(f"study: column names used twice (parameters vs outcomes): {dup}")
    fields = [pa.field("key", pa.string()), pa.field("point", pa.int64()),
              pa.field("replicate", pa.int64()), pa.field("seed", pa.int64()),
              pa.field("status", pa.string()), pa.field("error", pa.string()),
              pa.field("seconds", pa.float64())]
    fields += [pa.field(n, pa.int64() if kind == "int" else pa.float64()) for n, kind in params]
    fields += [pa.field(o, pa.float64()) for o in outcomes]
    return pa.schema(fields)


def write_table(path: Path, frame: pd.DataFrame | pa.Table) -> None:
    """Write a Parquet (``.parquet``) or CSV (``.csv``) table atomically."""
    if path.suffix == ".csv":
        assert isinstance(frame, pd.DataFrame)
        write_atomic(path, lambda tmp: frame.to_csv(tmp, index=False))
        return
    table = frame if isinstance(frame, pa.Table) else pa.Table.from_pandas(
        frame, preserve_index=False)
    write_atomic(path, lambda tmp: pq.write_table(table, tmp))


class RunStore:
    """A study's folder of results (see the module doc for the layout)."""

    def __init__(self, root: Path, where: str = "--out") -> None:
        self.root = Path(root)
        self.where = f"{where} {root}"
        self._lock: FolderLock | None = None

    # --- checking (touches nothing) -----------------------------------------------
    def check(self, manifest: Mapping[str, Any]) -> bool:
        """Check that this folder can hold the study ``manifest``; touch nothing.

        Returns ``True`` if the folder already holds this study (a resume), ``False``
        if it is new or empty. Raises :class:`InputError` if it is a file, if its
        parent is missing, or if it holds anything else (another study, other files).
        """
        root = self.root
        if root.exists() and not root.is_dir():
            raise InputError(f"{self.where}: expected a folder, found a file")
        if not root.exists():
            if not root.resolve().parent.is_dir():
                raise InputError(f"{self.where}: the parent folder "
                                 f"{root.resolve().parent} does not exist")
            return False
        manifest_path = root / MANIFEST
        if not manifest_path.exists():
            others = [p.name for p in root.iterdir()
                      if not p.name.startswith(".") and p.name != DESIGN]
            if others:
                raise InputError(f"{self.where}: expected an empty folder or a study store, "
                                 f"found {', '.join(sorted(others)[:3])} and no {MANIFEST}")
            return False
        stored = self.manifest()
        if stored.get("study_hash") != manifest["study_hash"]:
            ident = manifest.get("identity", {})
            old = stored.get("identity", {})
            differs = sorted(k for k in set(ident) | set(old)
                             if canonical(ident.get(k)) != canonical(old.get(k)))
            raise InputError(f"{self.where}: holds a different study (differs in: "
                             f"{', '.join(differs) or 'format'}); use another --out folder")
        return True

    def manifest(self) -> dict[str, Any]:
        """The stored manifest."""
        path = self.root / MANIFEST
        return read_json_object(path, missing=f"{self.where}: not a study store (no {MANIFEST})",
                                unreadable=f"{path}: unreadable study manifest",
                                expected=f"{path}: expected a study manifest",
                                required="study_hash")

    # --- opening for writing --------------------------------------------------------
    def open(self, manifest: Mapping[str, Any], design: pd.DataFrame, resume: bool) -> None:
        """Create (or reopen) the store and take its lock; clean half-written files."""
        self._take_lock()
        (self.root / RUNS).mkdir(exist_ok=True)
        if manifest.get("identity", {}).get("series"):
            (self.root / SERIES).mkdir(exist_ok=True)
        self._clean()
        if not resume:
            write_table(self.root / DESIGN, design)
            write_json(self.root / MANIFEST, manifest)  # last: its presence marks a store

    def _take_lock(self) -> None:
        lock = FolderLock(self.root, "running a study", self.where.split(" ")[0])
        self._lock = lock.acquire()

    def close(self) -> None:
        """Release the lock."""
        if self._lock is not None:
            self._lock.release()
            self._lock = None

    def _clean(self) -> None:
        for sub in (RUNS, SERIES):
            folder = self.root / sub
            if folder.is_dir():
                for tmp in folder.glob(".*.tmp"):
                    tmp.unlink(missing_ok=True)
        for tmp in self.root.glob(".*.tmp"):
            tmp.unlink(missing_ok=True)
        series = self.root / SERIES
        if series.is_dir():
            committed = {p.name for p in self.parts()}
            for part in series.glob("part-*.parquet"):
                if part.name not in committed:
                    part.unlink()

    # --- reading ------------------------------------------------------------------
    def parts(self, sub: str = RUNS) -> list[Path]:
        """The committed parts, in name order."""
        folder = self.root / sub
        return sorted(folder.glob("part-*.parquet")) if folder.is_dir() else []

    def _read_part(self, path: Path, columns: Sequence[str] | None) -> pa.Table:
        try:
            return pq.read_table(path, columns=list(columns) if columns else None)
        except (OSError, pa.ArrowException) as exc:
            raise InputError(f"{path}: unreadable part ({exc}); move it away and rerun the "
                             "study to redo its runs") from None

    def stored_keys(self) -> set[str]:
        """Keys of every stored run (reads only the ``key`` column)."""
        keys: set[str] = set()
        for part in self.parts():
            keys.update(self._read_part(part, ["key"]).column("key").to_pylist())
        return keys

    def read_runs(self, columns: Sequence[str] | None = None) -> pd.DataFrame:
        """The stored runs, only ``columns`` if given, sorted by point and replicate."""
        tables = [self._read_part(p, columns) for p in self.parts()]
        if not tables:
            return pd.DataFrame(columns=list(columns or BASE_COLUMNS))
        frame = pa.concat_tables(tables).to_pandas()
        order = [c for c in ("point", "replicate") if c in frame.columns]
        return frame.sort_values(order, kind="stable", ignore_index=True) if order else frame

    def read_series(self) -> pd.DataFrame:
        """The stored weekly series (empty if the study kept none)."""
        tables = [self._read_part(p, None) for p in self.parts(SERIES)]
        return pa.concat_tables(tables).to_pandas() if tables else pd.DataFrame()

    def read_design(self) -> pd.DataFrame:
        """The design table."""
        return self._read_part(self.root / DESIGN, None).to_pandas()


class PartWriter:
    """Buffers finished runs and writes them as parts, bounded in rows and time."""

    def __init__(self, store: RunStore, schema: pa.Schema, *, flush_rows: int = 2000,
                 flush_seconds: float = 5.0, series_rows: int = 200_000) -> None:
        self.store, self.schema = store, schema
        self.flush_rows, self.flush_seconds, self.series_rows = (flush_rows, flush_seconds,
                                                                 series_rows)
        self.session = f"{time.strftime('%Y%m%dT%H%M%S')}-{uuid.uuid4().hex[:8]}"
        self.count = 0
        self.rows: list[dict[str, Any]] = []
        self.series: list[pd.DataFrame] = []
        self._series_len = 0
        self._last = time.monotonic()
        self.written = 0

    def add(self, rows: Iterable[dict[str, Any]], series: Iterable[pd.DataFrame] = ()) -> None:
        """Buffer finished runs; write a part when the buffer is full or old enough."""
        self.rows.extend(rows)
        for frame in series:
            self.series.append(frame)
            self._series_len += len(frame)
        if (len(self.rows) >= self.flush_rows or self._series_len >= self.series_rows
                or time.monotonic() - self._last >= self.flush_seconds):
            self.flush()

    def flush(self) -> None:
        """Write the buffered runs (and their series) as one part each."""
        self._last = time.monotonic()
        if not self.rows:
            return
        name = f"part-{self.session}-{self.count:05d}.parquet"
        if self.series:
            frame = pd.concat(self.series, ignore_index=True)
            write_table(self.store.root / SERIES / name, frame)
        table = pa.Table.from_pylist(self.rows, schema=self.schema)
        write_table(self.store.root / RUNS / name, table)  # commits the series part
        self.written += len(self.rows)
        self.count += 1
        self.rows, self.series, self._series_len = [], [], 0

