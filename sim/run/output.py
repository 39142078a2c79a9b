"""Writing a command's outputs: all or nothing, never over a non-folder, never over
earlier results unless asked (``--force``), readable as the umask allows.

Files are written whole (:mod:`sim.files`: temporary name, then rename) and the folder
is held (:class:`sim.files.FolderLock`) from the check to the last write, so two
commands never mix their files in one folder.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import pandas as pd

from sim.errors import InputError
from sim.files import FOREIGN, RESULT_FILES, check_writable, temporary, umask, write_text
from sim.vocabulary import say

RESULT_MARKERS = ("run.json", "study.json", "summary.csv", "contrast.csv", "points.csv",
                  "indices.csv", "report.html", "calibration.json", "particles.csv")
"""Files that show a folder already holds results of some command."""


def remove_stale(out: Path, kept: Iterable[str]) -> list[str]:
    """After ``--force`` has written a command's files: remove what another command (or
    an earlier report) left in ``out``, so that the folder holds one result. Returns the
    names removed."""
    stale = {n for names in RESULT_FILES.values() for n in names} | {"report.html"}
    removed = sorted(n for n in stale - set(kept) if (out / n).is_file())
    for name in removed:
        (out / name).unlink()
    return removed


def check_out_dir(out: Path, *, force: bool = False, writes: Iterable[str] = ()) -> None:
    """Fail before any work if ``out`` cannot be an output folder, or if it already holds
    results (any of :data:`RESULT_MARKERS` or of the files about to be written) and
    ``force`` is not given."""
    if out.exists() and not out.is_dir():
        raise InputError(f"--out {out}: expected a folder, found a file")
    check_writable(out)
    foreign = [n for n in FOREIGN if (out / n).exists()]
    if force and foreign and set(writes) & {n for names in RESULT_FILES.values() for n in names}:
        raise InputError(say("msg_out_foreign", "en", out=out, found=foreign[0]))
    if out.is_dir() and not force:
        held = sorted(n for n in {*RESULT_MARKERS, *writes} if (out / n).exists())
        if held:
            raise InputError(say("msg_out_results", "en", out=out, held=", ".join(held)))


def _text(content: pd.DataFrame | dict[str, Any]) -> str:
    if isinstance(content, pd.DataFrame):
        return str(content.to_csv(index=False))
    return json.dumps(content, ensure_ascii=False, indent=2) + "\n"


def write_outputs(out: Path, files: Mapping[str, pd.DataFrame | dict[str, Any] | None]) -> None:
    """Write tables as CSV and dicts as JSON into ``out``; each file appears whole.

    Every file is first written to a temporary name in ``out``; only when all are
    written are they renamed into place, in the order given (the caller puts its
    record, ``run.json``, last): a failure while writing leaves the earlier files
    untouched, and a kill can only fall within the renames.
    """
    out.mkdir(parents=True, exist_ok=True)
    staged: list[tuple[Path, Path]] = []
    try:
        for name, content in files.items():
            if content is None:
                continue
            tmp = temporary(out / name)
            staged.append((tmp, out / name))
            with tmp.open("w", encoding="utf-8", newline="") as fh:
                fh.write(_text(content))
            tmp.chmod(0o666 & ~umask())
        for tmp, final in staged:
            tmp.replace(final)
    finally:
        for tmp, _ in staged:
            tmp.unlink(missing_ok=True)


__all__ = ["FOREIGN", "RESULT_FILES", "RESULT_MARKERS", "check_out_dir", "remove_stale", "umask", "write_outputs", "write_text"]
