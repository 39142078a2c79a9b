"""A calibration folder read back: the posterior, and draws from it for what-ifs.

A posterior is the accepted particles of the last generation, each with its mechanism
and weight (model probability times particle weight). Replicate ``r`` of a what-if under
root seed ``s`` draws one particle with a generator derived from ``(s, r)`` alone, so the
base and the variant of a comparison share the draw as they share the seed, and any
process draws the same particle.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from sim.calibration.folder import read_meta, read_particles
from sim.calibration.problem import SEP, STATED, milieu_values, weighted_quantiles
from sim.data import calibration_folder
from sim.errors import InputError
from sim.outcomes import OUTCOME_NAMES
from sim.params import PARAMS, Value
from sim.run.runner import MODEL_VERSION, run_once
from sim.scenario import Scenario

CALIBRATION_ROOT = calibration_folder()
"""The committed calibrations (package data): ``--posterior`` reads the newest by default."""
DRAW_KEY = 7
"""Spawn-key component that separates posterior draws from the run's own stream."""


@dataclass(frozen=True)
class Posterior:
    """The accepted particles of a calibration, with their weights."""

    folder: Path
    particles: pd.DataFrame
    meta: dict[str, object]

    @property
    def label(self) -> str:
        """The calibration folder's name (recorded with every output)."""
        return self.folder.name

    def particle(self, seed: int, replicate: int) -> pd.Series:
        """The particle replicate ``replicate`` under root ``seed`` draws (every milieu's
        replicate ``r`` draws the same one), as its row of ``particles``."""
        rng = np.random.default_rng(np.random.SeedSequence(seed, spawn_key=(replicate, DRAW_KEY)))
        w = self.particles["weight"].to_numpy(float)
        return self.particles.iloc[int(rng.choice(len(w), p=w / w.sum()))]

    def draw(self, milieu: str | None, seed: int, replicate: int) -> dict[str, Value]:
        """The parameter values of replicate ``replicate`` under root ``seed``: shared
        values, the milieu's own values when ``milieu`` was calibrated, the mechanism."""
        row = self.particle(seed, replicate)
        mediation, trust = str(row["mechanism"]).split("+")
        values: dict[str, Value] = {"mediation_mechanism": mediation, "trust_mechanism": trust}
        for column in self.particles.columns:
            name, _, where = column.partition(SEP)
            if name not in PARAMS or (where and where != milieu):
                continue
            value = float(row[column])
            values[name] = round(value) if PARAMS[name].kind == "int" else value
        return milieu_values(values, milieu)

    def interval(self, name: str, milieu: str | None = None, level: float = 0.9) -> tuple[float, float]:
        """The central credible interval of a parameter (90% by default)."""
        column = name if name in self.particles else f"{name}{SEP}{milieu}"
        if column not in self.particles:
            raise InputError(f"--posterior {self.folder}: {name} was not calibrated")
        lo, hi = weighted_quantiles(self.particles[column], self.particles["weight"],
                                    ((1 - level) / 2, (1 + level) / 2))
        ratio = STATED.get(milieu or "", {}).get(name, (1.0, ""))[0]  # as draw() applies it
        return lo * ratio, hi * ratio


def latest(root: Path = CALIBRATION_ROOT) -> Path:
    """The newest calibration folder under ``root`` that serves this model version, else
    the newest (which :func:`load_posterior` then refuses in one line). Folders are named
    by date and model version, so that two of one date sort by their version's digest:
    the one made by this model is the one ``--posterior`` can use."""
    found = sorted(p.parent for p in root.glob("*/calibration.json"))
    if not found:
        raise InputError(f"--posterior: no calibration folder in {root} (run hlm-sim calibrate)")
    serving = [f for f in found if _made_by(f) == MODEL_VERSION]
    return (serving or found)[-1]


def _made_by(folder: Path) -> str | None:
    """The model version a calibration folder records, or None if unreadable."""
    try:
        return str(json.loads((folder / "calibration.json").read_text(encoding="utf-8"))
                   .get("model_version"))
    except (OSError, ValueError, AttributeError):
        return None


def load_posterior(folder: Path | None = None) -> Posterior:
    """Read a calibration folder (the newest when ``folder`` is None); one-line errors
    when it does not exist, is incomplete, or comes from another model version."""
    folder = latest() if folder is None else folder
    meta_path, particles_path = folder / "calibration.json", folder / "particles.csv"
    if not folder.is_dir():
        raise InputError(f"--posterior {folder}: no such folder")
    if not meta_path.exists() or not particles_path.exists():
        raise InputError(f"--posterior {folder}: not a finished calibration "
                         "(expected calibration.json and particles.csv)")
    meta = read_meta(folder)
    if meta.get("model_version") != MODEL_VERSION:
        raise InputError(f"--posterior {folder}: made by model version {meta.get('model_version')}, "
                         f"this is {MODEL_VERSION}; calibrate again")
    particles = read_particles(folder)
    foreign = [c for c in particles.columns
               if c not in ("mechanism", "weight") and c.partition(SEP)[0] not in PARAMS]
    if foreign:
        raise InputError(f"{particles_path}: expected the posterior particles of hlm-sim "
                         f"parameters, found the column {foreign[0]!r}")
    return Posterior(folder, particles, meta)


def milieu_of(scenario_name: str) -> str | None:
    """The calibrated milieu a scenario stands for (its file stem), or None."""
    stem = Path(scenario_name).stem
    return stem if stem.startswith("milieu-") else None


def draws_for(posterior: Posterior, scenario_name: str, seed: int,
              keep: Mapping[str, Value] | None = None) -> Callable[[int], dict[str, Value]]:
    """Replicate ``r``'s posterior values for a what-if, leaving out the parameters the
    user set (``keep``: a ``--set`` wins over the posterior)."""
    milieu = milieu_of(scenario_name)
    kept = set(keep or {})

    def draw(r: int) -> dict[str, Value]:
        return {k: v for k, v in posterior.draw(milieu, seed, r).items() if k not in kept}

    return draw


@dataclass(frozen=True)
class PosteriorContext:
    """What a study's worker needs to run a design point over posterior draws."""

    scenario: Scenario
    folder: Path
    milieu: str | None


class PosteriorEvaluator:
    """A study run: the design point's values on top of replicate ``r``'s posterior draw
    (paired across points: every point's replicate ``r`` shares the draw and the seed)."""

    outcomes: tuple[str, ...] = OUTCOME_NAMES

    def __init__(self, context: PosteriorContext) -> None:
        self.context = context
        self.posterior = load_posterior(context.folder)

    def __call__(self, params: Mapping[str, Value], seed: int, replicate: int, weeks: int,
                 series: bool) -> tuple[dict[str, float], pd.DataFrame | None]:
        """Run once; return the summary outcomes and, if asked for, the series."""
        drawn = self.posterior.draw(self.context.milieu, seed, replicate)
        scenario = self.context.scenario.with_params(**{**drawn, **params})
        result = run_once(scenario, seed, replicate, weeks, series=series)
        return result.summary, result.series


def evaluator(context: PosteriorContext) -> PosteriorEvaluator:
    """Factory of the posterior evaluator (``sim.calibration.posterior:evaluator``)."""
    return PosteriorEvaluator(context)
