"""Freeze a reference sample of the model's outcomes (tests/data/reference_sample.csv.gz).

Made with the model as it stood before the compiled kernel (the numpy rules of issue 7,
kept in ``tests/reference/``), so that ``tests/test_kernel_distribution.py`` can check
that the kernel gives the same outcome distributions: 200 replicates per milieu, every
outcome, at weeks 66 and 156.

Run from the repository root: ``PYTHONPATH=tests .venv/bin/python
tests/make_reference_sample.py`` (a few minutes on one core).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
from reference.model import HLMModel

from sim.outcomes import OUTCOME_NAMES
from sim.run.runner import run_generator
from sim.scenario import load_scenario

OUT = Path(__file__).with_name("data") / "reference_sample.csv.gz"
SCENARIOS = Path(__file__).with_name("data") / "reference_scenarios"
"""The milieu files as they stood when the sample was frozen (before calibration wrote
fitted values into scenarios/), so the comparison stays one of rules, not of values."""
ROOT_SEED = 20261129
REPLICATES = 200
WEEKS = (66, 156)


def main() -> None:
    rows = []
    for name in ("milieu-1", "milieu-2", "milieu-3", "milieu-4"):
        scenario = load_scenario(SCENARIOS / f"{name}.toml")
        for r in range(REPLICATES):
            model = HLMModel(scenario, run_generator(ROOT_SEED, r), resident_agents=False,
                             series=False)
            for week in WEEKS:
                while model.week < week:
                    model.step()
                rows.append({"milieu": name, "replicate": r, "week": week,
                             **{k: float(model.latest[k]) for k in OUTCOME_NAMES}})
    pd.DataFrame(rows).to_csv(OUT, index=False, float_format="%.10g")
    print(f"wrote {OUT} ({len(rows)} rows)")


if __name__ == "__main__":
    main()
