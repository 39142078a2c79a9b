"""Known-answer evaluators for the study runner's tests.

They take the same path as the model (import path, chunked workers, run store,
analysis), so a known analytic answer checks the whole study machinery.

The Ishigami function (Ishigami & Homma 1990), with ``a = 7``, ``b = 0.1`` and the
inputs uniform on ``[-pi, pi]``, has first-order Sobol indices 0.314, 0.442, 0 and
total-order indices 0.558, 0.442, 0.244.
"""

from __future__ import annotations

import math
import os
import time
from collections.abc import Mapping
from typing import Any

import pandas as pd

from sim.params import Value
from sim.run.runner import run_generator

ISHIGAMI_BOUNDS: tuple[float, float] = (-math.pi, math.pi)
ISHIGAMI_S1: tuple[float, float, float] = (0.314, 0.442, 0.0)
ISHIGAMI_ST: tuple[float, float, float] = (0.558, 0.442, 0.244)


def ishigami_value(x1: float, x2: float, x3: float, a: float = 7.0, b: float = 0.1) -> float:
    """The Ishigami function."""
    return math.sin(x1) + a * math.sin(x2) ** 2 + b * x3 ** 4 * math.sin(x1)


class Ishigami:
    """Ishigami evaluator; ``noise`` adds N(0, noise) drawn from the run's own stream.

    ``fail_above``: raise ``ValueError`` when ``x1`` exceeds it (a failing run).
    ``delay``: seconds to sleep per run (to interrupt a study midway in the tests).
    ``log``: a file that gets one byte appended per finished run (to see progress from
    outside the study's process).
    ``exit_above``: end the whole process (``os._exit``) when ``x1`` exceeds it, as a
    worker that dies would; only for studies on worker processes.
    """

    outcomes: tuple[str, ...] = ("y", "y_abs")

    def __init__(self, noise: float = 0.0, fail_above: float = math.inf,
                 delay: float = 0.0, log: str | None = None,
                 exit_above: float = math.inf) -> None:
        self.noise, self.fail_above, self.delay, self.log = noise, fail_above, delay, log
        self.exit_above = exit_above

    def __call__(self, params: Mapping[str, Value], seed: int, replicate: int, weeks: int,
                 series: bool) -> tuple[dict[str, float], pd.DataFrame | None]:
        """Run once; return the summary outcomes and, if asked for, the series."""
        x1, x2, x3 = (float(params[f"x{i}"]) for i in (1, 2, 3))
        if x1 > self.exit_above:
            os._exit(3)
        if x1 > self.fail_above:
            raise ValueError(f"x1 = {x1:.3f} is above {self.fail_above}")
        if self.delay:
            time.sleep(self.delay)
        y = ishigami_value(x1, x2, x3)
        if self.noise:
            y += self.noise * float(run_generator(seed, replicate).standard_normal())
        frame = None
        if self.log:
            with open(self.log, "ab") as fh:
                fh.write(b".")
        if series:
            frame = pd.DataFrame({"week": range(weeks + 1), "y": [y] * (weeks + 1),
                                  "y_abs": [abs(y)] * (weeks + 1)})
        return {"y": y, "y_abs": abs(y)}, frame


def ishigami(context: Any) -> Ishigami:
    """Factory: ``context`` may hold the options of :class:`Ishigami`."""
    options = dict(context or {})
    return Ishigami(float(options.get("noise", 0.0)),
                    float(options.get("fail_above", math.inf)),
                    float(options.get("delay", 0.0)), options.get("log"),
                    float(options.get("exit_above", math.inf)))
