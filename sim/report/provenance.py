"""What a report says about where a run comes from: the seed passages a scenario file
cites for its structure.

Scenario files cite the seed article in comments (``# [S] « ... »``); TOML drops
comments, so the passages are read from the file's text when a command runs and are
stored in ``run.json`` beside the resolved scenario.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

_TAG = re.compile(r"#\s*(.*\[S\].*)$")


def seed_passages(source: str | Path) -> list[str]:
    """The ``[S]`` comments of a scenario file, each with its continuation lines, in
    file order (empty when the file cannot be read)."""
    try:
        lines = Path(source).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError, ValueError):
        return []
    passages: list[str] = []
    current: list[str] | None = None
    for line in lines:
        stripped = line.strip()
        match = _TAG.search(line)
        if match:
            current = [match.group(1).strip()]
            passages.append("")
        elif current is not None and stripped.startswith("#") and "[" not in stripped:
            current.append(stripped.lstrip("#").strip())
        else:
            current = None
        if current is not None:
            passages[-1] = " ".join(current)
    return [p[p.index("[S]"):] for p in passages if p]


def structure_of(scenario: Mapping[str, Any]) -> dict[str, Any]:
    """A stored scenario's structure (as :meth:`sim.scenario.Scenario.structure` gives it)
    from its plain data (``run.json``'s or ``study.json``'s ``scenario``)."""
    partners = scenario.get("partners", [])
    return {
        "hlm": len(scenario.get("buildings", [])),
        "households": sum(scenario.get("buildings", [])),
        "workers": len(scenario.get("workers", [])),
        "worker_employer": scenario.get("params", {}).get("worker_employer", ""),
        "partners": len(partners),
        "committees": [c["name"] for c in scenario.get("committees", [])],
        "mediators": [p["name"] for p in partners if "mediator" in p.get("roles", [])],
        "origin": scenario.get("origin", ""),
    }
