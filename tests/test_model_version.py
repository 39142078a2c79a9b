"""The model version: a fingerprint of what the model computes, remembered by the exact
text of its sources (sim.run.runner)."""

import pytest

from sim import __version__
from sim.run import runner

CODE = '''"""A rule."""
import numpy as np


def rate(x):
    """Weekly rate."""
    return x * 2  # doubled
'''


def test_the_digest_ignores_words_and_imports_not_code():
    reworded = (CODE.replace('"""Weekly rate."""', '"""Taux hebdomadaire."""')
                .replace("# doubled", "# twice").replace("import numpy as np", "import math"))
    assert runner.code_digest(reworded) == runner.code_digest(CODE)
    assert runner.code_digest(CODE.replace("x * 2", "x * 3")) != runner.code_digest(CODE)


@pytest.fixture
def cache(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    return tmp_path / "hlm-sim" / "model-version"


@pytest.fixture
def fresh_version():
    runner.model_version.cache_clear()
    yield
    runner.model_version.cache_clear()


def test_the_version_is_the_fingerprint_of_the_sources(cache, fresh_version):
    sources = runner._package_sources()
    expected = f"{__version__}+{runner.model_fingerprint(sources)}"
    assert runner.model_version() == expected  # computed, then remembered
    assert len(list(cache.iterdir())) == 1
    runner.model_version.cache_clear()
    assert runner.model_version() == expected == runner.MODEL_VERSION  # read back


def test_without_a_home_the_version_is_computed(monkeypatch, fresh_version):
    monkeypatch.delenv("XDG_CACHE_HOME", raising=False)

    def no_home():
        raise RuntimeError("Could not determine home directory.")

    monkeypatch.setattr(runner.Path, "home", staticmethod(no_home))
    sources = runner._package_sources()
    assert runner.model_version() == f"{__version__}+{runner.model_fingerprint(sources)}"


def test_a_relative_xdg_cache_home_is_ignored(tmp_path, monkeypatch):
    from sim.files import user_cache  # noqa: PLC0415

    monkeypatch.setenv("XDG_CACHE_HOME", "relative/cache")
    monkeypatch.setenv("HOME", str(tmp_path))
    assert user_cache("x") == tmp_path / ".cache" / "hlm-sim" / "x"


def test_a_remembered_fingerprint_is_read_not_computed(cache):
    calls = []
    assert runner._remembered("k1", lambda: calls.append(1) or "0123456789ab") == "0123456789ab"
    assert (cache / "k1").read_text() == "0123456789ab\n"
    assert runner._remembered("k1", lambda: calls.append(1) or "ffffffffffff") == "0123456789ab"
    assert calls == [1]


@pytest.mark.parametrize("found", ["", "not a digest", "0123456789ab\n0", "\xff\xfe"])
def test_a_damaged_entry_is_recomputed_and_replaced(cache, found):
    cache.mkdir(parents=True)
    (cache / "k2").write_bytes(found.encode("latin-1"))
    assert runner._remembered("k2", lambda: "abcdefabcdef") == "abcdefabcdef"
    assert (cache / "k2").read_text() == "abcdefabcdef\n"


def test_an_unwritable_cache_only_costs_the_computation(tmp_path, monkeypatch):
    blocked = tmp_path / "file"
    blocked.write_text("not a folder")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocked))
    assert runner._remembered("k3", lambda: "abcdefabcdef") == "abcdefabcdef"
