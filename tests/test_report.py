"""The HTML reports: every kind produced from stored tables, parsed, offline, in French."""

import json
import re

import pandas as pd
import pytest

from sim.cli.main import main
from sim.outcomes import OUTCOME_NAMES
from sim.report.html import build_report, detect_kind
from sim.scenario import find_scenario, load_scenario
from sim.stages import WHO, stage_moves

PLOTLY_CALL = re.compile(r'Plotly\.newPlot\(\s*"[^"]+",\s*')
BUNDLE = re.compile(r'<script type="text/javascript">.*?</script>', re.DOTALL)


def traces(document: str) -> list[dict]:
    """Every plotly trace of a report, decoded from its ``Plotly.newPlot`` calls."""
    decoder = json.JSONDecoder()
    found = []
    for match in PLOTLY_CALL.finditer(document):
        data, _ = decoder.raw_decode(document, match.end())
        found += data
    return found


def visible(document: str) -> str:
    """The report without the embedded plotly.js bundle (its own code and strings)."""
    return BUNDLE.sub("", document, count=1)


def hlm(*args) -> int:
    return main([str(a) for a in args])


@pytest.fixture(scope="module")
def folders(tmp_path_factory):
    """One small output folder of each kind, each with its report (--report)."""
    root = tmp_path_factory.mktemp("reports")
    common = ["--weeks", 16, "--replicates", 3, "--report"]
    assert hlm("run", "milieu-3", *common, "--out", root / "run") == 0
    assert hlm("compare", "milieu-3", "--set", "staff_turnover_rate=1.2", *common,
               "--out", root / "compare") == 0
    study = ["--replicates", 1, "--weeks", 12, "--workers", 1, "--quiet", "--report"]
    assert hlm("sweep", "milieu-3", "--params", "staff_turnover_rate", "mediator_presence",
               "--levels", 2, *study, "--out", root / "sweep") == 0
    assert hlm("sensitivity", "milieu-3", "--method", "morris", "--n", 3, "--params",
               "staff_turnover_rate", "mediator_presence", *study, "--out", root / "morris") == 0
    assert hlm("sensitivity", "milieu-3", "--method", "sobol", "--n", 4, "--params",
               "staff_turnover_rate", "mediator_presence", *study, "--out", root / "sobol") == 0
    return root


EXPECTED = {
    "run": {"scatter", "sankey"},
    "compare": {"scatter"},
    "sweep": {"heatmap"},
    "morris": {"bar"},
    "sobol": {"bar"},
}


@pytest.mark.parametrize("kind", list(EXPECTED))
def test_every_report_kind_holds_its_traces_offline(folders, kind):
    document = (folders / kind / "report.html").read_text(encoding="utf-8")
    assert document.startswith("<!DOCTYPE html>")
    assert EXPECTED[kind] <= {t["type"] for t in traces(document)}
    # plotly.js is inline: no script, style or image is fetched from anywhere
    assert not re.search(r"<(script|link|img|iframe)[^>]+(src|href)=", document)
    assert "cdn.plot.ly/plotly" not in document
    assert not re.findall(r"https?://", visible(document))
    assert '<html lang="fr">' in document  # French by default
    assert "Ce qui a été simulé" in document
    assert "Nouvelles pratiques sociales 33(1), 2022" in document


def test_run_report_has_two_sankeys_and_bands_and_the_passages(folders):
    document = (folders / "run" / "report.html").read_text(encoding="utf-8")
    sankeys = [t for t in traces(document) if t["type"] == "sankey"]
    assert len(sankeys) == 2  # partners, then households
    assert any("enrôlé" in label for label in sankeys[0]["node"]["label"])
    assert any("rejoints" in label for label in sankeys[1]["node"]["label"])
    assert any(t.get("fill") == "toself" for t in traces(document))  # the 10-90% bands
    assert "[S] « pour le milieu 3" in document
    assert "graine" in document.lower()


def test_compare_report_shows_directions_and_the_overlay(folders):
    document = (folders / "compare" / "report.html").read_text(encoding="utf-8")
    assert "mieux/pareil/pire" in document
    groups = {t["legendgroup"]: t["legendgrouptitle"]["text"] for t in traces(document)
              if t.get("showlegend") and "legendgrouptitle" in t}
    assert groups["base"] == "Base : Milieu 3 tel quel"
    assert groups["variant"].startswith("Variante : Milieu 3, roulement du personnel")
    before = load_scenario(find_scenario("milieu-3")).params["staff_turnover_rate"]
    assert groups["variant"].endswith(f"{before:g} → 1,2".replace(".", ","))  # French decimals


@pytest.mark.parametrize("kind", list(EXPECTED))
def test_french_reports_name_no_outcome_by_its_identifier(folders, kind):
    text = visible((folders / kind / "report.html").read_text(encoding="utf-8"))
    for name in OUTCOME_NAMES:
        assert name not in text, name


def test_report_command_writes_english_on_request(folders, tmp_path):
    out = tmp_path / "run-en.html"
    assert hlm("report", folders / "run", "--out", out, "--lang", "en") == 0
    document = out.read_text(encoding="utf-8")
    assert '<html lang="en">' in document
    assert "What was run" in document
    assert detect_kind(folders / "sobol") == "sensitivity"


def test_report_of_a_folder_without_results_is_one_line(tmp_path, capsys):
    assert hlm("report", tmp_path) == 2
    err = capsys.readouterr().err.strip()
    assert err.count("\n") == 0
    assert "expected run.json (run, compare) or study.json (sweep, sensitivity)" in err
    assert not (tmp_path / "report.html").exists()


def test_report_needs_out(capsys):
    assert hlm("run", "milieu-3", "--weeks", 2, "--replicates", 1, "--report") == 2
    assert "--report: expected --out DIR" in capsys.readouterr().err


def test_the_sankeys_draw_the_recorded_moves(folders, tmp_path):
    """Each link is the recorded total of one move (mean per replicate) over the window
    of weeks chosen: the whole run by default, or the weeks asked for."""
    series = pd.read_csv(folders / "run" / "series.csv")
    for weeks, (first, last) in ((None, (0, 16)), ([4, 12], (4, 12))):
        out = build_report(folders / "run", tmp_path / f"r{first}.html", "en", sankey_weeks=weeks)
        document = out.read_text()
        assert f"after week {first} up to week {last}" in document
        sankeys = [t for t in traces(document) if t["type"] == "sankey"]
        for who, sankey in zip(WHO, sankeys, strict=True):
            window = series[(series["week"] > first) & (series["week"] <= last)]
            expected = {(a, b): window[column].sum() / series["replicate"].nunique()
                        for a, b, column in stage_moves(who)
                        if window[column].sum() > 0}
            link = sankey["link"]
            drawn = dict(zip(zip(link["source"], link["target"], strict=True), link["value"],
                             strict=True))
            assert drawn == pytest.approx(expected), who
            assert drawn  # the check can fail: something moved in 16 weeks


@pytest.mark.browser
def test_run_report_draws_offline_in_chromium(folders):
    """Opened from disk, the report draws its charts and asks nothing of the network."""
    from pathlib import Path  # noqa: PLC0415

    from test_browser import CHROMIUM, FLAGS  # noqa: PLC0415

    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium is not at {CHROMIUM}: apt-get install chromium")
    from playwright.sync_api import sync_playwright  # noqa: PLC0415

    requests: list[str] = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=FLAGS, headless=True)
        try:
            page = browser.new_page()
            page.on("request", lambda request: requests.append(request.url))
            page.goto((folders / "run" / "report.html").as_uri())
            page.wait_for_selector(".sankey", timeout=60_000)
            drawn = page.locator(".js-plotly-plot").count()
        finally:
            browser.close()
    assert drawn >= 3  # weekly series and the two Sankeys
    assert [u for u in requests if not u.startswith(("file:", "data:", "blob:"))] == []
