"""The interactive page: the model live in the browser with Mesa's SolaraViz.

``hlm-sim viz`` serves it (:mod:`sim.app.cli`, :mod:`sim.app.server`); the page itself is
built in :mod:`sim.app.page` from the page model (:mod:`sim.app.model`), the controls
derived from the parameter declarations (:mod:`sim.app.controls`), the display graph
(:mod:`sim.app.network`, drawn by :mod:`sim.app.view`) and the charts
(:mod:`sim.app.charts`).

Importing this package is cheap: Solara and Mesa's visualisation modules are imported
only by the modules that draw.
"""
