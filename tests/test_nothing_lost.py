"""Issue 23, nothing lost, nothing mixed: calibration folders that belong to one
calibration, outputs written whole under a lock, damaged files named in one line,
failures before work, and scenario files fuzzed.

The concurrency cases run two real processes: the first holds the folder, the second
must be refused in one line.
"""

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tests_support import ROOT

from sim.calibration.fit import Settings, calibrate, meta_record
from sim.calibration.folder import read_stages
from sim.calibration.posterior import load_posterior
from sim.calibration.problem import Problem
from sim.cli.main import main
from sim.errors import InputError
from sim.files import FolderLock, write_text
from sim.scenario import SCENARIO_DIR, load_scenario

COMMITTED = max((ROOT / "calibration").glob("2026-*/calibration.json")).parent
HLM = [sys.executable, "-m", "sim.cli.main"]


def tiny_problem(replicates: int = 2) -> Problem:
    """Two parameters of milieu 3, 12 weeks (as tests/test_calibration.py's)."""
    return Problem(replicates=replicates, shared=("tie_prob", "trust_gain"), per_milieu=(),
                   milieux=("milieu-3",), week=12, observe=("mean_ties", "resident_trust"),
                   fixed={"network_age_weeks": 0})


def one_line(capsys) -> str:
    err = capsys.readouterr().err
    assert err.count("\n") == 1, err
    assert "Traceback" not in err
    return err


def wait_for_holder(folder: Path, what: str) -> None:
    """Wait until a process holds ``folder`` (its lock file says what it is doing)."""
    deadline = time.monotonic() + 120
    lock = folder / ".lock"
    while time.monotonic() < deadline:
        if lock.exists() and lock.read_text(encoding="utf-8") == what:
            return
        time.sleep(0.05)
    raise AssertionError(f"no process came to hold {folder}")


# --- 1. a calibration folder belongs to one calibration --------------------------------
def started_folder(folder: Path, problem: Problem, settings: Settings) -> Path:
    """A calibration folder as a killed calibration leaves it: its record, no run yet."""
    folder.mkdir()
    (folder / "calibration.json").write_text(json.dumps(meta_record(problem, settings)),
                                             encoding="utf-8")
    return folder


def test_a_resume_with_other_settings_is_refused_naming_what_differs(tmp_path):
    """It used to exit 0, and calibration.json then claimed settings its particles did
    not carry."""
    problem = tiny_problem()
    folder = started_folder(tmp_path / "cal", problem, Settings(population=6, workers=1))
    before = (folder / "calibration.json").read_bytes()
    other = Problem(replicates=4, shared=problem.shared, per_milieu=(), milieux=problem.milieux,
                    week=12, observe=problem.observe, fixed=problem.fixed,
                    priors={"tie_prob": (0.02, 0.05)})
    with pytest.raises(InputError) as info:
        calibrate(other, folder, Settings(population=8, workers=1), say=lambda _: None)
    text = str(info.value)
    assert "\n" not in text
    assert text.startswith(f"{folder}: holds a calibration with other settings (")
    assert "replicates 2 -> 4" in text
    assert "population 6 -> 8" in text
    assert "priors.tie_prob [0.005, 0.1] -> [0.02, 0.05]" in text
    assert "--force" in text
    assert (folder / "calibration.json").read_bytes() == before
    assert sorted(p.name for p in folder.iterdir()) == [".lock", "calibration.json"]


def test_force_continues_with_other_settings_says_so_and_records_it(tmp_path):
    problem = tiny_problem()
    observed = problem.statistics({"tie_prob": 0.06, "trust_gain": 0.15},
                                  {"mediation_mechanism": "framing", "trust_mechanism": "with_worker"})
    folder = started_folder(tmp_path / "cal", problem,
                            Settings(population=6, workers=1, mechanisms=(0,), observed=observed))
    said: list[str] = []
    calibrate(problem, folder, Settings(population=5, generations=1, workers=1, mechanisms=(0,),
                                        observed=observed), say=said.append, force=True)
    assert any(line.startswith("calibrate: --force: continuing") and "population 6 -> 5" in line
               for line in said)
    meta = json.loads((folder / "calibration.json").read_text(encoding="utf-8"))
    assert meta["settings"]["population"] == 5
    assert meta["forced"][0]["changed"] == ["population 6 -> 5"]
    assert (folder / "particles.csv").is_file()


@pytest.mark.parametrize(("make", "message"), [
    (lambda p: (p.mkdir(), (p / "run.json").write_text("{}")), "found run.json and no calibration.json"),
    (lambda p: p.write_text("x"), "expected a calibration folder, found a file"),
    (lambda p: None, "the parent folder .* does not exist"),
])
def test_calibrate_out_refuses_another_folder_a_file_or_a_missing_parent(tmp_path, capsys, make,
                                                                          message):
    """Into a run's folder it wrote beside run.json; into a missing parent it created
    the path; onto a file it ended in FileExistsError."""
    target = tmp_path / "target" if "parent" not in message else tmp_path / "no" / "target"
    make(target)
    before = sorted(tmp_path.rglob("*"))
    assert main(["calibrate", "--population", "6", "--out", str(target)]) == 2
    assert re.search(message, one_line(capsys))
    assert sorted(tmp_path.rglob("*")) == before


def test_a_second_calibrate_in_the_same_folder_is_refused(tmp_path):
    """Two calibrate --out SAME both exited 0 and interleaved two ABC runs in pyabc.db."""
    folder = tmp_path / "cal"
    args = ["calibrate", "--population", "6", "--replicates", "2", "--generations", "1",
            "--workers", "1", "--out", str(folder)]
    first = subprocess.Popen([*HLM, *args], stderr=subprocess.PIPE, text=True, cwd=tmp_path,
                             start_new_session=True)
    try:
        wait_for_holder(folder, "running a calibration")
        second = subprocess.run([*HLM, *args], capture_output=True, text=True, cwd=tmp_path,
                                timeout=120, check=False)
    finally:
        os.killpg(first.pid, signal.SIGKILL)
        first.wait()
    assert second.returncode == 2, second.stderr
    assert second.stderr.strip().endswith("another process is running a calibration in this "
                                          "folder; wait for it or choose another folder")
    assert second.stderr.count("\n") == 1


# --- 2. atomic outputs under a lock -----------------------------------------------------
@contextmanager
def held(folder: Path, what: str = "running hlm-sim run"):
    """Another process holding ``folder``'s lock (a real process, not a thread)."""
    code = ("import sys, time\nfrom pathlib import Path\nfrom sim.files import FolderLock\n"
            "lock = FolderLock(Path(sys.argv[1]), sys.argv[2]).acquire()\n"
            "print('held', flush=True)\ntime.sleep(120)\n")
    proc = subprocess.Popen([sys.executable, "-c", code, str(folder), what],
                            stdout=subprocess.PIPE, text=True)
    try:
        assert proc.stdout is not None
        assert proc.stdout.readline().strip() == "held"
        yield proc
    finally:
        proc.kill()
        proc.wait()


def test_two_runs_into_one_folder_the_second_is_refused(tmp_path):
    """Both said "wrote" and the last writer won: the check came before the write, with
    no lock. Now the first holds the folder from its check to its last write."""
    out = tmp_path / "out"
    args = ["run", "milieu-3", "--replicates", "400", "--weeks", "156", "--out", str(out)]
    first = subprocess.Popen([*HLM, *args], stderr=subprocess.DEVNULL)
    try:
        wait_for_holder(out, "running hlm-sim run")
        second = subprocess.run([*HLM, *args[:-2], "--replicates", "2", "--weeks", "4", "--out",
                                 str(out)], capture_output=True, text=True, timeout=120,
                                check=False)
    finally:
        first.kill()
        first.wait()
    assert second.returncode == 2
    assert "another process is running hlm-sim run in this folder" in second.stderr
    assert not (out / "run.json").exists()


def test_compare_waits_for_no_one_and_refuses_a_held_folder(tmp_path, capsys):
    out = tmp_path / "out"
    with held(out, "running a study"):
        assert main(["compare", "milieu-3", "--set", "tie_prob=0.05", "--replicates", "2",
                     "--weeks", "3", "--out", str(out)]) == 2
    assert "another process is running a study in this folder" in one_line(capsys)
    assert main(["compare", "milieu-3", "--set", "tie_prob=0.05", "--replicates", "2",
                 "--weeks", "3", "--out", str(out)]) == 0
    assert (out / "run.json").is_file()


def test_a_failed_write_leaves_the_earlier_files_whole(tmp_path):
    """run left 3 of its 4 files when the fourth could not be written."""
    from sim.run.output import write_outputs  # noqa: PLC0415

    out = tmp_path / "out"
    write_outputs(out, {"a.csv": {"v": 1}, "run.json": {"v": 1}})
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    with pytest.raises(TypeError):  # run.json cannot be written: a.csv stays the old one
        write_outputs(out, {"a.csv": {"v": 2}, "run.json": {"v": object()}})
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before  # no temporary file left


def test_write_atomic_replaces_whole_or_not_at_all(tmp_path):
    from sim.files import write_atomic  # noqa: PLC0415

    path = tmp_path / "f.txt"
    write_text(path, "old\n")

    def half(tmp: Path) -> None:
        tmp.write_text("ne")
        raise OSError(28, "No space left on device")

    with pytest.raises(OSError):
        write_atomic(path, half)
    assert path.read_text() == "old\n"
    assert [p.name for p in tmp_path.iterdir()] == ["f.txt"]


def test_report_out_refuses_a_file_that_is_not_a_report_of_the_folder(tmp_path, capsys):
    """report DIR --out EXISTING.html overwrote an unrelated file."""
    out = tmp_path / "run"
    assert main(["run", "milieu-3", "--replicates", "2", "--weeks", "3", "--out", str(out)]) == 0
    capsys.readouterr()
    other = tmp_path / "notes.html"
    other.write_text("<p>my notes</p>")
    assert main(["report", str(out), "--out", str(other)]) == 2
    assert "expected a new file or a report of" in one_line(capsys)
    assert other.read_text() == "<p>my notes</p>"
    mine = tmp_path / "mine.html"
    assert main(["report", str(out), "--out", str(mine)]) == 0
    assert main(["report", str(out), "--out", str(mine)]) == 0  # its own report: replaced
    assert main(["report", str(out), "--out", str(other), "--force"]) == 0
    assert "hlm-sim-report" in other.read_text()


# --- 3. every file read is checked ------------------------------------------------------
def posterior_copy(tmp_path: Path) -> Path:
    folder = tmp_path / COMMITTED.name
    shutil.copytree(COMMITTED, folder)
    return folder


def truncate(path: Path) -> None:
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2 + 7])


@pytest.mark.parametrize(("damage", "message"), [
    (truncate, "particles.csv: truncated posterior particles"),
    (lambda p: p.write_bytes(b""), "particles.csv: expected the calibration's posterior particles, found an empty file"),
    (lambda p: p.write_bytes(bytes(range(256)) * 4), "particles.csv: expected the calibration's posterior particles (CSV text), found binary data"),
    (lambda p: p.write_text(p.read_text().replace("weight", "wait", 1)), "particles.csv: expected the calibration's posterior particles with columns mechanism, weight, found no weight"),
    (lambda p: p.write_text(p.read_text().replace("with_employer,0.", "with_employer,nan0.", 1)), "particles.csv: damaged posterior particles: line 2, column weight: expected a finite number"),
    (lambda p: p.write_text("a,b\n1,2\n"), "found no mechanism, weight"),
])
def test_damaged_particles_are_named_in_one_line(tmp_path, damage, message):
    """ValueError (NaN to integer), EmptyDataError, UnicodeDecodeError, KeyError before."""
    folder = posterior_copy(tmp_path)
    damage(folder / "particles.csv")
    with pytest.raises(InputError) as info:
        load_posterior(folder)
    assert "\n" not in str(info.value)
    assert str(info.value).startswith(str(folder / "particles.csv"))
    assert message in str(info.value)


@pytest.mark.parametrize(("name", "content", "message"), [
    ("calibration.json", b'{"model_version": "0.1', "calibration.json: damaged or truncated settings record"),
    ("calibration.json", b"[1, 2]", "calibration.json: expected the calibration's settings record (a JSON object), found list"),
    ("calibration.json", b"\xff\xfe\x00", "calibration.json: expected the calibration's settings record (JSON), found binary data"),
    ("stages.json", b'{"run": 1, "gener', "stages.json: damaged or truncated stages record"),
    ("stages.json", b'{"run": "one"}', "stages.json: expected a run number"),
])
def test_damaged_records_are_named_in_one_line(tmp_path, name, content, message):
    folder = posterior_copy(tmp_path)
    (folder / name).write_bytes(content)
    with pytest.raises(InputError) as info:
        (load_posterior if name == "calibration.json" else read_stages)(folder)
    assert message in str(info.value)
    assert "\n" not in str(info.value)


def test_a_resume_over_a_truncated_stages_file_is_refused_in_one_line(tmp_path, capsys):
    problem = tiny_problem()
    folder = started_folder(tmp_path / "cal", problem, Settings(population=6, workers=1))
    (folder / "stages.json").write_text('{"run": 1, "fin')
    with pytest.raises(InputError, match=r"stages.json: damaged or truncated stages record"):
        calibrate(problem, folder, Settings(population=6, workers=1), say=lambda _: None)


def run_folder(tmp_path: Path, capsys) -> Path:
    out = tmp_path / "run"
    assert main(["run", "milieu-3", "--replicates", "3", "--weeks", "4", "--out", str(out)]) == 0
    capsys.readouterr()
    return out


def test_report_refuses_a_run_folder_whose_tables_are_cut_short(tmp_path, capsys):
    """A summary.csv with 6 of 45 lines gave a report and exit 0."""
    out = run_folder(tmp_path, capsys)
    summary = out / "summary.csv"
    whole = summary.read_bytes()
    summary.write_bytes(b"".join(whole.splitlines(keepends=True)[:6]))
    assert main(["report", str(out)]) == 2
    from sim.outcomes import OUTCOME_NAMES  # noqa: PLC0415

    expected = f"summary.csv: expected {len(OUTCOME_NAMES)} rows (one row per outcome), found 5"
    assert expected in one_line(capsys)
    assert not (out / "report.html").exists()
    summary.write_bytes(whole)
    series = out / "series.csv"
    series.write_bytes(series.read_bytes()[:-10])
    assert main(["report", str(out)]) == 2
    assert "series.csv: truncated (its last line is cut short)" in one_line(capsys)


def test_report_refuses_a_sweep_whose_points_are_cut_short(tmp_path, capsys):
    """A truncated points.csv ended in TypeError: ufunc 'isfinite' not supported."""
    out = tmp_path / "sweep"
    assert main(["sweep", "milieu-3", "--params", "tie_prob", "--levels", "3", "--replicates",
                 "2", "--weeks", "3", "--workers", "1", "--quiet", "--out", str(out)]) == 0
    capsys.readouterr()
    points = out / "points.csv"
    data = points.read_bytes()
    points.write_bytes(data[: len(data) - 20])
    assert main(["report", str(out)]) == 2
    assert "points.csv: truncated (its last line is cut short)" in one_line(capsys)
    points.write_bytes(b"".join(data.splitlines(keepends=True)[:2]))
    assert main(["report", str(out)]) == 2
    assert "points.csv: expected 3 rows (study.json: 3 design points), found 1" in one_line(capsys)


# --- 4. failures before work ------------------------------------------------------------
@pytest.mark.parametrize("argv", [
    ["calibrate", "--max-minutes", "nan"],
    ["calibrate", "--max-minutes", "inf"],
    ["calibrate", "--min-epsilon=-inf"],
    ["calibrate", "--min-epsilon", "nan"],
    ["calibrate", "--max-minutes", "0"],
])
def test_number_options_refuse_nan_and_infinity(tmp_path, capsys, argv):
    """calibrate --max-minutes nan used to create three files first."""
    with pytest.raises(SystemExit) as info:
        main([*argv, "--out", str(tmp_path / "cal")])
    assert info.value.code == 2
    assert "expected a" in one_line(capsys)
    assert not (tmp_path / "cal").exists()


def test_a_path_the_file_system_refuses_fails_before_any_run(tmp_path, capsys):
    """A non-UTF-8 byte ended in UnicodeEncodeError with 3 of 4 files written, and a
    rerun was refused as 'earlier results'."""
    bad = os.fsdecode(os.fsencode(tmp_path) + b"/caf\xe9")
    for argv in (["run", "milieu-3", "--replicates", "2", "--weeks", "3", "--out", bad],
                 ["sweep", "milieu-3", "--params", "tie_prob", "--levels", "2", "--replicates",
                  "1", "--weeks", "2", "--quiet", "--out", bad],
                 ["calibrate", "--out", bad]):
        assert main(argv) == 2
        assert "the file system refuses its name: expected valid UTF-8" in one_line(capsys)
        assert list(tmp_path.iterdir()) == []


@contextmanager
def read_only(folder: Path):
    """``folder`` made read-only, for root too (immutable) when run as root."""
    if os.geteuid() == 0:
        subprocess.run(["chattr", "+i", str(folder)], check=True)
    else:
        folder.chmod(0o555)
    try:
        yield
    finally:
        if os.geteuid() == 0:
            subprocess.run(["chattr", "-i", str(folder)], check=True)
        else:
            folder.chmod(0o755)


def test_a_read_only_parent_fails_before_any_run(tmp_path, capsys):
    """A read-only --out parent ended in PermissionError after every replicate ran."""
    parent = tmp_path / "ro"
    parent.mkdir()
    with read_only(parent):
        started = time.monotonic()
        assert main(["run", "milieu-3", "--replicates", "50", "--weeks", "156", "--out",
                     str(parent / "out")]) == 2
        assert time.monotonic() - started < 5
        assert "cannot be written (permission denied)" in one_line(capsys)
        assert main(["report", str(COMMITTED), "--out", str(parent / "r.html")]) == 2
        capsys.readouterr()
    assert list(parent.iterdir()) == []


def test_the_lock_is_one_mechanism_for_every_folder(tmp_path):
    from sim.study.store import RunStore  # noqa: PLC0415

    with FolderLock(tmp_path / "x", "running a calibration"):
        store = RunStore(tmp_path / "x")
        with pytest.raises(InputError, match="another process is running a calibration in this"):
            store._take_lock()
    store._take_lock()  # free again
    store.close()


# --- 5. scenario files, fuzzed ----------------------------------------------------------
sys.path.insert(0, str(ROOT / "benchmarks"))
import tomllib  # noqa: E402

from bench_fuzz_scenarios import EXTREMES, parent_of, paths, toml_text  # noqa: E402

BUNDLED = {p.name: tomllib.loads(p.read_text(encoding="utf-8"))
           for p in sorted(SCENARIO_DIR.glob("*.toml"))}
VALUES = st.one_of(st.sampled_from(EXTREMES), st.floats(), st.integers(-(2**63), 2**63 - 1),
                   st.text(max_size=12), st.booleans(), st.lists(st.integers(0, 500), max_size=3),
                   st.none())


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_mutated_scenario_files_load_or_fail_in_one_line(tmp_path, data):
    name = data.draw(st.sampled_from(sorted(BUNDLED)))
    doc = tomllib.loads(toml_text(BUNDLED[name]))
    for _ in range(data.draw(st.integers(1, 3))):
        found = paths(doc)
        if not found:
            break
        path = data.draw(st.sampled_from(found))
        value = data.draw(VALUES)
        parent = parent_of(doc, path)
        if value is None:
            del parent[path[-1]]
        else:
            parent[path[-1]] = value
    file = tmp_path / "fuzzed.toml"
    file.write_text(toml_text(doc), encoding="utf-8")
    bundled = tuple(map(str, SCENARIO_DIR.glob("*.toml")))
    message = ""
    try:
        scenario = load_scenario(file)
    except InputError as exc:
        message = str(exc)
    if message:  # one line, opening with the file at fault (it, or the bundled one it extends)
        assert "\n" not in message
        assert message.split(": ", 1)[0] in (str(file), *bundled)
    else:
        assert abs(sum(scenario.household_mix) - 1) < 1e-6
