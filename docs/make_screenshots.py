"""The report screenshots of docs/reports.md: one of each report kind, in French.

Runs each command the screenshots show (``run``, ``compare``, ``levers``, ``sweep``,
``sensitivity`` with Morris and with Sobol) into a temporary folder with ``--report``, opens
each ``report.html`` from disk in Debian's Chromium driven by Playwright, and keeps the
part of the page with the report's main chart: its caption, its legend or colour bars and
its first panels, at most ``--height`` pixels tall (``docs/report-<kind>-fr.png``,
reduced to 256 colours when Pillow is there). Not part of the test suite: it takes a
few minutes.

Run: ``.venv/bin/python docs/make_screenshots.py [--out docs] [--keep DIR]``
(Chromium: ``apt-get install chromium``; ``HLM_SIM_CHROMIUM`` names another binary.)
"""

from __future__ import annotations

import argparse
import os
import tempfile
from pathlib import Path

from sim.cli.main import main as hlm

CHROMIUM = os.environ.get("HLM_SIM_CHROMIUM", "/usr/bin/chromium")
STUDY = ["--workers", "1", "--quiet"]
SHOTS: dict[str, tuple[list[str], int]] = {
    "run": (["run", "milieu-3", "--replicates", "10"], 0),
    "compare": (["compare", "milieu-3", "--set", "staff_turnover_rate=0.26",
                 "--replicates", "10"], 1),
    "levers": (["levers", "milieu-3", "--replicates", "10"], 0),
    "sweep": (["sweep", "milieu-3", "--params", "staff_turnover_rate", "mediator_presence",
               "--levels", "4", "--replicates", "3", *STUDY], 0),
    "morris": (["sensitivity", "milieu-3", "--method", "morris", "--n", "10",
                "--replicates", "2", *STUDY], 0),
    "sobol": (["sensitivity", "milieu-3", "--method", "sobol", "--n", "32", "--params",
               "staff_turnover_rate", "mediator_presence", "worker_hours",
               "--replicates", "2", *STUDY], 0),
}
"""Each screenshot: the command that makes its folder, and which chart of the report."""

CLIP = """
(n) => {
  const fig = document.querySelectorAll('.js-plotly-plot')[n];
  let top = fig.getBoundingClientRect().top;
  let el = fig.closest('div').parentElement.previousElementSibling || fig.previousElementSibling;
  for (let k = 0; k < 2 && el; k++, el = el.previousElementSibling) {
    if (el.tagName === 'P' || el.tagName === 'H2') top = el.getBoundingClientRect().top;
  }
  const box = fig.getBoundingClientRect();
  return {x: box.left - 10, y: top + window.scrollY - 10, width: box.width + 20,
          bottom: box.bottom + window.scrollY};
}
"""
"""Where the ``n``-th chart and the caption and heading above it lie on the page."""


def make_folders(root: Path) -> None:
    """Each command of :data:`SHOTS` into ``root/<kind>`` with its report (a folder kept
    from an earlier call keeps its results and gets its report written anew)."""
    for kind, (command, _) in SHOTS.items():
        folder = root / kind
        if (folder / "run.json").is_file() or (folder / "study.json").is_file():
            args = ["report", str(folder), "--out", str(folder / "report.html"), "--force"]
        else:
            args = [*command, "--out", str(folder), "--report"]
        code = hlm([*args, "--lang", "fr"])
        if code != 0:
            raise SystemExit(f"make_screenshots: {' '.join(args)} exited with {code}")


def shoot(root: Path, out: Path, height: int) -> list[Path]:
    """The screenshots of ``root``'s reports, written to ``out``."""
    from playwright.sync_api import sync_playwright  # noqa: PLC0415

    written = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True,
                                     args=["--no-sandbox", "--disable-gpu"])
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            for kind, (_, chart) in SHOTS.items():
                page.goto((root / kind / "report.html").resolve().as_uri())
                page.wait_for_selector(".js-plotly-plot .main-svg", timeout=120_000)
                page.wait_for_timeout(1000)
                box = page.evaluate(CLIP, chart)
                clip = {"x": max(box["x"], 0), "y": max(box["y"], 0), "width": box["width"],
                        "height": min(box["bottom"] - box["y"] + 10, height)}
                path = out / f"report-{kind}-fr.png"
                page.screenshot(path=str(path), clip=clip, full_page=True)
                written.append(path)
        finally:
            browser.close()
    return written


def shrink(path: Path) -> None:
    """Fewer colours, same pixels' look: a few hundred kB at most."""
    try:
        from PIL import Image  # noqa: PLC0415
    except ImportError:
        return
    with Image.open(path) as image:
        small = image.convert("RGB").quantize(colors=256, method=Image.Quantize.MEDIANCUT)
    small.save(path, optimize=True)


def main() -> None:
    """Make the folders (or reuse ``--keep``), take the pictures, shrink them."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path(__file__).parent)
    parser.add_argument("--keep", type=Path, help="make (or reuse) the folders here")
    parser.add_argument("--height", type=int, default=1100, help="pixels at most per picture")
    args = parser.parse_args()
    if not Path(CHROMIUM).exists():
        raise SystemExit(f"make_screenshots: no Chromium at {CHROMIUM}: apt-get install chromium")
    with tempfile.TemporaryDirectory() as tmp:
        root = args.keep or Path(tmp)
        make_folders(root)
        for path in shoot(root, args.out, args.height):
            shrink(path)
            print(f"{path} ({path.stat().st_size // 1024} kB)")


if __name__ == "__main__":
    main()
