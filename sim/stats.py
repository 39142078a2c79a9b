"""Summaries over replicates: means with 95% intervals, paired what-if contrasts."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
from scipy import stats

from sim.outcomes import BY_NAME, OUTCOME_NAMES


def mean_interval(values: np.ndarray, level: float = 0.95) -> tuple[float, float, float]:
    """Mean and Student-t interval of the mean of finite ``values`` (NaN if none).

    With one value the interval is that value's own (zero width is not claimed: NaN).
    """
    v = values[np.isfinite(values)]
    if v.size == 0:
        return math.nan, math.nan, math.nan
    mean = float(v.mean())
    if v.size == 1:
        return mean, math.nan, math.nan
    half = float(stats.t.ppf(0.5 + level / 2, v.size - 1) * v.std(ddof=1) / math.sqrt(v.size))
    return mean, mean - half, mean + half


def summarise(replicates: pd.DataFrame) -> pd.DataFrame:
    """Per outcome: mean, 95% interval of the mean, SD and 2.5-97.5% range over replicates."""
    rows = []
    for name in OUTCOME_NAMES:
        v = replicates[name].to_numpy(float)
        mean, lo, hi = mean_interval(v)
        finite = v[np.isfinite(v)]
        rows.append({
            "outcome": name, "mean": mean, "ci_low": lo, "ci_high": hi,
            "sd": float(finite.std(ddof=1)) if finite.size > 1 else math.nan,
            "p2.5": float(np.percentile(finite, 2.5)) if finite.size else math.nan,
            "p97.5": float(np.percentile(finite, 97.5)) if finite.size else math.nan,
            "n": int(finite.size),
        })
    return pd.DataFrame(rows)


def paired_contrast(base: pd.DataFrame, variant: pd.DataFrame) -> pd.DataFrame:
    """Per outcome: the paired mean difference (variant - base), its 95% interval and the
    share of replicates in which the variant is better (by the outcome's declared
    direction; replicates where either value is undefined are left out)."""
    rows = []
    for name in OUTCOME_NAMES:
        b, v = base[name].to_numpy(float), variant[name].to_numpy(float)
        ok = np.isfinite(b) & np.isfinite(v)
        diff = v[ok] - b[ok]
        mean, lo, hi = mean_interval(diff)
        direction = BY_NAME[name].better
        better = float(np.mean(direction * diff > 0)) if direction and diff.size else math.nan
        rows.append({
            "outcome": name, "base_mean": float(np.mean(b[ok])) if ok.any() else math.nan,
            "variant_mean": float(np.mean(v[ok])) if ok.any() else math.nan,
            "difference": mean, "ci_low": lo, "ci_high": hi, "share_better": better,
            "n": int(diff.size),
        })
    return pd.DataFrame(rows)
