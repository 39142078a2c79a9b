"""How informative each pattern is: the share of prior draws under which it holds.

A pattern counts as evidence only if the model could have failed it (Grimm et al. 2005;
the calibration issue's prior predictive check). Each draw sets every fitted value from
its prior (uniform on its plausible range, as the calibration draws it) and one of the
four mechanism pairs (the pairs in turn, so each has a quarter of the draws); the four
milieux then run ``replicates`` replicates each at the pattern week, and every pattern of
``calibration/patterns.toml``, calibration and validation alike, is judged on those runs
as ``hlm-sim patterns`` judges it. The share of draws in which a pattern holds is reported
with its 90% Clopper-Pearson interval, pooled and per mechanism pair.

A pattern is *uninformative* when it holds in more than :data:`MAX_PRIOR_HOLD` of the
draws pooled, or in every draw of one mechanism pair (that pair makes it true whatever
the values).
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from sim.calibration.drivers import as_json, drivers, drivers_lines, from_json
from sim.calibration.problem import MECHANISMS, Problem, mechanism_label
from sim.run.patterns import MILIEUX, PATTERNS_FILE, pattern_runs, scorecard, share_interval
from sim.run.runner import MODEL_VERSION
from sim.study.executor import map_jobs

MAX_PRIOR_HOLD = 0.85
"""Above this pooled share of prior draws, a pattern tells one model from another too
rarely to count as evidence."""
PRIOR_KEY = 11
"""Spawn-key component of the prior draws' generator (apart from every run's stream)."""


def prior_draws(problem: Problem, draws: int, seed: int) -> list[tuple[dict[str, float], int]]:
    """``draws`` parameter sets from the calibration prior, each with the index of its
    mechanism pair (in turn: draw ``d`` has pair ``d % 4``)."""
    rng = np.random.default_rng(np.random.SeedSequence(seed, spawn_key=(PRIOR_KEY,)))
    ranges = problem.prior_ranges()
    return [({name: float(rng.uniform(lo, hi)) for name, (lo, hi) in ranges.items()},
             d % len(MECHANISMS)) for d in range(draws)]


def draw_verdicts(job: tuple[Problem, dict[str, float], int]) -> dict[str, bool]:
    """Whether each pattern holds on one draw's runs (all four milieux)."""
    problem, particle, mechanism = job
    shared, per = problem.scenario_values(particle, MECHANISMS[mechanism])
    spec = {**problem.spec, "seed": problem.particle_seed(particle, MECHANISMS[mechanism])}
    runs = pattern_runs(spec, MILIEUX, shared, per)
    return {v.id: v.holds for v in scorecard(runs, spec)}


def informative(pooled: float, by_mechanism: Mapping[str, float]) -> bool:
    """A pattern the prior does not make true: it holds in at most
    :data:`MAX_PRIOR_HOLD` of the draws pooled, and fails in some draw of every pair."""
    return pooled <= MAX_PRIOR_HOLD and all(share < 1.0 for share in by_mechanism.values())


def summarise(spec: Mapping[str, Any], mechanisms: list[int],
              verdicts: list[dict[str, bool]],
              values: pd.DataFrame | None = None) -> list[dict[str, Any]]:
    """One row per pattern: its use, the share of draws it holds in with its interval,
    the share per mechanism pair, whether it is informative, and (given the draws'
    fitted ``values``, a row per draw) the values it goes with over the prior
    (:mod:`sim.calibration.drivers`): what the pattern can inform."""
    pairs = np.array(mechanisms)
    rows = []
    for p in spec["pattern"]:
        holds = np.array([v[p["id"]] for v in verdicts], float)
        share, (low, high), _ = share_interval(holds)
        by = {mechanism_label(MECHANISMS[m]): float(holds[pairs == m].mean())
              for m in sorted(set(mechanisms))}
        rows.append({"id": p["id"], "use": p["use"], "prior_hold": share,
                     "prior_hold_low": low, "prior_hold_high": high,
                     "prior_hold_by_mechanism": by, "informative": informative(share, by)})
        if values is not None:
            rows[-1]["goes_with"] = as_json(drivers(holds, values))
    return rows


def prior_check(draws: int = 200, replicates: int = 16, seed: int = 1,
                workers: int = 2) -> dict[str, Any]:
    """The prior check as one JSON-ready object: ``{"draws", "replicates", "seed",
    "patterns": [...]}`` (:func:`summarise` gives each pattern's row)."""
    problem = Problem(replicates=replicates, seed=seed)
    jobs = [(problem, particle, m) for particle, m in prior_draws(problem, draws, seed)]
    verdicts = map_jobs(draw_verdicts, jobs, workers,
                        chunksize=max(1, len(jobs) // (4 * max(1, workers))))
    values = pd.DataFrame([particle for _, particle, _ in jobs])
    rows = summarise(problem.spec, [m for _, _, m in jobs], verdicts, values)
    return {"draws": draws, "replicates": replicates, "seed": seed,
            "model_version": MODEL_VERSION, "patterns_sha256": patterns_digest(),
            "patterns": rows}


def patterns_digest(path: Path = PATTERNS_FILE) -> str:
    """The sha256 of the pattern file a prior check judged (a stored check names it, so
    that a changed file is seen to need a new check)."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def markdown(result: Mapping[str, Any]) -> str:
    """A stored prior check as the Markdown table of ``calibration/README.md``."""
    rows = result["patterns"]
    pairs = list(rows[0]["prior_hold_by_mechanism"]) if rows else []
    head = ["pattern", "use", "prior hold (90% interval)", *(p.replace("+", " + ") for p in pairs),
            "informative"]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for r in rows:
        cells = [r["id"], r["use"], f"{r['prior_hold']:.2f} [{r['prior_hold_low']:.2f}, {r['prior_hold_high']:.2f}]",
                 *(f"{r['prior_hold_by_mechanism'][p]:.2f}" for p in pairs),
                 "yes" if r["informative"] else "**no**"]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def informs_markdown(result: Mapping[str, Any]) -> str:
    """The fitted values each counted pattern goes with over the prior draws, as a
    Markdown list (empty for a check stored before they were recorded)."""
    lines = []
    for r in result["patterns"]:
        if r["use"] == "consistency" or "goes_with" not in r:
            continue
        found = from_json(r["goes_with"])
        said = drivers_lines(found, r["prior_hold"], "en", over="prior")
        if not said:  # it holds in every draw or in none: nothing to compare
            continue
        lines.append(f"- **{r['id']}** ({r['use']}):" + ("" if found else f" {said[0]}"))
        lines += [f"  {line}" for line in said[1:]] if found else []
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """``python -m sim.calibration.prior_check FILE``: a stored check as Markdown."""
    import argparse  # noqa: PLC0415
    import json  # noqa: PLC0415
    import sys  # noqa: PLC0415

    parser = argparse.ArgumentParser(prog="python -m sim.calibration.prior_check",
                                     description="a stored prior check (hlm-sim patterns "
                                                 "--prior-check --json) as a Markdown table")
    parser.add_argument("file", type=Path)
    args = parser.parse_args(argv)
    try:
        result = json.loads(args.file.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        print(f"error: {args.file}: cannot read a prior check: {exc}", file=sys.stderr)
        return 2
    print(markdown(result))
    informs = informs_markdown(result)
    print(f"\n{informs}" if informs else "", end="\n" if informs else "")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
