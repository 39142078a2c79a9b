"""Studies at scale: parameter sweeps and sensitivity analyses, resumable, local or Dask.

The layers, each in its module:

- :mod:`~sim.study.design`: grid, Latin hypercube, Sobol (Saltelli) and Morris designs;
- :mod:`~sim.study.evaluators`: what a run is (the model via :func:`sim.run.runner.run_once`,
  or a known-answer function), referenced by import path;
- :mod:`~sim.study.executor`: where runs execute (this process, local processes, Dask);
- :mod:`~sim.study.store`: the Parquet run store, keyed by content hash;
- :mod:`~sim.study.study`: the runner that ties them together, resumable;
- :mod:`~sim.study.analysis` and :mod:`~sim.study.sensitivity`: per-point means and
  the Sobol and Morris indices, read from the store;
- :mod:`~sim.cli.study`: the ``sweep`` and ``sensitivity`` commands.

The model knows nothing of studies. See ``docs/studies.md``.
"""

from __future__ import annotations

import importlib
from typing import Any

_EXPORTS = {
    "Design": "sim.study.design", "DesignSpec": "sim.study.design",
    "Factor": "sim.study.design", "build_design": "sim.study.design",
    "parse_factor": "sim.study.design", "Study": "sim.study.study",
    "StudyReport": "sim.study.study", "execute": "sim.study.study",
    "prepare": "sim.study.study", "run_study": "sim.study.study",
}
# Imported on first use: worker processes import only what a run needs.


def __getattr__(name: str) -> Any:
    if name in _EXPORTS:
        return getattr(importlib.import_module(_EXPORTS[name]), name)
    raise AttributeError(f"module 'sim.study' has no attribute {name!r}")


__all__ = ["Design", "DesignSpec", "Factor", "Study", "StudyReport", "build_design",
           "execute", "parse_factor", "prepare", "run_study"]
