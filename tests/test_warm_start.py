"""Studies start warm (issue 20): the command line imports only what a command needs, and
the local workers, forked from a server that loaded the model once, give the same
numbers as spawned ones and as this process."""

import ast
import subprocess
import sys
import threading

import pytest
from tests_support import ROOT

from sim.cli import main as cli_main
from sim.study.design import DesignSpec, parse_factor
from sim.study.executor import LocalExecutor, start_method
from sim.study.store import RunStore
from sim.study.study import Study, execute, prepare, run_study

HEAVY = ("pandas", "scipy.stats", "mesa", "numba", "sim.model.hlm", "sim.study.study",
         "sim.calibration.problem")


def imported_after(code: str) -> set[str]:
    """The heavy modules a fresh interpreter holds after running ``code``."""
    probe = (f"import sys\n{code}\n"
             f"print(' '.join(m for m in {HEAVY!r} if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                         cwd=ROOT, timeout=120, check=False)
    assert out.returncode == 0, out.stderr
    return set(out.stdout.split())


@pytest.mark.parametrize("argv", [["sweep", "--help"], ["sensitivity", "--help"],
                                  ["run", "--help"], ["compare", "--help"]])
def test_a_subcommand_help_loads_neither_pandas_nor_the_model(argv):
    code = ("import contextlib, io\nfrom sim.cli.main import main\n"
            "with contextlib.redirect_stdout(io.StringIO()), contextlib.suppress(SystemExit):\n"
            f"    main({argv!r})")
    assert imported_after(code) == set()


def test_the_cli_module_alone_is_light():
    assert imported_after("import sim.cli.main, sim.cli.study") == set()


def test_a_study_worker_loads_neither_mesa_nor_pandas():
    # what the fork server loads before forking the workers: the model's site and its
    # compiled rules, not Mesa's shell (scipy.spatial, networkx, pandas) nor pandas
    held = imported_after("import sim.study.preload")
    assert held == {"numba"}, held


def test_the_extension_table_names_what_each_module_registers():
    for module, commands in cli_main.EXTENSIONS.items():
        tree = ast.parse((ROOT / (module.replace(".", "/") + ".py")).read_text(encoding="utf-8"))
        registered = {node.args[0].value for node in ast.walk(tree)
                      if isinstance(node, ast.Call) and getattr(node.func, "attr", "") == "add_parser"
                      and node.args and isinstance(node.args[0], ast.Constant)}
        assert registered == set(commands), module


def test_every_command_is_still_reachable():
    every = cli_main.build_parser()._subparsers._group_actions[0].choices
    for command in every:
        assert command in cli_main.build_parser(command)._subparsers._group_actions[0].choices


def test_the_workers_start_from_a_fork_server_where_there_is_one():
    assert start_method() == "forkserver"  # Linux: the test machine's platform


@pytest.fixture(scope="module")
def study(scenarios):
    factors = (parse_factor("staff_turnover_rate"), parse_factor("tie_prob"))
    spec = DesignSpec("lhs", factors, 4, seed=5)
    return Study.of_scenario(scenarios["milieu-2"], spec, replicates=3, weeks=20, seed=4)


def stored(out):
    return RunStore(out).read_runs().drop(columns=["seconds"]).sort_values("key",
                                                                           ignore_index=True)


def test_forked_and_spawned_workers_store_exactly_what_this_process_stores(study, tmp_path):
    run_study(study, tmp_path / "one", workers=1)
    expected = stored(tmp_path / "one")
    for method in ("forkserver", "spawn"):
        executor = LocalExecutor(2, method)
        report = execute(prepare(study, tmp_path / method), executor, progress=False,
                         chunk_runs=2)
        assert (report.done, report.failed) == (12, 0)
        assert stored(tmp_path / method).equals(expected), method


def test_a_sweep_reads_writes_and_summarises_without_scipy_stats():
    # scipy.stats costs about 0.5 s; a sweep's own process never needs it (its summary
    # ranks with numpy: tests/test_report_tables.py holds the numbers to scipy's).
    loaded = imported_after("import sim.cli.study, sim.study.study, sim.study.analysis, "
                            "sim.study.store, sim.report.study")
    assert "scipy.stats" not in loaded


def _spy_on_helping(monkeypatch, release_after: int | None = None):
    """Count the chunks the study's own process runs in a LocalExecutor (it wraps them in
    one_blas_thread; the workers do not call it for a chunk); with ``release_after``, the
    workers' start waits until this process has run that many."""
    from sim.study import executor  # noqa: PLC0415

    helped: list[int] = []
    released = threading.Event()
    real_limit, real_pool = executor.one_blas_thread, executor.warm_pool

    def counting_limit():
        helped.append(1)
        if release_after is not None and len(helped) >= release_after:
            released.set()
        return real_limit()

    def held_pool(*args):
        released.wait(10)
        return real_pool(*args)

    monkeypatch.setattr(executor, "one_blas_thread", counting_limit)
    if release_after is not None:
        monkeypatch.setattr(executor, "warm_pool", held_pool)
    return helped


def test_a_warm_process_runs_chunks_while_its_workers_start_with_the_same_numbers(
        study, tmp_path, monkeypatch):
    run_study(study, tmp_path / "one", workers=1)  # this process has run the model
    expected = stored(tmp_path / "one")
    helped = _spy_on_helping(monkeypatch, release_after=3)
    report = execute(prepare(study, tmp_path / "two"), LocalExecutor(2), progress=False,
                     chunk_runs=1)
    assert (report.done, report.failed) == (12, 0)
    assert len(helped) >= 3
    assert stored(tmp_path / "two").equals(expected)


def test_a_cold_process_leaves_every_chunk_to_its_workers(study, tmp_path, monkeypatch):
    from sim.study import executor  # noqa: PLC0415

    monkeypatch.setattr(executor, "_RAN_HERE", set())  # nothing has run in this process
    helped = _spy_on_helping(monkeypatch)
    report = execute(prepare(study, tmp_path / "two"), LocalExecutor(2), progress=False,
                     chunk_runs=1)
    assert (report.done, report.failed, len(helped)) == (12, 0, 0)
