"""The study runner: every (design point, replicate) through one evaluator, into a store.

A :class:`Study` is a design, a number of replicates, weeks, a root seed and an
evaluator with its context (by default the model and a scenario). Replicate ``r`` of
every design point runs under ``SeedSequence(seed, spawn_key=(r,))``, the stream of
:func:`sim.run.runner.run_generator`: design points are paired across replicates (common
random numbers), and the numbers do not depend on where or in which order runs
execute. The design's own seed and the bootstrap's are further children of the same
root (:func:`derived_seed`).

:func:`prepare` checks everything and touches nothing; :func:`execute` opens the
store, skips the runs it holds, and runs the rest on an executor, writing parts as
chunks finish. :func:`run_study` does both.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from tqdm import tqdm

from sim.run.runner import MODEL_VERSION
from sim.scenario import Scenario
from sim.study.design import Design, DesignSpec, build_design
from sim.study.evaluators import HLM, load_factory
from sim.study.executor import FAILED, Chunk, Executor, Run, open_executor
from sim.study.store import (
    FORMAT,
    PartWriter,
    RunStore,
    digest,
    key_prefix,
    run_key,
    run_schema,
)
from sim.vocabulary import Lang, as_lang, in_words, number, say

DESIGN_SEED, BOOTSTRAP_SEED = 0, 1


def derived_seed(root: int, purpose: int) -> int:
    """A seed for a study's own draws (design, bootstrap), a child of the root seed.

    Uses spawn keys ``(2**32 + purpose,)``, apart from the replicates' ``(r,)``.
    The result is in ``[1, 2**31)`` (SALib ignores a seed of 0).
    """
    state = np.random.SeedSequence(root, spawn_key=(2 ** 32 + purpose,)).generate_state(1)
    return int(state[0]) % (2 ** 31 - 1) + 1


@dataclass(frozen=True)
class Study:
    """What to run: a design, replicates, weeks, a root seed, an evaluator and context.

    ``context`` is what the evaluator's factory receives (the scenario for the model);
    ``context_data`` is its plain-data form, recorded in the manifest and hashed.
    """

    design: DesignSpec
    replicates: int
    weeks: int
    seed: int
    evaluator: str = HLM
    context: Any = None
    context_data: Any = None
    series: bool = False

    @classmethod
    def of_scenario(cls, scenario: Scenario, design: DesignSpec, *, replicates: int,
                    weeks: int, seed: int, series: bool = False) -> Study:
        """A study of the model on ``scenario`` (parameters not varied keep its values).

        The scenario's content identifies the study, not the path it was loaded from
        (``milieu-3`` and ``scenarios/milieu-3.toml`` are the same study).
        """
        data = scenario.to_dict()
        data.pop("source", None)
        return cls(design, replicates, weeks, seed, HLM, scenario, data, series)

    @property
    def outcomes(self) -> tuple[str, ...]:
        """The evaluator's outcome names."""
        return tuple(load_factory(self.evaluator)(self.context).outcomes)

    def identity(self) -> dict[str, Any]:
        """What makes two studies the same study (hashed; compared on resume)."""
        return {"format": FORMAT, "version": MODEL_VERSION, "evaluator": self.evaluator,
                "scenario": self.context_data, "design": self.design.to_dict(),
                "replicates": self.replicates, "weeks": self.weeks, "seed": self.seed,
                "series": self.series}

    def key_prefix(self) -> bytes:
        """The part of every run key this study's runs share."""
        return key_prefix(digest(self.context_data), self.evaluator, self.weeks, MODEL_VERSION)

    def manifest(self, outcomes: tuple[str, ...]) -> dict[str, Any]:
        """The store's ``study.json``."""
        identity = self.identity()
        return {
            "study_hash": digest(identity), "identity": identity,
            "scenario_hash": digest(self.context_data),
            "scenario_source": getattr(self.context, "source", None),
            "points": self.design.size, "runs": self.design.size * self.replicates,
            "outcomes": list(outcomes),
            "replicate_seeds": "numpy SeedSequence(seed, spawn_key=(replicate,)), as "
                               "sim.run.runner.run_generator",
            "run_key": "sha256 of (scenario hash, evaluator, weeks, version, parameters, "
                       "seed, replicate)",
            "created": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        }


@dataclass
class Prepared:
    """A checked study, ready to run: nothing has been written yet."""

    study: Study
    store: RunStore
    design: Design
    outcomes: tuple[str, ...]
    manifest: dict[str, Any]
    resume: bool


@dataclass
class StudyReport:
    """What a study command did: counts of runs and where they are."""

    out: Path
    total: int
    done: int = 0
    failed: int = 0
    skipped: int = 0
    skipped_failed: int = 0
    shared: int = 0
    seconds: float = 0.0
    executor: str = ""
    interrupted: bool = False
    notes: list[str] = field(default_factory=list)

    def line(self, lang: str = "en") -> str:
        """One line for the end of a command (``lang``: en or fr)."""
        words = as_lang(lang)
        text = say("study_line", words, total=self.total, done=self.done,
                   skipped=self.skipped, failed=self.failed)
        if self.skipped_failed:
            text += say("study_failed_before", words, count=self.skipped_failed)
        if self.shared:
            text += say("study_shared", words, count=self.shared)
        where = say("study_where", words, seconds=number(round(self.seconds, 1), words),
                    executor=in_words(self.executor, words))
        return f"{text} {where}"

    def to_dict(self) -> dict[str, Any]:
        """Plain data for ``--json``."""
        return {"out": str(self.out), "total": self.total, "done": self.done,
                "failed": self.failed, "skipped": self.skipped,
                "skipped_failed": self.skipped_failed, "shared": self.shared,
                "seconds": round(self.seconds, 3), "executor": self.executor,
                "interrupted": self.interrupted}


def design_table(design: Design) -> pd.DataFrame:
    """The store's ``design.parquet``: point, the values run, the nominal sample."""
    frame = pd.DataFrame({"point": np.arange(len(design), dtype=np.int64)})
    for name, values in design.values.items():
        frame[name] = values
    for j, name in enumerate(design.spec.names):
        frame[f"x:{name}"] = design.nominal[:, j]
    return frame


def prepare(study: Study, out: Path) -> Prepared:
    """Check the study and its ``out`` folder; build the design. Touches nothing."""
    outcomes = study.outcomes
    store = RunStore(out)
    manifest = study.manifest(outcomes)
    resume = store.check(manifest)
    kinds = [(f.name, f.kind) for f in study.design.factors]
    run_schema(kinds, outcomes)  # refuses clashing column names before any work
    return Prepared(study, store, build_design(study.design), outcomes, manifest, resume)


def _plan(prep: Prepared, stored: dict[str, str], report: StudyReport) -> np.ndarray:
    """Flat indices (point * R + replicate) of the runs still to do."""
    study, prefix = prep.study, prep.study.key_prefix()
    seen: set[str] = set()
    pending: list[int] = []
    for i in range(len(prep.design)):
        params = prep.design.point(i)
        for r in range(study.replicates):
            key = run_key(prefix, params, study.seed, r)
            if key in stored:
                report.skipped += 1
                report.skipped_failed += stored[key] == FAILED
            elif key in seen:
                report.shared += 1
            else:
                seen.add(key)
                pending.append(i * study.replicates + r)
    return np.asarray(pending, dtype=np.int64)


def _chunks(prep: Prepared, pending: np.ndarray, workers: int,
            fixed: int | None) -> Iterator[Chunk]:
    study, prefix = prep.study, prep.study.key_prefix()
    start = 0
    while start < len(pending):
        size = fixed or chunk_size(len(pending) - start, workers)
        runs = []
        for flat in pending[start:start + size].tolist():
            point, r = divmod(flat, study.replicates)
            params = prep.design.point(point)
            runs.append(Run(run_key(prefix, params, study.seed, r), point, r, params))
        start += size
        yield Chunk(study.evaluator, study.context, study.seed, study.weeks, study.series,
                    tuple(runs), prep.outcomes)


MAX_CHUNK = 32


def chunk_size(remaining: int, workers: int) -> int:
    """Runs in the next task: up to 32, fewer as the study nears its end.

    Guided scheduling: a task takes about 1/(4 workers) of what remains, so that
    tasks are few while much remains and the last ones finish close together.
    """
    return max(1, min(MAX_CHUNK, remaining // (4 * workers)))


def _stored_status(store: RunStore) -> dict[str, str]:
    if not store.parts():
        return {}
    frame = store.read_runs(["key", "status"])
    return dict(zip(frame["key"], frame["status"], strict=True))


def execute(prep: Prepared, executor: Executor, *, progress: bool = True,
            chunk_runs: int | None = None, flush_seconds: float = 5.0,
            max_chunks: int | None = None, lang: Lang = "en") -> StudyReport:
    """Run what the store does not hold yet; write parts as chunks finish.

    ``max_chunks`` stops after that many chunks (the tests use it to simulate an
    interruption). Ctrl-C stores what has finished, then re-raises.
    """
    study = prep.study
    report = StudyReport(prep.store.root, study.design.size * study.replicates,
                         executor=executor.label)
    start = time.perf_counter()
    try:
        prep.store.open(prep.manifest, design_table(prep.design), prep.resume)
        pending = _plan(prep, _stored_status(prep.store), report)
        if len(pending):
            executor.start()  # all workers at once, while the first chunks are made
        schema = run_schema([(f.name, f.kind) for f in study.design.factors], prep.outcomes)
        writer = PartWriter(prep.store, schema, flush_seconds=flush_seconds)
        bar = _progress_bar(report, enabled=progress, lang=lang)
        try:
            chunks = _chunks(prep, pending, executor.workers, chunk_runs)
            for n, result in enumerate(executor.imap(chunks), 1):
                failed = sum(row["status"] == FAILED for row in result.rows)
                report.failed += failed
                report.done += len(result.rows) - failed
                writer.add(result.rows, result.series)
                bar.set_postfix(done=report.done, failed=report.failed, refresh=False)
                bar.update(len(result.rows))
                if max_chunks is not None and n >= max_chunks:
                    report.interrupted = True
                    break
        except KeyboardInterrupt:
            report.interrupted = True
            bar.close()
            print(say("study_interrupted", lang), file=sys.stderr)
            raise
        finally:
            writer.flush()  # first: what has finished is stored even if closing hangs
            executor.close()
            bar.close()
            report.seconds = time.perf_counter() - start
    finally:
        executor.close()
        prep.store.close()
    return report


def _progress_bar(report: StudyReport, *, enabled: bool, lang: Lang = "en") -> tqdm[Any]:
    return tqdm(total=report.total, initial=report.skipped + report.shared,
                unit=" " + say("runs", lang),
                file=sys.stderr, disable=not enabled, dynamic_ncols=True, smoothing=0.05,
                desc=say("study_desc", lang))


def run_study(study: Study, out: Path, *, workers: int | None = None,
              scheduler: str | None = None, progress: bool = False,
              chunk_runs: int | None = None, max_chunks: int | None = None,
              flush_seconds: float = 5.0) -> StudyReport:
    """Check, then run ``study`` into the store at ``out`` (resuming if it holds it)."""
    prep = prepare(study, Path(out))
    executor = open_executor(workers, scheduler)
    return execute(prep, executor, progress=progress, chunk_runs=chunk_runs,
                   max_chunks=max_chunks, flush_seconds=flush_seconds)
