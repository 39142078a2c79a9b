"""What a report says about where a run comes from: the structure of the stored scenario
(the seed passages it cites are read by :func:`sim.scenario.seed_passages` and stored in
``run.json``)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sim.scenario import in_lang


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
        "committees_fr": [in_lang(c, "name", "fr") for c in scenario.get("committees", [])],
        "mediators_fr": [in_lang(p, "name", "fr") for p in partners
                         if "mediator" in p.get("roles", [])],
        "origin": scenario.get("origin", ""),
    }
