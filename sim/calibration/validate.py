"""Every pattern checked on runs drawn from the posterior: the calibration patterns
(fitted) and the validation patterns (held back), reported alike."""

from __future__ import annotations

from typing import Any

import pandas as pd

from sim.calibration.drivers import as_json, drivers, drivers_lines, from_json
from sim.calibration.posterior import Posterior
from sim.calibration.problem import SEP
from sim.run.patterns import (
    MILIEUX,
    USE_KEYS,
    detail_text,
    evaluate,
    load_patterns,
    result_lines,
    run_shows,
)
from sim.run.runner import run_once
from sim.scenario import find_scenario, load_scenario
from sim.vocabulary import Lang, fixed, say


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
    runs; ``passed`` holds when every calibration pattern holds (the exit status), and
    ``validation_failed`` names the validation patterns that fail."""
    spec = load_patterns()
    wanted = MILIEUX if scenario == "all" else (scenario,)
    patterns = [p for p in spec["pattern"] if set(p["milieux"]) & set(wanted)]
    needed = {m for p in patterns for m in p["milieux"]}
    needed |= {m for p in patterns for ms in p.get("above_milieux", {}).values() for m in ms}
    runs = posterior_runs({**spec, "pattern": patterns}, posterior,
                          tuple(m for m in MILIEUX if m in needed), replicates, seed,
                          int(spec["week"]))
    fitted = fitted_values(posterior, replicates, seed)
    rows = []
    for p in patterns:
        v = evaluate(p, runs)
        _, replicate, shows = run_shows(p, runs)
        found = drivers(shows, fitted.iloc[replicate.astype(int)][read_by(p, fitted)])
        rows.append({"id": v.id, "use": v.use, "used_in_fitting": v.use == "calibration",
                     "strength": v.strength, "statement": v.statement, "passage": v.passage,
                     "share": v.share, "interval_90": list(v.interval), "target": v.target,
                     "holds": v.holds, "detail": v.detail, "statement_fr": v.statement_fr,
                     "groups": [list(g) for g in v.groups], "goes_with": as_json(found)})
    passed = all(r["holds"] for r in rows if r["used_in_fitting"])
    failed = [r["id"] for r in rows if r["use"] == "validation" and not r["holds"]]
    return {"posterior": posterior.label, "scenario": scenario, "replicates": replicates,
            "seed": seed, "week": int(spec["week"]), "passed": passed,
            "validation_failed": failed, "patterns": rows}


def fitted_values(posterior: Posterior, replicates: int, seed: int) -> pd.DataFrame:
    """Row ``r``: the fitted values of the particle replicate ``r`` ran with, indexed by
    that particle (replicates that drew the same particle share its label)."""
    rows = [posterior.particle(seed, r) for r in range(replicates)]
    return pd.DataFrame(rows).drop(columns=["mechanism", "weight"])


def read_by(p: dict[str, Any], fitted: pd.DataFrame) -> list[str]:
    """The fitted values a pattern's runs read: the shared ones and the own values of
    the milieux it looks at (another milieu's network age cannot move it)."""
    mine = set(p["milieux"]) | {m for ms in p.get("above_milieux", {}).values() for m in ms}
    return [c for c in fitted.columns if c.partition(SEP)[2] in ("", *mine)]


def validate_text(result: dict[str, Any], lang: Lang = "en") -> str:
    """The validation as readable lines, in ``lang`` (the evidence's strength, declared in
    English only in the pattern file, is left out in French)."""
    lines = [say("validate_head", lang, posterior=result["posterior"],
                 scenario=result["scenario"], replicates=result["replicates"],
                 week=result["week"], seed=result["seed"])]
    for r in result["patterns"]:
        mark = say("validate_passes" if r["holds"] else "pattern_fails", lang)
        used = say(USE_KEYS[r["use"]], lang)
        evidence = "" if lang == "fr" else \
            "; " + say("validate_evidence", lang, strength=r["strength"])
        lo, hi = r["interval_90"]
        lines += [f"[{mark}] {r['id']} — {used}{evidence}",
                  f"    {r['statement_fr'] if lang == 'fr' else r['statement']}",
                  "    " + say("validate_share", lang, share=fixed(r["share"], 2, lang),
                              low=fixed(lo, 2, lang), high=fixed(hi, 2, lang),
                              target=fixed(r["target"], 2, lang)),
                  f"    {detail_text(r['target'], r['groups'], lang)}"]
        lines += [f"    {line}" for line in
                  drivers_lines(from_json(r.get("goes_with", [])), r["share"], lang)]
        lines += [f"    {say('pattern_passage', lang, passage=r['passage'])}"]
    lines += result_lines([(r["id"], r["use"], r["holds"]) for r in result["patterns"]], lang)
    return "\n".join(lines)
