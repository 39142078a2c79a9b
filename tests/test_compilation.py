"""Compilation is invisible to users: the cache lives in the user's cache folder, a
read-only home still runs, and the first run that compiles says so in one line."""

import os
import subprocess
import sys

from tests_support import ROOT

from sim.model.rules import jit


def python(code, **env):
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False,
                          cwd=ROOT, env={**os.environ, **env}, timeout=120)


def test_the_cache_lives_in_the_user_cache_folder_keyed_by_the_rules(tmp_path):
    out = python("from sim.model.rules import jit; import os; print(jit.CACHE_FOLDER); "
                 "print(os.environ['NUMBA_CACHE_DIR'])", XDG_CACHE_HOME=str(tmp_path))
    folder, numba_dir = out.stdout.split()
    assert folder == numba_dir
    assert folder.startswith(str(tmp_path / "hlm-sim" / "numba"))
    assert not folder.startswith(str(ROOT / "sim"))


def test_an_unwritable_cache_folder_means_compiling_in_memory(tmp_path):
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the cache folder would go", encoding="utf-8")
    out = python("from sim.model.rules import jit; print(jit.CACHE_FOLDER, jit._CACHE)",
                 XDG_CACHE_HOME=str(blocked))
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == ["None", "False"]


def test_the_first_compiling_run_says_so_once(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(jit, "CACHE_FOLDER", tmp_path)
    monkeypatch.setattr(jit, "_announced", False)
    jit.announce_compilation()
    jit.announce_compilation()
    err = capsys.readouterr().err
    assert err.count("compiling the model's rules") == 1
    assert err.count("\n") == 1


def test_a_warm_cache_is_silent(tmp_path, monkeypatch, capsys):
    (tmp_path / "sim" / "rules").mkdir(parents=True)
    (tmp_path / "sim" / "rules" / "week.run_weeks-1.py312.nbi").write_bytes(b"")
    monkeypatch.setattr(jit, "CACHE_FOLDER", tmp_path)
    monkeypatch.setattr(jit, "_announced", False)
    jit.announce_compilation()
    assert capsys.readouterr().err == ""


def test_the_fingerprint_follows_the_rules_sources():
    assert len(jit._fingerprint()) == 16
    assert jit.CACHE_FOLDER is None or jit.CACHE_FOLDER.name == jit._fingerprint()
