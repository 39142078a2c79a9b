"""Shared fixtures: the bundled scenarios, loaded once."""

from pathlib import Path

import pytest

from sim.scenario import load_scenario

ROOT = Path(__file__).resolve().parent.parent
SCENARIOS = ROOT / "scenarios"



@pytest.fixture(scope="session")
def scenarios():
    return {p.stem: load_scenario(p) for p in sorted(SCENARIOS.glob("*.toml"))}
