"""The ABC-SMC run (pyabc, van der Vaart et al. 2015) and what it leaves in its folder.

One population of particles per generation; each particle is a mechanism (model
selection between :data:`~sim.calibration.problem.MECHANISMS`) and a value of every fitted
parameter; its statistics come from the four milieux run with ``replicates`` replicates
each, under a seed derived from the particle itself. The history is pyabc's SQLite
database in the folder, so a killed calibration resumes where it stopped: run the same
command again. Locally particles are evaluated by
:class:`~sim.calibration.sampler.PoolSampler`, on one pool of warm workers kept for the
whole calibration (and its predictive checks); with a scheduler address, by pyabc's Dask
sampler on that cluster.

Locally every proposal is seeded from ``--seed``, its generation and its place in the
generation (:mod:`sim.calibration.sampler`): the same seed gives the same posterior on
any number of workers, and a resumed run goes on as the uninterrupted one would have. On
a Dask cluster the order in which particles come back varies, so the accepted sample can
differ between runs (the statistics of a given particle never do).
"""

from __future__ import annotations

import logging
import sys
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from sim.calibration.check import check
from sim.calibration.folder import (
    CHECK_FILE,
    DB,
    MECHANISM_PARTICLES,
    META,
    PARTICLES,
    STAGES,
    check_folder,
    differences,
    read_meta,
    read_stages,
    read_table,
    record_database,
    run_rows,
    write_record,
    write_table,
)
from sim.calibration.problem import (
    MECHANISMS,
    Problem,
    ShortfallDistance,
    effective_sample_size,
    mechanism_label,
    two_sided_distance,
    weighted_quantiles,
)
from sim.errors import InputError
from sim.files import FolderLock, clean_temporaries
from sim.run.runner import MODEL_VERSION

if TYPE_CHECKING:
    from concurrent.futures import Executor


@dataclass
class Settings:
    """How a calibration runs."""

    population: int = 100
    generations: int = 20
    min_epsilon: float = -0.5
    workers: int = 2
    scheduler: str | None = None
    max_minutes: float | None = None
    seed: int = 1
    mechanisms: tuple[int, ...] = tuple(range(len(MECHANISMS)))
    observed: dict[str, float] | None = None  # synthetic data: a two-sided distance to these
    stop_margin: float | None = 0.05
    """Stop as soon as, at a threshold of 0 or below, a mechanism's particles run afresh
    show every calibration pattern this far above its target (the predictive check,
    :func:`predictive_check`, which also names the preferred mechanism and the posterior
    generation); None: only the threshold and the generations stop the run, and the ABC
    probability chooses."""
    model_floor: float | None = None
    """The least share of proposals each mechanism keeps, dead or alive
    (:class:`~sim.calibration.kernels.FlooredABCSMC`, ``--model-floor``); None: pyabc's
    model selection, where a mechanism with no particle is never proposed again. Off by
    default: the committed calibration was made without it, and the one full run with a
    floor (0.05, 60 particles; calibration/README.md, trial « floor-seed-2 ») kept every
    mechanism alive but did not make the ABC probabilities any steadier."""
    check_replicates: int = 16
    """Fresh runs per milieu and particle in the predictive check (8 left the lowest of
    eleven margins about 0.04 under its value on 64: each term's mean share had a
    standard error near 0.03)."""


def default_folder(root: Path) -> Path:
    """``calibration/<date>-<model version>``."""
    return root / f"{date.today().isoformat()}-{MODEL_VERSION.replace('+', '-')}"


def _sampler(settings: Settings) -> Any:
    """The sampler of one ABC-SMC run, kept for all its generations (the caller closes it:
    :func:`_close`)."""
    import pyabc  # noqa: PLC0415 (optional dependency)

    from sim.calibration.sampler import PoolSampler  # noqa: PLC0415

    if settings.scheduler:
        from distributed import Client  # noqa: PLC0415

        try:
            client = Client(settings.scheduler, timeout=10)
        except (OSError, TimeoutError) as exc:
            raise InputError(f"--scheduler {settings.scheduler}: cannot reach it ({exc})") from None
        return pyabc.sampler.DaskDistributedSampler(dask_client=client)
    return PoolSampler(settings.workers, _seed(settings))


def _seed(settings: Settings) -> int:
    """The root of a run's proposals (one per set of competing mechanisms)."""
    return (settings.seed + 7919 * len(settings.mechanisms)) % 2**32


def _close(sampler: Any) -> None:
    """Stop a sampler's workers (the pool) or leave its cluster (Dask)."""
    close = getattr(sampler, "close", None) or getattr(sampler, "shutdown", None)
    if close is not None:
        close()


def _abc(problem: Problem, settings: Settings, sampler: Any) -> Any:
    import pyabc  # noqa: PLC0415

    from sim.calibration.abcmodel import ParticleModel, StrictQuantileEpsilon  # noqa: PLC0415
    from sim.calibration.kernels import DefensiveTransition, FlooredABCSMC  # noqa: PLC0415

    priors = pyabc.Distribution(**{name: pyabc.RV("uniform", lo, hi - lo)
                                   for name, (lo, hi) in problem.prior_ranges().items()})
    distance = (two_sided_distance if settings.observed is not None
                else ShortfallDistance(problem.standard_errors()))
    observed = settings.observed if settings.observed is not None else problem.targets()
    models = [ParticleModel(problem, m, distance, observed) for m in settings.mechanisms]
    # The Gaussian kernel mixed with the prior (sim.calibration.kernels): without the
    # mixture the importance weights collapsed to an effective sample of a few particles.
    transitions = [DefensiveTransition(problem.prior_ranges()) for _ in models]
    floor = settings.model_floor if len(models) > 1 else None
    kind, extra = (FlooredABCSMC, {"floor": floor}) if floor else (pyabc.ABCSMC, {})
    return kind(models, [priors] * len(models), distance, population_size=settings.population,
                sampler=sampler, transitions=transitions,
                eps=StrictQuantileEpsilon(alpha=0.5), **extra)


class _Progress(logging.Handler):
    """Turns pyabc's log into one progress line per generation."""

    def __init__(self, settings: Settings, first: int, say: Callable[[str], None]) -> None:
        super().__init__(logging.INFO)
        self.settings, self.say, self.started = settings, say, time.monotonic()
        self.first, self.t, self.eps = first, first, float("nan")

    def emit(self, record: logging.LogRecord) -> None:
        """Print a line when a generation's acceptance is logged."""
        text = record.getMessage()
        if text.startswith("t: "):
            t, _, eps = text[3:].partition(", eps: ")
            self.t, self.eps = int(t), float(eps.rstrip("."))
        elif text.startswith("Accepted: "):
            accepted, _, rest = text[len("Accepted: "):].partition(" / ")
            samples = rest.split(" ")[0]
            ess = rest.rpartition("ESS: ")[2].rstrip(".") or "nan"
            done = self.t + 1
            elapsed = time.monotonic() - self.started
            left = elapsed / max(1, done - self.first) * (self.settings.generations - done)
            self.say(f"generation {done}/{self.settings.generations}: epsilon {self.eps:.4f}, "
                     f"acceptance {int(accepted) / max(1, int(samples)):.2f}, {accepted} particles "
                     f"(effective {float(ess):.0f}), "
                     f"elapsed {elapsed / 60:.1f} min, about {max(0.0, left) / 60:.1f} min left "
                     f"if all {self.settings.generations} generations run (it stops sooner at "
                     f"epsilon {self.settings.min_epsilon:g})")


class _Quiet:
    """pyabc's own log lines off, ours on, for the length of a stage."""

    def __init__(self, handler: logging.Handler) -> None:
        self.handler, self.logger = handler, logging.getLogger("ABC")

    def __enter__(self) -> None:
        logger = self.logger
        self.quiet = [(h, h.level) for h in logger.handlers]
        for h, _ in self.quiet:
            h.setLevel(logging.WARNING)
        self.level, self.propagate = logger.level, logger.propagate
        logger.addHandler(self.handler)
        logger.propagate = False
        logger.setLevel(logging.INFO)
        for name in ("ABC.History", "ABC.Sampler", "Sampler", "ABC.Distance", "ABC.Epsilon"):
            logging.getLogger(name).setLevel(logging.WARNING)

    def __exit__(self, *exc: object) -> None:
        self.logger.removeHandler(self.handler)
        for h, old in self.quiet:
            h.setLevel(old)
        self.logger.propagate, self.logger.level = self.propagate, self.level


@dataclass(frozen=True)
class Checked:
    """A predictive check's verdict on one generation (:func:`predictive_check`)."""

    generation: int
    mechanism: str | None
    """The passing mechanism with the highest ABC probability; if none passes, the judged
    mechanism whose runs come closest (the highest lowest margin); None if none is judged."""
    lowest: float
    """That mechanism's lowest margin (share minus target) over the calibration terms."""
    passed: bool


def _generations(abc: Any, reload: Callable[[int], Any], settings: Settings, generations: int,
                 folder: Path, say: Callable[[str], None]) -> tuple[Any, Checked | None, bool]:
    """Run pyabc one generation at a time and return the history, the best predictive
    check (None when none ran) and whether the run is finished (False when the wall time
    stopped it: running the command again resumes it).

    The run stops when the threshold reaches ``min_epsilon``, when ``generations`` or
    the wall time run out, when a predictive check passes, or when a check comes out no
    better than the best before it (:func:`predictive_check`). Each generation after the
    first continues from the database (``reload``, as a resumed calibration does): pyabc
    keeps the sample its threshold started from, and a second ``run`` on the same object
    would start from the first generation's threshold again."""
    deadline = None if settings.max_minutes is None else time.monotonic() + 60 * settings.max_minutes
    best = best_check(folder, settings)
    while True:
        left = None if deadline is None else timedelta(seconds=deadline - time.monotonic())
        history = abc.run(minimum_epsilon=settings.min_epsilon, max_nr_populations=1,
                          max_walltime=left)
        t = int(history.max_t)
        epsilon = float(history.get_all_populations().set_index("t").loc[t, "epsilon"])
        finished = t + 1 >= generations or epsilon <= settings.min_epsilon
        timed_out = deadline is not None and time.monotonic() >= deadline
        checked = predictive_check(folder, settings, t + 1, epsilon, say,
                                   pool=getattr(abc.sampler, "pool", None))
        if checked is not None and checked.passed:
            return history, checked, True
        if checked is not None and checked.mechanism is not None:
            if best is not None and checked.lowest <= best.lowest:
                say(f"  no closer than generation {best.generation} ({best.mechanism}, lowest margin "
                    f"{best.lowest:+.3f}): stop; generation {best.generation} is the posterior")
                return history, best, True
            best = checked
        if finished or timed_out:
            return history, best, finished
        abc = reload(int(history.id))


MIN_EFFECTIVE = 10
"""The least effective sample of a mechanism's particles for the predictive check to
judge it: fewer cannot stand for a posterior (nor feed the milieu files)."""

def predictive_check(folder: Path, settings: Settings, generation: int, epsilon: float,
                     say: Callable[[str], None], pool: Executor | None = None) -> Checked | None:
    """Run the predictive check of ``generation``, add it to the folder's
    :data:`CHECK_FILE` and give its verdict; None (nothing run) at a threshold above 0,
    with the check turned off, or in a fit to synthetic data. ``pool``: the fit's workers
    (None: the check starts its own).

    Each mechanism's particles are run afresh (:func:`sim.calibration.check.check`:
    ``check_replicates`` runs per milieu each, on seeds the fit never used); a mechanism
    with an effective sample of at least :data:`MIN_EFFECTIVE` *passes* when its runs
    show every calibration pattern at least ``stop_margin`` above its target.

    Why: below a threshold of 0 every accepted particle already shows every pattern in
    its own replicates; lower thresholds then select particles whose replicates were
    lucky (16 replicates a milieu are a noisy likelihood) as much as better values, and
    each generation costs more. In the runs of 2026-12-06 the fresh runs' lowest margin
    did not improve steadily below 0 (it fell from +0.02 at -0.44 to -0.12 at -0.71 in
    one), and ABC's model probabilities swung from run to run (0.98, 0.67, 0.38 for the
    mechanism preferred, on a few particles with large importance weights), while the
    fresh runs told the mechanisms apart the same way in every run
    (calibration/README.md). What the fit is for is a posterior whose runs show the
    patterns, which is what this check measures, with a margin for ``hlm-sim
    validate``'s own noise (200 runs a milieu: a share's standard error is about 0.035).
    """
    if settings.stop_margin is None or settings.observed is not None or epsilon > 0:
        return None
    table = check(folder, generation, settings.check_replicates, settings.workers, pool)
    table = table.assign(generation=generation, margin=table["share"] - table["target"])
    path = folder / CHECK_FILE
    if path.exists():
        kept = _read_checks(path)
        table = pd.concat([kept[kept["generation"] != generation], table], ignore_index=True)
    write_table(path, table)
    mine = table[table["generation"] == generation]
    per = _per_mechanism(mine)
    for name, row in per.iterrows():
        verdict = ("too few particles to judge" if row["effective"] < MIN_EFFECTIVE
                   else "clears every pattern" if row["lowest"] >= settings.stop_margin else "short")
        say(f"  {name}: ABC probability {row['probability']:.2f}, effective sample "
            f"{row['effective']:.1f}, lowest margin {row['lowest']:+.3f} ({row['term']}): {verdict}")
    checked = _verdict(mine, settings)
    head = (f"predictive check of generation {generation} ({settings.check_replicates} fresh "
            f"runs per milieu and particle, margin {settings.stop_margin:g}): ")
    say(head + (f"{checked.mechanism} clears every pattern: stop" if checked.passed
                else "no mechanism clears every pattern" + (
                    f"; the closest is {checked.mechanism}" if checked.mechanism else "")))
    return checked


def _per_mechanism(table: pd.DataFrame) -> pd.DataFrame:
    per = table.groupby("mechanism", sort=False).agg(
        probability=("probability", "first"), effective=("effective", "first"),
        lowest=("margin", "min"))
    per["term"] = table.loc[table.groupby("mechanism", sort=False)["margin"].idxmin(), "term"].to_numpy()
    return per


def _verdict(table: pd.DataFrame, settings: Settings) -> Checked:
    """The verdict of one generation's check table (:class:`Checked`)."""
    generation = int(table["generation"].iloc[0])
    per = _per_mechanism(table)
    judged = per[per["effective"] >= MIN_EFFECTIVE]
    passing = judged[judged["lowest"] >= float(settings.stop_margin or 0.0)]
    if len(passing):
        name = str(passing["probability"].idxmax())
        return Checked(generation, name, float(passing.loc[name, "lowest"]), True)
    if len(judged):
        name = str(judged["lowest"].idxmax())
        return Checked(generation, name, float(judged.loc[name, "lowest"]), False)
    return Checked(generation, None, float("-inf"), False)


def _read_checks(path: Path) -> pd.DataFrame:
    """The folder's predictive checks, checked (:func:`sim.calibration.folder.read_table`)."""
    return read_table(path, "predictive checks",
                      ("generation", "mechanism", "term", "probability", "effective", "margin"),
                      ("generation", "probability", "effective", "margin"))


def best_check(folder: Path, settings: Settings) -> Checked | None:
    """The best check the folder's :data:`CHECK_FILE` holds (a resumed run goes on from
    it): a passing one, else the one whose closest mechanism comes closest."""
    path = folder / CHECK_FILE
    if settings.stop_margin is None or not path.exists():
        return None
    verdicts = [_verdict(t, settings) for _, t in _read_checks(path).groupby("generation")]
    verdicts = [v for v in verdicts if v.mechanism is not None]
    return max(verdicts, key=lambda v: (v.passed, v.lowest), default=None)


def _abc_run(problem: Problem, settings: Settings, mechanisms: tuple[int, ...], folder: Path,
             abc_id: int | None, generations: int, observed: dict[str, float],
             say: Callable[[str], None],
             started: Callable[[int], None]) -> tuple[Any, int, Checked | None, bool]:
    """Run (or resume, with ``abc_id``) one ABC-SMC run; return its history, its id,
    the best predictive check (None when none ran) and whether it finished
    (:func:`_generations`). ``started``
    records a new run's id at once, so that a kill can be resumed."""
    db = f"sqlite:///{(folder / DB).resolve()}"
    sampler = _sampler(replace(settings, mechanisms=mechanisms))
    try:
        return _abc_generations(problem, settings, mechanisms, db, sampler, abc_id, generations,
                                observed, folder, say, started)
    finally:  # on success, error or Ctrl-C alike
        _close(sampler)


def _abc_generations(problem: Problem, settings: Settings, mechanisms: tuple[int, ...], db: str,
                     sampler: Any, abc_id: int | None, generations: int,
                     observed: dict[str, float], folder: Path, say: Callable[[str], None],
                     started: Callable[[int], None]) -> tuple[Any, int, Checked | None, bool]:
    """:func:`_abc_run` with its sampler, which every generation shares."""
    abc = _abc(problem, replace(settings, mechanisms=mechanisms), sampler)

    def reload(run: int) -> Any:
        again = _abc(problem, replace(settings, mechanisms=mechanisms), sampler)
        again.load(db, run)
        return again

    history = abc.load(db, abc_id) if abc_id else abc.new(db, observed)
    if not abc_id:
        started(int(history.id))
    first = int(history.max_t) + 1
    if abc_id:
        say(f"calibrate: resuming after {first} generations")
    preferred, finished = best_check(folder, settings), first >= generations
    if first < generations:
        # pyabc's own draws here (a Dask sampler's proposals): the local ones are seeded each
        np.random.seed(_seed(replace(settings, mechanisms=mechanisms)))  # noqa: NPY002 (pyabc draws from numpy's global generator)
        with _Quiet(_Progress(replace(settings, generations=generations), first, say)):
            try:
                history, preferred, finished = _generations(abc, reload, settings, generations,
                                                            folder, say)
            except AssertionError as exc:  # pyabc: a nearly extinct model leaves degenerate weights
                if len(mechanisms) == 1:
                    raise
                say(f"calibrate: stopped at the last complete generation ({exc})")
                finished = True
    return history, int(history.id), preferred, finished


def calibrate(problem: Problem, folder: Path, settings: Settings,
              say: Callable[[str], None] = lambda line: print(line, file=sys.stderr),
              force: bool = False) -> Path:
    """Run (or resume) the calibration in ``folder``; write its outputs; return the folder.

    One ABC-SMC run in pyabc's database: every particle carries a mechanism (model
    selection between ``settings.mechanisms``) and a value of every fitted parameter.
    The run stops when the threshold reaches ``min_epsilon`` (0: every calibration pattern
    shows in a particle's replicates), after ``generations``, or, at a threshold of 0 or
    below, as soon as a predictive check passes or comes out no better than the best
    before it (:func:`predictive_check`, :func:`_generations`). The posterior is the
    generation of the best check, and the preferred mechanism the one that check
    prefers; without a check (a threshold that never reached 0, the check off,
    synthetic data) it is the last generation and the mechanism with the highest ABC
    probability there. The preferred mechanism's particles are the posterior the milieu
    files and the what-ifs use. (The first calibration chose the mechanism after three generations and then
    fitted it from the prior again: the choice rested on a coarse threshold, and the
    restart cost a quarter of the time.)

    The folder belongs to this calibration (:mod:`sim.calibration.folder`): one process
    holds it at a time, and a resume with other settings is refused unless ``force``
    (then ``calibration.json`` records what changed, under ``forced``).
    """
    check_folder(folder)
    with FolderLock(folder, "running a calibration"):
        clean_temporaries(folder)
        return _calibrate(problem, folder, settings, say, force)


def _calibrate(problem: Problem, folder: Path, settings: Settings, say: Callable[[str], None],
               force: bool) -> Path:
    """:func:`calibrate` with the folder held."""
    stages_path = folder / STAGES
    meta = settled_record(problem, folder, settings, force, say)
    observed = settings.observed if settings.observed is not None else problem.targets()
    stages = read_stages(folder)
    if stages.get("run") is None:
        stages.pop("run", None)
        known = _last_run(folder)
        if known is not None:  # killed between the run's start and its record
            stages["run"] = known
    write_record(folder / META, meta)

    def started(run: int) -> None:
        stages["run"] = run
        write_record(stages_path, stages)

    say(f"calibrate: {len(settings.mechanisms)} mechanisms compete (model selection) "
        "while their parameters are fitted" if len(settings.mechanisms) > 1 else
        f"calibrate: one mechanism, {mechanism_label(MECHANISMS[settings.mechanisms[0]])}, "
        "while its parameters are fitted")
    # a finished run (stopped by its threshold, its generations or its check) is not
    # extended by running the command again: its outputs are written anew
    generations = 0 if stages.get("finished") else settings.generations
    history, run, checked, finished = _abc_run(problem, settings, settings.mechanisms, folder,
                                     stages.get("run"), generations, observed, say, started)
    labels = [mechanism_label(MECHANISMS[m]) for m in settings.mechanisms]
    chosen = checked.mechanism if checked is not None else None
    t = checked.generation - 1 if checked is not None and chosen else int(history.max_t)
    probabilities = history.get_model_probabilities().loc[t].fillna(0.0)
    index = labels.index(chosen) if chosen else int(probabilities.idxmax())
    stages |= {"run": run, "generation": t + 1, "preferred": settings.mechanisms[index],
               "preferred_index": index,
               "preferred_by": "predictive check" if chosen else "ABC probability",
               "finished": finished or stages.get("finished", False),
               "probabilities": {str(m): float(probabilities.get(i, 0.0))
                                 for i, m in enumerate(settings.mechanisms)}}
    say(f"calibrate: the posterior is generation {t + 1}; preferred {labels[index]} (by the "
        f"{stages['preferred_by']}; ABC probability {float(probabilities.get(index, 0.0)):.2f})")
    write_outputs(history, problem, folder, stages)
    record_database(folder)
    return folder


def settled_record(problem: Problem, folder: Path, settings: Settings, force: bool = False,
                   say: Callable[[str], None] = lambda _: None) -> dict[str, Any]:
    """What ``calibration.json`` will record of this calibration in ``folder``; raise
    :class:`InputError` (one line naming what differs) if the folder holds a calibration
    of another model version, or with other settings unless ``force`` (then ``say``
    so, and record the change under ``forced``). Touches nothing."""
    meta = meta_record(problem, settings)
    if not (folder / META).exists():
        return meta
    stored = read_meta(folder)
    if stored.get("model_version") != MODEL_VERSION:
        raise InputError(f"{folder}: made by model version {stored.get('model_version')}, "
                         f"this is {MODEL_VERSION}: start a new calibration folder")
    differs = differences(stored, meta)
    if differs and not force:
        raise InputError(f"{folder}: holds a calibration with other settings "
                         f"({'; '.join(differs)}); resume it with its own settings, choose "
                         "another folder, or add --force to continue it with these")
    forced = list(stored.get("forced", []))
    if differs:
        say(f"calibrate: --force: continuing the calibration in {folder} with other "
            f"settings ({'; '.join(differs)}); calibration.json records it")
        forced.append({"date": date.today().isoformat(), "changed": differs})
    meta = {**stored, **meta}  # what else it records (the database, ...) is kept
    if forced:
        meta["forced"] = forced
    return meta


def _last_run(folder: Path) -> int | None:
    """The last pyabc run in the folder's database (None when there is none)."""
    if not (folder / DB).is_file():
        return None
    import sqlite3  # noqa: PLC0415

    try:
        db = sqlite3.connect(f"file:{(folder / DB).resolve()}?mode=ro", uri=True)
        try:
            row = db.execute("SELECT MAX(id) FROM abc_smc").fetchone()
        finally:
            db.close()
    except sqlite3.Error as exc:
        raise InputError(f"{folder / DB}: damaged run database ({exc}); move it away to "
                         "start the calibration again") from None
    return int(row[0]) if row and row[0] is not None else None


def meta_record(problem: Problem, settings: Settings) -> dict[str, Any]:
    """What ``calibration.json`` records of a calibration: its model version, its
    settings (:data:`sim.calibration.folder.IDENTITY`) and what was fitted."""
    return {"model_version": MODEL_VERSION, "date": date.today().isoformat(),
            "replicates": problem.replicates, "seed": problem.seed, "week": problem.spec["week"],
            "milieux": list(problem.milieux), "fitted": problem.names(), "fixed": problem.fixed,
            "priors": problem.prior_ranges(), "targets": problem.targets(),
            "patterns": [p["id"] for p in problem.patterns],
            "mechanisms": [mechanism_label(MECHANISMS[m]) for m in settings.mechanisms],
            "settings": {"population": settings.population, "generations": settings.generations,
                         "min_epsilon": settings.min_epsilon, "workers": settings.workers,
                         "scheduler": settings.scheduler, "seed": settings.seed,
                         "stop_margin": settings.stop_margin,
                         "model_floor": settings.model_floor,
                         "check_replicates": settings.check_replicates},
            **({"observed": settings.observed} if settings.observed is not None else {})}


def write_outputs(history: Any, problem: Problem, folder: Path, stages: dict[str, Any]) -> None:
    """Particles, posterior summaries, correlations, generations and model probabilities."""
    best = int(stages["preferred"])
    probs = {int(m): p for m, p in stages.get("probabilities", {str(best): 1.0}).items()}
    models = pd.DataFrame({"mechanism": [mechanism_label(MECHANISMS[m]) for m in probs],
                           "probability": list(probs.values())})
    write_table(folder / "models.csv", models)
    t = int(stages.get("generation", int(history.max_t) + 1)) - 1
    df, w = history.get_distribution(m=int(stages.get("preferred_index", 0)), t=t)
    particles = df.assign(mechanism=mechanism_label(MECHANISMS[best]), weight=w)
    stages["effective_sample_size"] = effective_sample_size(pd.Series(w))
    stages["runs"] = run_rows(history, int(stages["run"])) if "run" in stages else []
    write_record(folder / STAGES, stages)
    write_summaries(particles, problem.names(), problem.prior_ranges(), folder)
    write_table(folder / MECHANISM_PARTICLES,
                _every_pair(history, problem, list(read_meta(folder)["mechanisms"]), t))
    pops = history.get_all_populations()
    pops = pops[pops["t"] >= 0].assign(acceptance_rate=lambda d: d["particles"] / d["samples"])
    pops["effective_sample_size"] = [effective_sample_size(history.get_weighted_distances(t=int(t))["w"])
                                     for t in pops["t"]]
    write_table(folder / "generations.csv", pops[["t", "epsilon", "samples", "particles",
                                                  "acceptance_rate", "effective_sample_size"]])


def _every_pair(history: Any, problem: Problem, labels: list[str], t: int) -> pd.DataFrame:
    """Every pair's particles at generation ``t`` (``labels``: the pairs in the order the
    run gave them to pyabc), each pair's weights summing to 1."""
    columns = ["mechanism", "weight", *problem.names()]
    parts = []
    for i, label in enumerate(labels):
        df, w = history.get_distribution(m=i, t=t)
        if len(df):
            parts.append(df.assign(mechanism=label, weight=np.asarray(w) / np.sum(w))[columns])
    return pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=columns)


def write_summaries(particles: pd.DataFrame, names: list[str],
                    priors: Mapping[str, tuple[float, float]], folder: Path) -> None:
    """``particles.csv`` (the posterior), ``posterior.csv`` (each parameter's median and
    90% interval beside its prior) and ``correlations.csv``."""
    particles = particles[["mechanism", "weight", *names]]
    write_table(folder / PARTICLES, particles)
    rows = []
    for name, (lo, hi) in priors.items():
        q05, q50, q95 = weighted_quantiles(particles[name], particles["weight"], (0.05, 0.5, 0.95))
        rows.append({"parameter": name, "median": q50, "low_90": q05, "high_90": q95,
                     "prior_low": lo, "prior_high": hi,
                     "width_ratio": (q95 - q05) / (0.9 * (hi - lo))})
    write_table(folder / "posterior.csv", pd.DataFrame(rows))
    write_table(folder / "correlations.csv",
                _weighted_corr(particles[names], particles["weight"]), index=True)


def _weighted_corr(values: pd.DataFrame, weights: pd.Series) -> pd.DataFrame:
    w = weights.to_numpy() / weights.sum()
    x = values.to_numpy(float)
    centred = x - w @ x
    cov = (centred * w[:, None]).T @ centred
    sd = np.sqrt(np.diag(cov))
    with np.errstate(invalid="ignore", divide="ignore"):
        corr = cov / np.outer(sd, sd)
    return pd.DataFrame(corr, index=values.columns, columns=values.columns)
