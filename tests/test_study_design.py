"""Study designs: bounds, sizes, stratification, seeding, and --params parsing."""

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sim.errors import InputError
from sim.params import PARAMS
from sim.study.design import DesignSpec, Factor, build_design, parse_factor

NUMERIC = sorted(name for name, p in PARAMS.items() if p.numeric)
FLOATS = sorted(name for name, p in PARAMS.items() if p.kind == "float")
INTS = sorted(name for name, p in PARAMS.items() if p.kind == "int")


def factors_of(names):
    return tuple(parse_factor(n) for n in names)


def assert_within_declared(design):
    for f in design.spec.factors:
        values = design.values[f.name]
        assert values.min() >= f.low
        assert values.max() <= f.high
        if f.kind == "int":
            assert values.dtype == np.int64
        declared = PARAMS[f.name]
        assert declared.low <= values.min() <= values.max() <= declared.high


@settings(max_examples=25, deadline=None)
@given(names=st.lists(st.sampled_from(NUMERIC), min_size=1, max_size=3, unique=True),
       levels=st.integers(2, 5))
def test_grid_has_levels_to_the_k_points_within_bounds(names, levels):
    design = build_design(DesignSpec("grid", factors_of(names), levels, seed=1))
    assert len(design) == levels ** len(names)
    assert_within_declared(design)
    for j, f in enumerate(design.spec.factors):
        if f.kind == "float":
            assert len(np.unique(design.nominal[:, j])) == levels
            assert design.values[f.name].min() == f.low
            assert design.values[f.name].max() == f.high


@settings(max_examples=25, deadline=None)
@given(names=st.lists(st.sampled_from(FLOATS), min_size=1, max_size=4, unique=True),
       n=st.integers(1, 60), seed=st.integers(1, 2 ** 31))
def test_lhs_puts_one_point_in_each_stratum_of_each_factor(names, n, seed):
    design = build_design(DesignSpec("lhs", factors_of(names), n, seed=seed))
    assert len(design) == n
    assert_within_declared(design)
    for j, f in enumerate(design.spec.factors):
        strata = np.floor((design.nominal[:, j] - f.low) / (f.high - f.low) * n).astype(int)
        assert sorted(np.minimum(strata, n - 1).tolist()) == list(range(n))


@settings(max_examples=15, deadline=None)
@given(names=st.lists(st.sampled_from(NUMERIC), min_size=1, max_size=4, unique=True),
       log_n=st.integers(1, 5), second=st.booleans())
def test_sobol_size_and_bounds(names, log_n, second):
    n, k = 2 ** log_n, len(names)
    design = build_design(DesignSpec("sobol", factors_of(names), n, seed=7, second_order=second))
    assert len(design) == n * ((2 * k + 2) if second else (k + 2))
    assert_within_declared(design)


@settings(max_examples=15, deadline=None)
@given(names=st.lists(st.sampled_from(NUMERIC), min_size=1, max_size=4, unique=True),
       n=st.integers(2, 8))
def test_morris_trajectories_move_one_factor_per_step(names, n):
    k = len(names)
    design = build_design(DesignSpec("morris", factors_of(names), n, seed=3))
    assert len(design) == n * (k + 1)
    assert_within_declared(design)
    steps = np.diff(design.nominal.reshape(n, k + 1, k), axis=1)
    assert ((np.abs(steps) > 1e-12).sum(axis=2) == 1).all()


def test_int_factors_give_every_whole_value_equal_weight():
    factor = Factor("vacancy_weeks", "int", 2, 5)
    design = build_design(DesignSpec("lhs", (factor,), 400, seed=5))
    counts = np.bincount(design.values["vacancy_weeks"])[2:]
    assert counts.tolist() == [100, 100, 100, 100]


def test_designs_are_deterministic_in_their_seed():
    f = factors_of(["staff_turnover_rate", "tie_prob"])
    for method, n in (("lhs", 10), ("sobol", 8), ("morris", 4)):
        a = build_design(DesignSpec(method, f, n, seed=11)).nominal
        b = build_design(DesignSpec(method, f, n, seed=11)).nominal
        c = build_design(DesignSpec(method, f, n, seed=12)).nominal
        assert np.array_equal(a, b)
        assert not np.array_equal(a, c)


def test_parse_factor_narrows_within_the_declared_range():
    f = parse_factor("mediator_presence=0.2:0.9")
    assert (f.name, f.kind, f.low, f.high) == ("mediator_presence", "float", 0.2, 0.9)
    f = parse_factor("vacancy_weeks")  # by default, the plausible range (issue 11)
    assert (f.kind, f.low, f.high) == ("int", *PARAMS["vacancy_weeks"].design_range)
    f = parse_factor("vacancy_weeks=0:52")  # the hard bounds, on request
    assert (f.low, f.high) == (0.0, 52.0)


@pytest.mark.parametrize(("text", "message"), [
    ("staff_turnover", "unknown parameter 'staff_turnover' (did you mean 'staff_turnover_rate'?)"),
    ("staff_turnover_rate=0:5", "outside the declared range [0, 2]"),
    ("staff_turnover_rate=-1:1", "outside the declared range"),
    ("staff_turnover_rate=1:0.5", "expected LO < HI"),
    ("staff_turnover_rate=0.5", "expected bounds LO:HI"),
    ("staff_turnover_rate=a:b", "expected bounds LO:HI"),
    ("vacancy_weeks=1.5:4", "expected whole-number bounds"),
    ("room_agreement", "expected a numeric (float or int) parameter, found a bool"),
    ("worker_employer", "found a choice parameter"),
    ("=1:2", "expected NAME or NAME=LO:HI"),
])
def test_parse_factor_refuses_bad_input(text, message):
    with pytest.raises(InputError, match=None) as info:
        parse_factor(text)
    assert message in str(info.value)
    assert "\n" not in str(info.value)


@pytest.mark.parametrize(("method", "n", "message"), [
    ("sobol", 3, "needs N a power of 2"),
    ("sobol", 100, "needs N a power of 2"),
    ("sobol", 1, "needs N a power of 2"),
    ("morris", 1, "Morris needs 2 or more trajectories"),
    ("grid", 1, "expected 2 or more levels"),
    ("lhs", 0, "expected 1 or more points"),
    ("halton", 4, "expected one of grid, lhs, sobol, morris"),
])
def test_design_spec_refuses_sizes_the_method_does_not_allow(method, n, message):
    with pytest.raises(InputError) as info:
        DesignSpec(method, factors_of(["tie_prob"]), n, seed=1)
    assert message in str(info.value)


def test_design_spec_refuses_repeated_or_missing_factors_and_huge_grids():
    with pytest.raises(InputError, match="given twice"):
        DesignSpec("lhs", factors_of(["tie_prob", "tie_prob"]), 4, seed=1)
    with pytest.raises(InputError, match="at least one parameter"):
        DesignSpec("lhs", (), 4, seed=1)
    with pytest.raises(InputError, match="more than the"):
        DesignSpec("grid", factors_of(NUMERIC[:8]), 10, seed=1)


def test_sampling_bounds_of_int_factors_cover_half_a_unit_each_side():
    f = Factor("vacancy_weeks", "int", 0, 52)
    assert f.sampling_bounds() == (-0.5, 52.5)
    assert f.cast(np.array([-0.5, 0.49, 0.5, 52.5])).tolist() == [0, 0, 1, 52]
    g = Factor("tie_prob", "float", 0.0, 1.0)
    assert g.sampling_bounds() == (0.0, 1.0)
    assert math.isclose(g.cast(np.array([0.25]))[0], 0.25)
