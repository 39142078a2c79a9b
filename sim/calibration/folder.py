"""The files a calibration folder holds, named once.

A folder ``calibration/<date>-<model version>`` holds the pyabc run database (``DB``, not
kept in git: ``calibration.json`` records its size and sha256), the run's settings and
results (``calibration.json``, ``stages.json``), the posterior (``particles.csv``,
``posterior.csv``), the predictive checks (``CHECK_FILE``) and the validation.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

DB = "pyabc.db"
CHECK_FILE = "check.csv"


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
    db, meta_path = folder / DB, folder / "calibration.json"
    if not db.is_file() or not meta_path.is_file():
        return None
    digest = hashlib.sha256()
    with db.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    record = {"file": DB, "bytes": db.stat().st_size, "sha256": digest.hexdigest()}
    meta = json.loads(meta_path.read_text(encoding="utf-8"))
    meta["database"] = record
    meta_path.write_text(json.dumps(meta, indent=2, ensure_ascii=False), encoding="utf-8")
    return record
