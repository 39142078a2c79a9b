"""The package installs anywhere: a wheel, a fresh virtual environment, an empty folder.

The wheel is built from the checkout and installed, without its dependencies, into a new
virtual environment; the dependencies come from the test environment's site-packages,
added at the end of the new environment's path (the editable checkout there is not: a
path added by a ``.pth`` line has its own ``.pth`` files ignored). Then, from an empty
folder, the README's first commands run on the installed copy: the bundled milieu files,
``patterns.toml`` and the committed calibration are read as package data, and nothing
reaches into the checkout.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import sysconfig
import venv
from pathlib import Path

import pytest
from tests_support import ROOT

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> Path:
    """The ``hlm-sim`` script of a fresh environment holding only the built wheel."""
    base = tmp_path_factory.mktemp("wheel")
    wheels = base / "dist"
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(wheels),
                    str(ROOT)], check=True, capture_output=True, cwd=base)
    (wheel,) = wheels.glob("hlm_sim-*.whl")
    env_dir = base / "env"
    venv.create(env_dir, with_pip=True)
    python = env_dir / "bin" / "python"
    subprocess.run([str(python), "-m", "pip", "install", "--no-deps", "-q", str(wheel)],
                   check=True, capture_output=True)
    site = subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                          check=True, capture_output=True, text=True).stdout.strip()
    (Path(site) / "test-dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    return env_dir / "bin" / "hlm-sim"


def _run(script: Path, folder: Path, *args: str, verdict: bool = False) -> subprocess.CompletedProcess[str]:
    """Run ``hlm-sim args`` in ``folder``; exit 0, or 1 where the command gives a verdict
    (``patterns``, ``validate``: 1 when a pattern fails)."""
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    done = subprocess.run([str(script), *args], check=False, cwd=folder, env=env, capture_output=True,
                          text=True, timeout=600)
    assert done.returncode in ((0, 1) if verdict else (0,)), f"hlm-sim {' '.join(args)}: {done.stderr[-2000:]}"
    assert "Traceback" not in done.stderr
    return done


def test_the_installed_package_is_not_the_checkout(installed, tmp_path):
    python = installed.parent / "python"
    code = ("import sim, sim.data as d; print(sim.__file__); print(d.scenarios_folder()); "
            "print(d.calibration_folder())")
    where = subprocess.run([str(python), "-c", code],
                           cwd=tmp_path, capture_output=True, text=True, check=True).stdout.split()
    assert all(str(ROOT) not in line for line in where), where
    assert all("site-packages" in line for line in where), where


def test_the_readme_commands_run_from_an_empty_folder(installed, tmp_path):
    run = _run(installed, tmp_path, "run", "milieu-1", "--weeks", "20", "--replicates", "2",
               "--out", "m1", "--json")
    assert json.loads(run.stdout)["passages"]  # read from the installed milieu file
    patterns = _run(installed, tmp_path, "patterns", "--replicates", "4", "--json", verdict=True)
    assert {p["id"] for p in json.loads(patterns.stdout)} >= {"first-three-moments-documented"}
    validate = _run(installed, tmp_path, "validate", "milieu-4", "--replicates", "4", "--json",
                    verdict=True)
    assert json.loads(validate.stdout)["posterior"]  # the committed calibration, installed
    _run(installed, tmp_path, "compare", "milieu-3", "--set", "staff_turnover_rate=0.7",
         "--posterior", "--weeks", "20",
         "--replicates", "2")
    _run(installed, tmp_path, "report", "m1")
    assert (tmp_path / "m1" / "report.html").stat().st_size > 10_000
    assert sorted(p.name for p in tmp_path.iterdir()) == ["m1"]  # nothing else written here
