"""The moves between stages the model recorded, from the stored weekly series.

With series, the model compares each partner's and each household's stage with its own
stage the week before and counts, week by week, the moves from each stage to each other
stage (the series' ``moved_*`` columns, :func:`sim.stages.stage_moves`). The Sankeys
add these recorded moves up over a window of observed weeks: nothing is inferred.
"""

from __future__ import annotations

import pandas as pd

from sim.stages import WHO, stage_moves


def recorded(series: pd.DataFrame) -> bool:
    """Whether the series hold the recorded moves (older folders do not)."""
    return all(column in series.columns for who in WHO for *_, column in stage_moves(who))


def mean_moves(series: pd.DataFrame, who: str, first: int,
               last: int) -> list[tuple[int, int, float]]:
    """The moves of ``who`` from each stage to each other stage in the weeks after
    ``first`` up to ``last``: (stage before, stage after, mean over the replicates of
    the recorded total), only the moves that happened."""
    window = series[(series["week"] > first) & (series["week"] <= last)]
    columns = [column for *_, column in stage_moves(who)]
    replicates = series["replicate"].nunique()
    totals = window.groupby("replicate")[columns].sum().reindex(
        series["replicate"].unique(), fill_value=0.0)
    means = totals.sum() / max(replicates, 1)
    return [(a, b, float(means[column])) for a, b, column in stage_moves(who)
            if means[column] > 0]
