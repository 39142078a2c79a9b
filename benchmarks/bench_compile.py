"""What compilation costs a user: a cold compile, a fresh process with a warm cache, and
a fresh process whose cache folder cannot be written.

Each case runs one 66-week run of milieu 3 in a new Python process and reports its wall
time (imports included), with ``XDG_CACHE_HOME`` pointing at: an empty folder (cold: the
rules compile and are cached), the same folder again (warm), and a file (read-only: the
rules compile in memory, nothing is written).

Run: ``.venv/bin/python benchmarks/bench_compile.py``
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

RUN = ("from sim.run.runner import run_once; from sim.scenario import find_scenario, load_scenario; "
       "run_once(load_scenario(find_scenario('milieu-3')), 1, 0, 66)")


def fresh_process(cache_home: Path) -> tuple[float, str]:
    start = time.perf_counter()
    out = subprocess.run([sys.executable, "-c", RUN], capture_output=True, text=True, check=True,
                         env={**os.environ, "XDG_CACHE_HOME": str(cache_home)})
    return time.perf_counter() - start, out.stderr.strip()


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        home = Path(tmp) / "cache"
        home.mkdir()
        blocked = Path(tmp) / "blocked"
        blocked.write_text("not a folder", encoding="utf-8")
        for label, where in (("cold (compiles, then caches)", home), ("warm cache", home),
                             ("warm cache, again", home), ("cache folder not writable", blocked)):
            seconds, said = fresh_process(where)
            print(f"{label:32s} {seconds:6.1f} s   stderr: {said or '(nothing)'}")


if __name__ == "__main__":
    main()
