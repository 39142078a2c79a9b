"""Pattern scorecard: the seed's findings as checks measured on replicates.

``calibration/patterns.toml`` states each pattern, the passage it rests on, the strength
of that evidence, whether it is used for calibration or kept for validation, and its
condition. A condition is checked on every replicate; a pattern holds when the share of
replicates showing it reaches ``min_share`` (in every milieu, or pooled). The share is
reported with its 90% Clopper-Pearson interval. :func:`pattern_runs` produces the table
of runs the checks read, and :func:`scorecard` evaluates it (analysis reads tables,
never a live model).
"""

from __future__ import annotations

import functools
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from scipy import stats

from sim.data import calibration_folder
from sim.errors import InputError
from sim.params import Value, lookup
from sim.run.runner import run_once
from sim.scenario import Scenario, find_scenario, load_scenario
from sim.vocabulary import Lang, colon, fixed, say

PATTERNS_FILE = calibration_folder() / "patterns.toml"
MILIEUX = ("milieu-1", "milieu-2", "milieu-3", "milieu-4")
USES = ("calibration", "validation", "consistency")
USE_KEYS = {"calibration": "validate_fitted", "validation": "validate_held",
            "consistency": "validate_consistency"}
"""How each use reads in a scorecard (vocabulary keys): calibration patterns are fitted,
validation patterns held back, consistency patterns reported but counted as neither."""
_REQUIRED = ("id", "use", "strength", "statement", "statement_fr", "passage", "milieux",
             "min_share", "claims")
_CONDITIONS = ("min", "max", "below", "given", "above_milieux", "lower")


@dataclass(frozen=True)
class Verdict:
    """One pattern's result: whether it holds and the figures behind it."""

    id: str
    statement: str
    passage: str
    holds: bool
    detail: str
    use: str = "calibration"
    strength: str = ""
    share: float = float("nan")
    interval: tuple[float, float] = (float("nan"), float("nan"))
    target: float = float("nan")
    statement_fr: str = ""
    groups: tuple[tuple[str, float, float, float, int], ...] = ()
    """Per group (a milieu, or "pooled"): share, 90% interval (low, high), replicates."""

    def said(self, lang: Lang) -> str:
        """The pattern's statement in English or French."""
        return self.statement_fr if lang == "fr" else self.statement


def load_patterns(path: Path = PATTERNS_FILE) -> dict[str, Any]:
    """Read and check the pattern file; one-line errors name the pattern and the key."""
    try:
        with path.open("rb") as fh:
            spec = tomllib.load(fh)
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise InputError(f"{path}: cannot read the pattern file: {exc}") from None
    for key in ("week", "replicates", "seed", "pattern"):
        if key not in spec:
            raise InputError(f"{path}: missing key {key!r}")
    for k, p in enumerate(spec["pattern"]):
        where = f"{path}: pattern {p.get('id', k + 1)!r}"
        for key in _REQUIRED:
            if key not in p:
                raise InputError(f"{where}: missing key {key!r}")
        if p["use"] not in USES:
            raise InputError(f"{where}: use: expected one of {', '.join(USES)}, found {p['use']!r}")
        if not any(key in p for key in _CONDITIONS):
            raise InputError(f"{where}: no condition (expected one of {', '.join(_CONDITIONS)})")
        if not 0.0 < float(p["min_share"]) <= 1.0:
            raise InputError(f"{where}: min_share: expected a share in (0, 1], found {p['min_share']!r}")
        unknown = [m for m in p["milieux"] if m not in MILIEUX]
        if unknown:
            raise InputError(f"{where}: milieux: unknown {unknown}, expected among {list(MILIEUX)}")
        for name, value in p.get("contrast", {}).items():
            lookup(name, f"{where}: contrast").coerce(value, f"{where}: contrast.{name}")
    return spec


type Table = pd.DataFrame | Mapping[str, np.ndarray]
"""A table of runs: a data frame, or its columns as arrays (the calibration's particles,
where building a data frame per look cost more than the checks themselves)."""


def pattern_runs(spec: dict[str, Any], milieux: tuple[str, ...] = MILIEUX,
                 overrides: dict[str, Value] | None = None,
                 per_milieu: dict[str, dict[str, Value]] | None = None,
                 scenarios: Mapping[str, Scenario] | None = None,
                 replicates: range | None = None) -> pd.DataFrame:
    """Run the replicates of each milieu at the pattern week, and of each contrast variant.

    ``overrides`` sets parameters in every milieu (tests use it to break a pattern);
    ``per_milieu`` sets them milieu by milieu after that (calibration's milieu-specific
    values). ``scenarios`` gives the milieux already read (else their bundled files are);
    ``replicates``, which replicates to run (all ``spec["replicates"]`` by default).
    The ``variant`` column is ``"base"`` or the pattern id of a contrast.
    """
    rows = pattern_rows(spec, milieux, overrides, per_milieu, scenarios, replicates)
    return derived(pd.DataFrame(rows))


def pattern_rows(spec: dict[str, Any], milieux: tuple[str, ...] = MILIEUX,
                 overrides: dict[str, Value] | None = None,
                 per_milieu: dict[str, dict[str, Value]] | None = None,
                 scenarios: Mapping[str, Scenario] | None = None,
                 replicates: range | None = None) -> list[dict[str, Any]]:
    """The runs of :func:`pattern_runs`, one dict per run (milieu, variant, replicate and
    the final outcomes), before they become a table."""
    contrasts = {p["id"]: p["contrast"] for p in spec["pattern"] if "contrast" in p}
    rows = []
    for name in milieux:
        scenario = (scenarios[name] if scenarios and name in scenarios
                    else load_scenario(find_scenario(name)))
        scenario = scenario.with_params(**(overrides or {}))
        scenario = scenario.with_params(**(per_milieu or {}).get(name, {}))
        variants = {"base": scenario} | {pid: scenario.with_params(**c) for pid, c in contrasts.items()}
        for variant, sc in variants.items():
            for r in replicates if replicates is not None else range(int(spec["replicates"])):
                end = run_once(sc, int(spec["seed"]), r, int(spec["week"])).summary
                rows.append({"milieu": name, "variant": variant, "replicate": r, **end})
    return rows


DERIVED = {"intermediaries_made": ("intermediaries_change", "intermediaries_worn")}
"""Columns the patterns read that are sums of outcomes: intermediaries made during
observation are those in force more than at week 0 plus those worn out since."""


def derived(table: Any) -> Any:
    """Add the :data:`DERIVED` columns to a data frame or a dict of arrays."""
    for name, parts in DERIVED.items():
        table[name] = sum(table[part] for part in parts)
    return table


def columns(rows: list[dict[str, Any]], names: set[str]) -> dict[str, np.ndarray]:
    """The columns ``names`` (and the keys milieu, variant, replicate) of a list of runs
    as arrays, with the :data:`DERIVED` ones when their parts are asked for."""
    needed = {"milieu", "variant", "replicate"} | {n for n in names if n not in DERIVED}
    needed |= {part for n in names if n in DERIVED for part in DERIVED[n]}
    table = {n: np.array([row[n] for row in rows]) for n in needed}
    return derived(table) if any(n in DERIVED for n in names) else table


def pattern_outcomes(patterns: list[dict[str, Any]]) -> set[str]:
    """Every outcome a list of patterns reads."""
    out: set[str] = set()
    for p in patterns:
        for key in ("min", "max", "given", "above_milieux"):
            out |= set(p.get(key, {}))
        out |= set(p.get("below", {})) | set(p.get("below", {}).values()) | set(p.get("lower", ()))
    return out


def _arrays(runs: Table) -> Mapping[str, np.ndarray]:
    if isinstance(runs, pd.DataFrame):
        return {name: runs[name].to_numpy() for name in runs.columns}
    return runs


def _shows(p: dict[str, Any], runs: Mapping[str, np.ndarray], base: np.ndarray) -> np.ndarray:
    """Whether each run of ``base`` (row numbers of base runs of ``runs``) shows the
    pattern: 1.0 or 0.0, NaN where it does not apply. Plain arrays: the calibration asks
    this for every look of every particle."""
    def col(name: str) -> np.ndarray:
        return runs[name][base]

    ok = np.ones(base.size, bool)
    for outcome, limit in p.get("min", {}).items():
        ok &= col(outcome) >= limit
    for outcome, limit in p.get("max", {}).items():
        ok &= col(outcome) <= limit
    for outcome, other in p.get("below", {}).items():
        ok &= col(outcome) < col(other)
    replicate, milieu = col("replicate").tolist(), col("milieu").tolist()
    plain = runs["variant"] == "base"
    for outcome, others in p.get("above_milieux", {}).items():
        for other in others:
            rows = plain & (runs["milieu"] == other)
            theirs = dict(zip(runs["replicate"][rows].tolist(), runs[outcome][rows].tolist(), strict=True))
            # a replicate the other milieu lacks does not show it (NaN compares False)
            ok &= col(outcome) > np.array([theirs.get(r, np.nan) for r in replicate], float)
    if "lower" in p:  # paired: the contrast variant's run of the same milieu and replicate
        rows = runs["variant"] == p["id"]
        keys = list(zip(runs["milieu"][rows].tolist(), runs["replicate"][rows].tolist(), strict=True))
        for outcome in p["lower"]:
            paired = dict(zip(keys, runs[outcome][rows].tolist(), strict=True))
            ok &= col(outcome) < np.array([paired.get(key, np.nan)
                                           for key in zip(milieu, replicate, strict=True)], float)
    shows = ok.astype(float)
    for outcome, limit in p.get("given", {}).items():
        shows[col(outcome) < limit] = np.nan
    return shows


def _base(p: dict[str, Any], runs: Mapping[str, np.ndarray]) -> np.ndarray:
    """Row numbers of the base runs of the pattern's milieux."""
    mine = np.zeros(runs["milieu"].shape[0], bool)
    for m in p["milieux"]:
        mine |= runs["milieu"] == m
    return np.flatnonzero(mine & (runs["variant"] == "base"))


def run_shows(p: dict[str, Any], runs: Table) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per base run of the pattern's milieux: its milieu, its replicate, and whether it
    shows the pattern (1.0 or 0.0, NaN where the pattern does not apply)."""
    arrays = _arrays(runs)
    base = _base(p, arrays)
    return arrays["milieu"][base], arrays["replicate"][base], _shows(p, arrays, base)


def share_interval(shows: np.ndarray) -> tuple[float, tuple[float, float], int]:
    """The share of replicates (or draws) showing something, its 90% Clopper-Pearson
    interval and how many it applies to (NaN entries left out)."""
    valid = shows[~np.isnan(shows)]
    n = int(valid.size)
    if n == 0:
        return float("nan"), (float("nan"), float("nan")), 0
    k = int(valid.sum())
    ci = stats.binomtest(k, n).proportion_ci(confidence_level=0.9, method="exact")
    return k / n, (float(ci.low), float(ci.high)), n


def _group_shows(p: dict[str, Any], runs: Mapping[str, np.ndarray]) -> dict[str, np.ndarray]:
    base = _base(p, runs)
    shows = _shows(p, runs, base)
    if p.get("per_milieu"):
        milieu = runs["milieu"][base]
        return {m: shows[milieu == m] for m in p["milieux"]}
    return {"pooled": shows}


def group_shares(p: dict[str, Any], runs: Table) -> dict[str, tuple[float, tuple[float, float], int]]:
    """Per group (each milieu with ``per_milieu``, else "pooled"): the share of replicates
    showing the pattern, its 90% interval and the number of replicates it applies to."""
    return {group: share_interval(shows) for group, shows in _group_shows(p, _arrays(runs)).items()}


def group_counts(p: dict[str, Any], runs: Table) -> dict[str, tuple[int, int]]:
    """Per group: how many replicates show the pattern, of how many it applies to (what
    :func:`group_shares` reports, without the interval, for the calibration's many
    particles)."""
    out = {}
    for group, shows in _group_shows(p, _arrays(runs)).items():
        valid = shows[~np.isnan(shows)]
        out[group] = (int(valid.sum()), int(valid.size))
    return out


def evaluate(p: dict[str, Any], runs: Table) -> Verdict:
    """Evaluate one pattern on the table of runs."""
    target = float(p["min_share"])
    runs = _arrays(runs)
    groups = group_shares(p, runs)
    holds = all(n > 0 and share >= target for share, _, n in groups.values())
    rows = tuple((label, share, lo, hi, n) for label, (share, (lo, hi), n) in groups.items())
    share, interval, _ = share_interval(_shows(p, runs, _base(p, runs)))
    detail = detail_text(target, rows, "en")
    return Verdict(p["id"], p["statement"], p["passage"], bool(holds), detail, p["use"],
                   p["strength"], share, interval, target, p["statement_fr"], rows)


def scorecard(runs: Table, spec: dict[str, Any]) -> list[Verdict]:
    """Evaluate every pattern of ``spec`` on the table of runs."""
    arrays = _arrays(runs)
    return [evaluate(p, arrays) for p in spec["pattern"]]


@functools.cache
def milieu_name(stem: str, lang: Lang) -> str:
    """A bundled milieu's name as its file gives it in ``lang`` (« Milieu 1 » for
    ``milieu-1``), or the stem when no bundled file has that name."""
    try:
        scenario = load_scenario(find_scenario(stem))
    except InputError:
        return stem
    return (scenario.name_fr or scenario.name) if lang == "fr" else scenario.name


def detail_text(target: float, groups: Sequence[Sequence[Any]], lang: Lang) -> str:
    """The share of replicates showing a pattern in each group (a milieu named in words,
    or all of them pooled), in ``lang``: what :attr:`Verdict.detail` says in English."""
    parts = [say("pattern_group", lang, share=fixed(s, 2, lang), low=fixed(lo, 2, lang),
                 high=fixed(hi, 2, lang), n=n,
                 group=say("pattern_pooled", lang) if label == "pooled"
                 else milieu_name(label, lang))
             for label, s, lo, hi, n in groups]
    return say("pattern_detail", lang, target=fixed(target, 2, lang),
               groups=("; " if lang == "en" else " ; ").join(parts))


def result_lines(holds: Sequence[tuple[str, str, bool]], lang: Lang) -> list[str]:
    """The verdict of a scorecard from (id, use, holds) per pattern: whether every
    calibration pattern holds (what the command's exit status says), then the validation
    patterns that fail, named (they are the model's test, not its fit)."""
    fitted = all(ok for _, use, ok in holds if use == "calibration")
    lines = [say("validate_all_pass" if fitted else "validate_one_fails", lang)]
    held_back = [(pid, ok) for pid, use, ok in holds if use == "validation"]
    failed = [pid for pid, ok in held_back if not ok]
    if held_back:
        lines.append(say("validation_some_fail", lang, failed=len(failed), total=len(held_back),
                         ids=", ".join(failed)) if failed else say("validation_all_hold", lang))
    return lines


def scorecard_text(verdicts: Sequence[Verdict], spec: Mapping[str, Any], lang: Lang) -> str:
    """``hlm-sim patterns``: the week, replicates and seed, then per pattern its verdict,
    statement, the shares behind it and the seed's passage, in ``lang``; then the result."""
    lines = [say("patterns_head", lang, week=spec["week"], replicates=spec["replicates"],
                 seed=spec["seed"])]
    for v in verdicts:
        mark = say("pattern_holds" if v.holds else "pattern_fails", lang)
        lines += [f"[{mark}] {v.id} ({say(USE_KEYS[v.use], lang)}){colon(lang)} {v.said(lang)}",
                  f"    {detail_text(v.target, v.groups, lang)}",
                  f"    {say('pattern_passage', lang, passage=v.passage)}"]
    lines += result_lines([(v.id, v.use, v.holds) for v in verdicts], lang)
    return "\n".join(lines)
