"""pyabc's sampler for a calibration: one pool of warm workers for every generation, and
particles seeded by their place in the generation.

**One pool.** pyabc's multicore samplers start fresh processes at every generation (and
:func:`sim.calibration.fit._generations` runs one generation per ``run``); each then
imports the model and loads the compiled rules again. :class:`PoolSampler` takes its
workers once from :func:`sim.study.executor.warm_pool` (forked warm from the study's fork
server) and keeps them until :meth:`PoolSampler.close`, which the fit calls when the
calibration ends, fails or is interrupted (Ctrl-C). pyabc's own ``stop``, called after
every ``run``, leaves the pool alone. The predictive check runs on the same pool.

**Seeds.** pyabc draws a particle's mechanism and parameters from numpy's global
generator inside the function it hands the sampler. Before the ``i``-th proposal of
generation ``t`` the sampler seeds that generator (and :mod:`random`) from
:func:`particle_seed` (the calibration's seed, ``t`` and ``i``), wherever the proposal
runs. The generation keeps the proposals ``0 .. k`` in order, ``k`` being the
``n``-th accepted, and counts ``k + 1`` evaluations (those a single process would have
made); proposals beyond ``k`` that a worker had already started are dropped. So a
generation depends only on the seed and the generation before it: the same seed gives
the same posterior on any number of workers, and a resumed calibration goes on as
the uninterrupted one would have.
"""

from __future__ import annotations

import random
import uuid
from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from typing import Any

import cloudpickle
import numpy as np
import pyabc

from sim.study.executor import ExecutorError, warm_pool


def particle_seed(seed: int, t: int, i: int) -> int:
    """The seed of proposal ``i`` of generation ``t`` (``t = -1``: pyabc's calibration
    sample from the prior) of a calibration seeded ``seed``."""
    sequence = np.random.SeedSequence(seed % 2**32, spawn_key=(t + 1, i))
    return int(sequence.generate_state(1)[0])


def _propose(simulate_one: Callable[[], Any], seed: int) -> Any:
    """One proposal, evaluated: pyabc's ``simulate_one`` on the global generators seeded."""
    random.seed(seed)
    np.random.seed(seed)  # noqa: NPY002 (pyabc draws from numpy's global generator)
    return simulate_one()


_LOADED: dict[str, Callable[[], Any]] = {}
"""In a worker: the generation's ``simulate_one``, unpickled once per generation."""


def _remote(key: str, payload: bytes, seed: int) -> Any:
    """A worker's task: proposal ``seed`` of the generation ``key``."""
    if key not in _LOADED:
        _LOADED.clear()
        _LOADED[key] = cloudpickle.loads(payload)
    return _propose(_LOADED[key], seed)


class PoolSampler(pyabc.sampler.Sampler):
    """Evaluates proposals here (one worker) or on a pool of warm local workers, kept
    for the whole calibration (see the module's text)."""

    def __init__(self, workers: int, seed: int) -> None:
        super().__init__()
        self.workers, self.seed = max(1, workers), seed
        self._pool: ProcessPoolExecutor | None = None

    @property
    def pool(self) -> ProcessPoolExecutor | None:
        """The workers (started on first use; None with one worker)."""
        if self._pool is None and self.workers > 1:
            self._pool = warm_pool(self.workers)
        return self._pool

    def stop(self) -> None:
        """Called by pyabc after every ``run``: the pool stays (:meth:`close` ends it)."""

    def close(self) -> None:
        """Cancel what is queued, let running proposals end, stop the workers."""
        if self._pool is not None:
            pool, self._pool = self._pool, None
            pool.shutdown(wait=True, cancel_futures=True)

    def sample_until_n_accepted(self, n: int, simulate_one: Callable[[], Any], t: int, *,
                                max_eval: float = np.inf, all_accepted: bool = False,
                                ana_vars: Any = None) -> Any:
        """The proposals ``0 .. k`` of generation ``t``, ``k`` the ``n``-th accepted (or
        every proposal up to ``max_eval``, marked not ok, if fewer were accepted)."""
        del all_accepted, ana_vars  # the same schedule serves every generation
        results = self._inline(n, simulate_one, t, max_eval) if self.pool is None else \
            self._parallel(n, simulate_one, t, max_eval)
        sample = self._create_empty_sample()
        for particle in results:
            sample.append(particle)
        self.nr_evaluations_ = len(results)
        if sample.n_accepted < n:
            sample.ok = False
        return sample

    def _inline(self, n: int, simulate_one: Callable[[], Any], t: int,
                max_eval: float) -> list[Any]:
        """The proposals here; this process's global generators are left as they were,
        as the workers leave them on several workers."""
        results: list[Any] = []
        accepted = 0
        saved = np.random.get_state(), random.getstate()  # noqa: NPY002
        try:
            while accepted < n and len(results) < max_eval:
                particle = _propose(simulate_one, particle_seed(self.seed, t, len(results)))
                results.append(particle)
                accepted += bool(particle.accepted)
        finally:
            np.random.set_state(saved[0])  # noqa: NPY002
            random.setstate(saved[1])
        return results

    def _parallel(self, n: int, simulate_one: Callable[[], Any], t: int,
                  max_eval: float) -> list[Any]:
        pool = self.pool
        assert pool is not None
        key, payload = uuid.uuid4().hex, cloudpickle.dumps(simulate_one)
        done: dict[int, Any] = {}
        running: dict[Future[Any], int] = {}
        following = 0  # the next proposal to submit
        prefix = accepted = 0  # proposals 0 .. prefix - 1 are back; accepted among them
        bound = np.inf  # no proposal past the n-th accepted known so far is needed
        try:
            while accepted < n:
                while len(running) < 2 * self.workers and following < min(bound, max_eval):
                    future = pool.submit(_remote, key, payload,
                                         particle_seed(self.seed, t, following))
                    running[future] = following
                    following += 1
                if not running:
                    break  # max_eval reached with fewer than n accepted
                finished, _ = wait(running, return_when=FIRST_COMPLETED)
                for future in finished:
                    done[running.pop(future)] = future.result()
                while prefix in done and accepted < n:
                    accepted += bool(done[prefix].accepted)
                    prefix += 1
                known = sorted(i for i, p in done.items() if p.accepted)
                if len(known) >= n:
                    bound = known[n - 1] + 1
                    for future in [f for f, i in running.items() if i >= bound]:
                        future.cancel()  # if it already runs, its result is not waited for
                        del running[future]
        except BrokenProcessPool as exc:
            raise ExecutorError(f"calibrate: a worker process failed: {exc}") from exc
        finally:
            for future in running:
                future.cancel()
        return [done[i] for i in range(prefix)]
