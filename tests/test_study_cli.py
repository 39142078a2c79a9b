"""End to end: ``hlm-sim sweep`` and ``hlm-sim sensitivity`` on milieu 3, resume, bad input."""

import hashlib
import json
import re
import subprocess
import sys

import pandas as pd
import pytest
from tests_support import ROOT

from sim.cli.main import main
from sim.outcomes import OUTCOME_NAMES
from sim.study.store import RunStore


@pytest.fixture
def hlm(capsys):
    """Call ``hlm-sim`` in this process."""
    def call(*args):
        try:
            code = main([str(a) for a in args])
        except SystemExit as exc:  # argparse's own errors
            code = int(exc.code or 0)
        out, err = capsys.readouterr()
        return subprocess.CompletedProcess(args, code, out, err)
    return call


def snapshot(folder):
    return {str(p.relative_to(folder)): (p.stat().st_size, p.stat().st_mtime_ns,
                                         hashlib.sha256(p.read_bytes()).hexdigest())
            for p in sorted(folder.rglob("*")) if p.is_file()}


SOBOL = ["sensitivity", "milieu-3", "--method", "sobol", "--params", "staff_turnover_rate",
         "mediator_presence=0.2:0.9", "--n", "4", "--replicates", "2", "--weeks", "8"]


def test_sensitivity_sobol_end_to_end_then_the_same_command_resumes(tmp_path):
    out = tmp_path / "sobol"
    command = [sys.executable, "-m", "sim.cli.main", *SOBOL, "--workers", "2", "--out", str(out),
               "--json"]
    first = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)
    assert first.returncode == 0, first.stderr
    data = json.loads(first.stdout)
    assert data["report"]["done"] == data["report"]["total"] == 4 * 4 * 2
    assert data["method"] == "sobol"
    assert data["ranked_by"] == "ST"
    analysed = {row["outcome"] for row in data["indices"]}
    assert analysed | set(data["skipped"]) == set(OUTCOME_NAMES)
    assert not analysed & set(data["skipped"])
    for row in data["indices"]:
        assert row["index"] in ("S1", "ST")
        assert row["parameter"] in ("staff_turnover_rate", "mediator_presence")
        assert {"value", "conf", "ci_low", "ci_high", "rank"} <= row.keys()
    assert "runs" in first.stderr  # progress and the summary line go to stderr
    table = pd.read_csv(out / "indices.csv")
    assert set(table["index"]) == {"S1", "ST"}
    points = pd.read_csv(out / "points.csv")
    assert len(points) == 16
    assert (points.runs_done == 2).all()
    assert RunStore(out).read_design()["mediator_presence"].between(0.2, 0.9).all()

    again = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)
    assert again.returncode == 0, again.stderr
    data2 = json.loads(again.stdout)
    assert data2["report"]["skipped"] == 32
    assert data2["report"]["done"] == 0
    assert data2["indices"] == data["indices"]
    runs = RunStore(out).read_runs(["key"])
    assert len(runs) == 32
    assert not runs.key.duplicated().any()


def test_sensitivity_morris_prints_ranked_measures_and_what_it_cannot_separate(hlm, tmp_path):
    """Morris printed 19 bare mu*/sigma tables with no sign, no unit, no explanation."""
    from sim.vocabulary import outcome_label, param_phrase  # noqa: PLC0415

    names = ("staff_turnover_rate", "worker_hours", "tie_prob")

    r = hlm("sensitivity", "milieu-3", "--method", "morris", "--params", "staff_turnover_rate",
            "worker_hours", "tie_prob", "--n", "4", "--replicates", "2", "--weeks", "10",
            "--workers", "1", "--out", tmp_path / "morris", "--quiet")
    assert r.returncode == 0, r.stderr
    assert "the parameters with the largest mu*" in r.stdout
    assert "signed mean mu" in r.stdout
    table = pd.read_csv(tmp_path / "morris" / "indices.csv")
    assert {"mu_star", "sigma", "mu"} == set(table["index"])
    data = json.loads((tmp_path / "morris" / "sensitivity.json").read_text())
    lines = r.stdout.splitlines()
    for outcome in set(table["outcome"]):
        line = next(x for x in lines if x.startswith(f"  {outcome_label(outcome, 'en')} ("))
        assert ", mu " in line  # the signed mean effect beside mu*
        # each parameter in words, never by its code name
        assert any(f"{param_phrase(p, 'en')} {sign} (mu*" in line for p in names
                   for sign in "+−±")
        assert not any(p in line for p in names)
    for pairs in data["unseparated"].values():
        assert "the intervals cannot rank: " + "; ".join(
            f"{param_phrase(a, 'en')} ~ {param_phrase(b, 'en')}" for a, b in pairs) in r.stdout
    for outcome, reason in data["skipped"].items():
        assert f"{outcome_label(outcome, 'en')}: not analysed: {reason}" in r.stdout


def test_sweep_prints_the_parameters_that_matter_with_their_sign(hlm, tmp_path):
    """`sweep` used to print only a file name."""
    r = hlm("sweep", "milieu-3", "--params", "staff_turnover_rate", "--levels", "3",
            "--replicates", "1", "--weeks", "20", "--workers", "1", "--out", tmp_path / "s",
            "--quiet", "--lang", "fr")
    assert r.returncode == 0, r.stderr
    assert "En bref : pour chaque indicateur" in r.stdout
    # some outcome names the parameter that moves it, in words, with the sign and rho
    assert re.search(r"^  [^:\n]+ : roulement du personnel [+−] \(rho ", r.stdout,
                     re.MULTILINE)
    summary = [x for x in r.stdout.splitlines() if x.startswith("  ")]
    assert summary
    assert not any("staff_turnover_rate" in x for x in summary)
    # each parameter in words, with the name --params takes for it
    assert ("Paramètres variés sur : roulement du personnel (staff_turnover_rate) "
            "0,1–0,6") in r.stdout
    assert "écrit :" in r.stdout


def test_default_design_ranges_come_from_design_range(hlm, tmp_path):
    """The default ranges were the hard bounds (turnover 0-2 a year)."""
    from sim.params import PARAMS  # noqa: PLC0415
    from sim.study.design import parse_factor  # noqa: PLC0415

    for name in ("staff_turnover_rate", "tie_prob", "vacancy_weeks"):
        f = parse_factor(name)
        assert (f.low, f.high) == PARAMS[name].design_range
    assert (parse_factor("tie_prob=0.1:0.2").low, parse_factor("tie_prob=0.1:0.2").high) == (0.1, 0.2)


def test_shared_runs_are_explained_without_jargon(hlm, tmp_path):
    r = hlm("sensitivity", "milieu-3", "--method", "morris", "--params", "staff_turnover_rate",
            "mediator_presence", "--n", "4", "--replicates", "1", "--weeks", "4",
            "--workers", "1", "--out", tmp_path / "m")
    assert r.returncode == 0, r.stderr
    assert "identical to a run of another design point" not in r.stderr
    if "not run twice" in r.stderr:
        assert "same parameter values as another point" in r.stderr


def test_sweep_grid_and_lhs_write_point_tables(hlm, tmp_path):
    r = hlm("sweep", "milieu-3", "--design", "grid", "--params", "staff_turnover_rate",
            "vacancy_weeks=2:10", "--levels", "3", "--replicates", "2", "--weeks", "6",
            "--set", "room_agreement=true", "--workers", "1", "--out", tmp_path / "grid",
            "--quiet")
    assert r.returncode == 0, r.stderr
    points = pd.read_csv(tmp_path / "grid" / "points.csv")
    assert len(points) == 9
    assert sorted(points.vacancy_weeks.unique()) == [2, 6, 10]
    assert {"isolation_rate_mean", "isolation_rate_sd", "isolation_rate_n"} <= set(points.columns)
    manifest = RunStore(tmp_path / "grid").manifest()
    assert manifest["identity"]["scenario"]["params"]["room_agreement"] is True
    r = hlm("sweep", "milieu-3", "--design", "lhs", "--params", "tie_prob", "--n", "5",
            "--replicates", "1", "--weeks", "6", "--workers", "1", "--out", tmp_path / "lhs",
            "--quiet", "--json")
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout)["report"]["done"] == 5
    assert len(pd.read_csv(tmp_path / "lhs" / "points.csv")) == 5


@pytest.fixture(scope="module")
def existing_store(tmp_path_factory):
    """A finished small Sobol study whose folder the bad commands below point at."""
    out = tmp_path_factory.mktemp("bad") / "store"
    code = main([*SOBOL, "--workers", "1", "--out", str(out), "--quiet"])
    assert code == 0
    return out


def sobol_command(method="sobol", params=("staff_turnover_rate", "mediator_presence=0.2:0.9"),
                  n="4", replicates="2", weeks="8", extra=()):
    """The command of ``existing_store``, with one thing changed."""
    return ["sensitivity", "milieu-3", "--method", method, "--params", *params, "--n", n,
            "--replicates", replicates, "--weeks", weeks, *extra]


def test_sobol_command_is_the_existing_store_command():
    assert sobol_command() == SOBOL


BAD = [
    ({"params": ["staff_turnover"]}, "unknown parameter 'staff_turnover'"),
    ({"params": ["staff_turnover_rate=0:5"]}, "outside the declared range [0, 2]"),
    ({"params": ["room_agreement"]}, "expected a numeric (float or int) parameter"),
    ({"params": ["tie_prob", "tie_prob"]}, "given twice"),
    ({"n": "3"}, "needs N a power of 2"),
    ({"n": "six"}, "--n: expected a whole number"),
    ({"method": "fast"}, "--method: expected sobol or morris"),
    ({"method": "morris", "n": "1"}, "Morris needs 2 or more trajectories"),
    ({"method": "morris", "extra": ["--levels", "3"]}, "even number of levels"),
    ({"replicates": "0"}, "--replicates: expected 1 or more"),
    ({"weeks": "x"}, "--weeks: expected a whole number"),
    ({"extra": ["--set", "staff_turnover_rate=0.5"]}, "also varied by --params"),
    ({"extra": ["--set", "room_agreement=maybe"]}, "expected true or false"),
    ({"extra": ["--workers", "0"]}, "--workers: expected 1 or more"),
    ({"extra": ["--workers", "2", "--scheduler", "tcp://127.0.0.1:1"]}, "expected one of them"),
    ({"extra": ["--scheduler", "tcp://127.0.0.1:1"]}, "cannot reach a Dask scheduler"),
    ({"n": "8"}, "holds a different study (differs in: design)"),
    ({"replicates": "3"}, "holds a different study (differs in: replicates)"),
    ({"weeks": "9"}, "holds a different study (differs in: weeks)"),
    ({"extra": ["--set", "room_agreement=true"]}, "holds a different study (differs in: scenario)"),
    ({"extra": ["--seed", "2"]}, "holds a different study (differs in: design, seed)"),
]


@pytest.mark.parametrize(("change", "message"), BAD)
def test_bad_input_is_one_line_exit_2_and_the_store_is_untouched(
        hlm, existing_store, change, message):
    before = snapshot(existing_store)
    r = hlm(*sobol_command(**change), "--out", existing_store, "--quiet")
    assert r.returncode == 2
    assert r.stdout == ""
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1, r.stderr
    assert lines[0].startswith("hlm-sim: error: ")
    assert message in lines[0]
    assert snapshot(existing_store) == before


def test_out_that_is_a_file_or_foreign_folder_is_refused(hlm, tmp_path):
    (tmp_path / "file").write_text("x")
    r = hlm(*SOBOL, "--workers", "1", "--out", tmp_path / "file", "--quiet")
    assert r.returncode == 2
    assert "expected a folder, found a file" in r.stderr
    (tmp_path / "mine").mkdir()
    (tmp_path / "mine" / "data.csv").write_text("a\n1\n")
    r = hlm(*SOBOL, "--workers", "1", "--out", tmp_path / "mine", "--quiet")
    assert r.returncode == 2
    assert "expected an empty folder or a study store" in r.stderr
    assert [p.name for p in (tmp_path / "mine").iterdir()] == ["data.csv"]


def test_missing_or_misplaced_options_are_one_line_errors(hlm, tmp_path):
    r = hlm("sensitivity", "milieu-3", "--method", "sobol", "--params", "tie_prob", "--n", "4")
    assert r.returncode == 2
    assert len(r.stderr.strip().splitlines()) == 1
    assert "--out" in r.stderr
    r = hlm("sweep", "milieu-3", "--design", "lhs", "--params", "tie_prob", "--out",
            tmp_path / "x")
    assert r.returncode == 2
    assert "--n: required with --design lhs" in r.stderr
    r = hlm("sweep", "milieu-3", "--design", "grid", "--params", "tie_prob", "--n", "4",
            "--out", tmp_path / "x")
    assert "--n: only with --design lhs" in r.stderr
    r = hlm("sweep", "milieu-3", "--design", "sobol", "--params", "tie_prob", "--out",
            tmp_path / "x")
    assert "--design: expected grid or lhs" in r.stderr
    assert not (tmp_path / "x").exists()


def test_the_scenario_by_name_or_by_path_is_the_same_study(hlm, existing_store):
    before = snapshot(existing_store)
    command = sobol_command()
    command[1] = str(ROOT / "scenarios" / "milieu-3.toml")
    r = hlm(*command, "--workers", "1", "--out", existing_store, "--quiet", "--json")
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout)["report"]["skipped"] == 32
    runs = {k: v for k, v in before.items() if k.startswith("runs/")}
    assert {k: v for k, v in snapshot(existing_store).items() if k.startswith("runs/")} == runs
