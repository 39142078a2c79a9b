"""Writing a command's outputs: all or nothing, never over a non-folder, never over
earlier results unless asked (``--force``), readable as the umask allows."""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import pandas as pd

from sim.errors import InputError

RESULT_MARKERS = ("run.json", "study.json", "summary.csv", "contrast.csv", "points.csv",
                  "indices.csv", "report.html")
"""Files that show a folder already holds results of some command."""


def check_out_dir(out: Path, *, force: bool = False, writes: Iterable[str] = ()) -> None:
    """Fail before any work if ``out`` cannot be an output folder, or if it already holds
    results (any of :data:`RESULT_MARKERS` or of the files about to be written) and
    ``force`` is not given."""
    if out.exists() and not out.is_dir():
        raise InputError(f"--out {out}: expected a folder, found a file")
    parent = out.resolve().parent
    if not parent.exists():
        raise InputError(f"--out {out}: the parent folder {parent} does not exist")
    if out.is_dir() and not force:
        held = sorted(n for n in {*RESULT_MARKERS, *writes} if (out / n).exists())
        if held:
            raise InputError(f"--out {out}: expected a new or empty folder, found earlier "
                             f"results ({', '.join(held)}); choose another folder, or add "
                             "--force to replace them")


def umask() -> int:
    """The process's file-creation mask (read without changing it for long)."""
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def write_text(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` whole (temporary name, then rename), with the
    permissions the umask gives a new file (``-rw-r--r--`` under 0022)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        os.fchmod(fd, 0o666 & ~umask())
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            fh.write(text)
        Path(tmp).replace(path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_outputs(out: Path, files: Mapping[str, pd.DataFrame | dict[str, Any] | None]) -> None:
    """Write tables as CSV and dicts as JSON into ``out``; each file appears whole.

    Files are written to temporary names in ``out`` and renamed into place, so an
    interrupted write never leaves a half file under a final name.
    """
    out.mkdir(parents=True, exist_ok=True)
    for name, content in files.items():
        if content is None:
            continue
        if isinstance(content, pd.DataFrame):
            text = content.to_csv(index=False)
        else:
            text = json.dumps(content, ensure_ascii=False, indent=2) + "\n"
        write_text(out / name, text)
