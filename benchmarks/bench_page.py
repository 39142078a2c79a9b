"""Speed of the interactive page, in-process and (``--browser``) in Chromium.

Figures (issues "The interactive page" and 10):
- the page model (the model plus its DataCollector and the default run beside it):
  wall time of 156 weeks for each milieu;
- one redraw of the network view (display graph refresh + Vega-Lite spec), and the
  same picture through Mesa's own network renderer (SpaceRenderer, Altair backend, over
  a ``Network`` space of the display graph with one agent per node), for comparison;
- the whole page rendered by Solara as for one browser session: wall time of a one-week
  Step click (a week, then every chart and the network redrawn), with and without
  ``REACTON_FAST=1`` (which ``hlm-sim viz`` sets);
- with ``--browser``: ``hlm-sim viz`` in Chromium at 1400x1000: the time until the page
  is drawn, and 156 weeks of milieu 1 played (browser-side drawing included).

Run: ``.venv/bin/python benchmarks/bench_page.py [--repeats 5] [--browser]``.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path

import altair as alt
import ipyvuetify as v
import solara
from mesa.discrete_space import FixedAgent, Network
from mesa.visualization import SpaceRenderer
from mesa.visualization.components import AgentPortrayalStyle

from sim.app import page
from sim.app.model import PageModel
from sim.app.view import network_spec

MILIEUX = ["baseline", "milieu-1", "milieu-2", "milieu-3", "milieu-4"]
CHROMIUM = os.environ.get("HLM_SIM_CHROMIUM", "/usr/bin/chromium")
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--disable-quic", "--no-first-run"]


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


def _session(name: str) -> tuple[object, object]:
    return solara.render(solara.AppLayout(children=[page.HLMPage(name, "en")]),
                         handle_error=False)


def _button(rc: object, name: str) -> v.Btn:
    return next(b.widget for b in rc.find(v.Btn) if name in b.widget.children)  # type: ignore[attr-defined]


def page_clicks(repeats: int) -> None:
    """One-week Step clicks: each advances a week and redraws the whole page."""
    print("whole page rendered by Solara (one session, in-process):")
    for fast in ("1", "0"):
        # REACTON_FAST=1: the tree walk hlm-sim viz turns on (sim/app/server.py)
        os.environ["REACTON_FAST"] = fast
        for name in ("milieu-1", "milieu-3"):
            per_run = []
            for _ in range(max(1, repeats // 2)):
                _, rc = _session(name)
                step = _button(rc, "One week")
                start = time.perf_counter()
                for _ in range(52):
                    step.click()
                per_run.append(time.perf_counter() - start)
                rc.close()  # in one process the sessions share Mesa's redraw signal
            total = statistics.median(per_run)
            print(f"  REACTON_FAST={fast} {name:9} 52 one-week Step clicks {total:6.2f} s, "
                  f"{1000 * total / 52:6.1f} ms a click (a week and a redraw)")
    os.environ["REACTON_FAST"] = "1"


def browser(port: int = 8799) -> None:
    """In Chromium: the page's load time, and weeks/s played on milieu 1 to the horizon."""
    from playwright.sync_api import expect, sync_playwright  # noqa: PLC0415

    root = Path(__file__).resolve().parent.parent
    server = subprocess.Popen([sys.executable, "-m", "sim.cli.main", "viz", "milieu-1", "--port",
                               str(port), "--lang", "fr"], cwd=root,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        for _ in range(200):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/readyz", timeout=2)
                break
            except OSError:
                time.sleep(0.3)
        with sync_playwright() as pw:
            chromium = pw.chromium.launch(executable_path=CHROMIUM, args=FLAGS, headless=True)
            tab = chromium.new_page(viewport={"width": 1400, "height": 1000})
            start = time.perf_counter()
            tab.goto(f"http://127.0.0.1:{port}/")
            tab.locator(".hlm-network svg.marks text").first.wait_for(timeout=60_000)
            tab.get_by_role("button", name="Une semaine").wait_for()
            loaded = time.perf_counter() - start
            start = time.perf_counter()
            tab.get_by_role("button", name="Lecture").click()
            expect(tab.locator(".hlm-week")).to_contain_text("156 / 156", timeout=120_000)
            played = time.perf_counter() - start
            chromium.close()
    finally:
        server.terminate()
        server.wait()
    print(f"in Chromium (1400x1000): page loaded and drawn in {loaded:.1f} s; 156 weeks of "
          f"milieu 1 played in {played:.1f} s ({156 / played:.0f} weeks/s, default settings)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--browser", action="store_true",
                        help="also measure in Chromium (load time, weeks/s played)")
    args = parser.parse_args()
    page_model_runs(args.repeats)
    network_redraw(args.repeats)
    page_clicks(args.repeats)
    if args.browser:
        browser()


if __name__ == "__main__":
    main()
