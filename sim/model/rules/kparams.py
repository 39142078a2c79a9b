"""The parameters as the compiled rules read them: one named tuple of floats.

Built from the declarations (:data:`sim.params.PARAMS`), so a rule reads
``p.staff_turnover_rate``. Whole numbers and switches are stored as floats (the rules
convert); a choice is stored as the position of its value in the declared choices, and
the rules compare it with the codes below.
"""

from __future__ import annotations

from collections import namedtuple
from collections.abc import Mapping
from typing import Any

from sim.params import PARAMS, Value

KParams = namedtuple("KParams", list(PARAMS))  # type: ignore[misc]  # fields from the declarations
"""One field per declared parameter, in declaration order."""


def code(name: str, value: str) -> float:
    """The stored code of a choice parameter's value."""
    return float(PARAMS[name].choices.index(value))


MEDIATION_FRAMING = code("mediation_mechanism", "framing")
TRUST_WORKER = code("trust_mechanism", "with_worker")
EMPLOYER_CIUSSS = code("worker_employer", "ciusss")


def pack(params: Mapping[str, Value]) -> Any:
    """The :class:`KParams` of a scenario's checked parameter values."""
    values = []
    for name, param in PARAMS.items():
        value = params[name]
        values.append(code(name, str(value)) if param.kind == "choice" else float(value))
    return KParams(*values)
