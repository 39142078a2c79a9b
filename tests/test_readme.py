"""The README's worked examples say what their numbers do.

Each example line of the README that names a change in words (halved, doubled, the
agreement disappeared) is run, and the change it makes is checked against the words:
the value it sets is the scenario's own value halved or doubled, or the agreement the
scenario has is removed; the command's header shows the scenario's value and the new one.
"""

from __future__ import annotations

import re

import pytest
from tests_support import ROOT

from sim.cli.main import main
from sim.scenario import find_scenario, load_scenario

README = (ROOT / "README.md").read_text(encoding="utf-8")
EXAMPLE = re.compile(r"hlm-sim compare (milieu-\d) --set (\w+)=(\S+)\s+#\s*(.*)")
CLAIMS = {"halved": 0.5, "doubled": 2.0}


def _examples() -> list[tuple[str, str, str, str]]:
    found = [m.groups() for m in EXAMPLE.finditer(README)]
    return [f for f in found if any(w in f[3] for w in (*CLAIMS, "disappeared"))]


def test_the_readme_has_worked_examples_with_claims():
    claims = " ".join(e[3] for e in _examples())
    assert "doubled" in claims
    assert "disappeared" in claims
    assert "halved" in README.split("## Running scenarios")[0]  # the quick start's


@pytest.mark.parametrize("example", _examples(), ids=lambda e: f"{e[0]}-{e[1]}")
def test_the_words_match_the_change(example, capsys):
    milieu, name, text, claim = example
    before = load_scenario(find_scenario(milieu)).params[name]
    value = {"true": True, "false": False}.get(text, text)
    if "disappeared" in claim:
        assert before is True
        assert value is False
    else:
        factor = next(f for w, f in CLAIMS.items() if w in claim)
        assert float(text) == pytest.approx(factor * float(before), abs=0.005)
    assert main(["compare", milieu, "--set", f"{name}={text}", "--weeks", "10",
                 "--replicates", "2"]) == 0
    header = capsys.readouterr().out.splitlines()[0]
    assert " → " in header
    assert name in header


def test_the_quick_start_halves_turnover():
    quick = README.split("## Running scenarios")[0]
    (value,) = re.findall(r"compare milieu-3 --set staff_turnover_rate=(\S+)", quick)
    before = load_scenario(find_scenario("milieu-3")).params["staff_turnover_rate"]
    assert "halved" in quick
    assert float(value) == pytest.approx(before / 2, abs=0.005)
