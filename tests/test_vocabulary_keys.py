"""One vocabulary: no key defined twice, every key used somewhere in ``sim/``, every key
in English and French, and the keys named after a declaration match the declarations."""

import ast
import re

from tests_support import ROOT

from sim.app.charts import CHARTS, DECLARED
from sim.app.network import EDGE_KINDS
from sim.outcomes import OUTCOMES
from sim.params import GROUPS, PARAMS
from sim.scenario import FOCUSES, HOUSEHOLD_TYPES, NEEDS, ORIGINS, ROLES, SECTORS
from sim.vocabulary import WORDS

VOCABULARY = ROOT / "sim" / "vocabulary.py"


def _table_keys() -> list[str]:
    """The keys of :data:`WORDS` as written (a repeated key would vanish from the dict)."""
    tree = ast.parse(VOCABULARY.read_text(encoding="utf-8"))
    for node in tree.body:
        if isinstance(node, ast.AnnAssign) and getattr(node.target, "id", "") == "WORDS":
            return [k.value for k in node.value.keys]  # type: ignore[union-attr]
    raise AssertionError("no WORDS table in sim/vocabulary.py")


def _literals() -> set[str]:
    """Every string constant in ``sim/``, the WORDS table's own keys left out (f-string
    heads such as ``f"edge.{k}"`` count by their constant part)."""
    found: set[str] = set()
    for path in (ROOT / "sim").rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        table_keys: set[int] = set()
        for node in ast.walk(tree):
            if isinstance(node, ast.AnnAssign) and getattr(node.target, "id", "") == "WORDS":
                table_keys |= {id(k) for k in node.value.keys}  # type: ignore[union-attr]
        found |= {n.value for n in ast.walk(tree)
                  if isinstance(n, ast.Constant) and isinstance(n.value, str)
                  and id(n) not in table_keys}
    return found


def _declared() -> dict[str, set[str]]:
    """The names each prefix's keys stand for, from the declarations."""
    units = {p.unit for p in PARAMS.values()} | {o.unit for o in OUTCOMES}
    choices = {c for p in PARAMS.values() for c in p.choices}
    choices |= set(SECTORS) | set(ORIGINS) | set(FOCUSES) | set(ROLES) | set(HOUSEHOLD_TYPES) | set(NEEDS)
    return {
        "group": set(GROUPS), "choice": choices, "unit": units - {""},
        "outcome": {o.name for o in OUTCOMES}, "direction": {"1", "-1", "0"},
        "month": {str(m) for m in range(1, 13)}, "kind_count": {"opened", "resolved", "open"},
        "edge": set(EDGE_KINDS), "axis": {c.unit for c in CHARTS if c.unit not in DECLARED},
        "head": {"sweep", "sobol", "morris"},
    }


def test_no_key_is_defined_twice():
    keys = _table_keys()
    assert sorted(k for k in set(keys) if keys.count(k) > 1) == []


def test_no_other_bilingual_table_in_sim():
    """Words live in the vocabulary (and the declarations): no ``dict[str, tuple[str, str]]``
    table elsewhere, no second accessor."""
    table = re.compile(r"^\w+: dict\[str, tuple\[str, str\]\] = \{", re.MULTILINE)
    accessor = re.compile(r"^def (word|text|say)\(", re.MULTILINE)
    others = [p.relative_to(ROOT).as_posix() for p in (ROOT / "sim").rglob("*.py")
              if p != VOCABULARY and (table.search(p.read_text(encoding="utf-8"))
                                      or accessor.search(p.read_text(encoding="utf-8")))]
    assert others == []


def test_every_key_is_used_somewhere_in_sim():
    used = _literals()
    declared = _declared()
    unused = []
    for key in WORDS:
        prefix, dot, name = key.partition(".")
        if dot:
            assert prefix in declared, f"{key}: unknown prefix"
            if name not in declared[prefix]:
                unused.append(key)
            else:
                assert f"{prefix}." in used or any(u.startswith(f"{prefix}.") for u in used), key
        elif key not in used and not (key.endswith("s") and key[:-1] in used):
            unused.append(key)  # a plural key is used through its singular (counted)
    assert unused == [], unused


def test_every_key_has_english_and_french():
    for key, pair in WORDS.items():
        assert isinstance(pair, tuple), key
        assert len(pair) == 2, key
        en, fr = pair
        assert en.strip(), key
        assert fr.strip(), key
        assert re.findall(r"{\w*}", en) == re.findall(r"{\w*}", fr), key  # same fields


def test_declared_names_have_words():
    declared = _declared()
    for prefix in ("group", "choice", "unit", "direction", "month", "kind_count", "edge", "axis",
                   "head"):
        missing = {n for n in declared[prefix] if f"{prefix}.{n}" not in WORDS}
        assert missing == set(), prefix


def test_declared_meanings_name_no_code():
    """A meaning is read by people: no parameter, outcome or choice identifier in it."""
    names = set(PARAMS) | {o.name for o in OUTCOMES}
    names |= {c for p in PARAMS.values() for c in p.choices if "_" in c}
    for text in [*(t for p in PARAMS.values() for t in (p.meaning, p.sens)),
                 *(t for o in OUTCOMES for t in (o.meaning, o.sens))]:
        assert not set(re.findall(r"\b[a-z][a-z0-9]*(?:_[a-z0-9]+)+\b", text)) & names, text
