"""End-to-end runs of the ``hlm-sim`` command: outputs, determinism, bad input."""

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest
from tests_support import ROOT

from sim.cli.main import main
from sim.outcomes import OUTCOME_NAMES
from sim.params import PARAMS
from sim.scenario import find_scenario, load_scenario


@pytest.fixture
def hlm(capsys):
    """Call ``hlm-sim`` in this process (the entry point itself is tested below)."""
    def call(*args):
        try:
            code = main([str(a) for a in args])
        except SystemExit as exc:  # argparse's own usage errors
            code = int(exc.code or 0)
        out, err = capsys.readouterr()
        return subprocess.CompletedProcess(args, code, out, err)
    return call


def test_run_json_is_one_object_with_every_outcome_and_the_structure(hlm):
    r = hlm("run", "milieu-3", "--weeks", 20, "--replicates", 3, "--json")
    assert r.returncode == 0, r.stderr
    data = json.loads(r.stdout)
    assert {row["outcome"] for row in data["summary"]} == set(OUTCOME_NAMES)
    for row in data["summary"]:
        assert {"mean", "ci_low", "ci_high"} <= row.keys()
    assert data["structure"]["hlm"] == 1
    assert data["structure"]["workers"] == 1
    assert data["seed"] == 1
    assert data["replicates"] == 3
    assert "runs" in r.stderr  # progress goes to stderr


def test_same_seed_same_output_and_seed_changes_it(hlm):
    a = hlm("run", "milieu-2", "--weeks", 15, "--replicates", 2, "--seed", 5, "--json")
    b = hlm("run", "milieu-2", "--weeks", 15, "--replicates", 2, "--seed", 5, "--json")
    c = hlm("run", "milieu-2", "--weeks", 15, "--replicates", 2, "--seed", 6, "--json")
    assert a.stdout == b.stdout
    assert json.loads(a.stdout)["summary"] != json.loads(c.stdout)["summary"]


def test_run_out_writes_series_replicates_and_run_json(hlm, tmp_path):
    out = tmp_path / "run"
    r = hlm("run", "milieu-1", "--weeks", 12, "--replicates", 2, "--set", "vacancy_weeks=2", "--out", out)
    assert r.returncode == 0, r.stderr
    series = pd.read_csv(out / "series.csv")
    assert len(series) == 2 * 13
    assert set(OUTCOME_NAMES) <= set(series.columns)
    reps = pd.read_csv(out / "replicates.csv")
    assert list(reps["replicate"]) == [0, 1]
    meta = json.loads((out / "run.json").read_text())
    assert meta["scenario"]["params"]["vacancy_weeks"] == 2
    assert meta["set"] == {"vacancy_weeks": 2}
    assert meta["hlm_sim_version"]
    assert "Milieu 1" in r.stdout  # the readable summary still goes to stdout


def test_compare_is_paired_and_reports_the_share_better(hlm):
    r = hlm("compare", "milieu-3", "--set", "staff_turnover_rate=1.5", "--weeks", 40,
            "--replicates", 6, "--json")
    assert r.returncode == 0, r.stderr
    rows = {row["outcome"]: row for row in json.loads(r.stdout)["contrast"]}
    assert set(rows) == set(OUTCOME_NAMES)
    # turnover at 1.5 a year, three times the milieu's calibrated rate, means more
    # departures of representatives on average (the direction of other outcomes, such as
    # stage fallbacks, depends on the milieu's calibrated values)
    departures = rows["departures_partners"]
    assert departures["difference"] > 0
    assert departures["n"] == 6
    assert departures["better"] + departures["same"] + departures["worse"] == 6
    assert departures["share_better"] < 0.5  # fewer departures is better: mostly worse here
    assert 0.0 <= rows["isolation_rate"]["share_better"] <= 1.0


def test_compare_against_equal_scenario_gives_zero_differences(hlm):
    """Common random numbers: the same scenario against itself differs by exactly zero."""
    r = hlm("compare", "milieu-4", "--against", "milieu-4", "--weeks", 20, "--replicates", 3, "--json")
    assert r.returncode == 0, r.stderr
    for row in json.loads(r.stdout)["contrast"]:
        assert row["difference"] in (0.0, None)


def test_params_lists_every_declaration_with_the_scenario_value(hlm):
    r = hlm("params", "milieu-4", "--json")
    assert r.returncode == 0, r.stderr
    rows = {row["name"]: row for row in json.loads(r.stdout)}
    assert set(rows) == set(PARAMS)
    assert rows["worker_employer"]["value"] == "ciusss"
    assert rows["staff_turnover_rate"]["unit"] == "departures/person/year"
    assert rows["staff_turnover_rate"]["label"] == "staff turnover"
    fr = hlm("params", "--lang", "fr")
    assert "staff_turnover_rate : roulement du personnel = " in fr.stdout  # the short name, French colon
    assert "Taux annuel de départ" in fr.stdout  # and the meaning


@pytest.mark.parametrize(("args", "message"), [
    (["run", "nowhere.toml"], "nowhere.toml: no such scenario file"),
    (["run", "milieu-3", "--set", "turnover=0.5"], "unknown parameter 'turnover' (did you mean 'staff_turnover_rate'?)"),
    (["run", "milieu-3", "--set", "staff_turnover_rate=lots"], "expected a number, found 'lots'"),
    (["run", "milieu-3", "--set", "room_agreement=yes"], "expected true or false, found 'yes'"),
    (["run", "milieu-3", "--set", "mediator_presence=2"], "outside the declared range [0, 1]"),
    (["run", "milieu-3", "--set", "mediator_presence"], "expected NAME=VALUE"),
    (["run", "milieu-3", "--weeks", "0"], "--weeks: expected 1 or more, found 0"),
    (["run", "milieu-3", "--replicates", "0"], "--replicates: expected 1 or more, found 0"),
    (["run", "milieu-3", "--weeks", "ten"], "--weeks: expected a whole number, found 'ten'"),
    (["compare", "milieu-3"], "give at least one --set"),
    (["compare", "milieu-3", "--set", "vacancy_weeks=4", "--against", "milieu-7"], "milieu-7: no such scenario file"),
])
def test_bad_input_is_one_line_and_exit_2_without_traceback(hlm, tmp_path, args, message):
    out = tmp_path / "out"
    r = hlm(*args, "--out", out)
    assert r.returncode == 2
    assert message in r.stderr
    assert "Traceback" not in r.stderr
    assert not out.exists()


def test_bad_scenario_file_names_file_and_line(hlm, tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text('extends = "baseline.toml"\n[params\n', encoding="utf-8")
    r = hlm("run", bad)
    assert r.returncode == 2
    assert "Traceback" not in r.stderr
    assert "bad.toml: not valid TOML" in r.stderr
    assert "line 2" in r.stderr


def test_rejected_input_leaves_existing_outputs_untouched(hlm, tmp_path):
    out = tmp_path / "out"
    assert hlm("run", "milieu-3", "--weeks", 5, "--replicates", 1, "--out", out).returncode == 0
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    r = hlm("run", "milieu-3", "--weeks", 5, "--set", "vacancy_weeks=-1", "--out", out)
    assert r.returncode == 2
    assert "outside the declared range" in r.stderr
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before


def test_out_that_is_a_file_is_refused(hlm, tmp_path):
    target = tmp_path / "file.txt"
    target.write_text("keep me")
    r = hlm("run", "milieu-3", "--weeks", 5, "--out", target)
    assert r.returncode == 2
    assert "expected a folder, found a file" in r.stderr
    assert target.read_text() == "keep me"


def test_installed_entry_point_runs_the_readable_summary():
    exe = ROOT / ".venv" / "bin" / "hlm-sim"
    command = [str(exe)] if exe.exists() else [sys.executable, "-m", "sim.cli.main"]
    r = subprocess.run([*command, "run", "milieu-3", "--weeks", "10", "--replicates", "2"],
                       capture_output=True, text=True, check=False, cwd=ROOT)
    assert r.returncode == 0, r.stderr
    assert "Milieu 3" in r.stdout
    assert "isolated households" in r.stdout
    assert "95% interval" in r.stdout
    assert "bootstrap percentile" in r.stdout


def test_bad_input_through_the_entry_point_prints_no_traceback():
    exe = ROOT / ".venv" / "bin" / "hlm-sim"
    command = [str(exe)] if exe.exists() else [sys.executable, "-m", "sim.cli.main"]
    r = subprocess.run([*command, "run", "milieu-3", "--set", "room_agreement=maybe"],
                       capture_output=True, text=True, check=False, cwd=ROOT)
    assert r.returncode == 2
    assert r.stderr.strip() == ("hlm-sim: error: --set room_agreement: expected true or false, "
                                "found 'maybe'")


def test_readable_summaries_speak_french_on_request(hlm):
    r = hlm("run", "milieu-4", "--weeks", 5, "--replicates", 2, "--lang", "fr")
    assert r.returncode == 0, r.stderr
    assert "réplications" in r.stdout
    assert "Comités :" in r.stdout
    assert "ménages" in r.stdout
    c = hlm("compare", "milieu-4", "--set", "vacancy_weeks=3", "--weeks", 5, "--replicates", 2, "--lang", "fr")
    assert c.returncode == 0, c.stderr
    # in words, the --set name beside them, the value before, then after
    assert c.stdout.startswith("Et si durée des postes vacants (vacancy_weeks) 6 → 3 dans "
                               "Milieu 4 ?")
    assert "mieux/pareil/pire" in c.stdout


# --- issue 11: results an analyst can read --------------------------------------------
def _rows(r, key):
    return {row["outcome"]: row for row in json.loads(r.stdout)[key]}


def test_shares_intervals_stay_within_their_range_on_few_replicates(hlm, tmp_path):
    """`run milieu-3` gave partners_problematised_share 0.988 [0.969, 1.01] and
    collective_projects 0.35 [-0.0868, 0.787]: a bootstrap percentile interval cannot."""
    for scenario in ("milieu-3", "baseline"):
        out = tmp_path / scenario
        r = hlm("run", scenario, "--weeks", 40, "--replicates", 3, "--json", "--out", out)
        values = pd.read_csv(out / "replicates.csv")
        for name, row in _rows(r, "summary").items():
            if row["ci_low"] is None:
                continue
            # within the replicates' own values, so within what the outcome can take
            assert values[name].min() <= row["ci_low"] <= row["mean"], name
            assert row["mean"] <= row["ci_high"] <= values[name].max(), name
            if name.endswith("_share") and not name.endswith("change"):
                assert 0 <= row["ci_low"] <= row["ci_high"] <= 1, name
            assert row["n"] <= 3


def test_compare_shows_direction_mark_counts_and_pairs(hlm):
    r = hlm("compare", "milieu-3", "--set", "staff_turnover_rate=1.5", "--weeks", 40,
            "--replicates", 6, "--json")
    rows = _rows(r, "contrast")
    for name, row in rows.items():
        assert row["better"] + row["same"] + row["worse"] == row["n"], name
        if row["ci_low"] is None:  # fewer than two pairs with a value: no interval
            assert row["excludes_zero"] is False
        else:
            assert row["excludes_zero"] == (row["ci_low"] > 0 or row["ci_high"] < 0)
        assert row["direction"] in (-1, 0, 1)
    text = hlm("compare", "milieu-3", "--set", "staff_turnover_rate=1.5", "--weeks", 40,
               "--replicates", 6).stdout
    assert "better/same/worse" in text
    assert "↑ higher is better" in text
    assert "* the interval excludes 0" in text
    before = load_scenario(find_scenario("milieu-3")).params["staff_turnover_rate"]
    assert (f"What if staff turnover (staff_turnover_rate) {before:g} → 1.5 in "
            f"Milieu 3?") in text  # before → after
    assert "outside its plausible range 0.1–0.6" in text  # 1.5 is no plausible turnover
    assert ("Warning: staff turnover (staff_turnover_rate) = 1.5 lies "
            "outside") in text  # in words, as typed
    assert "e-1" not in text  # no float noise such as -2.78e-18


def test_identical_replicates_count_as_same_and_a_no_op_change_is_flagged(hlm):
    """`--set staff_turnover_rate=0.12` on milieu 3, its own value, printed zeros silently."""
    from sim.scenario import find_scenario, load_scenario  # noqa: PLC0415

    own = load_scenario(find_scenario("milieu-3")).params["staff_turnover_rate"]
    r = hlm("compare", "milieu-3", "--set", f"staff_turnover_rate={own}", "--weeks", 15,
            "--replicates", 3)
    assert r.returncode == 0, r.stderr
    assert "Warning: the variant equals the base (staff_turnover_rate" in r.stdout
    j = hlm("compare", "milieu-3", "--set", f"staff_turnover_rate={own}", "--weeks", 15,
            "--replicates", 3, "--json")
    for row in json.loads(j.stdout)["contrast"]:
        assert row["same"] == row["n"]
    assert json.loads(j.stdout)["identical"] is True


def test_against_reads_as_a_comparison_not_a_what_if(hlm):
    r = hlm("compare", "milieu-3", "--against", "milieu-1", "--weeks", 5, "--replicates", 2)
    assert r.stdout.startswith("Milieu 3 compared with Milieu 1 (the base)")


def test_outcomes_show_the_direction_of_better(hlm):
    r = hlm("outcomes")
    assert "fallbacks: partners' fall-backs (count; ↓ lower is better)" in r.stdout
    fr = hlm("outcomes", "--lang", "fr", "--json")
    rows = {row["name"]: row for row in json.loads(fr.stdout)}
    assert rows["isolation_rate"]["direction"] == "plus bas = mieux"


def test_french_summaries_name_no_outcome_by_its_identifier(hlm):
    run = hlm("run", "milieu-4", "--weeks", 5, "--replicates", 2, "--lang", "fr")
    comp = hlm("compare", "milieu-4", "--set", "vacancy_weeks=3", "--weeks", 5,
               "--replicates", 2, "--lang", "fr")
    for r in (run, comp):
        assert r.returncode == 0, r.stderr
        for name in OUTCOME_NAMES:
            assert name not in r.stdout
    assert "1 intervenant·e " in run.stdout  # agreement: not "1 intervenant·es"
    assert "origine : né d'une vision" in run.stdout or "origine : né d'une crise" in run.stdout


def test_out_into_a_folder_with_results_refuses_unless_force(hlm, tmp_path):
    out = tmp_path / "r"
    assert hlm("run", "milieu-3", "--weeks", 4, "--replicates", 1, "--out", out).returncode == 0
    before = (out / "run.json").read_text()
    r = hlm("run", "milieu-3", "--weeks", 5, "--replicates", 1, "--out", out)
    assert r.returncode == 2
    assert "found earlier results" in r.stderr
    assert "--force" in r.stderr
    assert (out / "run.json").read_text() == before
    assert hlm("run", "milieu-3", "--weeks", 5, "--replicates", 1, "--out", out,
               "--force").returncode == 0
    assert json.loads((out / "run.json").read_text())["weeks"] == 5


def test_output_files_respect_the_umask(hlm, tmp_path):
    import os  # noqa: PLC0415

    old = os.umask(0o022)
    try:
        hlm("run", "milieu-3", "--weeks", 3, "--replicates", 1, "--out", tmp_path / "u")
    finally:
        os.umask(old)
    for f in (tmp_path / "u").iterdir():
        assert f.stat().st_mode & 0o777 == 0o644, f.name


def test_wrote_line_speaks_french(hlm, tmp_path):
    r = hlm("compare", "milieu-3", "--set", "vacancy_weeks=3", "--weeks", 3, "--replicates", 1,
            "--out", tmp_path / "c", "--lang", "fr")
    assert "écrit :" in r.stderr
    assert "contrast.csv" in r.stderr


def test_a_zero_width_interval_keeps_the_values_digits():
    """A mean the same in every replicate (milieu 4's trust was 0.695 in every replicate
    under the former 'reception' submodel) printed as 0.69499999999999995, and a compare
    of two equal trusts as 0 0 0 [0, 0]. Known answers of the one formatter both tables
    use."""
    import pandas as pd  # noqa: PLC0415

    from sim.report.tables import contrast_rows, estimate  # noqa: PLC0415

    assert estimate(0.695, 0.695, 0.69500000000000006, "en") == ("0.695", "[0.695, 0.695]")
    assert estimate(0.69499999999999995, 0.69499999999999995, 0.695, "fr") == ("0,695", "[0,695 ; 0,695]")
    same = pd.DataFrame([{"outcome": "resident_trust", "direction": 1, "base_mean": 0.5,
                          "variant_mean": 0.5, "difference": 0.0, "ci_low": 0.0, "ci_high": 0.0,
                          "excludes_zero": False, "better": 0, "same": 3, "worse": 0, "n": 3}])
    _, rows = contrast_rows(same, "en")
    assert rows[0][2:4] == ["0.500", "0.500"]


def test_tables_show_the_headline_outcomes_unless_asked(hlm):
    from sim.outcomes import HEADLINE, OUTCOME_NAMES  # noqa: PLC0415

    short = hlm("run", "milieu-3", "--weeks", 10, "--replicates", 2).stdout
    assert f"{len(OUTCOME_NAMES) - len(HEADLINE)} more outcomes: --outcomes all" in short
    assert "households' trust in their worker" in short
    assert "ties per household" not in short
    every = hlm("run", "milieu-3", "--weeks", 10, "--replicates", 2, "--outcomes", "all").stdout
    assert "ties per household" in every
    assert "more outcomes" not in every
    bad = hlm("run", "milieu-3", "--outcomes", "isolation")
    assert bad.returncode == 2
    assert bad.stderr.count("\n") == 1
    assert "--outcomes" in bad.stderr


def test_small_things_an_analyst_trips_on(hlm):
    """Plain help text; --force without --out refused; report names what the user typed;
    a decimal comma read under --lang fr, a dot suggested otherwise."""
    helped = hlm("--help").stdout
    assert ":mod:" not in helped
    assert "``" not in helped
    forced = hlm("run", "milieu-3", "--force", "--weeks", 2)
    assert forced.returncode == 2
    assert "--force: expected --out" in forced.stderr
    missing = hlm("report", "nope")
    assert missing.returncode == 2
    assert "report nope:" in missing.stderr
    assert "--out" not in missing.stderr.split("report nope:")[1].split("written by")[0]
    comma = hlm("run", "milieu-3", "--set", "staff_turnover_rate=0,3", "--weeks", 2,
                "--replicates", 1, "--lang", "fr", "--json")
    assert comma.returncode == 0, comma.stderr
    assert json.loads(comma.stdout)["set"] == {"staff_turnover_rate": 0.3}
    english = hlm("run", "milieu-3", "--set", "staff_turnover_rate=0,3", "--weeks", 2)
    assert english.returncode == 2
    assert "did you mean staff_turnover_rate=0.3?" in english.stderr


def test_force_replaces_another_commands_results_and_nothing_stale_is_left(hlm, tmp_path):
    """`run --out DIR --force --report` into a compare's folder ended in KeyError:
    'base_name' and left base_*, variant_*, contrast.csv and report.html beside it."""
    out = tmp_path / "m3"
    first = hlm("compare", "milieu-3", "--set", "vacancy_weeks=3", "--weeks", 5, "--replicates", 2,
                "--out", out, "--report")
    assert first.returncode == 0, first.stderr
    again = hlm("run", "milieu-3", "--weeks", 5, "--replicates", 2, "--out", out, "--force",
                "--report")
    assert again.returncode == 0, again.stderr
    assert sorted(p.name for p in out.iterdir() if not p.name.startswith(".")) == [
        "replicates.csv", "report.html", "run.json", "series.csv", "summary.csv"]
    assert hlm("report", out).returncode == 0
    levers = hlm("levers", "milieu-3", "--weeks", 5, "--replicates", 2, "--out", out, "--force")
    assert levers.returncode == 0, levers.stderr
    assert sorted(p.name for p in out.iterdir() if not p.name.startswith(".")) == [
        "levers.csv", "run.json"]


def test_force_does_not_replace_a_study(hlm, tmp_path):
    study = tmp_path / "sweep"
    made = hlm("sweep", "milieu-3", "--params", "vacancy_weeks=2:16", "--levels", 2,
               "--replicates", 1, "--weeks", 3, "--out", study)
    assert made.returncode == 0, made.stderr
    refused = hlm("run", "milieu-3", "--weeks", 3, "--out", study, "--force")
    assert refused.returncode == 2
    assert "found study.json" in refused.stderr
    assert (study / "study.json").is_file()



ENTRY = """
import atexit, sys, threading, time
from sim.cli.main import entry
atexit.register(lambda: print("exit handler ran", file=sys.stderr, flush=True))
if "--thread" in sys.argv:
    sys.argv.remove("--thread")
    threading.Thread(target=lambda: (time.sleep(2.0), print("thread finished"))).start()
sys.argv = ["hlm-sim", *sys.argv[1:]]
entry()
"""


def _entry(*args: str, stdout=subprocess.PIPE):
    """``entry()`` in a fresh interpreter, its output buffered as in a terminal-less run."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED"}
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", ENTRY, *args], stdout=stdout,
                          stderr=subprocess.PIPE, text=True, timeout=300, check=False, env=env)
    return done, time.perf_counter() - start


@pytest.mark.parametrize(("args", "code"), [(["run", "milieu-3", "--weeks", "3", "--replicates", "1"], 0),
                                            (["run", "milieu-9"], 2)])
def test_the_command_exits_quickly_with_its_status_its_output_and_its_exit_handlers(tmp_path, args, code):
    """``hlm-sim`` (:func:`sim.cli.main.entry`) skips the interpreter's teardown, not the
    exit handlers, the flushed output or the exit status; a thread of its own still
    running makes it wait as Python does."""
    out = tmp_path / "o"
    extra = ["--out", str(out)] if code == 0 else []
    done, _ = _entry(*args, *extra)
    assert done.returncode == code, done.stderr
    assert "exit handler ran" in done.stderr
    assert "Traceback" not in done.stderr
    if code == 0:
        assert "Milieu 3" in done.stdout  # buffered output reaches the pipe
        assert (out / "summary.csv").is_file()
    waited, seconds = _entry("--thread", *args)
    assert waited.returncode == code
    assert "thread finished" in waited.stdout
    assert seconds >= 2.0


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="no /dev/full on this system")
def test_output_that_cannot_be_written_is_an_error_not_a_success():
    with open("/dev/full", "w") as full:
        done, _ = _entry("run", "milieu-3", "--weeks", "1", "--replicates", "1",
                         "--outcomes", "resident_trust", stdout=full)  # under a buffer: written at exit
    assert done.returncode == 120
    assert "the output could not be written" in done.stderr


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="no /dev/full on this system")
def test_output_larger_than_the_buffer_that_cannot_be_written_is_one_line():
    """A table longer than the stream's buffer fails inside the command's print, not at
    exit: one line and status 120 there too, no traceback."""
    with open("/dev/full", "w") as full:
        done, _ = _entry("run", "milieu-3", "--weeks", "1", "--replicates", "3",
                         "--json", stdout=full)  # 14 kB
    assert done.returncode == 120
    assert "Traceback" not in done.stderr
    assert ("hlm-sim: error: the output could not be written: No space left on device"
            in done.stderr.splitlines())
