"""Speed of the interactive page, measured in-process (no browser).

Figures (issue: "The interactive page"):
- the page model (the model plus its DataCollector and the default run beside it):
  wall time of 156 weeks for each milieu;
- one redraw of the network view (display graph refresh + Vega-Lite spec), and the
  same picture through Mesa's own network renderer (SpaceRenderer, Altair backend, over
  a ``Network`` space of the display graph with one agent per node), for comparison;
- the whole page rendered by Solara as for one browser session: wall time of one click
  of Mesa's Step (5 weeks, then every chart and the network redrawn), and of the 32
  clicks that make 156 weeks (160);
- the same with Mesa's render interval set to 1 (a redraw a week); both with and without
  ``REACTON_FAST=1`` (which ``hlm-sim viz`` sets).

Browser-side drawing (Vega in Chromium) comes on top; see docs/page.md for timings
measured in a real browser.

Run: ``.venv/bin/python benchmarks/bench_page.py [--repeats 5]``.
"""

from __future__ import annotations

import argparse
import os
import statistics
import time
from collections.abc import Callable

import altair as alt
import ipyvuetify as v
import solara
from mesa.discrete_space import FixedAgent, Network
from mesa.visualization import SpaceRenderer
from mesa.visualization.components import AgentPortrayalStyle

from sim.app import page as page_module
from sim.app.model import PageModel
from sim.app.view import network_spec

MILIEUX = ["baseline", "milieu-1", "milieu-2", "milieu-3", "milieu-4"]


def median_time(fn: Callable[[], object], repeats: int) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def page_model_runs(repeats: int) -> None:
    print("page model, 156 weeks (with DataCollector and the default run beside it):")
    for name in MILIEUX:
        def run(name: str = name) -> None:
            model = PageModel(name, staff_turnover_rate=1.0)
            for _ in range(156):
                model.step()
        print(f"  {name:10} {median_time(run, repeats):6.3f} s")


def network_redraw(repeats: int) -> None:
    model = PageModel("milieu-1", staff_turnover_rate=1.0)
    for _ in range(60):
        model.step()

    def ours() -> None:
        model.display.week = -1  # force the refresh a new week would cause
        network_spec(model)

    print("network view, one redraw (milieu 1, week 60):")
    print(f"  this page's Vega-Lite view      {1000 * median_time(ours, repeats * 10):7.1f} ms")

    class Node(FixedAgent):
        def __init__(self, m: PageModel, node: int) -> None:
            super().__init__(m)
            self.node = node
            self.cell = m.grid[node]  # type: ignore[attr-defined]

    def portray(agent: Node) -> AgentPortrayalStyle:
        st = agent.model.display.state[agent.node]
        return AgentPortrayalStyle(color=st.colour, size=st.size, marker=st.marker,
                                   tooltip={"node": agent.model.display.nodes[agent.node].name})

    model.grid = Network(model.display.graph, layout=model.display.pos, random=model.random)  # type: ignore[attr-defined]
    for node in model.display.nodes:
        Node(model, node.id)
    start = time.perf_counter()
    renderer = SpaceRenderer(model, backend="altair").setup_agents(portray)
    renderer.render()
    build = time.perf_counter() - start

    def mesa_frame() -> None:
        # what Mesa's SpaceRendererComponent does at each redraw, then Solara's FigureAltair
        chart = alt.layer(renderer.draw_structure(), renderer.draw_agents())
        chart = chart.resolve_axis(x="independent", y="independent").configure_view(stroke="black")
        with alt.renderers.enable("mimetype"):
            chart._repr_mimebundle_()

    print(f"  Mesa's SpaceRenderer (Altair)   {1000 * median_time(mesa_frame, repeats):7.1f} ms"
          f"  (+ {1000 * build:.0f} ms at each Reset: its spring layout)")


def page_clicks(repeats: int) -> None:
    print("whole page rendered by Solara (one session, in-process):")
    for fast in ("1", "0"):
        # REACTON_FAST=1: the tree walk hlm-sim viz turns on (sim/app/server.py)
        os.environ["REACTON_FAST"] = fast
        for name in ("milieu-1", "milieu-3"):
            for interval in (5, 1):
                page_module.RENDER_INTERVAL = interval
                clicks = -(-156 // interval)
                per_run = []
                for _ in range(max(1, repeats // 2)):
                    _, rc = solara.render(
                        solara.AppLayout(children=[page_module.HLMPage(name, "en")]), handle_error=False)
                    step = rc.find(v.Btn, children=["Step"]).widget
                    start = time.perf_counter()
                    for _ in range(clicks):
                        step.click()
                    per_run.append(time.perf_counter() - start)
                    rc.close()  # in one process the sessions share Mesa's redraw signal
                total = statistics.median(per_run)
                print(f"  REACTON_FAST={fast} {name:9} render interval {interval}: {clicks:3d} Step "
                      f"clicks ({clicks * interval} weeks) {total:6.2f} s, "
                      f"{1000 * total / clicks:6.1f} ms a click")
    page_module.RENDER_INTERVAL = 5


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    page_model_runs(args.repeats)
    network_redraw(args.repeats)
    page_clicks(args.repeats)


if __name__ == "__main__":
    main()
