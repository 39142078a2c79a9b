"""``hlm-sim viz``: the command, and what keeps the page private and offline."""

import socket
import subprocess
import sys

import pytest
from tests_support import ROOT

from sim.app import server
from sim.cli.main import build_parser


def test_viz_is_a_subcommand_with_its_options():
    args = build_parser().parse_args(["viz", "milieu-4", "--port", "9001"])
    assert (args.scenario, args.port, args.host, args.lang) == ("milieu-4", 9001, "127.0.0.1", "fr")
    args = build_parser().parse_args(["viz"])
    assert args.scenario == "milieu-3"


def run(*argv):
    return subprocess.run([sys.executable, "-m", "sim.cli.main", *argv], cwd=ROOT, capture_output=True,
                          text=True, timeout=60, check=False)


def test_bad_input_ends_with_one_line():
    result = run("viz", "milieu-9", "--port", "8999")
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1
    assert "milieu-9" in result.stderr
    result = run("viz", "--port", "99999")
    assert result.returncode == 2
    assert "--port" in result.stderr


def test_a_port_in_use_is_reported_in_one_line():
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = run("viz", "--port", str(port))
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1
    assert str(port) in result.stderr


def test_the_environment_turns_off_telemetry_checks_and_the_cdn(tmp_path):
    env = server.private_environment("milieu-3", "fr", tmp_path)
    assert env["SOLARA_TELEMETRY_MIXPANEL_ENABLE"] == "false"
    assert env["SOLARA_MODE"] == "production"  # no solara.dev check frames
    assert env["SOLARA_ASSETS_PROXY"] == "true"
    assert env["SOLARA_ASSETS_CDN"].startswith("http://127.0.0.1:")
    assert env["SOLARA_ASSETS_PROXY_CACHE_DIR"] == str(tmp_path)
    assert env["SOLARA_APP"] == "sim.app.page:Page"


def test_the_assets_the_page_asks_for_are_installed(tmp_path):
    """Solara's Vega widget asks for vega@5, vega-lite@5 and vega-embed@6; its layout
    for vue-grid-layout and solara-vuetify-app: all must be found locally."""
    folder = server.asset_dir(server.installed_assets(), tmp_path)
    for path in ("vega@5/build/vega.min.js", "vega-lite@5/build/vega-lite.min.js",
                 "vega-embed@6/build/vega-embed.min.js", "requirejs@2.3.6/require.js",
                 "font-awesome@4.5.0/css/font-awesome.min.css"):
        assert (folder / path).is_file(), path
    assert any((folder / "@widgetti").glob("solara-vuetify-app@*/dist/solara-vuetify-app*.min.js"))
    assert any((folder / "@widgetti").glob("vue-grid-layout@*"))


@pytest.mark.parametrize("package", ["ipyvue", "ipyvuetify"])
def test_the_vue2_widgets_mesas_layout_needs(package):
    """With ipyvue/ipyvuetify 3, Mesa's main area stays empty (see mesa-notes)."""
    module = __import__(package)
    assert int(module.__version__.split(".")[0]) < 3


def test_the_asset_links_are_kept_and_reused(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    source = server.installed_assets()
    home = server.assets_home(source)
    assert home == server.assets_home(source)
    assert home.is_relative_to(tmp_path)
    first = sorted(p.name for p in server.asset_dir(source, home).iterdir())
    again = sorted(p.name for p in server.asset_dir(source, home).iterdir())  # a second start
    assert first == again
    assert "vega@5" in first
