"""docs/ODD.md stays true to the declarations."""

from tests_support import ROOT

from sim.params import PARAMS
from sim.report.odd import render

ODD = ROOT / "docs" / "ODD.md"


def test_generated_tables_match_the_declarations():
    text = ODD.read_text(encoding="utf-8")
    assert render(text) == text, "regenerate with: python -m sim.report.odd docs/ODD.md"


def test_every_parameter_is_described_in_a_submodel():
    """Each parameter is named in the prose too, not only in the generated table."""
    text = ODD.read_text(encoding="utf-8")
    prose = text.split("<!-- params:end -->", 1)[1]
    missing = [name for name in PARAMS if f"`{name}`" not in prose]
    assert not missing, f"not described in ODD sections 3-7: {missing}"
