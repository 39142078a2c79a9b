"""The package's layers: every import goes down, and no module needs itself back.

``sim/`` is grouped by layer, from the ground up (docs/ODD.md's overview and the README
say the same):

- the ground: the declarations (``params``, ``outcomes``, ``kinds``, ``stages``, ``levers``), the words (``vocabulary``),
  errors, the scenario loader and the bundled data (``sim.data``);
- ``sim.model``: the state arrays, the compiled rules, agents and actants, the Mesa model;
- ``sim.run``: one run, replicated experiments, statistics, outputs, patterns;
- ``sim.study``: designs, the run store, executors, sensitivity;
- ``sim.calibration``: the ABC problem, the fit, the posterior, the checks;
- ``sim.report``: tables and reports, read from stored outputs;
- ``sim.app``: the page;
- ``sim.cli``: the command line on top.

Every import is read, the lazy ones inside functions included; only imports under
``if TYPE_CHECKING:`` (never run) are left out.
"""

from __future__ import annotations

import ast
from pathlib import Path

import networkx as nx
import pytest
from tests_support import ROOT

LAYERS = ("ground", "sim.model", "sim.run", "sim.study", "sim.calibration", "sim.report",
          "sim.app", "sim.cli")


def _modules() -> dict[str, Path]:
    out = {}
    for path in sorted((ROOT / "sim").rglob("*.py")):
        parts = path.relative_to(ROOT).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        out[name] = path
    return out


MODULES = _modules()


def layer(module: str) -> int:
    """The rank of a module's layer (0 for the ground)."""
    for rank, prefix in enumerate(LAYERS):
        if module == prefix or module.startswith(prefix + "."):
            return rank
    return 0


def _type_checking_lines(tree: ast.AST) -> set[int]:
    lines: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            for child in node.body:
                lines.update(range(child.lineno, (child.end_lineno or child.lineno) + 1))
    return lines


def imports_of(module: str) -> set[str]:
    """The package modules ``module`` imports, lazily or not (type checking aside)."""
    tree = ast.parse(MODULES[module].read_text(encoding="utf-8"))
    skipped = _type_checking_lines(tree)
    found: set[str] = set()
    for node in ast.walk(tree):
        if getattr(node, "lineno", None) in skipped:
            continue
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.split(".")[0] == "sim")
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            if node.module.split(".")[0] != "sim":
                continue
            for alias in node.names:
                full = f"{node.module}.{alias.name}"
                found.add(full if full in MODULES else node.module)
    return {m for m in found if m in MODULES and m != module}


def graph() -> nx.DiGraph:
    g = nx.DiGraph()
    for module in MODULES:
        g.add_node(module)
        g.add_edges_from((module, other) for other in imports_of(module))
    return g


def test_the_reader_sees_lazy_imports_and_skips_type_checking_ones():
    assert "sim.report.html" in imports_of("sim.cli.common")  # inside a function
    assert "sim.model.hlm" not in imports_of("sim.model.agents")  # under TYPE_CHECKING
    assert layer("sim.params") == 0 < layer("sim.model.rules.week") < layer("sim.cli.main")


def test_every_module_belongs_to_a_layer_folder_or_the_ground():
    ground = {m for m in MODULES if layer(m) == 0}
    assert ground == {"sim", "sim.errors", "sim.params", "sim.outcomes", "sim.vocabulary",
                      "sim.scenario", "sim.data", "sim.kinds", "sim.stages", "sim.levers", "sim.files"}


@pytest.mark.parametrize("module", sorted(MODULES))
def test_imports_only_go_down(module):
    upward = sorted(m for m in imports_of(module) if layer(m) > layer(module))
    assert not upward, f"{module} (layer {LAYERS[layer(module)]}) imports from above: {upward}"


def test_no_module_needs_itself_back():
    cycles = list(nx.simple_cycles(graph()))
    assert not cycles, f"import cycles: {cycles[:5]}"


def test_the_wheel_lists_every_package():
    import tomllib  # noqa: PLC0415

    spec = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    listed = set(spec["tool"]["setuptools"]["packages"])
    folders = {m for m, p in MODULES.items() if p.name == "__init__.py"}
    assert folders <= listed
    assert listed - folders == {"sim.data.scenarios", "sim.data.calibration"}
