"""HLMModel: one HLM site inside Mesa's ``Model``, with agents, for the page and Mesa's tools.

The site itself (state, founding, history, weekly rules, views) is :class:`sim.model.site.Site`;
this class puts it inside ``mesa.Model`` and gives Mesa its agents: a
:class:`~sim.model.agents.Partner` per organisation, an
:class:`~sim.model.agents.Intervenant` per worker and, unless skipped, a
:class:`~sim.model.agents.Resident` per household (views onto the site's arrays). Runs
of studies and calibration use the site alone (:func:`sim.run.runner.run_once`); from
the same generator both give the same numbers.
"""

from __future__ import annotations

import mesa
import numpy as np

from sim.model.agents import Intervenant, Partner, Resident
from sim.model.site import SITE_STAGES, Log, Site
from sim.scenario import Scenario


class HLMModel(Site, mesa.Model):
    """Agent-based model of one HLM site's partner network and its residents.

    Building the model runs the network's history (``network_age_weeks`` weeks, not
    recorded); then each :meth:`step` is one observed week, and :meth:`run` several.

    Args:
        scenario: the validated site structure and parameters.
        rng: the run's generator, or a seed (the page's): every random draw takes it.
            From a generator the numbers equal :class:`~sim.model.site.Site`'s from the
            same generator; from a seed they follow Mesa's own use of it, which is not
            ``Site(scenario, default_rng(seed))``.
        resident_agents: create a Resident view agent per household (the page and
            Mesa's AgentSets use them; batch runs can skip them).
        series: record every outcome every week in ``history`` (batch runs that need
            only the final summary can skip it; :attr:`latest` is always current).
    """

    def __init__(self, scenario: Scenario, rng: np.random.Generator | int | None = None,
                 *, resident_agents: bool = True, series: bool = True) -> None:
        mesa.Model.__init__(self, rng=rng)
        Site.__init__(self, scenario, self.rng, series=series)
        self.partner_agents = [Partner(self, i, spec) for i, spec in enumerate(scenario.partners)]
        self.workers = [Intervenant(self, i, w.building, w.focus)
                        for i, w in enumerate(scenario.workers)]
        if resident_agents:
            for i in range(self.residents.size):
                Resident(self, i)

    def _shell_draw(self) -> None:
        """Mesa's ``Model`` has made its draw already (:meth:`Site._shell_draw`)."""


__all__ = ["SITE_STAGES", "HLMModel", "Log"]
