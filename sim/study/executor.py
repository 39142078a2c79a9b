"""Where a study's runs execute: this process, local worker processes, or Dask.

Work travels in *chunks*: a few design points with all their pending replicates,
sent as one task, so process and network overhead stays small. :func:`run_chunk`
is the task; it lives at module level so spawned processes and Dask workers import
it by name. A chunk builds its evaluator once (for the model: the scenario), then
runs each (point, replicate) and returns one row per run. A run that raises becomes
a row with status ``failed`` and its error text; the chunk goes on.

Executors keep a bounded number of chunks in flight (memory does not grow with the
study's size) and yield results as they finish. The local pool's workers start warm:
they are forked from a fork server that has imported what a run needs and loaded the
compiled rules once (:mod:`sim.study.preload`); where the platform has no fork server
(Windows) they are spawned. The start method changes no number: every run builds its
own generator from its seed and replicate. The server is started when the first study
starts (nothing is set at import time) and serves every later pool of the process.
"""

from __future__ import annotations

import atexit
import contextlib
import math
import multiprocessing
import multiprocessing.connection
import multiprocessing.forkserver
import os
import signal
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures import Executor as PoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING, Any, Protocol

from sim.errors import InputError
from sim.params import Value

if TYPE_CHECKING:
    import pandas as pd

    from sim.study.evaluators import EvaluatorFactory

DONE, FAILED = "done", "failed"


class ExecutorError(RuntimeError):
    """The executor failed (a worker process died, the cluster went away).

    Not a failing run (those are stored as ``failed``): the study stops, what is
    stored stays, and rerunning the same study resumes it.
    """


def _result(future: Any, label: str) -> ChunkResult:
    try:
        result: ChunkResult = future.result()
    except Exception as exc:  # run_chunk catches every run's errors: this is the executor
        text = " ".join(str(exc).split()) or type(exc).__name__
        raise ExecutorError(f"{label}: {type(exc).__name__}: {text}") from exc
    return result


@dataclass(frozen=True)
class Run:
    """One pending run: its key, design point, replicate and parameter values."""

    key: str
    point: int
    replicate: int
    params: Mapping[str, Value]


@dataclass(frozen=True)
class Chunk:
    """A task: runs sharing an evaluator, its context, the root seed and the weeks."""

    evaluator: str
    context: Any
    seed: int
    weeks: int
    series: bool
    runs: tuple[Run, ...]
    outcomes: tuple[str, ...]


@dataclass
class ChunkResult:
    """Rows of a chunk's runs (one per run) and their weekly series, if asked for."""

    rows: list[dict[str, Any]]
    series: list[pd.DataFrame] = field(default_factory=list)


@lru_cache(maxsize=8)
def _factory(path: str) -> EvaluatorFactory:
    # Imported here: this module stays light for start_early (the evaluators need numpy).
    from sim.study.evaluators import load_factory  # noqa: PLC0415

    return load_factory(path)


_RAN_HERE: set[str] = set()
"""The evaluators (import paths) that have run a chunk in this process: it holds what they
need loaded (for the model: its modules and compiled rules)."""


def run_chunk(chunk: Chunk) -> ChunkResult:
    """Run every run of ``chunk``; a run that raises is returned as ``failed``."""
    evaluate = _factory(chunk.evaluator)(chunk.context)
    _RAN_HERE.add(chunk.evaluator)
    result = ChunkResult([])
    for run in chunk.runs:
        row: dict[str, Any] = {"key": run.key, "point": run.point, "replicate": run.replicate,
                               "seed": chunk.seed, **run.params}
        start = time.perf_counter()
        try:
            summary, frame = evaluate(run.params, chunk.seed, run.replicate, chunk.weeks,
                                      chunk.series)
            outcomes = {name: float(summary[name]) for name in chunk.outcomes}
        except Exception as exc:  # a failing run is data, not the end of the study
            row.update(status=FAILED, error=f"{type(exc).__name__}: {exc}",
                       **dict.fromkeys(chunk.outcomes, math.nan))
        else:
            row.update(status=DONE, error=None, **outcomes)
            if frame is not None:
                result.series.append(frame.assign(key=run.key, point=run.point,
                                                  replicate=run.replicate, seed=chunk.seed))
        row["seconds"] = time.perf_counter() - start
        result.rows.append(row)
    return result


class Executor(Protocol):
    """Runs chunks and yields their results as they finish, in any order."""

    workers: int
    label: str

    def start(self) -> None:
        """Start the workers (they load the model while the first chunks are made)."""
        ...

    def imap(self, chunks: Iterable[Chunk]) -> Iterator[ChunkResult]:
        """Run ``chunks``, keeping a bounded number in flight."""
        ...

    def close(self) -> None:
        """Cancel what is pending and release the workers."""
        ...


def one_blas_thread() -> contextlib.AbstractContextManager[Any]:
    """Limit BLAS to one thread while a worker runs (one worker = one core).

    Several BLAS threads per worker oversubscribe the cores, and on the model's tiny
    matrices even a lone run is slower with them. Uses ``threadpoolctl`` when it is
    installed; without it, BLAS keeps its own setting.
    """
    try:
        from threadpoolctl import threadpool_limits  # noqa: PLC0415  (optional)
    except ImportError:  # pragma: no cover - depends on the environment
        return contextlib.nullcontext()
    return threadpool_limits(limits=1, user_api="blas")


class InlineExecutor:
    """One worker: this process runs the chunks itself, one after the other."""

    workers = 1
    label = "1 worker (this process)"

    def start(self) -> None:
        """Nothing to start."""

    def imap(self, chunks: Iterable[Chunk]) -> Iterator[ChunkResult]:
        """Run ``chunks`` here."""
        for chunk in chunks:
            with one_blas_thread():
                result = run_chunk(chunk)
            yield result

    def close(self) -> None:
        """Nothing to release."""


def _warm_up() -> None:
    """A no-op task: its worker has imported the model on start-up."""


def _watch_parent() -> None:
    parent = multiprocessing.parent_process()
    if parent is not None:
        multiprocessing.connection.wait([parent.sentinel])
        os._exit(1)  # the study process died (kill -9): do not linger as an orphan


_WORKER_LIMITS: list[Any] = []


def _init_worker() -> None:
    """Worker start-up: leave Ctrl-C to the study process; exit if it dies; one BLAS thread."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _WORKER_LIMITS.append(one_blas_thread().__enter__())
    threading.Thread(target=_watch_parent, daemon=True, name="watch-parent").start()


PRELOAD = ("sim.study.preload",)
"""What the fork server imports before it forks the first worker."""


def warm_pool(workers: int, method: str | None = None) -> ProcessPoolExecutor:
    """A pool of ``workers`` local processes, forked warm from the fork server (spawned
    where there is none), every one of them started now. Its workers ignore Ctrl-C (the
    owner stops the pool) and exit if the owner dies. The studies' local executor, the
    parallel analyses and the calibration's sampler all take their pools from here."""
    pool = ProcessPoolExecutor(workers, mp_context=_context(method or start_method()),
                               initializer=_init_worker)
    # the pool spawns a worker per submitted task: start them all at once
    for _ in range(workers):
        pool.submit(_warm_up)
    return pool


def map_jobs(function: Callable[[Any], Any], jobs: list[Any], workers: int = 2,
             pool: PoolExecutor | None = None, chunksize: int = 4) -> list[Any]:
    """``function`` over ``jobs``, in order: on ``pool`` when one is given (a
    calibration's workers), in this process with one worker, else on ``workers`` warm
    local processes made for the call (:func:`warm_pool`). The calibration's checks run
    their particles this way; the results do not depend on where they ran."""
    if pool is not None:
        return list(pool.map(function, jobs, chunksize=chunksize))
    if workers <= 1:
        return [function(job) for job in jobs]
    with warm_pool(workers) as own:
        return list(own.map(function, jobs, chunksize=chunksize))


def start_method() -> str:
    """The local workers' start method: ``forkserver`` where the platform has it (Linux,
    macOS), else ``spawn``."""
    return "forkserver" if "forkserver" in multiprocessing.get_all_start_methods() else "spawn"


def _context(method: str) -> multiprocessing.context.BaseContext:
    context = multiprocessing.get_context(method)
    if method == "forkserver":
        # Once per process: the server keeps what it preloaded for every later pool.
        # The main module is preloaded too, so that a worker does not import it again.
        context.set_forkserver_preload(["__main__", *PRELOAD])
    return context


def start_early(workers: int | None = None) -> None:
    """Start the fork server now, so that it loads the model while this process goes on
    with its own work (a study command calls this once its arguments are checked, before
    it imports pandas and reads the store). Nothing happens with one worker or where the
    workers are not forked from a server."""
    if (workers or available_cores()) > 1 and start_method() == "forkserver":
        _context("forkserver")
        multiprocessing.forkserver.ensure_running()
        if not _STOP_SERVER:
            _STOP_SERVER.append(atexit.register(_stop_server))


_STOP_SERVER: list[Any] = []


def _stop_server() -> None:
    """At exit: stop the fork server at once (a command that ends on bad input before any
    run must not wait, nor keep its output open, while the server finishes loading)."""
    pid = getattr(multiprocessing.forkserver._forkserver, "_forkserver_pid", None)
    if pid:
        with contextlib.suppress(OSError):
            os.kill(pid, signal.SIGTERM)


class LocalExecutor:
    """N local worker processes, forked warm from a fork server (see the module's text).

    The workers start in a thread (the server may still be loading the model: about a
    second), so that this process goes on meanwhile. A process that has already run the
    study's evaluator (a second study in the same session) runs the first chunks itself,
    one at a time, until the workers have started, rather than wait for them. Which
    process runs a chunk changes no number.
    """

    def __init__(self, workers: int, method: str | None = None) -> None:
        self.workers = workers
        self.method = method or start_method()
        self.label = f"{workers} local worker processes"
        self._pool: ProcessPoolExecutor | None = None
        self._pending: set[Future[ChunkResult]] = set()
        self._starting: threading.Thread | None = None
        self._start_error: BaseException | None = None

    def start(self) -> None:
        """Start the pool and every worker, in a thread: returns at once."""
        if self._pool is None and self._starting is None:
            self._start_error = None
            self._starting = threading.Thread(target=self._start_workers, daemon=True,
                                              name="start-workers")
            self._starting.start()

    def _start_workers(self) -> None:
        try:
            self._pool = warm_pool(self.workers, self.method)
        except BaseException as exc:  # re-raised in the study's thread (_started)
            self._start_error = exc

    def _started(self) -> ProcessPoolExecutor:
        """The pool, once every worker has started (waits for them)."""
        if self._starting is not None:
            self._starting.join()
            self._starting = None
            if self._start_error is not None:
                error, self._start_error = self._start_error, None
                raise ExecutorError(f"the local worker processes did not start: "
                                    f"{type(error).__name__}: {error}") from error
        assert self._pool is not None
        return self._pool

    def _still_starting(self) -> bool:
        return self._starting is not None and self._starting.is_alive()

    def imap(self, chunks: Iterable[Chunk]) -> Iterator[ChunkResult]:
        """Run ``chunks`` on the pool, at most two per worker in flight (the first ones
        here while the workers start, if this process is warm: see the class's text)."""
        source = iter(chunks)
        held = next(source, None)  # the next chunk to hand out
        if held is None:
            return  # nothing to run: no worker is started
        self.start()
        while held is not None and held.evaluator in _RAN_HERE and self._still_starting():
            chunk, held = held, next(source, None)
            with one_blas_thread():
                result = run_chunk(chunk)
            yield result
        if held is None:
            return
        pool = self._started()
        limit = 2 * self.workers
        while True:
            while held is not None and len(self._pending) < limit:
                try:
                    self._pending.add(pool.submit(run_chunk, held))
                except BrokenProcessPool as exc:  # a worker died since the last result
                    raise ExecutorError(f"a local worker process failed: BrokenProcessPool: "
                                        f"{exc}") from exc
                held = next(source, None)
            if not self._pending:
                return
            done, self._pending = wait(self._pending, return_when=FIRST_COMPLETED)
            for future in done:
                yield _result(future, "a local worker process failed")

    def close(self) -> None:
        """Cancel queued chunks, let running ones end, stop the workers."""
        if self._starting is not None:
            self._starting.join()  # a pool still starting is stopped once it has started
            self._starting = self._start_error = None
        if self._pool is not None:
            for future in self._pending:
                future.cancel()
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None
        self._pending = set()


class DaskExecutor:
    """A Dask ``distributed`` cluster, reached at a scheduler address."""

    def __init__(self, address: str, timeout: float = 5.0) -> None:
        try:
            from distributed import Client  # noqa: PLC0415  (only with --scheduler)
        except ImportError as exc:  # pragma: no cover - distributed is a dependency
            raise InputError(f"--scheduler {address}: dask distributed is not installed "
                             f"({exc})") from None
        try:
            self.client = Client(address, timeout=f"{timeout}s", set_as_default=False)
        except (OSError, TimeoutError, ValueError, TypeError) as exc:
            message = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
            raise InputError(f"--scheduler {address}: cannot reach a Dask scheduler "
                             f"({message})") from None
        threads = sum(self.client.nthreads().values())
        self.address = address
        self.workers = max(threads, 1)
        self.label = (f"Dask scheduler {address} ({len(self.client.nthreads())} workers, "
                      f"{threads} threads)")
        self._pending: list[Any] = []

    def start(self) -> None:
        """The cluster's workers are already running."""

    def imap(self, chunks: Iterable[Chunk]) -> Iterator[ChunkResult]:
        """Run ``chunks`` on the cluster, at most two per worker thread in flight."""
        from distributed import as_completed  # noqa: PLC0415  (only with --scheduler)

        limit = 2 * max(sum(self.client.nthreads().values()), 1)
        source = iter(chunks)
        running = as_completed(loop=self.client.loop)
        in_flight = 0
        for chunk in source:
            running.add(self.client.submit(run_chunk, chunk, pure=False))
            in_flight += 1
            if in_flight >= limit:
                break
        for future in running:
            in_flight -= 1
            result = _result(future, f"the Dask cluster at {self.address} failed")
            future.release()
            following = next(source, None)
            if following is not None:
                running.add(self.client.submit(run_chunk, following, pure=False))
                in_flight += 1
            yield result

    def close(self) -> None:
        """Cancel what is still queued and disconnect."""
        self.client.close()


def map_local(fn: Callable[[Any], Any], items: Iterable[Any], workers: int) -> list[Any]:
    """``[fn(item) for item in items]``, in order, on up to ``workers`` local processes
    forked warm from the server (here, in this process, with one worker or one item).
    ``fn`` must be importable by name (a module-level function). The analyses use it to
    compute outcome after outcome on every core: each call is seeded by its arguments,
    so the results are the same on any number of workers."""
    todo = list(items)
    if workers <= 1 or len(todo) <= 1:
        return [fn(item) for item in todo]
    with warm_pool(min(workers, len(todo))) as pool:
        return list(pool.map(fn, todo))


def open_executor(workers: int | None = None, scheduler: str | None = None) -> Executor:
    """The executor a study asked for: Dask if ``scheduler`` is given, else local.

    ``workers`` defaults to every core this process may use; with one worker the
    study runs in this process. Connecting to a scheduler happens here, so an
    unreachable one is reported before anything is written.
    """
    if scheduler is not None:
        return DaskExecutor(scheduler)
    if workers is None:
        workers = available_cores()
    if workers < 1:
        raise InputError(f"--workers: expected 1 or more, found {workers}")
    return InlineExecutor() if workers == 1 else LocalExecutor(workers)


def available_cores() -> int:
    """Cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        return os.cpu_count() or 1
