"""Every pattern checked on runs drawn from the posterior: the calibration patterns
(fitted) and the validation patterns (held back), reported alike."""

from __future__ import annotations

from typing import Any

import pandas as pd

from sim.calibration.posterior import Posterior
from sim.run.patterns import MILIEUX, USE_WORDS, evaluate, load_patterns
from sim.run.runner import run_once
from sim.scenario import find_scenario, load_scenario


def posterior_runs(spec: dict[str, Any], posterior: Posterior, milieux: tuple[str, ...],
                   replicates: int, seed: int, week: int) -> pd.DataFrame:
    """Replicate ``r`` of each milieu (and of each contrast) with the posterior draw of
    ``(seed, r)``: parameter uncertainty and stochastic noise together."""
    contrasts = {p["id"]: p["contrast"] for p in spec["pattern"] if "contrast" in p}
    rows = []
    for name in milieux:
        scenario = load_scenario(find_scenario(name))
        for r in range(replicates):
            drawn = scenario.with_params(**posterior.draw(name, seed, r))
            variants = {"base": drawn} | {pid: drawn.with_params(**c) for pid, c in contrasts.items()}
            for variant, sc in variants.items():
                end = run_once(sc, seed, r, week).summary
                rows.append({"milieu": name, "variant": variant, "replicate": r, **end})
    runs = pd.DataFrame(rows)
    runs["intermediaries_made"] = runs["intermediaries_change"] + runs["intermediaries_worn"]
    return runs


def validate(posterior: Posterior, scenario: str, replicates: int, seed: int = 1) -> dict[str, Any]:
    """Check every pattern that applies to ``scenario`` (a milieu, or "all") on posterior
    runs; ``passed`` holds when every calibration pattern holds."""
    spec = load_patterns()
    wanted = MILIEUX if scenario == "all" else (scenario,)
    patterns = [p for p in spec["pattern"] if set(p["milieux"]) & set(wanted)]
    needed = {m for p in patterns for m in p["milieux"]}
    needed |= {m for p in patterns for ms in p.get("above_milieux", {}).values() for m in ms}
    runs = posterior_runs({**spec, "pattern": patterns}, posterior,
                          tuple(m for m in MILIEUX if m in needed), replicates, seed,
                          int(spec["week"]))
    rows = []
    for p in patterns:
        v = evaluate(p, runs)
        rows.append({"id": v.id, "use": v.use, "used_in_fitting": v.use == "calibration",
                     "strength": v.strength, "statement": v.statement, "passage": v.passage,
                     "share": v.share, "interval_90": list(v.interval), "target": v.target,
                     "holds": v.holds, "detail": v.detail})
    passed = all(r["holds"] for r in rows if r["used_in_fitting"])
    return {"posterior": posterior.label, "scenario": scenario, "replicates": replicates,
            "seed": seed, "week": int(spec["week"]), "passed": passed, "patterns": rows}


def validate_text(result: dict[str, Any]) -> str:
    """The validation as readable lines."""
    head = (f"Patterns on posterior runs ({result['posterior']}; hlm-sim patterns checks the same "
            f"patterns on the milieu files as shipped): {result['scenario']}, "
            f"{result['replicates']} replicates per milieu, week {result['week']}, seed {result['seed']}")
    lines = [head]
    for r in result["patterns"]:
        mark = "passes" if r["holds"] else "FAILS"
        used = USE_WORDS[r["use"]]
        lo, hi = r["interval_90"]
        share = (f"    share of posterior runs reproducing it {r['share']:.2f} "
                 f"[90%: {lo:.2f}, {hi:.2f}], target ≥ {r['target']:.2f}")
        lines += [f"[{mark}] {r['id']} — {used}; evidence: {r['strength']}",
                  f"    {r['statement']}", share, f"    {r['detail']}", f"    seed: {r['passage']}"]
    verdict = "every calibration pattern passes" if result["passed"] else "a calibration pattern fails"
    lines.append(f"Result: {verdict}.")
    return "\n".join(lines)
