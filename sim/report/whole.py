"""Before a report draws anything: are the stored tables whole?

A table a command wrote has a known length: ``run`` and ``compare`` record their
replicates and weeks in ``run.json``, a study its design points in ``study.json``. A
table cut short (a kill, a full disk, a hand edit) gives one line naming the file, what
was expected and what was found, instead of a report drawn from part of the results.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from sim.errors import InputError
from sim.levers import LEVERS
from sim.outcomes import OUTCOME_NAMES
from sim.report.htmlkit import read_csv, read_json


def expected_rows(folder: Path, kind: str) -> dict[str, tuple[int, str]]:
    """For each table of a ``kind`` folder, the rows it must have and what says so."""
    if kind in ("run", "compare"):
        meta = read_json(folder / "run.json")
        replicates, weeks = _count(meta, "replicates", folder / "run.json"), _count(
            meta, "weeks", folder / "run.json")
        said = f"run.json: {replicates} replicates of {weeks} weeks"
        series = replicates * (weeks + 1)
        if kind == "run":
            return {"summary.csv": (len(OUTCOME_NAMES), "one row per outcome"),
                    "replicates.csv": (replicates, said), "series.csv": (series, said)}
        return {"contrast.csv": (len(OUTCOME_NAMES), "one row per outcome"),
                "base_replicates.csv": (replicates, said),
                "variant_replicates.csv": (replicates, said),
                "base_series.csv": (series, said), "variant_series.csv": (series, said)}
    if kind == "levers":
        meta = read_json(folder / "run.json")
        outcomes = meta.get("outcomes")
        if not isinstance(outcomes, list) or not outcomes:
            raise InputError(f"report: {folder / 'run.json'}: expected a list of outcomes under "
                             f"'outcomes', found {outcomes!r}")
        return {"levers.csv": (len(LEVERS) * len(outcomes),
                               f"run.json: {len(LEVERS)} levers × {len(outcomes)} outcomes")}
    manifest = read_json(folder / "study.json")
    points = _count(manifest, "points", folder / "study.json")
    return {"points.csv": (points, f"study.json: {points} design points")}


def _count(record: Mapping[str, Any], key: str, path: Path) -> int:
    value = record.get(key)
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise InputError(f"report: {path}: expected a whole number under {key!r}, found "
                         f"{value!r}")
    return value


def check_whole(folder: Path, kind: str) -> None:
    """Raise :class:`InputError` (one line) if a table of ``folder`` is cut short, longer
    than its record says, or its last line is incomplete."""
    for name, (rows, said) in expected_rows(folder, kind).items():
        path = folder / name
        if not path.is_file() and name.endswith("series.csv"):
            continue  # written only with --out; a folder without it has no series figure
        table = read_csv(path)
        with path.open("rb") as fh:
            fh.seek(max(0, path.stat().st_size - 1))
            last = fh.read(1)
        if last not in (b"\n", b""):
            raise InputError(f"report: {path}: truncated (its last line is cut short); run "
                             "the command again")
        if len(table) != rows:
            raise InputError(f"report: {path}: expected {rows} rows ({said}), found "
                             f"{len(table)}; the command that wrote it was interrupted or the "
                             "file was changed: run it again")
