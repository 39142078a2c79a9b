"""The interactive page: the model live in the browser with Mesa's SolaraViz.

``hlm-sim viz`` serves it (:mod:`sim.cli.app`, :mod:`sim.app.server`); the page itself is
built in :mod:`sim.app.page` from the page model (:mod:`sim.app.model`), the controls
derived from the parameter declarations (:mod:`sim.app.controls`), the display graph
(:mod:`sim.app.network`, drawn by :mod:`sim.app.view`) and the charts
(:mod:`sim.app.charts`).

Importing this package is cheap: Solara and Mesa's visualisation modules are imported
only by the modules that draw.
"""

ENV_MILIEU = "HLM_SIM_VIZ_MILIEU"
"""The environment variable by which the server tells the page which milieu to open."""
ENV_LANG = "HLM_SIM_VIZ_LANG"
"""... and in which language."""
