"""What a study's worker processes load once, before the first of them starts.

The local executor (:class:`sim.study.executor.LocalExecutor`) starts its workers from
a *fork server* (:mod:`multiprocessing`'s ``forkserver`` start method) that imports
this module when it starts: the task (:func:`~sim.study.executor.run_chunk`), the model's
evaluator and the compiled rules, loaded from the compile cache by one short run, are
then in memory once, and every worker forked from the server starts warm. Nothing of
the command line, of the page or of :mod:`scipy.stats` is imported here.

The warm-up run's numbers are thrown away: every run of a study builds its own
generator from its seed and replicate (:func:`sim.run.runner.run_generator`), so the
numbers a worker returns do not depend on what ran before it in its process.
"""

from __future__ import annotations

import contextlib

from sim.scenario import Scenario, find_scenario, load_scenario
from sim.study import executor  # the task the workers run
from sim.study.evaluators import hlm

WARM_UP_WEEKS = 1
"""Weeks of the warm-up run (its history before week 0 runs every rule)."""


def warm_up(scenario: Scenario | None = None) -> None:
    """Load every compiled rule into this process by running the model once, briefly."""
    evaluate = hlm(scenario or load_scenario(find_scenario("milieu-1")))
    evaluate({}, 0, 0, WARM_UP_WEEKS, False)


# A warm-up that fails must not stop the server: the same error then reaches each run,
# which a study stores as failed, with its message.
with contextlib.suppress(Exception):
    warm_up()

__all__ = ["executor", "warm_up"]
