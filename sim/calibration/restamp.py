"""Re-stamp a calibration with the current model version after a change that computes the same.

``python -m sim.calibration.restamp FOLDER`` sets ``model_version`` in
``FOLDER/calibration.json`` to this package's :data:`sim.run.runner.MODEL_VERSION`,
keeping the version that fitted it under ``model_version_at_fit``. The model version
fingerprints the model's code (declared words included), so a change that computes the
same numbers (a file moved, a meaning reworded) still changes it; the calibration stays
valid only if the change alters no number. Run it only when ``tests/test_regression.py``
(the seeded pins) and ``tests/test_kernel_distribution.py`` (the frozen sample) pass
unchanged, and say so in the commit.
"""

from __future__ import annotations

import sys
from pathlib import Path

from sim.errors import InputError
from sim.files import read_json_object, write_json
from sim.run.runner import MODEL_VERSION


def restamp(folder: Path) -> str:
    """Re-stamp ``folder``'s ``calibration.json``; return the version it now carries."""
    path = folder / "calibration.json"
    meta = read_json_object(path, missing=f"{path}: no such file",
                            unreadable=f"{path}: cannot be read as JSON",
                            expected=f"{path}: expected a calibration record",
                            required="model_version")
    meta.setdefault("model_version_at_fit", meta["model_version"])
    meta["model_version"] = MODEL_VERSION
    write_json(path, meta)
    return MODEL_VERSION


def main(argv: list[str] | None = None) -> int:
    """``python -m sim.calibration.restamp FOLDER [FOLDER ...]``."""
    folders = sys.argv[1:] if argv is None else argv
    if not folders:
        print("usage: python -m sim.calibration.restamp CALIBRATION_FOLDER ...", file=sys.stderr)
        return 2
    try:
        for folder in folders:
            print(f"{folder}: model_version {restamp(Path(folder))}")
    except InputError as exc:
        print(f"restamp: error: {exc}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
