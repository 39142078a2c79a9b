"""The worked notebooks run from top to bottom, on shrunken parameters.

Each notebook has one cell tagged ``parameters``; the test adds a cell after it that
makes the run small, then executes the notebook with nbclient in a temporary folder.
"""

import nbformat
import pytest
from nbclient import NotebookClient
from nbformat.v4 import new_code_cell
from tests_support import ROOT

NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
SMALL = {
    "01-first-what-if": "REPLICATES = 2\nWEEKS = 12",
    "02-sensitivity": "TRAJECTORIES = 2\nREPLICATES = 1\nWEEKS = 8\nWORKERS = 1\n"
                      "PARAMS = PARAMS[:2]",
    "03-reading-a-report": "REPLICATES = 2\nWEEKS = 12",
}


def test_the_three_notebooks_are_there_without_outputs():
    assert [p.stem for p in NOTEBOOKS] == sorted(SMALL)
    for path in NOTEBOOKS:
        nb = nbformat.read(path, as_version=4)
        code = [c for c in nb.cells if c.cell_type == "code"]
        assert all(not c.get("outputs") and c.get("execution_count") is None for c in code)
        assert sum("parameters" in c.metadata.get("tags", []) for c in code) == 1
        assert not any(line.lstrip().startswith("assert ") for c in code
                       for line in c.source.splitlines())


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_executes(path, tmp_path):
    nb = nbformat.read(path, as_version=4)
    at = next(i for i, c in enumerate(nb.cells) if "parameters" in c.metadata.get("tags", []))
    nb.cells.insert(at + 1, new_code_cell(SMALL[path.stem]))
    NotebookClient(nb, timeout=300, kernel_name="python3",
                   resources={"metadata": {"path": str(tmp_path)}}).execute()
    errors = [o for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", [])
              if o.output_type == "error"]
    assert not errors
    written = list(tmp_path.rglob("report.html")) + list(tmp_path.rglob("study.json"))
    assert written  # each notebook leaves its results where the reader can open them
