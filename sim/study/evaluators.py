"""Evaluation functions a study runs, referenced by import path.

A study runs every (design point, replicate) through one *evaluator*, named by an
import path ``"module:factory"`` so that spawned processes and Dask workers can import
it. The factory takes the study's *context* (for the model: the resolved
:class:`~sim.scenario.Scenario`) and returns an :class:`Evaluator`; a worker calls the
factory once per chunk of runs, then the evaluator once per run.

The default, :func:`hlm`, runs the model through :func:`sim.run.runner.run_once`, the one
entry point studies know the model by. The known-answer tests use
:mod:`sim.study.testfunctions` through exactly the same runner, store and analysis.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any, Protocol

from sim.errors import InputError
from sim.outcomes import OUTCOME_NAMES
from sim.params import Value
from sim.run.runner import run_once
from sim.scenario import Scenario

if TYPE_CHECKING:
    import pandas as pd

HLM = "sim.study.evaluators:hlm"
"""Import path of the default evaluator (the model)."""


class Evaluator(Protocol):
    """Runs one (parameters, seed, replicate) and returns its summary outcomes.

    ``outcomes`` names the summary's keys, in order; ``series`` asks for the weekly
    series too (a frame with a ``week`` column and the outcomes), or ``None``.
    """

    outcomes: tuple[str, ...]

    def __call__(self, params: Mapping[str, Value], seed: int, replicate: int, weeks: int,
                 series: bool) -> tuple[dict[str, float], pd.DataFrame | None]:
        """Run once; return the summary outcomes and, if asked for, the series."""
        ...


EvaluatorFactory = Callable[[Any], Evaluator]


class HLMEvaluator:
    """The model: the study's scenario with a design point's parameters, run once."""

    outcomes: tuple[str, ...] = OUTCOME_NAMES

    def __init__(self, scenario: Scenario) -> None:
        self.scenario = scenario
        self._last: tuple[tuple[tuple[str, Value], ...], Scenario] | None = None

    def _with(self, params: Mapping[str, Value]) -> Scenario:
        # Replicates of a point arrive one after the other: build its scenario once.
        items = tuple(sorted(params.items()))
        if self._last is None or self._last[0] != items:
            self._last = (items, self.scenario.with_params(**dict(items)))
        return self._last[1]

    def __call__(self, params: Mapping[str, Value], seed: int, replicate: int, weeks: int,
                 series: bool) -> tuple[dict[str, float], pd.DataFrame | None]:
        """Run once; return the summary outcomes and, if asked for, the series."""
        result = run_once(self._with(params), seed, replicate, weeks, series=series)
        return result.summary, result.series


def hlm(context: Scenario) -> HLMEvaluator:
    """Factory of the default evaluator: ``context`` is the study's scenario."""
    if not isinstance(context, Scenario):
        raise TypeError(f"the hlm evaluator needs a Scenario, found {type(context).__name__}")
    return HLMEvaluator(context)


def load_factory(path: str) -> EvaluatorFactory:
    """Import the evaluator factory named ``"module:attribute"``."""
    module_name, sep, attr = path.partition(":")
    if not sep or not module_name or not attr:
        raise InputError(f"evaluator {path!r}: expected 'module:function'")
    try:
        module = importlib.import_module(module_name)
        factory = getattr(module, attr)
    except (ImportError, AttributeError) as exc:
        raise InputError(f"evaluator {path!r}: cannot be imported ({exc})") from None
    if not callable(factory):
        raise InputError(f"evaluator {path!r}: expected a function, found {type(factory).__name__}")
    return factory
