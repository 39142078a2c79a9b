"""Study designs: which parameter values a study runs.

A design varies *factors*: declared numeric parameters (or, for the known-answer
tests, any named variable with bounds). Four designs, all seeded:

- ``grid``: a full factorial of ``levels`` evenly spaced values per factor;
- ``lhs``: a Latin hypercube of ``n`` points (:class:`scipy.stats.qmc.LatinHypercube`);
- ``sobol``: Saltelli's scheme for Sobol indices (:func:`SALib.sample.sobol.sample`),
  ``n`` a power of 2, ``n * (k + 2)`` points, ``n * (2k + 2)`` with second order;
- ``morris``: ``n`` Morris trajectories (:func:`SALib.sample.morris.sample`),
  ``n * (k + 1)`` points.

Integer factors: the samplers draw a continuous value on ``[low - 0.5, high + 0.5]``
(``[low, high]`` for the grid) and the value the model gets is that value rounded to
the nearest whole number and clipped to ``[low, high]``, so every whole number in
the range is equally likely. The analysis uses the continuous (nominal) sample.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np

from sim.errors import InputError
from sim.params import PARAMS, Param, suggest

Method = Literal["grid", "lhs", "sobol", "morris"]
METHODS: tuple[str, ...] = ("grid", "lhs", "sobol", "morris")
MAX_POINTS = 2_000_000
"""Refuse designs larger than this (a typo in ``--levels`` should not fill a disk)."""


@dataclass(frozen=True, slots=True)
class Factor:
    """A varied parameter: its name, kind and the bounds the study samples within."""

    name: str
    kind: Literal["float", "int"]
    low: float
    high: float

    def sampling_bounds(self) -> tuple[float, float]:
        """Bounds of the continuous variable the samplers draw (see the module doc)."""
        if self.kind == "int":
            return self.low - 0.5, self.high + 0.5
        return self.low, self.high

    def cast(self, values: np.ndarray) -> np.ndarray:
        """Turn nominal sampled values into the values the model gets."""
        if self.kind == "int":
            return np.clip(np.floor(values + 0.5), self.low, self.high).astype(np.int64)
        return np.clip(values.astype(np.float64), self.low, self.high)

    def to_dict(self) -> dict[str, Any]:
        """Plain data for the study manifest."""
        return {"name": self.name, "kind": self.kind, "low": self.low, "high": self.high}


def parse_factor(text: str, where: str = "--params",
                 declared: Mapping[str, Param] = PARAMS) -> Factor:
    """Parse ``NAME`` or ``NAME=LO:HI`` into a :class:`Factor` checked against ``declared``.

    ``NAME`` alone varies the parameter over its design range (its declared plausible
    range, else its hard bounds: :attr:`sim.params.Param.design_range`); ``LO:HI`` must
    lie within the hard bounds.

    Raises :class:`InputError` for an unknown name, a parameter that is not numeric,
    bounds that are not numbers, not increasing, or outside the declared range.
    """
    name, sep, bounds = text.partition("=")
    name = name.strip()
    if not name:
        raise InputError(f"{where} {text!r}: expected NAME or NAME=LO:HI")
    if name not in declared:
        raise InputError(f"{where}: unknown parameter {name!r}{suggest(name, declared)}")
    param = declared[name]
    if not param.numeric or param.low is None or param.high is None:
        raise InputError(f"{where} {name}: expected a numeric (float or int) parameter, "
                         f"found a {param.kind} parameter; fix it with --set {name}=VALUE")
    kind: Literal["float", "int"] = "int" if param.kind == "int" else "float"
    low, high = float(param.low), float(param.high)
    design_low, design_high = (float(x) for x in param.design_range)
    if sep:
        lo_text, colon, hi_text = bounds.partition(":")
        try:
            if not colon:
                raise ValueError
            lo, hi = float(lo_text), float(hi_text)
        except ValueError:
            raise InputError(f"{where} {name}: expected bounds LO:HI, found {bounds!r}") from None
        if not (math.isfinite(lo) and math.isfinite(hi)) or lo >= hi:
            raise InputError(f"{where} {name}: expected LO < HI, found {bounds!r}")
        if lo < low or hi > high:
            raise InputError(f"{where} {name}: bounds {lo:g}:{hi:g} are outside the declared "
                             f"range [{low:g}, {high:g}] ({param.unit})")
        if kind == "int" and not (lo.is_integer() and hi.is_integer()):
            raise InputError(f"{where} {name}: expected whole-number bounds, found {bounds!r}")
        return Factor(name, kind, lo, hi)
    return Factor(name, kind, design_low, design_high)


def check_factors(factors: Sequence[Factor], where: str = "--params") -> None:
    """Refuse an empty list or a factor named twice."""
    if not factors:
        raise InputError(f"{where}: expected at least one parameter to vary, found none")
    seen: set[str] = set()
    for f in factors:
        if f.name in seen:
            raise InputError(f"{where}: parameter {f.name!r} is given twice")
        seen.add(f.name)


@dataclass(frozen=True)
class DesignSpec:
    """What a design is: the method, its factors, its size and its seed.

    ``n`` is the number of levels per factor for ``grid``, the number of points for
    ``lhs``, the base sample size N for ``sobol`` and the number of trajectories for
    ``morris``. ``second_order`` is Sobol's; ``num_levels`` is Morris's grid.
    """

    method: str
    factors: tuple[Factor, ...]
    n: int
    seed: int
    second_order: bool = False
    num_levels: int = 4

    def __post_init__(self) -> None:
        if self.method not in METHODS:
            raise InputError(f"design: expected one of {', '.join(METHODS)}, "
                             f"found {self.method!r}")
        check_factors(self.factors)
        self._check_n()
        if self.size > MAX_POINTS:
            raise InputError(f"{self._n_arg}: the design would have {self.size:,} points, "
                             f"more than the {MAX_POINTS:,} a study may hold")

    @property
    def _n_arg(self) -> str:
        return "--levels" if self.method == "grid" else "--n"

    def _check_n(self) -> None:
        n, arg = self.n, self._n_arg
        if self.method == "grid" and n < 2:
            raise InputError(f"{arg}: expected 2 or more levels, found {n}")
        if self.method == "lhs" and n < 1:
            raise InputError(f"{arg}: expected 1 or more points, found {n}")
        if self.method == "sobol" and (n < 2 or n & (n - 1)):
            raise InputError(f"{arg}: Sobol (Saltelli) sampling needs N a power of 2 "
                             f"(2, 4, ..., 256, ...), found {n}")
        if self.method == "morris":
            if n < 2:
                raise InputError(f"{arg}: Morris needs 2 or more trajectories, found {n}")
            if self.num_levels < 2 or self.num_levels % 2:
                raise InputError(f"--levels: Morris needs an even number of levels (4 is "
                                 f"usual), found {self.num_levels}")

    @property
    def names(self) -> tuple[str, ...]:
        """The factors' names, in order."""
        return tuple(f.name for f in self.factors)

    @property
    def size(self) -> int:
        """Number of design points."""
        k, n = len(self.factors), self.n
        return {"grid": n ** k, "lhs": n, "morris": n * (k + 1),
                "sobol": n * ((2 * k + 2) if self.second_order else (k + 2))}[self.method]

    def problem(self) -> dict[str, Any]:
        """The SALib problem dictionary (sampling bounds, see the module doc)."""
        return {"num_vars": len(self.factors), "names": list(self.names),
                "bounds": [list(f.sampling_bounds()) for f in self.factors]}

    def to_dict(self) -> dict[str, Any]:
        """Plain data for the study manifest."""
        data: dict[str, Any] = {"method": self.method, "n": self.n, "seed": self.seed,
                                "factors": [f.to_dict() for f in self.factors]}
        if self.method == "sobol":
            data["second_order"] = self.second_order
        if self.method == "morris":
            data["num_levels"] = self.num_levels
        return data


@dataclass(frozen=True)
class Design:
    """A built design: the nominal sample and the values the model gets, per point."""

    spec: DesignSpec
    nominal: np.ndarray  # (points, k) float: the sample the analysis sees
    values: dict[str, np.ndarray]  # name -> (points,) cast values the model gets

    def __len__(self) -> int:
        return int(self.nominal.shape[0])

    def point(self, i: int) -> dict[str, float | int]:
        """The parameter values of design point ``i`` as plain Python numbers."""
        return {name: v[i].item() for name, v in self.values.items()}


def build_design(spec: DesignSpec) -> Design:
    """Sample ``spec``: deterministic for a given spec (its seed included)."""
    k = len(spec.factors)
    if spec.method == "grid":
        axes = [np.linspace(f.low, f.high, spec.n) for f in spec.factors]
        nominal = np.array(list(itertools.product(*axes)), dtype=np.float64).reshape(-1, k)
    elif spec.method == "lhs":
        from scipy.stats import qmc  # noqa: PLC0415 (scipy.stats loads only for the designs that need it)

        unit = qmc.LatinHypercube(d=k, rng=np.random.default_rng(spec.seed)).random(spec.n)
        lows, highs = zip(*(f.sampling_bounds() for f in spec.factors), strict=True)
        nominal = qmc.scale(unit, lows, highs)
    elif spec.method == "sobol":
        from SALib.sample import sobol  # noqa: PLC0415 (as above)

        nominal = sobol.sample(spec.problem(), spec.n, calc_second_order=spec.second_order,
                               scramble=True, seed=spec.seed)
    else:
        from SALib.sample import morris  # noqa: PLC0415 (as above)

        nominal = morris.sample(spec.problem(), spec.n, num_levels=spec.num_levels,
                                seed=spec.seed)
    nominal = np.asarray(nominal, dtype=np.float64)
    values = {f.name: f.cast(nominal[:, j]) for j, f in enumerate(spec.factors)}
    return Design(spec, nominal, values)
