"""The page in a real browser: ``hlm-sim viz`` driven by Playwright in Debian's Chromium.

Run it alone with ``.venv/bin/python -m pytest -m browser``. Playwright's own browser
download does not work on these machines: the test launches ``/usr/bin/chromium``
(``apt-get install chromium``; ``.ci/run`` installs it) and fails, not skips, without it.
"""

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from tests_support import ROOT

pytestmark = pytest.mark.browser

CHROMIUM = os.environ.get("HLM_SIM_CHROMIUM", "/usr/bin/chromium")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--disable-quic", "--no-first-run"]
LOOPBACK = {"127.0.0.1", "localhost", "::1"}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def page_server(tmp_path):
    """``hlm-sim viz`` on a free loopback port, stopped after the test."""
    port = free_port()
    log_path = tmp_path / "server.log"
    with log_path.open("w") as log:
        proc = subprocess.Popen(
            [sys.executable, "-m", "sim.cli", "viz", "milieu-3", "--port", str(port), "--lang", "en"],
            cwd=ROOT, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}/"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(url + "readyz", timeout=2) as answer:
                    if answer.status == 200:
                        break
            except OSError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"the page server did not start:\n{log_path.read_text()}")
            time.sleep(0.3)
        yield url, log_path
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def changed(locator, before: bytes, timeout: float = 15.0) -> bytes:
    """Wait until an element looks different from ``before``; return its new picture."""
    deadline = time.monotonic() + timeout
    while True:
        now = locator.screenshot()
        if now != before or time.monotonic() > deadline:
            return now
        time.sleep(0.3)


def test_milieu_slider_steps_in_chromium(page_server, tmp_path):
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium is not at {CHROMIUM}: apt-get install chromium "
                    "(or set HLM_SIM_CHROMIUM to its path)")
    from playwright.sync_api import expect, sync_playwright  # noqa: PLC0415

    url, log_path = page_server
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=FLAGS, headless=True)
        try:
            context = browser.new_context(viewport={"width": 1400, "height": 1000})
            page = context.new_page()
            requests: list[str] = []
            page.on("request", lambda request: requests.append(request.url))
            page.goto(url)
            step = page.get_by_role("button", name="Step")
            step.wait_for(timeout=60_000)
            status = page.locator(".hlm-status")
            expect(status).to_contain_text("Milieu 3")

            # milieu 4, then staff turnover raised to its top (End on the slider), then Reset
            page.locator(".v-select", has_text="Milieu (scenario file)").click()
            page.get_by_role("option", name="milieu-4").click()
            turnover = page.locator(".v-input", has_text="staff_turnover_rate").get_by_role("slider")
            expect(turnover).to_have_attribute("aria-valuenow", "0.25")
            turnover.focus()
            page.keyboard.press("End")
            expect(turnover).to_have_attribute("aria-valuenow", "2")
            expect(status).to_contain_text("Changes wait for Reset")
            expect(status).to_contain_text("staff_turnover_rate = 2")
            page.get_by_role("button", name="Reset").click()
            expect(status).to_contain_text("Milieu 4")
            expect(status).to_contain_text("staff_turnover_rate = 2 (0.25)")
            expect(page.get_by_text("Time: 0.0")).to_be_visible()

            network = page.locator(".vega-embed", has_text="Network this week")
            expect(network).to_contain_text("Week 0")
            chart = page.locator(".vega-embed").nth(2)  # partners enrolled: this run and default
            chart.scroll_into_view_if_needed()
            time.sleep(1.0)  # let the first drawings settle
            network_before, chart_before = network.screenshot(), chart.screenshot()

            # ten weeks: Step advances Mesa's render interval, 5 weeks by default
            step.click()
            expect(page.get_by_text("Time: 5.0")).to_be_visible()
            step.click()
            expect(page.get_by_text("Time: 10.0")).to_be_visible(timeout=30_000)
            expect(network).to_contain_text("Week 10")
            assert changed(network, network_before) != network_before, "the network view did not change"
            assert changed(chart, chart_before) != chart_before, "the chart did not change"
            page.screenshot(path=str(tmp_path / "page.png"), full_page=True)

            # another visitor gets a run of their own
            other = browser.new_context(viewport={"width": 1200, "height": 900}).new_page()
            other.on("request", lambda request: requests.append(request.url))
            other.goto(url)
            other.get_by_role("button", name="Step").wait_for(timeout=60_000)
            expect(other.locator(".hlm-status")).to_contain_text("Milieu 3")
            expect(other.get_by_text("Time: 0.0")).to_be_visible()
            expect(page.get_by_text("Time: 10.0")).to_be_visible()
        finally:
            browser.close()

    assert (tmp_path / "page.png").stat().st_size > 10_000
    outside = sorted({u for u in requests if not u.startswith(("data:", "blob:"))
                      and urlsplit(u).hostname not in LOOPBACK})
    assert not outside, f"requests left the machine: {outside}"
    log = log_path.read_text()
    assert "Could not load URL" not in log, log  # Solara's proxy found every asset locally
