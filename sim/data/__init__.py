"""The files the package reads, installed with it wherever it is installed.

The repository's top-level ``scenarios/`` (the bundled scenario files) and
``calibration/`` (``patterns.toml`` and the committed calibration's summaries) are
installed as the packages ``sim.data.scenarios`` and ``sim.data.calibration``
(``pyproject.toml`` maps them); they are found through :mod:`importlib.resources`, in a
wheel as in an editable checkout, never by a path into a source tree.
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path


def _folder(package: str) -> Path:
    return Path(str(files(package)))


def scenarios_folder() -> Path:
    """The bundled scenario files (``milieu-1.toml`` ... and ``baseline.toml``)."""
    return _folder("sim.data.scenarios")


def calibration_folder() -> Path:
    """``patterns.toml`` and the committed calibrations, one folder each."""
    return _folder("sim.data.calibration")
