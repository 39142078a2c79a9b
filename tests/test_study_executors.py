"""Same study, same seeds, same numbers: 1 worker, 2 local processes, a Dask cluster."""

import pytest
from distributed import LocalCluster

from sim.run.runner import run_once
from sim.study.design import DesignSpec, parse_factor
from sim.study.executor import InlineExecutor, LocalExecutor, open_executor
from sim.study.store import RunStore
from sim.study.study import Study, run_study

WEEKS = 12


@pytest.fixture(scope="module")
def study(scenarios):
    factors = (parse_factor("staff_turnover_rate"), parse_factor("mediator_presence=0.2:0.9"),
               parse_factor("vacancy_weeks=2:12"))
    spec = DesignSpec("lhs", factors, 6, seed=31)
    return Study.of_scenario(scenarios["milieu-3"], spec, replicates=3, weeks=WEEKS, seed=8)


def stored(out):
    frame = RunStore(out).read_runs().drop(columns=["seconds"])
    return frame.sort_values("key", ignore_index=True)


@pytest.fixture(scope="module")
def one_worker(study, tmp_path_factory):
    out = tmp_path_factory.mktemp("exec") / "one"
    report = run_study(study, out, workers=1)
    assert report.done == 18
    return stored(out)


def test_two_local_workers_store_exactly_what_one_worker_stores(study, one_worker, tmp_path):
    report = run_study(study, tmp_path / "two", workers=2, chunk_runs=2)
    assert report.executor == "2 local worker processes"
    assert (report.done, report.failed) == (18, 0)
    assert stored(tmp_path / "two").equals(one_worker)


def test_a_dask_cluster_stores_exactly_what_one_worker_stores(study, one_worker, tmp_path):
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                      dashboard_address=None) as cluster:
        report = run_study(study, tmp_path / "dask", scheduler=cluster.scheduler_address,
                           chunk_runs=2)
    assert report.executor.startswith("Dask scheduler tcp://127.0.0.1:")
    assert (report.done, report.failed) == (18, 0)
    assert stored(tmp_path / "dask").equals(one_worker)


def test_each_row_is_run_once_of_its_point_under_the_root_seed_and_replicate(study, one_worker):
    assert sorted(one_worker.replicate.unique()) == [0, 1, 2]
    assert (one_worker.seed == 8).all()
    assert (one_worker.status == "done").all()
    for row in one_worker.head(4).itertuples():
        params = {"staff_turnover_rate": row.staff_turnover_rate,
                  "mediator_presence": row.mediator_presence,
                  "vacancy_weeks": int(row.vacancy_weeks)}
        expected = run_once(study.context.with_params(**params), 8, row.replicate, WEEKS)
        for name, value in expected.summary.items():
            got = getattr(row, name)
            assert got == value or (got != got and value != value), name


def test_executor_choice():
    assert isinstance(open_executor(workers=1), InlineExecutor)
    assert isinstance(open_executor(workers=3), LocalExecutor)
    assert open_executor().workers >= 1
