"""Counts per stage by week, from the stored weekly series (``series.csv``).

The series hold, per replicate and week, the share of partners at or beyond each
translation stage and the households' shares reached, taking part and co-organising.
Differences of these shares give the count in each stage. The model's household stage
is the highest that applies (reached, then taking part, then co-organising); the
series do not say how "reached" and "taking part" overlap, so households taking part
are counted out of the reached ones (an approximation where a household takes part
without having been reached).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

PARTNER_COLUMNS = ("partners_problematised_share", "partners_interested_share",
                   "partners_enrolled_share", "partners_mobilised_share")
HOUSEHOLD_COLUMNS = ("residents_reached_share", "residents_taking_part_share",
                     "residents_coorganising_share")


def _frame(series: pd.DataFrame, stages: np.ndarray) -> pd.DataFrame:
    out = series[["replicate", "week"]].reset_index(drop=True).copy()
    for k in range(stages.shape[1]):
        out[k] = stages[:, k]
    return out


def partner_counts(series: pd.DataFrame, partners: int) -> pd.DataFrame:
    """Partners per stage (0 outside … 4 mobilised): replicate, week, columns 0 to 4."""
    at_least = np.column_stack([np.ones(len(series)),
                                *(series[c].to_numpy(float) for c in PARTNER_COLUMNS),
                                np.zeros(len(series))])
    shares = np.clip(at_least[:, :-1] - at_least[:, 1:], 0.0, 1.0)
    return _frame(series, np.round(shares * partners, 6))


def household_counts(series: pd.DataFrame, households: int) -> pd.DataFrame:
    """Households per stage (0 not reached … 3 co-organising): replicate, week, 0 to 3."""
    reached, taking, coorg = (series[c].to_numpy(float) for c in HOUSEHOLD_COLUMNS)
    co = coorg
    part = np.clip(taking - coorg, 0.0, 1.0)
    only_reached = np.clip(reached - taking, 0.0, 1.0)
    outside = np.clip(1.0 - co - part - only_reached, 0.0, 1.0)
    shares = np.column_stack([outside, only_reached, part, co])
    return _frame(series, np.round(shares * households, 6))
