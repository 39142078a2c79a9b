"""Seeded regression pins: fixed runs give exactly the stored numbers.

A change to the model's rules, defaults or order of random draws changes these numbers
on purpose; then check the change, regenerate with
``.venv/bin/python tests/test_regression.py`` and say so in the commit message.
"""

import json
import math
import sys
from pathlib import Path

import pytest

from sim.run.runner import run_once
from sim.scenario import find_scenario, load_scenario

PINS = Path(__file__).with_name("regression_pins.json")
CASES = [("milieu-1", 1, 0, 66), ("milieu-2", 2, 3, 40), ("milieu-3", 7, 1, 156), ("milieu-4", 11, 5, 66)]


def compute(case):
    name, seed, replicate, weeks = case
    return run_once(load_scenario(find_scenario(name)), seed, replicate, weeks).summary


@pytest.mark.parametrize("case", CASES, ids=lambda c: f"{c[0]}-seed{c[1]}-rep{c[2]}-{c[3]}w")
def test_pinned_run(case):
    pinned = json.loads(PINS.read_text())["|".join(map(str, case))]
    got = compute(case)
    for key, value in pinned.items():
        if value is None:
            assert math.isnan(got[key]), key
        else:
            assert got[key] == pytest.approx(value, rel=1e-12, abs=1e-12), key


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    pins = {"|".join(map(str, c)): {k: (None if math.isnan(v) else v) for k, v in compute(c).items()}
            for c in CASES}
    PINS.write_text(json.dumps(pins, indent=1) + "\n")
    print(f"wrote {PINS}")
