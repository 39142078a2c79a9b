"""The run store: resume after an interruption (stop, Ctrl-C, kill -9) without
duplicates, failed runs stored and skipped, other studies refused untouched."""

import hashlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import psutil
import pytest
from tests_support import ROOT

from sim.errors import InputError
from sim.study.analysis import run_keys
from sim.study.design import DesignSpec
from sim.study.executor import ExecutorError
from sim.study.store import RunStore
from sim.study.study import Study, run_study
from sim.study.testfunctions import ishigami_value

# One study, built the same way here and in the subprocesses that get interrupted.
STUDY = """
import math
from sim.study.design import DesignSpec, Factor
from sim.study.study import Study
def make(delay=0.0, n=32, replicates=2, fail_above=None, series=False, log=None):
    context = {"delay": delay}
    if fail_above is not None:
        context["fail_above"] = fail_above
    if log is not None:
        context["log"] = log
    factors = tuple(Factor(f"x{i}", "float", -math.pi, math.pi) for i in (1, 2, 3))
    spec = DesignSpec("sobol", factors, n, seed=99)
    return Study(spec, replicates, 3, 5, "sim.study.testfunctions:ishigami", context,
                 context, series)
"""
NS: dict = {}
exec(STUDY, NS)
make_study = NS["make"]

RUNNER = STUDY + """
import sys
from pathlib import Path
from sim.study.study import Study, run_study
try:
    run_study(make(delay=float(sys.argv[2]), log=sys.argv[4] or None), Path(sys.argv[1]),
              workers=2, chunk_runs=8, flush_seconds=float(sys.argv[3]))
except KeyboardInterrupt:
    sys.exit(130)
"""


def snapshot(folder: Path) -> dict:
    """Every file under ``folder``: size, mtime and content hash."""
    return {str(p.relative_to(folder)): (p.stat().st_size, p.stat().st_mtime_ns,
                                         hashlib.sha256(p.read_bytes()).hexdigest())
            for p in sorted(folder.rglob("*")) if p.is_file()}


def check_complete(out: Path, study) -> None:
    store = RunStore(out)
    runs = store.read_runs()
    assert not runs.key.duplicated().any()
    assert len(runs) == study.design.size * study.replicates
    planned = run_keys(store.manifest(), store.read_design())
    assert set(planned.key) == set(runs.key)
    assert (runs.status == "done").all()
    for row in runs.itertuples():
        assert row.y == ishigami_value(row.x1, row.x2, row.x3)
    assert not list(out.rglob("*.tmp"))


def start_runner(out: Path, delay: float, flush_seconds: float, log: str = ""
                 ) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-c", RUNNER, str(out), str(delay),
                             str(flush_seconds), log], cwd=ROOT, stderr=subprocess.PIPE)


def wait_for(condition, timeout=60.0):
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.05)


def test_a_study_stopped_after_some_chunks_resumes_without_duplicates(tmp_path):
    study = make_study()
    out = tmp_path / "store"
    first = run_study(study, out, workers=1, chunk_runs=10, max_chunks=3, flush_seconds=0)
    assert first.interrupted
    assert first.done == 30
    assert len(RunStore(out).read_runs(["key"])) == 30
    second = run_study(study, out, workers=1)
    assert second.skipped == 30
    assert second.done == study.design.size * study.replicates - 30
    assert second.failed == 0
    check_complete(out, study)
    third = run_study(study, out, workers=1)
    assert (third.done, third.skipped) == (0, third.total)
    check_complete(out, study)


def test_kill_9_midway_then_rerun_gives_the_full_duplicate_free_result(tmp_path):
    out = tmp_path / "store"
    proc = start_runner(out, delay=0.01, flush_seconds=0.0)
    try:
        wait_for(lambda: len(list((out / "runs").glob("part-*.parquet"))) >= 3)
        workers = psutil.Process(proc.pid).children(recursive=True)
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=10)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == -signal.SIGKILL
    # the worker processes notice their parent died and exit instead of lingering
    _, alive = psutil.wait_procs(workers, timeout=15)
    assert not alive
    study = make_study(delay=0.01)
    stored = len(RunStore(out).read_runs(["key"]))
    assert 0 < stored < study.design.size * study.replicates
    report = run_study(study, out, workers=2)
    assert report.skipped == stored
    assert report.done == study.design.size * study.replicates - stored
    check_complete(out, study)


def test_ctrl_c_stores_the_finished_runs_and_the_rerun_completes(tmp_path):
    out, log = tmp_path / "store", tmp_path / "done.log"
    proc = start_runner(out, delay=0.02, flush_seconds=3600.0, log=str(log))  # no timed flush
    try:
        wait_for(lambda: log.exists() and log.stat().st_size >= 40)  # 5 chunks finished
        assert not list((out / "runs").glob("part-*"))  # all still in memory
        proc.send_signal(signal.SIGINT)
        _, err = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 130, err.decode()
    study = make_study(delay=0.02, log=str(log))
    stored = len(RunStore(out).read_runs(["key"]))
    assert 0 < stored < study.design.size * study.replicates  # flushed on Ctrl-C
    report = run_study(study, out, workers=2)
    assert report.skipped == stored
    check_complete(out, study)


def test_a_failing_run_is_stored_as_failed_and_the_study_goes_on(tmp_path):
    study = make_study(n=8, fail_above=1.0)
    out = tmp_path / "store"
    report = run_study(study, out, workers=1)
    runs = RunStore(out).read_runs()
    failed = runs[runs.status == "failed"]
    assert report.failed == len(failed) > 0
    assert report.done == (runs.status == "done").sum() > 0
    assert report.done + report.failed == report.total == len(runs)
    assert (failed.x1 > 1.0).all()
    assert failed.error.str.startswith("ValueError: x1 = ").all()
    assert failed.y.isna().all()
    assert runs[runs.status == "done"].error.isna().all()
    again = run_study(study, out, workers=1)
    assert (again.done, again.failed, again.skipped) == (0, 0, report.total)
    assert again.skipped_failed == report.failed
    assert "stored as failed earlier" in again.line()


def test_another_study_in_the_same_folder_is_refused_and_nothing_is_touched(tmp_path):
    out = tmp_path / "store"
    run_study(make_study(n=4), out, workers=1)
    before = snapshot(out)
    for other in (make_study(n=8), make_study(n=4, replicates=3), make_study(n=4, delay=0.001)):
        with pytest.raises(InputError, match="holds a different study") as info:
            run_study(other, out, workers=1)
        assert "\n" not in str(info.value)
    assert snapshot(out) == before


def test_a_folder_with_other_files_or_a_file_is_refused(tmp_path):
    (tmp_path / "busy").mkdir()
    (tmp_path / "busy" / "notes.txt").write_text("mine")
    with pytest.raises(InputError, match="expected an empty folder or a study store"):
        run_study(make_study(n=4), tmp_path / "busy", workers=1)
    assert [p.name for p in (tmp_path / "busy").iterdir()] == ["notes.txt"]
    (tmp_path / "file").write_text("x")
    with pytest.raises(InputError, match="expected a folder, found a file"):
        run_study(make_study(n=4), tmp_path / "file", workers=1)
    with pytest.raises(InputError, match="does not exist"):
        run_study(make_study(n=4), tmp_path / "no" / "such", workers=1)


def test_a_second_process_on_the_same_store_is_refused(tmp_path):
    out = tmp_path / "store"
    run_study(make_study(n=4), out, workers=1)
    holder = RunStore(out)
    holder._take_lock()
    try:
        with pytest.raises(InputError, match="another process is running a study"):
            run_study(make_study(n=4), out, workers=1)
    finally:
        holder.close()
    assert run_study(make_study(n=4), out, workers=1).skipped == 4 * 5 * 2


def test_series_are_stored_beside_their_runs_and_orphans_are_cleaned(tmp_path):
    study = make_study(n=4, series=True)
    out = tmp_path / "store"
    run_study(study, out, workers=1, chunk_runs=10, max_chunks=2, flush_seconds=0)
    parts = sorted(p.name for p in (out / "series").iterdir())
    assert parts == sorted(p.name for p in (out / "runs").iterdir())
    orphan = out / "series" / "part-orphan-00000.parquet"
    orphan.write_bytes((out / "series" / parts[0]).read_bytes())
    run_study(study, out, workers=1)
    assert not orphan.exists()
    store = RunStore(out)
    series, runs = store.read_series(), store.read_runs(["key"])
    assert set(series.key) == set(runs.key)
    assert (series.groupby("key").size() == study.weeks + 1).all()
    assert not series.duplicated(["key", "week"]).any()


def test_the_manifest_records_what_makes_the_study(tmp_path):
    study = make_study(n=4)
    run_study(study, tmp_path / "s", workers=1)
    manifest = RunStore(tmp_path / "s").manifest()
    ident = manifest["identity"]
    assert ident["design"]["method"] == "sobol"
    assert ident["design"]["n"] == 4
    assert (ident["replicates"], ident["weeks"], ident["seed"]) == (2, 3, 5)
    assert ident["evaluator"] == "sim.study.testfunctions:ishigami"
    assert manifest["points"] == 20
    assert manifest["runs"] == 40
    assert "spawn_key=(replicate,)" in manifest["replicate_seeds"]
    assert os.path.exists(tmp_path / "s" / "design.parquet")


def test_a_dying_worker_stops_the_study_with_an_executor_error_and_keeps_the_store(tmp_path):
    factors = make_study().design.factors
    spec = DesignSpec("lhs", factors, 40, seed=4)
    crash = Study(spec, 1, 1, 5, "sim.study.testfunctions:ishigami", {"exit_above": 2.0},
                  {"exit_above": 2.0})
    with pytest.raises(ExecutorError, match="a local worker process failed: BrokenProcessPool"):
        run_study(crash, tmp_path / "crash", workers=2, chunk_runs=1, flush_seconds=0)
    assert (tmp_path / "crash" / "study.json").exists()
    assert not RunStore(tmp_path / "crash").read_runs(["key"]).key.duplicated().any()
