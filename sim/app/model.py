"""The page model: :class:`sim.model.HLMModel` plus what Mesa's page needs to draw it.

The page rebuilds the model at Reset as Mesa's SolaraViz does, ``type(model)(**controls)``:
the milieu, the seed and every parameter control arrive as keyword arguments. The page model
takes them, builds the scenario (the milieu's file with the controls' values) and runs
the unchanged model, adding:

- ``datacollector``: a Mesa DataCollector whose columns the charts plot (rows are
  weeks: it collects at the start and after every step);
- ``reference``: the milieu's default run (its file's values, same seed), stepped
  alongside when a control differs from the file, so that a chart shows this run
  against it (the same seed gives the same run when nothing differs);
- ``display``: the display graph (:mod:`sim.app.network`) the network view draws;
- ``lang``: the language of the page's words, which the page changes without a new run.

Each browser session builds its own page model (:mod:`sim.app.page`); nothing here is
shared between sessions.
"""

from __future__ import annotations

import threading
from collections.abc import Mapping
from functools import partial
from typing import Any

import mesa
import pandas as pd
from solara.toestand import ValueBase

from sim.app.controls import DEFAULT_MILIEU, clean_value, milieu_key, parse_seed
from sim.app.network import DisplayNetwork
from sim.model.hlm import HLMModel
from sim.model.state import STAGES
from sim.outcomes import OUTCOMES
from sim.params import Value, lookup
from sim.scenario import find_scenario, load_scenario
from sim.vocabulary import Lang, as_lang


def _plain(value: Any) -> Any:
    """The value of a control: Mesa hands over the page's reactive variables themselves
    when a control was never moved (see :mod:`sim.app.page`)."""
    return value.value if isinstance(value, ValueBase) else value


def _stage_share(model: PageModel, stage: int) -> float:
    return float((model.partners.stage == stage).sum()) / model.partners.size


def _outcome(model: PageModel, name: str) -> float:
    return float(model.latest.get(name, float("nan")))


def _reference_enrolled(model: PageModel) -> float:
    ref = model.reference if model.reference is not None else model
    return float(ref.latest["partners_enrolled_share"])


class LockedDataCollector(mesa.DataCollector):
    """Mesa's DataCollector, read under the model's lock.

    While the page plays, Mesa steps the model in one thread and redraws the charts in
    another: a chart could read the columns while a collection has appended to some of
    them and not yet to others ("Length of values (804) does not match length of index
    (803)"). The page model steps under its lock; the charts read under it too.
    """

    def __init__(self, lock: threading.RLock, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._lock = lock

    def get_model_vars_dataframe(self) -> pd.DataFrame:
        """The columns collected so far, all of the same length."""
        with self._lock:
            return super().get_model_vars_dataframe()


SERIES: dict[str, Any] = {
    **{f"stage_{s}": partial(_stage_share, stage=i) for i, s in enumerate(STAGES)},
    "enrolled": partial(_outcome, name="partners_enrolled_share"),
    "enrolled_default": _reference_enrolled,
    **{o.name: partial(_outcome, name=o.name) for o in OUTCOMES},
}
"""The charts' series: DataCollector model reporters (module-level, no lambdas): the
partners' stage shares, the share enrolled in this run and in the default run beside
it, and every declared outcome (:data:`sim.outcomes.OUTCOMES`), so that a chart can show
any of them."""


HORIZON = 156
"""Weeks the page runs before it stops (three years from November 2018, as ``hlm-sim
run`` by default); Reset starts again."""


class PageModel(HLMModel):
    """The model as the page runs it, built from the page's controls.

    Args:
        milieu: a scenario name in ``scenarios/`` (``milieu-3``) or a scenario file.
        rng: the seed (Mesa's seed box gives text; any text gives a reproducible seed).
        lang: the language of the page's words (``fr`` or ``en``); the page changes it
            without a new run.
        other: more parameter values by name (the page passes the inputs of the
            parameters that are not in Mesa's card this way).
        **controls: parameter values by declared name; Mesa's Reset also passes
            ``scenario`` (an empty Mesa scenario), which is ignored.
    """

    def __init__(self, milieu: str = DEFAULT_MILIEU, rng: Any = 1, lang: str = "fr",
                 other: Mapping[str, Any] | None = None, **controls: Any) -> None:
        controls.pop("scenario", None)
        controls = {**(other or {}), **controls}
        self.lock = threading.RLock()
        """Held while the model steps, and by whatever reads it from another thread."""
        base = load_scenario(find_scenario(str(_plain(milieu))))
        overrides: dict[str, Value] = {}
        for name, raw in controls.items():
            param = lookup(name, "page control")
            overrides[name] = clean_value(param, _plain(raw))
        scenario = base.with_params(**overrides)
        self.seed = parse_seed(_plain(rng))
        super().__init__(scenario, rng=self.seed)
        self.milieu = milieu_key(str(_plain(milieu)))
        self.lang: Lang = as_lang(_plain(lang))
        self.horizon = HORIZON
        self.base_params: dict[str, Value] = dict(base.params)
        self.changed: dict[str, Value] = {k: v for k, v in scenario.params.items()
                                          if base.params[k] != v}
        self.reference: HLMModel | None = (
            HLMModel(base, rng=self.seed, resident_agents=False, series=False)
            if self.changed else None)
        self.display = DisplayNetwork(self)
        self.datacollector = LockedDataCollector(self.lock, model_reporters=SERIES)
        self.datacollector.collect(self)

    def step(self) -> None:
        """Advance this run (and the default run beside it) by one week."""
        with self.lock:
            super().step()
            if self.reference is not None:
                self.reference.step()
            self.datacollector.collect(self)
            if self.week >= self.horizon:
                self.running = False  # Play stops, and Step is disabled

    def controls(self) -> dict[str, Value | str | int]:
        """The control values this run was built from (milieu, seed, every parameter)."""
        return {"milieu": self.milieu, "rng": self.seed, **self.p}
