"""Writing a command's outputs: all or nothing, never over a non-folder."""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pandas as pd

from sim.errors import InputError


def check_out_dir(out: Path) -> None:
    """Fail before any work if ``out`` cannot be an output folder."""
    if out.exists() and not out.is_dir():
        raise InputError(f"--out {out}: expected a folder, found a file")
    parent = out.resolve().parent
    if not parent.exists():
        raise InputError(f"--out {out}: the parent folder {parent} does not exist")


def write_outputs(out: Path, files: Mapping[str, pd.DataFrame | dict[str, Any] | None]) -> None:
    """Write tables as CSV and dicts as JSON into ``out``; each file appears whole.

    Files are written to temporary names in ``out`` and renamed into place, so an
    interrupted write never leaves a half file under a final name.
    """
    out.mkdir(parents=True, exist_ok=True)
    for name, content in files.items():
        if content is None:
            continue
        fd, tmp = tempfile.mkstemp(prefix=f".{name}.", dir=out)
        try:
            with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
                if isinstance(content, pd.DataFrame):
                    content.to_csv(fh, index=False)
                else:
                    json.dump(content, fh, ensure_ascii=False, indent=2)
                    fh.write("\n")
            Path(tmp).replace(out / name)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
