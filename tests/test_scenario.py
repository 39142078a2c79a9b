"""Scenario files: the bundled ones load with the seed's structure; bad files fail
with one line naming the file, the key, what was expected and what was found."""

import pytest
from tests_support import ROOT

from sim.errors import InputError
from sim.params import PARAMS
from sim.scenario import find_scenario, load_scenario

BASE = """
name = "t"
[[buildings]]
households = 120
[[partners]]
name = "A"
sector = "community"
[[partners]]
name = "B"
sector = "omh"
roles = ["mediator"]
[[committees]]
name = "C"
members = ["A", "B"]
interval_weeks = 4
[[workers]]
building = 1
"""


def write(tmp_path, text, name="s.toml"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_milieux_carry_the_seeds_structure(scenarios):
    expected = {"milieu-1": (3, 6, "community"), "milieu-2": (1, 2, "leisure"),
                "milieu-3": (1, 1, "community_centre"), "milieu-4": (1, 1, "ciusss")}
    for name, (hlm, workers, employer) in expected.items():
        sc = scenarios[name]
        assert len(sc.buildings) == hlm
        assert all(100 <= b <= 300 for b in sc.buildings)
        assert len(sc.workers) == workers
        assert sc.params["worker_employer"] == employer
        assert any("mediator" in p.roles for p in sc.partners)
    assert scenarios["milieu-3"].origin == "crisis"
    assert [c.name for c in scenarios["milieu-4"].committees] == [
        "Field table", "Coordination committee", "Vivre Ensemble committee"]
    assert scenarios["milieu-2"].params["room_agreement"] is True


def test_extends_merges_tables_and_replaces_arrays(tmp_path):
    write(tmp_path, BASE + "[params]\nvacancy_weeks = 3\nmediator_presence = 0.2\n", "base.toml")
    child = write(tmp_path, 'extends = "base.toml"\nname = "child"\n[params]\nmediator_presence = 0.9\n'
                  '[[buildings]]\nhouseholds = 250\n[[buildings]]\nhouseholds = 100\n', "child.toml")
    sc = load_scenario(child)
    assert sc.name == "child"
    assert sc.params["vacancy_weeks"] == 3
    assert sc.params["mediator_presence"] == 0.9
    assert sc.buildings == (250, 100)
    assert sc.params["room_conflict_rate"] == PARAMS["room_conflict_rate"].default


def test_extends_path_is_relative_to_the_extending_file(tmp_path):
    (tmp_path / "sub").mkdir()
    write(tmp_path, BASE, "base.toml")
    child = write(tmp_path, 'extends = "../base.toml"\n', "sub/child.toml")
    assert load_scenario(child).households == 120


def test_find_scenario_by_name():
    assert find_scenario("milieu-3").name == "milieu-3.toml"
    with pytest.raises(InputError, match="did you mean 'milieu-3'"):
        find_scenario("milieu-33")


BAD = [
    (None, "no such scenario file"),
    ('name = "x"\n[[buildings]\n', "not valid TOML.*line 2"),
    (BASE + "[params]\nstaff_turnover = 0.3\n", "params.staff_turnover: unknown parameter.*staff_turnover_rate"),
    (BASE + "colour = 1\n", "unknown key 'colour'"),
    (BASE.replace('sector = "omh"', 'sector = "omhh"'), r"partners\[1\].sector: expected one of .*found 'omhh'.*did you mean 'omh'"),
    (BASE + "[params]\nvacancy_weeks = \"six\"\n", "params.vacancy_weeks: expected a number, found 'six'"),
    (BASE + "[params]\nroom_agreement = 1\n", "params.room_agreement: expected true or false, found 1"),
    (BASE + "[params]\nmediator_presence = 1.5\n", r"params.mediator_presence: 1.5 is outside the declared range \[0, 1\]"),
    (BASE + "[params]\nvacancy_weeks = 2.5\n", "expected a whole number, found 2.5"),
    (BASE + "[params]\nworker_employer = \"city\"\n", "expected one of community, leisure, community_centre, ciusss"),
    (BASE.replace('members = ["A", "B"]', 'members = ["A", "Z"]'), r"committees\[0\].members\[1\]: no partner named 'Z'"),
    (BASE.replace("households = 120", "households = 5000"), r"buildings\[0\].households: expected 20 to 400, found 5000"),
    (BASE.replace("building = 1", "building = 2"), r"workers\[0\].building: expected 1 to 1, found 2"),
    (BASE.replace("households = 120", 'households = "many"'), "households: expected a whole number, found 'many'"),
    (BASE + '[household_mix]\nfamily = 0.5\nsingle = 0.1\nsenior = 0.1\n', "expected shares summing to 1, found 0.7"),
    ('origin = "accident"\n' + BASE, "toml: origin: expected one of crisis, vision"),
]


@pytest.mark.parametrize(("text", "message"), BAD)
def test_bad_scenarios_fail_with_one_clear_line(tmp_path, text, message):
    path = tmp_path / "missing.toml" if text is None else write(tmp_path, text)
    with pytest.raises(InputError, match=message) as info:
        load_scenario(path)
    assert "\n" not in str(info.value)
    assert str(path) in str(info.value)


def test_extends_cycle_is_named(tmp_path):
    write(tmp_path, 'extends = "b.toml"\n' + BASE, "a.toml")
    write(tmp_path, 'extends = "a.toml"\n', "b.toml")
    with pytest.raises(InputError, match=r"extends cycle: a.toml -> b.toml -> a.toml"):
        load_scenario(tmp_path / "a.toml")


def test_with_params_checks_values(scenarios):
    with pytest.raises(InputError, match="outside the declared range"):
        scenarios["baseline"].with_params(staff_turnover_rate=5.0)
    with pytest.raises(InputError, match="unknown parameter"):
        scenarios["baseline"].with_params(turnover=0.1)


# --- issue 11: scenarios of one's own -------------------------------------------------
def test_extends_accepts_a_bundled_name(tmp_path):
    site = write(tmp_path, 'extends = "milieu-1"\nname = "My site"\n[params]\nvacancy_weeks = 3\n',
                 "site.toml")
    s = load_scenario(site)
    assert s.name == "My site"
    assert s.params["vacancy_weeks"] == 3
    assert len(s.buildings) == 3  # milieu 1's three HLM


def test_a_copied_milieu_names_its_missing_parent_and_the_extends_line(tmp_path):
    """A copy of scenarios/milieu-3.toml elsewhere used to fail with
    'baseline.toml: no such scenario file', without naming the extends line."""
    text = (ROOT / "scenarios" / "milieu-3.toml").read_text().replace(
        'extends = "baseline.toml"', 'extends = "my-baseline.toml"')
    site = write(tmp_path, text, "copy.toml")
    with pytest.raises(InputError) as err:
        load_scenario(site)
    message = str(err.value)
    assert message.startswith(f"{site}: key 'extends'")
    assert "'my-baseline.toml'" in message
    assert "milieu-3" in message  # the bundled names are offered


def test_a_copied_milieu_extending_baseline_loads_from_the_bundle(tmp_path):
    site = write(tmp_path, (ROOT / "scenarios" / "milieu-3.toml").read_text(), "copy.toml")
    assert load_scenario(site).name == "Milieu 3"


def test_a_parameter_at_the_top_level_is_sent_under_params(tmp_path):
    site = write(tmp_path, 'extends = "milieu-2"\nstaff_turnover_rate = 0.4\n', "site.toml")
    with pytest.raises(InputError, match=r"parameters go under \[params\]: did you mean "
                                         r"params.staff_turnover_rate\?"):
        load_scenario(site)


def test_the_readme_site_of_ones_own_loads(tmp_path):
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Scenario files", 1)[1]
    snippet = section.split("```toml\n", 1)[1].split("```", 1)[0]
    site = write(tmp_path, snippet, "my-site.toml")
    s = load_scenario(site)
    assert s.name == "My site"
    assert s.buildings == (180,)
    assert s.params["staff_turnover_rate"] == 0.4


# --- issue 23: shares, extends chains, the file and the key apart ----------------------
@pytest.mark.parametrize("share", ["nan", "inf", "-inf", "1e308"])
def test_a_share_that_is_not_a_finite_share_is_refused(tmp_path, share):
    """A NaN share passed the sum check (abs(nan - 1) > 1e-6 is false) and ended in
    numpy's 'Probabilities contain NaN'."""
    path = write(tmp_path, BASE + f"[household_mix]\nfamily = {share}\nsingle = 0.5\nsenior = 0.5\n")
    with pytest.raises(InputError, match=r"s\.toml: household_mix\.family: expected a share "
                                         r"from 0 to 1, found"):
        load_scenario(path)


def test_the_file_and_the_key_are_named_apart(tmp_path):
    """Messages glued the key onto the path: '.../x.toml.buildings: expected an array'."""
    path = write(tmp_path, 'name = "t"\nbuildings = 3\n', "x.toml")
    with pytest.raises(InputError) as info:
        load_scenario(path)
    assert str(info.value) == f"{path}: buildings: expected an array, found 3"
    path = write(tmp_path, BASE.replace('roles = ["mediator"]', "roles = [1]"), "y.toml")
    with pytest.raises(InputError) as info:
        load_scenario(path)
    assert str(info.value) == f"{path}: partners[1].roles[0]: expected a string, found 1"


def test_an_extends_chain_longer_than_the_limit_is_refused_in_one_line(tmp_path):
    """A chain 1,201 files deep ended in RecursionError."""
    from sim.scenario import EXTENDS_LIMIT  # noqa: PLC0415

    write(tmp_path, BASE, "f0.toml")
    for i in range(1, 40):
        write(tmp_path, f'extends = "f{i - 1}.toml"\n', f"f{i}.toml")
    assert load_scenario(tmp_path / f"f{EXTENDS_LIMIT}.toml").households == 120
    with pytest.raises(InputError) as info:
        load_scenario(tmp_path / f"f{EXTENDS_LIMIT + 1}.toml")
    assert str(info.value).startswith(f"{tmp_path / f'f{EXTENDS_LIMIT + 1}.toml'}: key 'extends': "
                                      f"expected at most {EXTENDS_LIMIT} levels of extends")
    with pytest.raises(InputError, match="expected at most 8 levels of extends"):
        load_scenario(tmp_path / "f39.toml")


def test_a_name_too_long_to_look_up_is_bad_input_not_a_crash(tmp_path):
    """Found by the fuzzed scenario files: ``extends`` with 3,000 characters raised
    OSError (file name too long) from ``Path.is_file``."""
    from sim.errors import InputError  # noqa: PLC0415
    from sim.scenario import find_scenario, load_scenario  # noqa: PLC0415

    site = tmp_path / "site.toml"
    site.write_text(f'extends = "{"x" * 3000}"\nname = "x"\n', encoding="utf-8")
    with pytest.raises(InputError, match="key 'extends'"):
        load_scenario(site)
    with pytest.raises(InputError, match="no such scenario file"):
        find_scenario("y" * 3000)
    with pytest.raises(InputError, match="no such scenario file"):
        load_scenario(tmp_path / ("z" * 3000))
