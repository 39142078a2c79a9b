"""The page's controls, derived from the parameter declarations.

Every control of the page comes from :data:`sim.params.PARAMS`, the declarations the
command line (``--set``, ``hlm-sim params``) and the scenario files use: name, kind,
bounds, unit and meaning (``meaning`` in English, ``sens`` in French). There is no second
list of parameters here; :data:`FEATURED` only says which come first (those a workshop
moves most), the others follow in declaration order.

The controls are Mesa ``model_params`` entries (``SliderFloat``, ``SliderInt``,
``Checkbox``, ``Select``, ``InputText`` dicts) that Mesa's SolaraViz draws and passes,
at Reset, as keyword arguments to the page model (:class:`sim.app.model.PageModel`).
Mesa's parameter card shows the milieu, the seed and the featured parameters; the
others are drawn on demand by the page (with Mesa's ``UserInputs``) and reach the model
through the fixed ``model_params`` entry :data:`OTHER`, the mapping of their inputs.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

from sim.app.labels import Lang, text
from sim.params import PARAMS, Param, Value
from sim.scenario import SCENARIO_DIR, find_scenario, load_scenario

FEATURED: tuple[str, ...] = (
    "staff_turnover_rate", "mediator_presence", "room_conflict_rate", "room_agreement",
    "suspension_start_week", "suspension_weeks", "worker_employer", "worker_hours",
)
"""Parameters in Mesa's card (the workshop's levers); the page shows the others on demand."""

MILIEU = "milieu"
SEED = "rng"
"""Mesa's seed control: the ``rng`` keyword its examples and its Reset use."""

OTHER = "other"
"""The ``model_params`` entry holding the inputs of the parameters not in Mesa's card."""

DEFAULT_MILIEU = "milieu-3"


def ordered_params() -> list[Param]:
    """Every declared parameter, the featured ones first, then declaration order."""
    return [PARAMS[name] for name in FEATURED] + other_params()


def other_params() -> list[Param]:
    """The parameters not featured, in declaration order (grouped as declared)."""
    return [p for p in PARAMS.values() if p.name not in FEATURED]


def bundled_milieux() -> list[str]:
    """The scenario files in ``scenarios/`` by name (the four milieux and the baseline)."""
    return sorted(p.stem for p in SCENARIO_DIR.glob("*.toml"))


def milieu_key(name: str) -> str:
    """How the selector names a scenario: its stem when it is a bundled file, else its path."""
    path = find_scenario(name)
    if path.resolve().parent == SCENARIO_DIR.resolve():
        return path.stem
    return str(path)


def milieu_choices(initial: str | None = None) -> list[str]:
    """Values of the milieu selector: the bundled files, plus ``initial`` when it is a
    file elsewhere (``hlm-sim viz path/to/site.toml``)."""
    names = bundled_milieux()
    if initial is not None:
        key = milieu_key(initial)
        if key not in names:
            names.append(key)
    return names


def milieu_values(milieu: str) -> dict[str, Value]:
    """Every parameter's value in a milieu's scenario file (declared defaults for the rest)."""
    return dict(load_scenario(find_scenario(milieu)).params)


def slider_step(param: Param) -> float:
    """A power of ten giving about 100 to 1000 positions over the declared range."""
    span = float(param.high or 0.0) - float(param.low or 0.0)
    if span <= 0:
        return 1.0
    return 10.0 ** math.floor(math.log10(span / 100.0))


def fmt_value(value: Value) -> str:
    """A parameter value as shown in a label."""
    if isinstance(value, bool):
        return "✓" if value else "✗"
    if isinstance(value, float):
        return f"{value:.6g}"
    return str(value)


def bounds_text(param: Param) -> str:
    """The declared range (or choices) and unit, as shown in a label."""
    if param.kind == "bool":
        return ""
    if param.kind == "choice":
        return " | ".join(param.choices)
    unit = f" {param.unit}" if param.unit else ""
    return f"{param.low:g}–{param.high:g}{unit}"


def label(param: Param, lang: Lang) -> str:
    """A control's label: name, range and unit, then the meaning (a drop-down's label
    is one line: its name and meaning; its list shows the choices).

    The page's CSS shows the first line in bold and the meaning under it.
    """
    meaning = param.sens if lang == "fr" else param.meaning
    if param.kind == "choice":  # a drop-down: one line, its list shows the choices
        return f"{param.name}: {meaning}"
    head = param.name
    bounds = bounds_text(param)
    if bounds:
        head += f"  [{bounds}]"
    return f"{head}\n{meaning}"


def control(param: Param, lang: Lang, value: Any) -> dict[str, Any]:
    """The Mesa ``model_params`` entry for one declared parameter.

    ``value`` is what Mesa's input is bound to (a plain value or a Solara reactive
    variable); the slider shows the current value on its thumb.
    """
    entry: dict[str, Any] = {"value": value, "label": label(param, lang)}
    if param.kind == "bool":
        entry["type"] = "Checkbox"
    elif param.kind == "choice":
        entry.update(type="Select", values=list(param.choices))
    elif param.kind == "int":
        entry.update(type="SliderInt", min=int(param.low or 0), max=int(param.high or 0), step=1)
    else:
        entry.update(type="SliderFloat", min=float(param.low or 0.0), max=float(param.high or 0.0),
                     step=slider_step(param))
    return entry


def model_params(lang: Lang, values: Mapping[str, Any], milieux: list[str]) -> dict[str, Any]:
    """Mesa ``model_params`` for the page: milieu selector, seed, the featured
    parameters, and (fixed, under :data:`OTHER`) the inputs of all the others.

    ``values`` maps ``milieu``, ``rng`` and each parameter name to what its input is
    bound to (the page's reactive variables, or plain values).
    """
    params: dict[str, Any] = {
        MILIEU: {"type": "Select", "value": values[MILIEU], "values": milieux,
                 "label": text("milieu", lang)},
        SEED: {"type": "InputText", "value": values[SEED], "label": text("seed", lang)},
    }
    for name in FEATURED:
        params[name] = control(PARAMS[name], lang, values[name])
    params[OTHER] = {p.name: values[p.name] for p in other_params()}
    return params


def other_controls(lang: Lang, values: Mapping[str, Any]) -> dict[str, dict[str, dict[str, Any]]]:
    """The controls of the parameters not featured, by declared group, for Mesa's
    ``UserInputs``."""
    groups: dict[str, dict[str, dict[str, Any]]] = {}
    for param in other_params():
        groups.setdefault(param.group, {})[param.name] = control(param, lang, values[param.name])
    return groups


def clean_value(param: Param, raw: object) -> Value:
    """A control's value made valid for its declaration: numbers clamped into the
    declared range and rounded to the slider's grid (sliders may report 0.30000000000000004)."""
    if param.kind == "bool":
        return bool(raw)
    if param.kind == "choice":
        return str(raw)
    number = float(raw)  # type: ignore[arg-type]
    low, high = float(param.low or 0.0), float(param.high or 0.0)
    number = min(max(number, low), high)
    if param.kind == "int":
        return round(number)
    return round(number, 10)


def parse_seed(raw: object) -> int:
    """Mesa's seed box holds text: a whole number is the seed; any other text gives a
    reproducible seed of its own (so a typo never stops the page)."""
    if isinstance(raw, bool):
        return int(raw)
    if isinstance(raw, int):
        return abs(raw)
    if isinstance(raw, float) and raw.is_integer():
        return abs(int(raw))
    textual = str(raw).strip()
    if textual.lstrip("-").isdigit():
        return abs(int(textual))
    return sum((i + 1) * ord(c) for i, c in enumerate(textual)) % (2**31)
