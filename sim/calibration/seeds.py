"""A model choice that replicates: several independent calibration seeds, combined.

ABC's model probabilities swung from run to run of the same settings (0.98, 0.67, 0.38
for the pair preferred in the runs of 2026-12-06, calibration/README.md), so one run's
choice of mechanism is no evidence. ``hlm-sim calibrate --seeds 1 2 3`` runs one
calibration per seed into ``FOLDER/seed-K`` (each as :func:`sim.calibration.fit.calibrate`
runs it, predictive check included), then :func:`combine` writes the folder's own
``calibration.json`` and tables:

- ``selection``: the seeds, the pair each one prefers (by its predictive check), whether
  they agree, ABC's probabilities per seed beside them, the pairs that pass each seed's
  check, and each seed's minutes;
- if the seeds agree, the posterior is that pair's particles from every seed, each seed
  weighing the same;
- if not, the posterior is a mixture of every pair that passes some seed's predictive
  check, with its particles from every seed, each pair weighted by its share of those
  particles, so that ``--posterior`` draws the pair along with its values;
- either way, only the particles whose fresh runs show every calibration pattern too are
  kept (:mod:`sim.calibration.confirm`; ``confirmed`` records how many).

``python -m sim.calibration.seeds FOLDER`` combines seed folders that ran apart (two
machines, or one after the other).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Mapping
from concurrent.futures import Executor
from pathlib import Path
from typing import Any

import pandas as pd

from sim.calibration.confirm import confirm
from sim.calibration.folder import (
    CHECK_FILE,
    MECHANISM_PARTICLES,
    META,
    STAGES,
    read_meta,
    read_stages,
    read_table,
    write_record,
    write_table,
)
from sim.calibration.problem import MECHANISMS, mechanism_label
from sim.errors import InputError, whole_number

SEED_PREFIX = "seed-"
MIN_EFFECTIVE = 10
"""As :data:`sim.calibration.fit.MIN_EFFECTIVE`: fewer effective particles cannot stand
for a posterior."""


def seed_folders(folder: Path) -> list[Path]:
    """The finished seed calibrations under ``folder``, by seed."""
    found = [p for p in folder.glob(f"{SEED_PREFIX}*") if (p / META).is_file()]
    return sorted(found, key=lambda p: int(read_meta(p)["seed"]))


def passing_pairs(seed_folder: Path) -> list[str]:
    """The pairs that pass the seed's predictive check at its posterior generation (an
    effective sample of at least :data:`MIN_EFFECTIVE` and every term at least the stop
    margin above its target); none when no check ran."""
    path = seed_folder / CHECK_FILE
    if not path.is_file():
        return []
    margin = read_meta(seed_folder)["settings"].get("stop_margin")
    generation = int(read_stages(seed_folder).get("generation", 0))
    checks = read_table(path, "predictive checks", ("generation", "mechanism", "effective", "margin"),
                        ("generation", "effective", "margin"))
    mine = checks[checks["generation"] == generation]
    per = mine.groupby("mechanism", sort=False).agg(effective=("effective", "first"),
                                                    lowest=("margin", "min"))
    ok = per[(per["effective"] >= MIN_EFFECTIVE) & (per["lowest"] >= float(margin or 0.0))]
    return [str(m) for m in ok.index]


def seed_record(seed_folder: Path) -> dict[str, Any]:
    """What ``selection`` keeps of one seed: its preferred pair, ABC's probabilities, the
    passing pairs and its minutes."""
    meta, stages = read_meta(seed_folder), read_stages(seed_folder)
    if "preferred" not in stages:
        raise InputError(f"{seed_folder}: the calibration is not finished (no preferred pair "
                         f"in {STAGES}); run it again to finish it")
    labels = meta["mechanisms"]
    probabilities = {labels[int(k)] if int(k) < len(labels) else mechanism_label(MECHANISMS[int(k)]): float(v)
                     for k, v in stages.get("probabilities", {}).items()}
    preferred = mechanism_label(MECHANISMS[int(stages["preferred"])])
    return {"seed": int(meta["seed"]), "folder": seed_folder.name, "preferred": preferred,
            "preferred_by": stages.get("preferred_by", ""), "probabilities": probabilities,
            "passing": passing_pairs(seed_folder), "generation": int(stages.get("generation", 0)),
            "minutes": round(sum(float(r.get("minutes", 0.0)) for r in stages.get("runs", [])), 1)}


def mixture(records: list[dict[str, Any]], particles: Mapping[str, pd.DataFrame]) -> pd.DataFrame:
    """The posterior of the seeds, before its particles are confirmed: the agreed pair's
    particles from every seed (each seed weighing the same), or else the particles of
    every pair that passes some seed's check, from every seed, each pair weighted by its
    share of those particles (within a pair each seed weighs the same and particles keep
    their relative weights).

    A pair's particles from a seed whose check it did not pass are kept too: that check
    judges the pair's particles together, and the confirming runs
    (:func:`sim.calibration.confirm.confirm`) then judge each particle on its own, so a
    passing pair's posterior does not rest on the one seed whose check it passed."""
    agreed = len({r["preferred"] for r in records}) == 1
    passing = [records[0]["preferred"]] if agreed else list(dict.fromkeys(
        pair for r in records for pair in r["passing"]))
    if not passing:
        raise InputError("the seeds disagree and no pair passes any seed's predictive check: "
                         "no posterior to combine (calibrate longer, or look at check.csv)")
    parts, counts = [], {}
    for pair in passing:
        mine = [particles[r["folder"]][particles[r["folder"]]["mechanism"] == pair] for r in records]
        mine = [m for m in mine if len(m)]
        counts[pair] = sum(len(m) for m in mine)
        parts.append(pd.concat([m.assign(weight=m["weight"] / m["weight"].sum() / len(mine))
                                for m in mine], ignore_index=True))
    total = sum(counts.values())
    return pd.concat([part.assign(weight=part["weight"] * counts[pair] / total)
                      for pair, part in zip(passing, parts, strict=True)], ignore_index=True)


def combine(folder: Path, workers: int = 2, pool: Executor | None = None) -> dict[str, Any]:
    """Write ``folder``'s combined calibration from its seed folders; return ``selection``.

    The combined posterior keeps only the particles whose fresh runs show every
    calibration pattern (:func:`sim.calibration.confirm.confirm`, on ``pool`` or
    ``workers`` local processes)."""
    seeds = seed_folders(folder)
    if len(seeds) < 1:
        raise InputError(f"{folder}: no finished seed calibration ({SEED_PREFIX}K/{META}) inside")
    versions = {read_meta(s)["model_version"] for s in seeds}
    if len(versions) > 1:
        raise InputError(f"{folder}: the seeds were made by different model versions "
                         f"({', '.join(sorted(versions))})")
    records = [seed_record(s) for s in seeds]
    particles = {s.name: read_table(s / MECHANISM_PARTICLES, "particles of every pair",
                                    ("mechanism", "weight"), ("weight",)) for s in seeds}
    first = read_meta(seeds[0])
    posterior, confirmed = confirm(mixture(records, particles), first, records[0]["seed"],
                                   workers, pool)
    same = len({r["preferred"] for r in records}) == 1
    agreed = same if len(records) > 1 else None  # one seed cannot replicate anything
    pairs: list[str] = sorted(set(posterior["mechanism"]))
    if agreed is None:
        how = "the one seed's preferred pair: not yet replicated by another seed"
    elif agreed:
        how = "the agreed pair, every seed weighing the same"
    else:
        how = ("a mixture of the pairs that pass some seed's predictive check, with their "
               "particles from every seed, each pair weighted by its share of them")
    selection = {"seeds": [r["seed"] for r in records],
                 "preferred": [r["preferred"] for r in records],
                 "agreed": agreed, "posterior": how, "pairs": pairs, "per_seed": records,
                 "confirmed": confirmed}
    meta = {**first, "seed": [r["seed"] for r in records], "selection": selection}
    meta.pop("database", None)
    from sim.calibration.fit import write_summaries  # noqa: PLC0415 (fit imports pyabc)

    write_summaries(posterior, meta["fitted"], {k: tuple(v) for k, v in meta["priors"].items()}, folder)
    models = pd.DataFrame({"mechanism": pairs,
                           "probability": [float(posterior.loc[posterior["mechanism"] == m, "weight"].sum())
                                           for m in pairs]})
    write_table(folder / "models.csv", models)
    write_record(folder / STAGES, {"seeds": [s.name for s in seeds],
                                   "runs": [run | {"seed": r["seed"]} for s, r in zip(seeds, records, strict=True)
                                            for run in read_stages(s).get("runs", [])]})
    write_record(folder / META, meta)
    return selection


def selection_text(selection: Mapping[str, Any]) -> str:
    """The selection as readable lines."""
    lines = [f"seeds {selection['seeds']}: preferred " + ", ".join(
        f"{r['preferred']} (seed {r['seed']}, {r['minutes']} min)" for r in selection["per_seed"])]
    if selection["agreed"] is None:
        lines.append("one seed: its preferred pair is not yet replicated")
    else:
        lines.append("the seeds agree" if selection["agreed"] else "the seeds disagree: the "
                     "posterior mixes " + ", ".join(selection["pairs"]))
    kept = selection.get("confirmed")
    if kept:
        lines.append(f"{kept['kept']} of {kept['particles']} particles show every calibration "
                     f"pattern on fresh runs too and make the posterior (effective sample "
                     f"{kept['effective_after']:g}, {kept['effective_before']:g} before)")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """``python -m sim.calibration.seeds FOLDER``: combine the seed calibrations inside."""
    parser = argparse.ArgumentParser(prog="python -m sim.calibration.seeds",
                                     description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--workers", type=whole_number("--workers", 1), default=2,
                        help="local processes for the confirming runs (default 2)")
    args = parser.parse_args(argv)
    try:
        print(selection_text(combine(args.folder, args.workers)))
    except InputError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
