"""Scenario files: load, merge ``extends``, validate once, freeze.

A scenario is a TOML file (read with :mod:`tomllib`; no code runs) that names a site's
structure (HLM buildings, partners, committees, proximity workers, origin) and the
dynamics parameters declared in :mod:`sim.params`. A file may ``extends`` another
(a path relative to itself, or a bundled scenario's name such as ``milieu-1``): tables merge key by key, arrays of tables (buildings,
partners, committees, workers) replace the parent's whole. Every error names the file,
the key, what was expected and what was found.
"""

from __future__ import annotations

import math
import re
import tomllib
from collections.abc import Callable, Mapping
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any

from sim.data import scenarios_folder
from sim.errors import InputError
from sim.kinds import CONTROVERSY_KINDS
from sim.params import PARAMS, Value, defaults, lookup, suggest

SECTORS = ("ciusss", "omh", "community", "leisure", "community_centre", "municipality",
           "school", "funder", "tenants_committee")
ROLES = ("mediator", "employer", "funder", "core")
NEEDS = ("socialise", "listening", "resources", "procedures", "parenting")
"""Resident needs the seed names: to socialise and break isolation, active listening,
knowing local resources, help with procedures, parenting support."""
HOUSEHOLD_TYPES = ("family", "single", "senior")
ORIGINS = ("crisis", "vision")
FOCUSES = ("families", "youth", "all")

EXTENDS_LIMIT = 8
"""The most levels of ``extends`` above a scenario file (the bundled milieux use one)."""

TOP_KEYS = ("name", "name_fr", "description", "description_fr", "extends", "origin",
            "calibration", "calibration_fr", "household_mix",
            "buildings", "partners", "committees", "workers", "initial_intermediaries",
            "params")


@dataclass(frozen=True, slots=True)
class PartnerSpec:
    """An organisation at the table, spoken for by one representative."""

    name: str
    sector: str
    roles: tuple[str, ...] = ()
    services: tuple[str, ...] = ()
    name_fr: str = ""


@dataclass(frozen=True, slots=True)
class CommitteeSpec:
    """A committee: its member partners, meeting interval and whether residents sit on it."""

    name: str
    members: tuple[str, ...]
    interval_weeks: int
    residents: bool = False
    name_fr: str = ""


@dataclass(frozen=True, slots=True)
class WorkerSpec:
    """A proximity worker: the building it serves and the households it focuses on."""

    building: int
    focus: str = "all"


@dataclass(frozen=True)
class Scenario:
    """A validated, frozen scenario: site structure plus every parameter's value."""

    name: str
    origin: str
    buildings: tuple[int, ...]
    household_mix: tuple[float, float, float]
    partners: tuple[PartnerSpec, ...]
    committees: tuple[CommitteeSpec, ...]
    workers: tuple[WorkerSpec, ...]
    initial_intermediaries: tuple[str, ...] = ()
    params: Mapping[str, Value] = field(default_factory=defaults)
    description: str = ""
    calibration: str = ""
    source: str = ""
    name_fr: str = ""
    description_fr: str = ""
    calibration_fr: str = ""

    @property
    def households(self) -> int:
        """Total households over the site's buildings."""
        return sum(self.buildings)

    def with_params(self, **overrides: Value) -> Scenario:
        """Return a copy with parameters overridden; each value is checked."""
        merged = dict(self.params)
        for name, value in overrides.items():
            param = lookup(name, "parameter")
            merged[name] = param.coerce(value, f"parameter {name}")
        return replace(self, params=merged)

    def structure(self) -> dict[str, Any]:
        """Summarise the site's structure (what the CLI echoes with every summary)."""
        return {
            "hlm": len(self.buildings),
            "households": self.households,
            "workers": len(self.workers),
            "worker_employer": self.params["worker_employer"],
            "partners": len(self.partners),
            "committees": [c.name for c in self.committees],
            "mediators": [p.name for p in self.partners if "mediator" in p.roles],
            "committees_fr": [c.name_fr or c.name for c in self.committees],
            "mediators_fr": [p.name_fr or p.name for p in self.partners if "mediator" in p.roles],
            "origin": self.origin,
        }

    def to_dict(self) -> dict[str, Any]:
        """Return the resolved scenario as plain data (for ``run.json`` and hashing)."""
        data = asdict(self)
        data["params"] = dict(self.params)
        return data


def in_lang(item: Mapping[str, Any] | object, key: str, lang: str) -> str:
    """The words ``key`` (``name``, ``description``, ``calibration``) of a scenario, a
    partner or a committee (the object or its stored plain data) in ``lang``: its
    ``<key>_fr`` in French where the file gives one, else the words as written."""
    def get(k: str) -> str:
        found = item.get(k, "") if isinstance(item, Mapping) else getattr(item, k, "")
        return str(found or "")
    return (get(f"{key}_fr") if lang == "fr" else "") or get(key)


class _Where(str):
    """A place in a scenario file, printed ``file.toml: buildings[0].households``: the
    file, then the key (:meth:`at`, :meth:`item`)."""

    file: str
    key: str

    def __new__(cls, file: str, key: str = "") -> _Where:
        obj = super().__new__(cls, f"{file}: {key}" if key else file)
        obj.file, obj.key = file, key
        return obj

    def at(self, key: str) -> _Where:
        """The key ``key`` of this table."""
        return _Where(self.file, f"{self.key}.{key}" if self.key else key)

    def item(self, index: int) -> _Where:
        """Entry ``index`` of this array."""
        return _Where(self.file, f"{self.key}[{index}]")


def load_scenario(path: str | Path) -> Scenario:
    """Load, merge and validate a scenario file; raise :class:`InputError` on bad input."""
    path = Path(path)
    try:
        raw = _load_merged(path, ())
        return _validate(raw, _Where(str(path)))
    except RecursionError:
        raise InputError(f"{path}: nested too deeply to be a scenario") from None


def _read_toml(path: Path) -> dict[str, Any]:
    if not _is_file(path):
        raise InputError(f"{path}: no such scenario file")
    try:
        with path.open("rb") as fh:
            return tomllib.load(fh)
    except tomllib.TOMLDecodeError as exc:
        raise InputError(f"{path}: not valid TOML: {exc}") from None
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise InputError(f"{path}: cannot be read: {exc}") from None


def _load_merged(path: Path, chain: tuple[Path, ...]) -> dict[str, Any]:
    resolved = path.resolve()
    if resolved in chain:
        cycle = " -> ".join(p.name for p in (*chain, resolved))
        raise InputError(f"{path}: extends cycle: {cycle}")
    if len(chain) > EXTENDS_LIMIT:
        raise InputError(f"{chain[0]}: key 'extends': expected at most {EXTENDS_LIMIT} levels "
                         f"of extends, found more ({chain[0].name} -> ... -> {path.name})")
    data = _read_toml(path)
    parent_name = data.pop("extends", None)
    if parent_name is None:
        return data
    if not isinstance(parent_name, str):
        raise InputError(f"{path}: key 'extends': expected a file path or the name of a "
                         f"bundled scenario, found {parent_name!r}")
    parent = _load_merged(_parent_path(path, parent_name), (*chain, resolved))
    for key in ("name", "description", "calibration"):  # a French text goes with its English
        if key in data and f"{key}_fr" not in data:
            parent.pop(f"{key}_fr", None)
    return _merge(parent, data)


def _parent_path(path: Path, name: str) -> Path:
    """Where ``extends = name`` in ``path`` points: a file beside ``path`` (or a path
    relative to it), else a bundled scenario of that name (``milieu-1``)."""
    return _locate(path.parent / name, name, lambda known: (
        f"{path}: key 'extends': expected a file beside it or a bundled scenario ({known}), "
        f"found {name!r}"))


def _locate(candidate: Path, name: str, problem: Callable[[str], str]) -> Path:
    """``candidate`` when it is a file, else the bundled scenario ``name`` (or
    ``name.toml``); else an error whose text ``problem`` makes from the bundled names."""
    if _is_file(candidate):
        return candidate
    for bundled in (SCENARIO_DIR / name, SCENARIO_DIR / f"{name}.toml"):
        if _is_file(bundled):
            return bundled
    known = bundled_names()
    raise InputError(f"{problem(', '.join(known))}{suggest(Path(name).stem, known)}")


def _is_file(path: Path) -> bool:
    """Whether ``path`` is a file; a name the system cannot even look up (too long, say)
    is none."""
    try:
        return path.is_file()
    except OSError:
        return False


def bundled_names() -> tuple[str, ...]:
    """The bundled scenarios by name (the four milieux and the baseline)."""
    return tuple(p.stem for p in sorted(SCENARIO_DIR.glob("*.toml")))


def is_bundled(path: Path) -> bool:
    """Whether ``path`` is one of the bundled scenario files."""
    return path.resolve().parent == SCENARIO_DIR.resolve()


def _merge(base: dict[str, Any], over: dict[str, Any]) -> dict[str, Any]:
    out = dict(base)
    for key, value in over.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = _merge(out[key], value)
        else:
            out[key] = value
    return out


def _check_keys(table: Mapping[str, Any], allowed: tuple[str, ...], where: _Where) -> None:
    for key in table:
        if key not in allowed:
            raise InputError(f"{where}: unknown key {key!r}{suggest(key, allowed)}")


def _get(table: Mapping[str, Any], key: str, typ: type | tuple[type, ...], where: _Where,
         default: Any = ...) -> Any:
    if key not in table:
        if default is ...:
            raise InputError(f"{where}: missing key {key!r}")
        return default
    value = table[key]
    if isinstance(value, bool) and typ is not bool and bool not in (typ if isinstance(typ, tuple) else (typ,)):
        raise InputError(f"{where.at(key)}: expected {_tname(typ)}, found {_shown(value)}")
    if not isinstance(value, typ):
        raise InputError(f"{where.at(key)}: expected {_tname(typ)}, found {_shown(value)}")
    return value


def _shown(value: object, width: int = 60) -> str:
    """A found value in a message: its repr, cut short."""
    text = repr(value)
    return text if len(text) <= width else text[:width - 3] + "..."


def _tname(typ: type | tuple[type, ...]) -> str:
    names = {str: "a string", int: "a whole number", float: "a number", bool: "true or false",
             list: "an array", dict: "a table"}
    types = typ if isinstance(typ, tuple) else (typ,)
    return " or ".join(names.get(t, t.__name__) for t in types)


def _one_of(value: str, allowed: tuple[str, ...], where: str) -> str:
    if value not in allowed:
        raise InputError(f"{where}: expected one of {', '.join(allowed)}, found {value!r}"
                         f"{suggest(value, allowed)}")
    return value


def _strings(table: Mapping[str, Any], key: str, allowed: tuple[str, ...] | None,
             where: _Where) -> tuple[str, ...]:
    items = _get(table, key, list, where, [])
    out = []
    for i, item in enumerate(items):
        if not isinstance(item, str):
            raise InputError(f"{where.at(key).item(i)}: expected a string, found {_shown(item)}")
        out.append(_one_of(item, allowed, where.at(key).item(i)) if allowed else item)
    return tuple(out)


def _tables(raw: Mapping[str, Any], key: str, where: _Where) -> list[dict[str, Any]]:
    items = _get(raw, key, list, where)
    if not items:
        raise InputError(f"{where.at(key)}: expected at least one entry, found none")
    for i, item in enumerate(items):
        if not isinstance(item, dict):
            raise InputError(f"{where.at(key).item(i)}: expected a table, found {_shown(item)}")
    return items


def _validate(raw: dict[str, Any], where: _Where) -> Scenario:
    for key in raw:
        if key not in TOP_KEYS and key in PARAMS:
            raise InputError(f"{where}: key {key!r}: parameters go under [params]: did you "
                             f"mean params.{key}?")
    _check_keys(raw, TOP_KEYS, where)
    buildings = _buildings(raw, where)
    partners = _partners(raw, where)
    committees = _committees(raw, where, {p.name for p in partners})
    workers = _workers(raw, where, len(buildings))
    params = _params(raw, where)
    mix = _mix(raw, where)
    return Scenario(
        name=_get(raw, "name", str, where, Path(where).stem),
        origin=_one_of(_get(raw, "origin", str, where, "vision"), ORIGINS, where.at("origin")),
        buildings=buildings,
        household_mix=mix,
        partners=partners,
        committees=committees,
        workers=workers,
        initial_intermediaries=_strings(raw, "initial_intermediaries", CONTROVERSY_KINDS, where),
        params=params,
        description=_get(raw, "description", str, where, ""),
        calibration=_get(raw, "calibration", str, where, ""),
        source=where,
        name_fr=_get(raw, "name_fr", str, where, ""),
        description_fr=_get(raw, "description_fr", str, where, ""),
        calibration_fr=_get(raw, "calibration_fr", str, where, ""),
    )


def _buildings(raw: Mapping[str, Any], where: _Where) -> tuple[int, ...]:
    out = []
    for i, b in enumerate(_tables(raw, "buildings", where)):
        w = where.at("buildings").item(i)
        _check_keys(b, ("name", "households"), w)
        n = _get(b, "households", int, w)
        if not 20 <= n <= 400:
            raise InputError(f"{w.at('households')}: expected 20 to 400, found {n}")
        out.append(n)
    return tuple(out)


def _partners(raw: Mapping[str, Any], where: _Where) -> tuple[PartnerSpec, ...]:
    out: list[PartnerSpec] = []
    for i, p in enumerate(_tables(raw, "partners", where)):
        w = where.at("partners").item(i)
        _check_keys(p, ("name", "name_fr", "sector", "roles", "services"), w)
        name = _get(p, "name", str, w)
        if any(q.name == name for q in out):
            raise InputError(f"{w.at('name')}: {name!r} is used by another partner")
        out.append(PartnerSpec(
            name=name,
            sector=_one_of(_get(p, "sector", str, w), SECTORS, w.at("sector")),
            roles=_strings(p, "roles", ROLES, w),
            services=_strings(p, "services", NEEDS, w),
            name_fr=_get(p, "name_fr", str, w, ""),
        ))
    return tuple(out)


def _committees(raw: Mapping[str, Any], where: _Where, names: set[str]) -> tuple[CommitteeSpec, ...]:
    out = []
    for i, c in enumerate(_tables(raw, "committees", where)):
        w = where.at("committees").item(i)
        _check_keys(c, ("name", "name_fr", "members", "interval_weeks", "residents"), w)
        members = _strings(c, "members", None, w)
        for j, m in enumerate(members):
            if m not in names:
                raise InputError(f"{w.at('members').item(j)}: no partner named {m!r}"
                                 f"{suggest(m, tuple(names))}")
        if not members:
            raise InputError(f"{w.at('members')}: expected at least one partner, found none")
        interval = _get(c, "interval_weeks", int, w)
        if not 1 <= interval <= 26:
            raise InputError(f"{w.at('interval_weeks')}: expected 1 to 26, found {interval}")
        out.append(CommitteeSpec(_get(c, "name", str, w), members, interval,
                                 _get(c, "residents", bool, w, False),
                                 _get(c, "name_fr", str, w, "")))
    return tuple(out)


def _workers(raw: Mapping[str, Any], where: _Where, n_buildings: int) -> tuple[WorkerSpec, ...]:
    out = []
    for i, wk in enumerate(_tables(raw, "workers", where)):
        w = where.at("workers").item(i)
        _check_keys(wk, ("building", "focus"), w)
        b = _get(wk, "building", int, w, 1)
        if not 1 <= b <= n_buildings:
            raise InputError(f"{w.at('building')}: expected 1 to {n_buildings}, found {b}")
        out.append(WorkerSpec(b - 1, _one_of(_get(wk, "focus", str, w, "all"), FOCUSES,
                                             w.at("focus"))))
    return tuple(out)


def _mix(raw: Mapping[str, Any], where: _Where) -> tuple[float, float, float]:
    table = _get(raw, "household_mix", dict, where, {"family": 0.45, "single": 0.35,
                                                     "senior": 0.2})
    w = where.at("household_mix")
    _check_keys(table, HOUSEHOLD_TYPES, w)
    shares = []
    for t in HOUSEHOLD_TYPES:
        v = _get(table, t, (int, float), w, 0.0)
        if not (math.isfinite(v) and 0 <= v <= 1):
            raise InputError(f"{w.at(t)}: expected a share from 0 to 1, found {v}")
        shares.append(float(v))
    total = sum(shares)
    if not abs(total - 1.0) <= 1e-6:
        raise InputError(f"{w}: expected shares summing to 1, found {total:g}")
    return (shares[0], shares[1], shares[2])


def _params(raw: Mapping[str, Any], where: _Where) -> dict[str, Value]:
    table = _get(raw, "params", dict, where, {})
    values = defaults()
    for key, value in table.items():
        w = where.at("params").at(key)
        if key not in PARAMS:
            raise InputError(f"{w}: unknown parameter{suggest(key, PARAMS)}")
        values[key] = PARAMS[key].coerce(value, w)
    return values


SCENARIO_DIR = scenarios_folder()
"""The bundled scenario files (package data: :mod:`sim.data`)."""


def find_scenario(name: str) -> Path:
    """Resolve a scenario argument: a path, or the name of a bundled scenario.

    ``milieu-3`` and ``milieu-3.toml`` both find the bundled ``milieu-3.toml`` when no
    such file exists in the current folder.
    """
    return _locate(Path(name), name, lambda known: (
        f"{name}: no such scenario file (bundled scenarios: {known})"))


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
        if match:  # a passage goes on over the next comment lines only from a comment line
            current = [match.group(1).strip()] if stripped.startswith("#") else None
            passages.append(match.group(1).strip())
        elif current is not None and stripped.startswith("#") and "[S]" not in stripped:
            current.append(stripped.lstrip("#").strip())
        else:
            current = None
        if current is not None:
            passages[-1] = " ".join(current)
    return [p[p.index("[S]"):] for p in passages if p]

_QUOTATION = re.compile(r"«[^»]*»")


def seed_quotations(source: str | Path) -> list[str]:
    """The seed article's own words a scenario file quotes: the distinct « ... »
    quotations of its ``[S]`` passages (:func:`seed_passages`), in file order."""
    quotes: list[str] = []
    for passage in seed_passages(source):
        quotes.extend(q for q in _QUOTATION.findall(passage) if q not in quotes)
    return quotes
