"""The page's controls, derived from the parameter declarations.

Every control of the page comes from :data:`sim.params.PARAMS`, the declarations the
command line (``--set``, ``hlm-sim params``) and the scenario files use: name, kind,
bounds, unit and meaning (``meaning`` in English, ``sens`` in French). There is no second
list of parameters here; :data:`FEATURED` only says which come first (those a workshop
moves most), the others follow in declaration order. A control is labelled in plain
words (:mod:`sim.vocabulary`: the declared short name, the range and unit in words,
choices named); its tooltip explains it (the meaning's first sentence) and gives the
parameter's name (what scripts and ``--set`` use).

The values reach the page model (:class:`sim.app.model.PageModel`) as keyword
arguments at Reset.
"""

from __future__ import annotations

from sim.params import PARAMS, Param, Value
from sim.scenario import bundled_names, find_scenario, is_bundled, load_scenario
from sim.vocabulary import (
    Lang,
    bounds_text,
    choice_name,
    param_label,
    param_sentence,
    plain,
    resolution,
    value_text,
)

FEATURED: tuple[str, ...] = (
    "staff_turnover_rate", "mediator_presence", "room_conflict_rate", "room_agreement",
    "suspension_start_week", "suspension_weeks", "worker_employer", "worker_hours",
)
"""The workshop's levers, shown at the top; the page shows the others on demand."""

MILIEU = "milieu"
SEED = "rng"
"""The seed control: the ``rng`` keyword of the page model (as in Mesa)."""

DEFAULT_MILIEU = "milieu-3"


def ordered_params() -> list[Param]:
    """Every declared parameter, the featured ones first, then declaration order."""
    return featured() + other_params()


def other_params() -> list[Param]:
    """The parameters not featured, in declaration order (grouped as declared)."""
    return [p for p in PARAMS.values() if p.name not in FEATURED]


def bundled_milieux() -> list[str]:
    """The bundled scenario files by name (the four milieux and the baseline)."""
    return sorted(bundled_names())


def milieu_key(name: str) -> str:
    """How the selector names a scenario: its stem when it is a bundled file, else its path."""
    path = find_scenario(name)
    if is_bundled(path):
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
    """A power of ten giving about 100 to 1000 positions over the declared range, finer
    where the plausible range needs it (:func:`sim.vocabulary.resolution`)."""
    return resolution(param)


def fmt_value(value: Value, lang: Lang = "en") -> str:
    """A parameter value in words, as the page shows it (choices named, yes/no)."""
    return value_text(value, lang)


def featured() -> list[Param]:
    """The featured parameters that are declared (a name dropped from the declarations
    drops out of the page rather than breaking it)."""
    return [PARAMS[name] for name in FEATURED if name in PARAMS]


def label(param: Param, lang: Lang) -> str:
    """A control's plain label: the declared short name, capitalised (« Roulement du
    personnel »)."""
    said = plain(param_label(param.name, lang), lang)
    return f"{said[:1].upper()}{said[1:]}"


def tooltip(param: Param, lang: Lang) -> str:
    """What a control's tooltip says: the declared meaning's first sentence, without code
    names, and the parameter's name (« Yearly departure rate of each partner representative
    and each proximity worker (staff_turnover_rate) »)."""
    return f"{plain(param_sentence(param.name, lang), lang)} ({param.name})"


def range_words(param: Param, lang: Lang) -> str:
    """The declared range and unit in words (empty for a yes/no or a choice: the
    control shows them)."""
    if param.kind in ("bool", "choice"):
        return ""
    return bounds_text(param, lang)


def choice_items(param: Param, lang: Lang) -> list[dict[str, str]]:
    """A drop-down's entries: each choice in words, with the value the model takes."""
    return [{"text": choice_name(c, lang), "value": c} for c in param.choices]


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
