"""A calibration folder's results as Markdown tables (for ``calibration/README.md``).

``python -m sim.calibration.summary calibration/<folder>`` prints, from the files the
calibration and ``hlm-sim validate all --json > <folder>/validation.json`` left: each
pyabc run's generations, simulations, wall time and final threshold (the figures the
speed target is measured by); the posterior per parameter; the model probabilities; the
fit's convergence; and every pattern's validation. Nothing is typed by hand.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import pandas as pd

from sim.calibration.folder import CHECK_FILE, DB, read_meta, read_stages, read_table, run_rows
from sim.calibration.problem import MECHANISMS, mechanism_label
from sim.errors import InputError


def _table(header: list[str], rows: list[list[str]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    return "\n".join([*lines, *("| " + " | ".join(r) + " |" for r in rows)])


def stage_rows(folder: Path) -> list[dict[str, Any]]:
    """Each pyabc run of the folder: generations, simulations, wall time, final epsilon
    (from ``stages.json``; from the run database for a folder written before it kept them)."""
    stages = read_stages(folder)
    if "runs" in stages:
        return list(stages["runs"])
    import pyabc  # noqa: PLC0415 (optional dependency)

    if "run" not in stages:
        return []
    history = pyabc.History(f"sqlite:///{(folder / DB).resolve()}", _id=int(stages["run"]))
    return run_rows(history, int(stages["run"]))


def posterior_table(folder: Path) -> str:
    """Each fitted value's posterior median and 90% interval beside its prior."""
    post = pd.read_csv(folder / "posterior.csv")
    return _table(["parameter", "posterior median", "90% credible interval",
                   "prior (plausible range)", "posterior/prior width"],
                  [[f"`{r.parameter}`", f"{r.median:.4g}", f"[{r.low_90:.4g}, {r.high_90:.4g}]",
                    f"[{r.prior_low:.4g}, {r.prior_high:.4g}]", f"{r.width_ratio:.2f}"]
                   for r in post.itertuples()])


def markdown(folder: Path) -> str:
    """The results of the calibration in ``folder`` as Markdown (of its seeds, when it
    combines several: :mod:`sim.calibration.seeds`)."""
    meta = read_meta(folder)
    if "selection" in meta:
        return seeds_markdown(folder, meta)
    stages = stage_rows(folder)
    runs_per_simulation = len(meta["milieux"]) * int(meta["replicates"])
    fitted_by = meta.get("model_version_at_fit", meta["model_version"])  # see calibration.json
    head = (f"Model version {fitted_by}: {meta['settings']['population']} particles "
            f"per generation, {meta['replicates']} replicates per milieu "
            f"({runs_per_simulation} runs per simulation, each with its history).")
    parts = [head, ""]
    parts.append(_table(["stage", "database run", "generations", "simulations", "wall time",
                         "final epsilon"],
                        [[s["stage"], str(s["run"]), str(s["generations"]), f"{s['simulations']:,}",
                          f"{s['minutes']:.1f} min", f"{s['epsilon']:.3f}"] for s in stages]))
    total = sum(s["minutes"] for s in stages)
    totals = (f"Total: {sum(s['simulations'] for s in stages):,} simulations, "
              f"{total:.1f} min of wall time.")
    parts += ["", totals, "", "### Posterior", ""]
    parts.append(posterior_table(folder))
    parts += ["", "### Model selection", "", *model_markdown(folder)]
    gens = pd.read_csv(folder / "generations.csv")
    parts += ["", "### Convergence by generation", "",
              ("Generations count from 1, as in the progress line and "
               "`python -m sim.calibration.check --generation` (pyabc's `t` is one less)."), "",
              _table(["generation", "epsilon", "simulations", "acceptance", "effective sample"],
                     [[str(r.t + 1), f"{r.epsilon:.4f}", str(r.samples), f"{r.acceptance_rate:.2f}",
                       f"{r.effective_sample_size:.0f} of {r.particles}"] for r in gens.itertuples()])]
    validation = folder / "validation.json"
    if validation.exists():
        parts += ["", *validation_markdown(json.loads(validation.read_text(encoding="utf-8")))]
    return "\n".join(parts) + "\n"


def seeds_markdown(folder: Path, meta: dict[str, Any]) -> str:
    """A calibration of several seeds: the selection, the combined posterior, each seed's
    own results, and the validation."""
    selection = meta["selection"]
    fitted_by = meta.get("model_version_at_fit", meta["model_version"])
    pairs = [mechanism_label(m) for m in MECHANISMS]
    rows = [[str(r["seed"]), f"**{r['preferred']}**", r.get("preferred_by", ""),
             *(f"{r['probabilities'].get(p, 0.0):.2f}" for p in pairs),
             ", ".join(r["passing"]) or "none", str(r["generation"]), f"{r['minutes']:.1f} min"]
            for r in selection["per_seed"]]
    parts = [(f"Model version {fitted_by}: {len(selection['seeds'])} independent "
              f"seed{'s' if len(selection['seeds']) > 1 else ''}, "
             f"{meta['settings']['population']} particles per generation, {meta['replicates']} "
             "replicates per milieu."), "", "### Selection: does the model choice replicate?", "",
             _table(["seed", "preferred", "preferred by", *(f"ABC probability {p}" for p in pairs),
                     "pairs passing the predictive check", "posterior generation", "wall time"], rows),
             "", {True: "The seeds agree: ", False: "The seeds disagree: ",
                  None: "One seed so far: "}[selection["agreed"]]
             + f"the posterior is {selection['posterior']} ({', '.join(selection['pairs'])})."
             + _confirmed_text(selection.get("confirmed")),
             "", "### Posterior (the seeds combined)", ""]
    parts.append(posterior_table(folder))
    for r in selection["per_seed"]:
        seed_folder = folder / r["folder"]
        parts += ["", f"### Seed {r['seed']} (`{r['folder']}/`)", "",
                  _table(["stage", "database run", "generations", "simulations", "wall time",
                          "final epsilon"],
                         [[s["stage"], str(s["run"]), str(s["generations"]), f"{s['simulations']:,}",
                           f"{s['minutes']:.1f} min", f"{s['epsilon']:.3f}"]
                          for s in stage_rows(seed_folder)]), "", *model_markdown(seed_folder)]
    validation = folder / "validation.json"
    if validation.exists():
        parts += ["", *validation_markdown(json.loads(validation.read_text(encoding="utf-8")))]
    return "\n".join(parts) + "\n"


def _confirmed_text(confirmed: dict[str, Any] | None) -> str:
    """What the fresh runs kept of the combined particles (nothing before they ran)."""
    if not confirmed:
        return ""
    return (f" Of its {confirmed['particles']} particles, the {confirmed['kept']} whose fresh "
            f"runs ({confirmed['replicates']} a milieu, seed {confirmed['seed']}) show every "
            "calibration pattern too make the posterior (effective sample "
            f"{confirmed['effective_after']:g}, {confirmed['effective_before']:g} before).")


def model_markdown(folder: Path) -> list[str]:
    """ABC's model probabilities, the predictive checks (``check.csv``, when the fit ran
    any) and which of the two chose the mechanism and the posterior generation."""
    from sim.calibration.check import markdown as check_markdown  # noqa: PLC0415

    stages = read_stages(folder)
    models = read_table(folder / "models.csv", "model probabilities", ("mechanism", "probability"))
    preferred = mechanism_label(MECHANISMS[int(stages["preferred"])])
    generation = stages.get("generation")
    out = [(f"ABC posterior probabilities in generation {generation}:" if generation
            else "ABC posterior probabilities:"), "",
           _table(["mechanism (mediation + trust)", "ABC posterior probability"],
                  [[str(r.mechanism), f"{r.probability:.3g}"] for r in models.itertuples()]), ""]
    out.append(f"Preferred: **{preferred}**, chosen by the {stages.get('preferred_by', 'ABC probability')}.")
    check = folder / CHECK_FILE
    if not check.exists():
        return out
    table = read_table(check, "predictive checks", ("generation", "mechanism"))
    mechanisms = list(dict.fromkeys(table["mechanism"]))
    rows = []
    for g, one in table.groupby("generation"):
        lowest = one.groupby("mechanism")["margin"].min()
        rows.append([str(g), *(f"{lowest[m]:+.3f}" if m in lowest else "" for m in mechanisms)])
    out += ["", ("Predictive checks (each mechanism's particles run afresh; the lowest margin, "
            "share minus target, over the calibration terms):"), "",
            _table(["generation", *mechanisms], rows)]
    if generation in set(table["generation"]):
        out += ["", (f"The check of generation {generation}, the posterior (weighted mean share "
                "of each term; `python -m sim.calibration.check`):"), "",
                check_markdown(table[table["generation"] == generation])]
    return out


def validation_markdown(result: dict[str, Any]) -> list[str]:
    """``hlm-sim validate all --json`` as a table."""
    rows = []
    for r in result["patterns"]:
        lo, hi = r["interval_90"]
        rows.append([r["id"], r.get("use", "calibration" if r["used_in_fitting"] else "validation"),
                     r["strength"], f"{r['share']:.2f} [{lo:.2f}, {hi:.2f}]", f"≥ {r['target']:.2f}",
                     "passes" if r["holds"] else "fails"])
    head = (f"### Validation: every pattern on runs drawn from the posterior\n\n"
            f"`hlm-sim validate {result['scenario']} --replicates {result['replicates']} "
            f"--seed {result['seed']}`:\n")
    from sim.run.patterns import result_lines  # noqa: PLC0415

    verdict = result_lines([(r["id"], r.get("use", "calibration" if r["used_in_fitting"]
                                            else "validation"), r["holds"])
                            for r in result["patterns"]], "en")
    return [head, _table(["pattern", "fitted?", "evidence", "share of posterior runs [90%]",
                          "target", "result"], rows), "", " ".join(verdict),
            *failing_markdown(result)]


def failing_markdown(result: dict[str, Any]) -> list[str]:
    """What each failing validation pattern goes with among the posterior runs
    (:mod:`sim.calibration.drivers`), as ``hlm-sim validate`` prints it."""
    from sim.calibration.drivers import drivers_lines, from_json  # noqa: PLC0415

    failing = [r for r in result["patterns"] if r.get("use") == "validation" and not r["holds"]]
    if not failing:
        return []
    out = ["", ("What each failing validation pattern goes with among the same runs (each "
                "posterior particle's share of runs showing it against each of its fitted "
                "values: Spearman, Benjamini-Hochberg at 5%; shares shown over the runs):"), ""]
    for r in failing:
        found = from_json(r.get("goes_with", []))
        lines = drivers_lines(found, r["share"], "en") or ["no run shows it"]
        out.append(f"- **{r['id']}** ({r['share']:.2f}):" + ("" if found else f" {lines[0]}"))
        out += [f"  {line}" for line in lines[1:]] if found else []
    return out


def main(argv: list[str]) -> int:
    """Print the summary of the folder named in ``argv``; one-line errors."""
    if len(argv) != 1:
        print("usage: python -m sim.calibration.summary CALIBRATION_FOLDER", file=sys.stderr)
        return 2
    folder = Path(argv[0])
    combined = (folder / "calibration.json").exists() and "selection" in read_meta(folder)
    needed = ("calibration.json", "stages.json", "posterior.csv", "models.csv",
              *(() if combined else ("generations.csv", DB)))
    missing = [f for f in needed if not (folder / f).exists()]
    if missing:
        print(f"{folder}: not a finished calibration folder (missing {', '.join(missing)})",
              file=sys.stderr)
        return 2
    try:
        print(markdown(folder), end="")
    except InputError as exc:
        print(f"summary: {exc}", file=sys.stderr)
        return 2
    except ModuleNotFoundError:
        print('summary: pyabc is not installed: pip install -e ".[calibration]"', file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
