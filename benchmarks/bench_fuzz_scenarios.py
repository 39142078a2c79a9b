"""Fuzz scenario files: mutated copies of the bundled ones must load or fail in one line.

Each file starts from a bundled scenario and gets one to three mutations: a key
deleted or renamed, a value of the wrong type, an extreme value (NaN, infinities,
1e308, the 64-bit limits, a 10,000-character string), an ``extends`` that is deep (up to
1,500 files), circular, missing or not a string, or damaged bytes (cut short, random
bytes spliced in). Loading must give a :class:`~sim.scenario.Scenario` or an
:class:`~sim.errors.InputError` whose message is one line that opens with the file at
fault (the mutated one, or a file it extends); a file that loads is also run for two
weeks. Anything else is a traceback, counted and shown.

    python benchmarks/bench_fuzz_scenarios.py [--files 2000] [--seed 1]
"""

from __future__ import annotations

import argparse
import math
import random
import sys
import tempfile
import time
import tomllib
import traceback
from pathlib import Path
from typing import Any

from sim.errors import InputError
from sim.run.runner import run_once
from sim.scenario import SCENARIO_DIR, load_scenario

EXTREMES: list[Any] = [math.nan, math.inf, -math.inf, 1e308, -1e308, 2**63 - 1, -(2**63), 0,
                       -1, 0.5, 1.5, True, False, "", "x" * 10_000, "é\u202f", [], [1, "a"],
                       {}, {"a": 1}, [{"households": 120}], 5e-324]


def toml_value(value: Any) -> str:
    """A value as inline TOML (tables inline, strings as TOML basic strings)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if math.isnan(value):
            return "nan"
        if math.isinf(value):
            return "inf" if value > 0 else "-inf"
        return repr(value)
    if isinstance(value, str):
        escaped = value.replace("\\", "\\\\").replace('"', '\\"')
        return '"' + "".join(c if c.isprintable() else f"\\u{ord(c):04x}" for c in escaped) + '"'
    if isinstance(value, list):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{toml_key(k)} = {toml_value(v)}" for k, v in value.items()) + "}"
    raise TypeError(type(value))


def toml_key(key: str) -> str:
    """A bare key when it can be one, else a quoted one."""
    bare = key and all((c.isalnum() and c.isascii()) or c in "_-" for c in key)
    return key if bare else toml_value(key)


def toml_text(doc: dict[str, Any]) -> str:
    """A document as TOML: one ``key = value`` line per top-level key."""
    return "".join(f"{toml_key(k)} = {toml_value(v)}\n" for k, v in doc.items())


def paths(node: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every key path in a document (dict keys and list indices)."""
    out = []
    items = node.items() if isinstance(node, dict) else enumerate(node) if isinstance(node, list) else ()
    for k, v in items:
        out.append((*prefix, k))
        out += paths(v, (*prefix, k))
    return out


def parent_of(doc: Any, path: tuple[Any, ...]) -> Any:
    for k in path[:-1]:
        doc = doc[k]
    return doc


def mutate(doc: dict[str, Any], rng: random.Random, folder: Path, n: int) -> str:
    """Apply one mutation to ``doc`` (in place, or by writing extends targets); name it."""
    kind = rng.choice(["delete", "type", "extreme", "rename", "extends", "duplicate", "mix"])
    found = paths(doc)
    if kind == "extends":
        how = rng.choice(["deep", "cycle", "missing", "type"])
        if how == "deep":
            depth = rng.choice([2, 8, 9, 50, 1500])
            base = dict(doc)
            base.pop("extends", None)
            (folder / f"c{n}_0.toml").write_text(toml_text(base), encoding="utf-8")
            for i in range(1, depth):
                (folder / f"c{n}_{i}.toml").write_text(f'extends = "c{n}_{i - 1}.toml"\n',
                                                      encoding="utf-8")
            doc.clear()
            doc["extends"] = f"c{n}_{depth - 1}.toml"
        elif how == "cycle":
            (folder / f"y{n}.toml").write_text(f'extends = "f{n}.toml"\n', encoding="utf-8")
            doc["extends"] = f"y{n}.toml"
        elif how == "missing":
            doc["extends"] = rng.choice(["nowhere.toml", "../../etc/passwd", "", "milieu-9"])
        else:
            doc["extends"] = rng.choice(EXTREMES[:12])
        return f"extends {how}"
    if kind == "mix":
        doc["household_mix"] = {t: rng.choice([0.2, 0.5, math.nan, math.inf, -0.1, 1.0, 0])
                                for t in rng.sample(["family", "single", "senior", "other"],
                                                    rng.randint(0, 4))}
        return "household_mix"
    if not found:
        return "none"
    path = rng.choice(found)
    parent = parent_of(doc, path)
    key = path[-1]
    if kind == "delete":
        del parent[key]
    elif kind == "type":
        parent[key] = rng.choice([1, 1.5, "text", True, [1, 2], {"k": "v"}])
    elif kind == "extreme":
        parent[key] = rng.choice(EXTREMES)
    elif kind == "rename" and isinstance(parent, dict):
        parent[key + rng.choice(["_x", "s", ""]) + "z"] = parent.pop(key)
    elif kind == "duplicate" and isinstance(parent, list):
        parent.append(parent[key])
    return f"{kind} {'.'.join(map(str, path))}"


def damage(raw: bytes, rng: random.Random) -> bytes:
    """Cut the text short or splice random bytes into it."""
    if rng.random() < 0.5:
        return raw[:rng.randrange(len(raw) + 1)]
    at = rng.randrange(len(raw) + 1)
    return raw[:at] + bytes(rng.randrange(256) for _ in range(rng.randint(1, 8))) + raw[at:]


def main() -> int:
    """Fuzz; print counts and any traceback; exit 1 if there was one."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    sources = sorted(SCENARIO_DIR.glob("*.toml"))
    docs = {p.name: tomllib.loads(p.read_text(encoding="utf-8")) for p in sources}
    counts = {"loaded": 0, "refused": 0, "traceback": 0}
    kinds: dict[str, int] = {}
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="fuzz-") as tmp:
        folder = Path(tmp)
        for n in range(args.files):
            name = rng.choice(list(docs))
            doc = tomllib.loads(toml_text(docs[name]))  # a deep copy
            done = [mutate(doc, rng, folder, n) for _ in range(rng.randint(1, 3))]
            raw = toml_text(doc).encode("utf-8")
            if rng.random() < 0.1:
                raw = damage(raw, rng)
                done.append("damaged bytes")
            for d in done:
                kinds[d.split(" ")[0]] = kinds.get(d.split(" ")[0], 0) + 1
            path = folder / f"f{n}.toml"
            path.write_bytes(raw)
            try:
                scenario = load_scenario(path)
                run_once(scenario, 1, 0, 2)
                counts["loaded"] += 1
            except InputError as exc:
                text = str(exc)
                named = text.split(": ", 1)[0]
                if "\n" in text or not (named == str(path) or Path(named).is_file()):
                    counts["traceback"] += 1
                    print(f"BAD MESSAGE f{n} ({', '.join(done)}): {text!r}")
                else:
                    counts["refused"] += 1
            except Exception:  # what the fuzzing looks for
                counts["traceback"] += 1
                print(f"TRACEBACK f{n} ({', '.join(done)}):\n{traceback.format_exc(limit=3)}")
    print(f"{args.files} mutated scenario files in {time.monotonic() - started:.0f} s: "
          f"{counts['loaded']} loaded and ran, {counts['refused']} refused in one line, "
          f"{counts['traceback']} tracebacks or bad messages")
    print("mutations: " + ", ".join(f"{k} {v}" for k, v in sorted(kinds.items())))
    return 1 if counts["traceback"] else 0


if __name__ == "__main__":
    sys.exit(main())
