"""Posterior check by mechanism: do a mechanism's accepted particles, run afresh,
reproduce the calibration patterns on average?

ABC's model probabilities rest on each particle's few replicates per milieu (16 by
default), whose shares are noisy enough to let lucky particles through
(calibration/README.md). This check
runs every particle of a generation again, ``replicates`` fresh runs per milieu under a
seed the fit never used, and gives each mechanism's weighted mean share of each
calibration term against its target: what ``hlm-sim validate`` asks of the posterior,
for every mechanism at once (pattern-oriented modelling's test of alternative
submodels, Grimm et al. 2005, Science 310:987).

``python -m sim.calibration.check calibration/<folder> [--generation T] [--replicates R]``
prints a Markdown table; nothing in the folder changes.
"""

from __future__ import annotations

import argparse
import sys
from concurrent.futures import Executor
from pathlib import Path

import numpy as np
import pandas as pd

from sim.calibration.folder import DB, META, read_meta, read_stages
from sim.calibration.problem import MECHANISMS, Problem, effective_sample_size, mechanism_label
from sim.errors import InputError, positive_int, whole_number
from sim.study.executor import map_jobs

CHECK_SEED = 9_001
"""Added to the calibration's seed: the check's runs share no seed with the fit's."""


def _shares(job: tuple[Problem, int, dict[str, float]]) -> dict[str, float]:
    problem, mechanism, particle = job
    return problem.statistics(particle, MECHANISMS[mechanism])


def check(folder: Path, generation: int | None = None, replicates: int = 20,
          workers: int = 2, pool: Executor | None = None) -> pd.DataFrame:
    """One row per mechanism and term: the weighted mean share of the particles' fresh
    runs, the target, and the mechanism's probability, particles and effective sample.
    The runs go to ``pool`` (a calibration's workers), else to ``workers`` warm local
    processes (here with one); their seeds do not depend on where they run."""
    import pyabc  # noqa: PLC0415 (optional dependency)

    if not (folder / META).is_file():
        raise InputError(f"{folder}: not a calibration folder (no {META})")
    meta, stages = read_meta(folder), read_stages(folder)
    if "run" not in stages or not (folder / DB).exists():
        raise InputError(f"{folder}: no pyabc run recorded (expected {DB} and a run in stages.json; "
                         "databases are not kept in git: calibration/README.md says how to "
                         "regenerate one)")
    history = pyabc.History(f"sqlite:///{(folder / DB).resolve()}", _id=int(stages["run"]))
    t = int(history.max_t) if generation is None else generation - 1
    if not 0 <= t <= int(history.max_t):
        raise InputError(f"--generation: expected 1 to {int(history.max_t) + 1}, found {generation}")
    problem = Problem(replicates=replicates, seed=int(meta["seed"]) + CHECK_SEED,
                      milieux=tuple(meta["milieux"]), week=int(meta["week"]),
                      fixed=dict(meta.get("fixed", {})))
    labels = [mechanism_label(m) for m in MECHANISMS]
    probabilities = history.get_model_probabilities().loc[t]
    jobs, owners = [], []
    for i, label in enumerate(meta["mechanisms"]):
        if float(probabilities.get(i, 0.0)) <= 0:
            continue
        particles, weights = history.get_distribution(m=i, t=t)
        for (_, row), w in zip(particles.iterrows(), weights, strict=True):
            jobs.append((problem, labels.index(label), {k: float(v) for k, v in row.items()}))
            owners.append((label, float(w), float(probabilities[i])))
    shares = map_jobs(_shares, jobs, workers, pool)
    runs = pd.DataFrame(shares).assign(mechanism=[o[0] for o in owners],
                                       weight=[o[1] for o in owners],
                                       probability=[o[2] for o in owners])
    rows = []
    for label, group in runs.groupby("mechanism", sort=False):
        w = group["weight"].to_numpy(float)
        for term, target in problem.targets().items():
            rows.append({"mechanism": label, "probability": float(group["probability"].iloc[0]),
                         "particles": len(group), "effective": effective_sample_size(group["weight"]),
                         "term": term, "share": float(np.average(group[term], weights=w)),
                         "target": target})
    out = pd.DataFrame(rows)
    out["meets"] = out["share"] >= out["target"]
    return out


def markdown(table: pd.DataFrame) -> str:
    """Terms as rows, mechanisms as columns: the weighted mean share, and whether it
    meets the target."""
    mechanisms = list(dict.fromkeys(table["mechanism"]))
    head = ["term (target)", *mechanisms]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for term, group in table.groupby("term", sort=False):
        cells = {r.mechanism: (f"{r.share:.2f}" if r.meets or round(r.share, 2) < r.target
                               else f"{r.share:.3f}") + ("" if r.meets else " (short)")
                 for r in group.itertuples()}
        pattern, _, where = term.partition("|")
        lines.append(f"| {pattern}, {where} (≥ {group['target'].iloc[0]:.2f}) | "
                     + " | ".join(cells[m] for m in mechanisms) + " |")
    every = table.groupby("mechanism", sort=False)["meets"].all()
    first = table.drop_duplicates("mechanism").set_index("mechanism")
    lines.append("| every term met | " + " | ".join("yes" if every[m] else "no" for m in mechanisms) + " |")
    lines.append("| ABC probability | " + " | ".join(f"{first.loc[m, 'probability']:.2f}" for m in mechanisms) + " |")
    lines.append("| particles (effective) | " + " | ".join(
        f"{first.loc[m, 'particles']} ({first.loc[m, 'effective']:.0f})" for m in mechanisms) + " |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """``python -m sim.calibration.check FOLDER [--generation T] [--replicates R]``."""
    parser = argparse.ArgumentParser(prog="python -m sim.calibration.check",
                                     description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--generation", type=positive_int("--generation"),
                        help="which generation (default: the last)")
    parser.add_argument("--replicates", type=positive_int("--replicates"), default=20)
    parser.add_argument("--workers", type=whole_number("--workers", 1), default=2)
    args = parser.parse_args(argv)
    try:
        table = check(args.folder, args.generation, args.replicates, args.workers)
    except InputError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(markdown(table))
    return 0


if __name__ == "__main__":
    sys.exit(main())

