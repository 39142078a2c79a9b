"""Kill ``calibrate`` and ``sweep`` at random moments, resume, and check the folders.

Each command is started, killed with SIGKILL after a random delay, and started again,
ten times; then it runs to its end. After every kill the folder must be whole (every
file there reads, no temporary file left under a final name), and at the end:

- calibrate: one pyabc run in the database, its generations 0..n-1 once each, the
  settings in ``calibration.json`` those of the command, the posterior readable; a resume
  with other settings is refused and changes nothing;
- sweep: every run once (no duplicate key), every point x replicate present, the weekly
  series one row per run and week.

    python benchmarks/bench_kill_resume.py [--kills 10] [--seed 1] [--keep DIR]

It prints one line per kill and a verdict; exit status 1 if any check fails.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import random
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

HLM = [sys.executable, "-m", "sim.cli.main"]
CALIBRATE = ["calibrate", "--population", "6", "--replicates", "2", "--generations", "3",
             "--workers", "1", "--seed", "3"]
SWEEP = ["sweep", "milieu-3", "--params", "tie_prob", "trust_gain", "--levels", "3",
         "--replicates", "12", "--weeks", "30", "--series", "--workers", "2", "--quiet"]


def start(args: list[str]) -> subprocess.Popen[bytes]:
    """Start a command in its own process group (killed whole, workers included)."""
    return subprocess.Popen([*HLM, *args], stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, start_new_session=True)


def kill_after(proc: subprocess.Popen[bytes], delay: float) -> bool:
    """SIGKILL ``proc``'s group after ``delay`` seconds; False if it ended first."""
    try:
        proc.wait(timeout=delay)
        return False
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
        return True


def snapshot(folder: Path) -> dict[str, str]:
    """The sha256 of every file in ``folder`` (the lock file aside)."""
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file() and p.name != ".lock"}


def check_calibration(folder: Path, final: bool) -> list[str]:
    """What is wrong with a calibration folder (empty when nothing is)."""
    from sim.calibration.folder import read_meta, read_particles, read_stages, read_table  # noqa: PLC0415
    from sim.errors import InputError  # noqa: PLC0415

    problems = []
    try:
        if (folder / "calibration.json").exists():
            meta = read_meta(folder)
            settings = meta["settings"]
            if (settings["population"], meta["replicates"], settings["seed"]) != (6, 2, 3):
                problems.append(f"calibration.json records other settings: {settings}")
        read_stages(folder)
        if (folder / "check.csv").exists():
            read_table(folder / "check.csv", "predictive checks", ("generation",))
        if final:
            read_particles(folder)
            gens = read_table(folder / "generations.csv", "generations", ("t",))
            if list(gens["t"]) != list(range(len(gens))):
                problems.append(f"generations.csv: t is {list(gens['t'])}")
    except InputError as exc:
        problems.append(str(exc))
    db = folder / "pyabc.db"
    if db.exists():
        con = sqlite3.connect(db)
        try:
            runs = con.execute("SELECT COUNT(*) FROM abc_smc").fetchone()[0]
            ts = [t for (t,) in con.execute(
                "SELECT t FROM populations WHERE t >= 0 ORDER BY t")]
        finally:
            con.close()
        if runs > 1:
            problems.append(f"pyabc.db holds {runs} runs, expected 1")
        if ts != list(range(len(ts))):
            problems.append(f"pyabc.db generations {ts}")
    stray = [p.name for p in folder.glob("*") if p.name.endswith(".tmp")]
    if final and stray:
        problems.append(f"temporary files left: {stray}")
    return problems


def check_sweep(folder: Path, final: bool) -> list[str]:
    """What is wrong with a sweep's store (empty when nothing is)."""
    from sim.errors import InputError  # noqa: PLC0415
    from sim.study.store import RunStore  # noqa: PLC0415

    if not (folder / "study.json").exists():
        return []
    store = RunStore(folder)
    problems = []
    try:
        manifest = store.manifest()
        runs = store.read_runs(["key", "point", "replicate"])
        series = store.read_series()
    except InputError as exc:
        return [str(exc)]
    if runs["key"].duplicated().any():
        problems.append(f"{int(runs['key'].duplicated().sum())} duplicate runs")
    if len(series) and series.duplicated(["point", "replicate", "week"]).any():
        problems.append("duplicate series rows")
    weeks = int(manifest["identity"]["weeks"])
    if len(series) != len(runs) * (weeks + 1):
        problems.append(f"{len(series)} series rows for {len(runs)} runs of {weeks} weeks")
    if final:
        expected = int(manifest["runs"])
        if len(runs) != expected:
            problems.append(f"{len(runs)} runs stored, expected {expected}")
        points = (folder / "points.csv").read_text(encoding="utf-8").splitlines()
        if len(points) != int(manifest["points"]) + 1:
            problems.append(f"points.csv has {len(points) - 1} rows")
    return problems


def trial(name: str, args: list[str], folder: Path, kills: int, rng: random.Random,
          longest: float, check: Callable[..., list[str]]) -> list[str]:
    """Kill the command ``kills`` times at random, then let it finish; check after each."""
    problems: list[str] = []
    done = 0
    started = time.monotonic()
    while done < kills:
        delay = rng.uniform(0.5, longest)
        proc = start([*args, "--out", str(folder)])
        killed = kill_after(proc, delay)
        found = check(folder, final=False)
        problems += [f"{name} after kill {done + 1}: {p}" for p in found]
        if killed:
            done += 1
            print(f"{name}: kill {done}/{kills} after {delay:.1f} s: "
                  f"{'whole' if not found else '; '.join(found)}", flush=True)
        else:
            err = proc.stderr.read().decode() if proc.stderr else ""
            if proc.returncode != 0:
                problems.append(f"{name}: exit {proc.returncode}: {err.strip()[-300:]}")
                break
            print(f"{name}: finished before the kill ({delay:.1f} s); starting again", flush=True)
            if "calibrate" in args:  # a finished calibration reruns only its outputs: start over
                for p in folder.iterdir():
                    p.unlink()
    final = subprocess.run([*HLM, *args, "--out", str(folder)], capture_output=True, text=True,
                           check=False)
    if final.returncode != 0:
        problems.append(f"{name}: the last resume exited {final.returncode}: "
                        f"{final.stderr.strip()[-300:]}")
    problems += [f"{name} at the end: {p}" for p in check(folder, final=True)]
    print(f"{name}: {kills} kills and resumes in {time.monotonic() - started:.0f} s", flush=True)
    return problems


def main() -> int:
    """Run both trials; print the verdict."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kills", type=int, default=10)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--keep", type=Path, help="work in this folder (kept) instead of a temporary one")
    args = parser.parse_args()
    rng = random.Random(args.seed)
    root = args.keep or Path(tempfile.mkdtemp(prefix="kill-resume-"))
    root.mkdir(parents=True, exist_ok=True)
    problems = trial("calibrate", CALIBRATE, root / "calibration", args.kills, rng, 25.0,
                     check_calibration)
    before = snapshot(root / "calibration")
    other = subprocess.run([*HLM, *CALIBRATE[:2], "7", *CALIBRATE[3:], "--out",
                            str(root / "calibration")], capture_output=True, text=True, check=False)
    if other.returncode != 2 or "other settings" not in other.stderr:
        problems.append(f"calibrate: a resume with other settings was not refused: {other.stderr}")
    elif snapshot(root / "calibration") != before:
        problems.append("calibrate: the refused resume changed the folder")
    else:
        print(f"calibrate: a resume with --population 7 is refused: {other.stderr.strip()}")
    problems += trial("sweep", SWEEP, root / "sweep", args.kills, rng, 12.0, check_sweep)
    for p in problems:
        print(f"PROBLEM {p}")
    print(f"verdict: {'every resumed folder whole' if not problems else f'{len(problems)} problems'}"
          f" ({root})")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
