"""The mechanism tests again with numba's bounds checking on, in a fresh process.

Compiled rules index arrays without checking by default: a rule that reads past an
array's end reads stray memory, and a test may pass or crash the whole test process with
a segmentation fault instead of failing. Here ``tests/test_mechanisms.py`` runs in a
subprocess with ``NUMBA_BOUNDSCHECK=1`` and an empty compile cache of its own (the rules
are compiled anew, with the checks), so such an index raises ``IndexError`` and fails the
test that made it.
"""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from tests_support import ROOT

pytestmark = pytest.mark.slow


def test_the_mechanism_tests_pass_with_bounds_checking(tmp_path):
    env = {**os.environ, "NUMBA_BOUNDSCHECK": "1", "XDG_CACHE_HOME": str(tmp_path)}
    done = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
                           "-x", str(ROOT / "tests" / "test_mechanisms.py")],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=900,
                          check=False)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-2000:]
    assert any(tmp_path.rglob("*.nbi")), "the rules were not compiled into the fresh cache"
