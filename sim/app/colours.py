"""The page's colours: the links and the other shapes of the network.

The stages' colours are declared with the stages (:mod:`sim.stages`), the words in
:mod:`sim.vocabulary`.
"""

from __future__ import annotations

ISOLATED_COLOUR = "#ffffff"
EDGE_COLOURS: dict[str, str] = {
    "member": "#8c8c8c",
    "employs": "#9467bd",
    "referral": "#e377c2",
    "contact": "#f28e2b",
    "ties": "#2ca02c",
    "controversy": "#d62728",
    "activity": "#8c564b",
    "intermediary": "#17becf",
}
NODE_COLOURS: dict[str, str] = {
    "committee": "#4e79a7",
    "room": "#9c755f",
    "intermediary": "#17becf",
    "worker": "#f28e2b",
    "worker_vacant": "#ffffff",
}
