"""Summaries over replicates: means with bootstrap intervals, paired what-if contrasts.

Intervals are **bootstrap percentile intervals** of the mean (:func:`scipy.stats.bootstrap`,
``method="percentile"``, :data:`RESAMPLES` resamples, a seeded generator). A percentile
interval is made of means of resampled replicates, so it stays inside the range the
values can take by construction: a share's interval lies in [0, 1], a count's is never
negative. With fewer than two finite values there is no interval (NaN).

Outcomes may be undefined in a replicate (NaN: no controversy resolved, no partner
enrolled); they are left out, and ``n`` says how many replicates (or pairs) a row rests on.
"""

from __future__ import annotations

import math
import warnings

import numpy as np
import pandas as pd

from sim.outcomes import BY_NAME, OUTCOME_NAMES
from sim.vocabulary import Lang, say

LEVEL = 0.95
RESAMPLES = 2000
BOOTSTRAP_KEY = 2 ** 32 + 2
"""Spawn key of the bootstrap's stream under a run's root seed (replicates use ``(r,)``,
studies ``2**32 + 0`` and ``2**32 + 1``)."""

def method_text(lang: Lang) -> str:
    """How the intervals are made, in words (printed under every table)."""
    return say("interval_method", lang, level=f"{LEVEL * 100:.0f}", resamples=RESAMPLES)


def bootstrap_rng(seed: int) -> np.random.Generator:
    """The bootstrap's generator for a run or a comparison under root ``seed``."""
    return np.random.default_rng(np.random.SeedSequence(seed, spawn_key=(BOOTSTRAP_KEY,)))


def _finite(values: np.ndarray) -> tuple[np.ndarray, tuple[float, float, float] | None]:
    """The finite values, and the answer of an interval function when fewer than two are
    left (no mean; or the mean with no interval)."""
    v = np.asarray(values, dtype=np.float64)
    v = v[np.isfinite(v)]
    if v.size == 0:
        return v, (math.nan, math.nan, math.nan)
    if v.size == 1:
        return v, (float(v[0]), math.nan, math.nan)
    return v, None


def mean_interval(values: np.ndarray, level: float = LEVEL) -> tuple[float, float, float]:
    """Mean and Student-t interval of the mean of finite ``values`` (NaN if none).

    Kept for callers that want the normal-theory interval; the tables use
    :func:`bootstrap_interval`.
    """
    v, few = _finite(values)
    if few is not None:
        return few
    from scipy import stats  # noqa: PLC0415 (see bootstrap_interval)

    mean = float(v.mean())
    half = float(stats.t.ppf(0.5 + level / 2, v.size - 1) * v.std(ddof=1) / math.sqrt(v.size))
    return mean, mean - half, mean + half


def bootstrap_interval(values: np.ndarray, rng: np.random.Generator,
                       level: float = LEVEL) -> tuple[float, float, float]:
    """Mean of the finite ``values`` and its bootstrap percentile interval.

    The interval's ends are means of resamples, so they lie within the values' range.
    """
    v, few = _finite(values)
    if few is not None:
        return few
    mean = float(v.mean())
    if np.ptp(v) == 0:  # every replicate agrees: the bootstrap has nothing to resample
        return mean, mean, mean
    # scipy.stats (about 0.5 s to import) loads on the first interval, not with this
    # module: a sweep's summary reads decimals() from here and needs none of it.
    from scipy import stats  # noqa: PLC0415

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        res = stats.bootstrap((v,), np.mean, confidence_level=level, n_resamples=RESAMPLES,
                              method="percentile", vectorized=True, random_state=rng)
    low, high = float(res.confidence_interval.low), float(res.confidence_interval.high)
    return mean, max(low, float(v.min())), min(high, float(v.max()))


def summarise(replicates: pd.DataFrame, rng: np.random.Generator) -> pd.DataFrame:
    """Per outcome: mean, bootstrap 95% interval of the mean, SD, 2.5-97.5% range over
    replicates and ``n``, the replicates with a value."""
    rows = []
    for name in OUTCOME_NAMES:
        v = replicates[name].to_numpy(float) if name in replicates else np.array([])
        mean, lo, hi = bootstrap_interval(v, rng)
        finite = v[np.isfinite(v)]
        rows.append({
            "outcome": name, "mean": mean, "ci_low": lo, "ci_high": hi,
            "sd": float(finite.std(ddof=1)) if finite.size > 1 else math.nan,
            "p2.5": float(np.percentile(finite, 2.5)) if finite.size else math.nan,
            "p97.5": float(np.percentile(finite, 97.5)) if finite.size else math.nan,
            "n": int(finite.size),
        })
    return pd.DataFrame(rows)


def _tolerance(b: np.ndarray, v: np.ndarray) -> float:
    """Differences smaller than this are float noise, counted as "same"."""
    scale = float(np.max(np.abs(np.concatenate([b, v])))) if b.size else 0.0
    return 1e-9 * max(scale, 1.0)


def paired_contrast(base: pd.DataFrame, variant: pd.DataFrame,
                    rng: np.random.Generator) -> pd.DataFrame:
    """Per outcome: the paired mean difference (variant - base) over the pairs where both
    are defined (``n``), its bootstrap 95% interval, whether that interval excludes 0,
    and how many pairs the variant is better, the same or worse in by the outcome's
    declared direction (``better``; with no direction, higher / same / lower)."""
    rows = []
    for name in OUTCOME_NAMES:
        b, v = base[name].to_numpy(float), variant[name].to_numpy(float)
        ok = np.isfinite(b) & np.isfinite(v)
        diff = v[ok] - b[ok]
        tol = _tolerance(b[ok], v[ok])
        diff = np.where(np.abs(diff) <= tol, 0.0, diff)
        mean, lo, hi = bootstrap_interval(diff, rng)
        direction = BY_NAME[name].better
        sign = direction or 1
        rows.append({
            "outcome": name, "direction": direction,
            "base_mean": float(np.mean(b[ok])) if ok.any() else math.nan,
            "variant_mean": float(np.mean(v[ok])) if ok.any() else math.nan,
            "difference": mean, "ci_low": lo, "ci_high": hi,
            "excludes_zero": bool(lo > 0 or hi < 0),
            "better": int(np.sum(sign * diff > 0)), "same": int(np.sum(diff == 0)),
            "worse": int(np.sum(sign * diff < 0)),
            "share_better": float(np.mean(sign * diff > 0)) if direction and diff.size else math.nan,
            "n": int(diff.size),
        })
    return pd.DataFrame(rows)


def decimals(low: float, high: float, value: float = math.nan) -> int:
    """Decimal places an interval justifies: two significant figures of its width (three
    of the value when there is no interval, or it has no width)."""
    width = high - low if math.isfinite(low) and math.isfinite(high) else math.nan
    scale = max(1.0, abs(value)) if math.isfinite(value) else 1.0
    if math.isfinite(width) and width > 1e-9 * scale:  # a width of rounding noise is none
        return max(0, 1 - math.floor(math.log10(width)))
    if math.isfinite(value) and value != 0:
        return max(0, 2 - math.floor(math.log10(abs(value))))
    return 0
