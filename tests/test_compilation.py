"""Compilation is invisible to users: the cache lives in the user's cache folder, a
read-only home still runs, and the first run that compiles says so in one line."""

import json
import os
import subprocess
import sys
from pathlib import Path

import numba
import numpy as np
from tests_support import ROOT

from sim.model.hlm import HLMModel
from sim.model.rules import jit
from sim.scenario import find_scenario, load_scenario


def python(code, **env):
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False,
                          cwd=ROOT, env={**os.environ, **env}, timeout=600)


def test_the_cache_lives_in_the_user_cache_folder_keyed_by_the_rules(tmp_path):
    out = python("from sim.model.rules import jit, week; "
                 "print(jit.CACHE_FOLDER, week.run_weeks._cache._cache_path)",
                 XDG_CACHE_HOME=str(tmp_path))
    folder, rules = out.stdout.split()
    assert folder.startswith(str(tmp_path / "hlm-sim" / "numba"))
    assert rules == str(Path(folder) / "rules")
    assert not folder.startswith(str(ROOT / "sim"))


# Import numba first (as a notebook may), even told to cache elsewhere, then run the model
# briefly; report every rule's cache hits and misses.
NUMBA_FIRST = """
import numba, json
from sim.model.rules import jit
from sim.run.runner import run_once
from sim.scenario import find_scenario, load_scenario
import sim.model.rules as rules, importlib, pkgutil
run_once(load_scenario(find_scenario("milieu-1")), 0, 0, 2)
stats = {}
for info in pkgutil.iter_modules(rules.__path__):
    module = importlib.import_module(f"sim.model.rules.{info.name}")
    for name, obj in vars(module).items():
        if isinstance(obj, numba.core.dispatcher.Dispatcher) and obj.signatures:
            stats[f"{info.name}.{name}"] = (sum(obj.stats.cache_hits.values()),
                                            sum(obj.stats.cache_misses.values()))
print(json.dumps({"folder": str(jit.CACHE_FOLDER), "stats": stats}))
"""


def package_files():
    return {p.relative_to(ROOT) for p in (ROOT / "sim").rglob("*") if p.is_file()}


def test_numba_imported_first_writes_nothing_into_the_package_and_recompiles_nothing(tmp_path):
    before = package_files()
    elsewhere = tmp_path / "numba-cache-dir"
    # numba's own default (a __pycache__ beside the sources), then told to cache elsewhere
    runs = [python(NUMBA_FIRST, NUMBA_CACHE_DIR=where) for where in ("", str(elsewhere))]
    for out in runs:
        assert out.returncode == 0, out.stderr
    second = json.loads(runs[1].stdout)
    assert second["stats"], "no compiled rule ran"
    # the first process may have compiled (a cold cache); the second loads every rule
    assert {name: misses for name, (_, misses) in second["stats"].items() if misses} == {}
    assert all(hits > 0 for hits, _ in second["stats"].values())
    assert second["folder"] != "None"
    assert not second["folder"].startswith(str(ROOT))
    assert any(Path(second["folder"]).rglob("*.nbi"))
    assert not elsewhere.exists() or not any(elsewhere.rglob("*.nb*"))
    written = {p for p in package_files() - before if p.suffix in (".nbi", ".nbc")}
    assert written == set()
    assert not list((ROOT / "sim").rglob("*.nb[ic]"))


def test_an_unwritable_cache_folder_means_compiling_in_memory(tmp_path):
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the cache folder would go", encoding="utf-8")
    out = python("from sim.model.rules import jit; print(jit.CACHE_FOLDER, jit._CACHE)",
                 XDG_CACHE_HOME=str(blocked))
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == ["None", "False"]


def test_the_first_compiling_run_says_so_once(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(jit, "CACHE_FOLDER", tmp_path)
    monkeypatch.setattr(jit, "_announced", False)
    jit.announce_compilation()
    jit.announce_compilation()
    err = capsys.readouterr().err
    assert err.count("compiling the model's rules") == 1
    assert err.count("\n") == 1


def test_a_warm_cache_is_silent(tmp_path, monkeypatch, capsys):
    (tmp_path / "sim" / "rules").mkdir(parents=True)
    (tmp_path / "sim" / "rules" / "week.run_weeks-1.py312.nbi").write_bytes(b"")
    monkeypatch.setattr(jit, "CACHE_FOLDER", tmp_path)
    monkeypatch.setattr(jit, "_announced", False)
    jit.announce_compilation()
    assert capsys.readouterr().err == ""


def test_the_fingerprint_follows_the_rules_sources():
    assert len(jit._fingerprint()) == 16
    assert jit.CACHE_FOLDER is None or jit.CACHE_FOLDER.name == jit._fingerprint()


def test_a_borrowed_array_is_the_same_memory_and_holds_no_reference():
    """``jit.borrowed`` (the weekly loop's arrays without reference counts) writes through
    to the array it borrows, and neither it nor a run of the weekly loop leaves a
    reference to the state's arrays taken or released."""
    @numba.njit
    def double_in_place(a):
        b = jit.borrowed(a)
        for i in range(b.shape[0]):
            b[i] *= 2
        return b.sum()

    a = np.arange(5.0)
    before = sys.getrefcount(a)
    assert double_in_place(a) == 20.0
    assert a.tolist() == [0.0, 2.0, 4.0, 6.0, 8.0]
    assert sys.getrefcount(a) == before

    model = HLMModel(load_scenario(find_scenario("milieu-3")), 1, resident_agents=False,
                     series=False)
    state = (model.partners, model.committee_state, model.worker_state, model.residents,
             model.residents.ties, model.log)
    arrays = [a for part in state for a in part if isinstance(a, np.ndarray)]
    counts = [sys.getrefcount(a) for a in arrays]
    model.run(30)
    assert [sys.getrefcount(a) for a in arrays] == counts


_SAME_RUN = ("import json; from sim.scenario import find_scenario, load_scenario; "
             "from sim.run.runner import run_once; "
             "sc = load_scenario(find_scenario('milieu-3')).with_params(network_age_weeks=20, "
             "trust_mechanism='with_worker', staff_turnover_rate=0.6); "
             "print(json.dumps([run_once(sc, 5, r, weeks=26).summary for r in range(2)]))")


def test_the_rules_give_the_same_numbers_compiled_and_in_python():
    """With ``NUMBA_DISABLE_JIT=1`` the rules run as plain Python (to debug or trace
    them): the same runs give the same outcomes as the compiled rules. This holds the
    compiled-only helpers (``jit.borrowed``, ``jit.keep``) to being identities, and
    catches integer arithmetic that differs between numba and numpy (a shift of a
    ``uint8`` overflowed in Python)."""
    compiled = json.loads(python(_SAME_RUN).stdout)
    plain = json.loads(python(_SAME_RUN, NUMBA_DISABLE_JIT="1").stdout)
    assert plain[0]["departures_partners"] + plain[1]["departures_partners"] > 0
    for a, b in zip(compiled, plain, strict=True):
        assert a.keys() == b.keys()
        for key in a:
            both_nan = np.isnan(a[key]) and np.isnan(b[key])
            assert both_nan or abs(a[key] - b[key]) <= 1e-9 * max(1.0, abs(a[key])), key
