"""Readable tables for the terminal: ``run``, ``compare`` and ``outcomes``, in English
or French.

The tables own their formatting (the ``cmd_*`` functions only print what these return):
labels from :mod:`sim.vocabulary`, numbers rounded to what their interval justifies
(:func:`sim.run.stats.decimals`), the number of replicates (or pairs) behind each row, and
the interval method under the table.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

import pandas as pd

from sim.outcomes import BY_NAME, HEADLINE, OUTCOMES
from sim.params import PARAMS
from sim.run.stats import decimals, method_text
from sim.scenario import in_lang
from sim.vocabulary import (
    Lang,
    bounds_text,
    choice_name,
    colon,
    counted,
    direction_name,
    fixed,
    number,
    outcome_label,
    outcome_meaning,
    outcome_unit,
    param_label,
    param_meaning,
    param_phrase,
    say,
    source_tags,
    value_and_words,
    value_text,
)

ARROWS = {1: "↑", -1: "↓", 0: "–"}


def estimate(mean: float, low: float, high: float, lang: Lang) -> tuple[str, str]:
    """A mean and its interval, rounded alike to what the interval justifies; an interval
    that excludes 0 keeps enough places for its bound nearest 0 not to read as 0 (a
    ``[-0.055, 0.000]`` marked as excluding 0 would contradict itself: it reads
    ``[-0.0550, -0.0003]``)."""
    places = decimals(low, high, mean)
    sep = " ; " if lang == "fr" else ", "
    if not (math.isfinite(low) and math.isfinite(high)):
        return fixed(mean, places, lang), "—"
    if low > 0 or high < 0:
        nearest = low if low > 0 else high
        while places < 12 and round(nearest, places) == 0:
            places += 1
    return fixed(mean, places, lang), f"[{fixed(low, places, lang)}{sep}{fixed(high, places, lang)}]"


def param_named(name: str, lang: Lang) -> str:
    """A parameter the user typed (``--set``, ``--params``), in words with the name typed:
    ``roulement du personnel (staff_turnover_rate)``; a name that is no parameter stays as
    it is."""
    return f"{param_phrase(name, lang)} ({name})" if name in PARAMS else name


def changes_text(sets: Mapping[str, Any], lang: Lang,
                 before: Mapping[str, Any] | None = None, words: bool = False) -> str:
    """``--set`` assignments, from the scenario's value and in words when ``before``
    gives it: ``roulement du personnel (staff_turnover_rate) 0,52 → 1,04``; in words
    without it when ``words`` (``... (staff_turnover_rate) = 1,04``), else as typed."""
    def one(name: str, value: Any) -> str:
        if before is not None and name in before:  # a title: the words, then the --set name
            return (f"{param_named(name, lang)} {value_text(before[name], lang)} → "
                    f"{value_text(value, lang)}")
        return f"{param_named(name, lang) if words else name} = {value_text(value, lang)}"
    return ", ".join(one(k, v) for k, v in sets.items())


def plausibility_lines(sets: Mapping[str, Any], lang: Lang) -> list[str]:
    """One warning per ``--set`` value outside its parameter's plausible range."""
    out = []
    for name, value in sets.items():
        p = PARAMS.get(name)
        if p is None or p.plausible is None or isinstance(value, bool | str):
            continue
        low, high = p.plausible
        if not low <= float(value) <= high:
            out.append(say("outside_plausible", lang, name=param_named(name, lang),
                           value=value_text(value, lang),
                           range=bounds_text(p, lang, design=True),
                           source=p.plausible_cited(lang) or "[A]"))
    return out


def shown(table: pd.DataFrame, outcomes: Sequence[str] | None) -> pd.DataFrame:
    """The rows of ``outcomes`` (the headline outcomes when None), in that order."""
    names = list(HEADLINE if outcomes is None else outcomes)
    by_name = table.set_index("outcome", drop=False)
    return by_name.loc[[n for n in names if n in by_name.index]].reset_index(drop=True)


def more_line(table: pd.DataFrame, outcomes: Sequence[str] | None, lang: Lang) -> list[str]:
    """How many outcomes the table leaves out, and how to see them."""
    hidden = len(table) - len(shown(table, outcomes))
    return [say("more_outcomes", lang, count=hidden)] if hidden else []


def structure_lines(structure: Mapping[str, Any], lang: Lang) -> list[str]:
    """The site's structure in words (echoed with every summary and report)."""
    site = say("site", lang, hlm=structure["hlm"],
               households=counted(int(structure["households"]), "household", lang),
               workers=counted(int(structure["workers"]), "worker", lang),
               employer=choice_name(str(structure["worker_employer"]), lang),
               partners=counted(int(structure["partners"]), "partner", lang),
               origin=say("origin", lang, origin=choice_name(str(structure["origin"]), lang)))
    none = say("none", lang)
    return [site,
            say("committees", lang, names=", ".join(_names(structure, "committees", lang)) or none),
            say("mediators", lang, names=", ".join(_names(structure, "mediators", lang)) or none)]


def _names(structure: Mapping[str, Any], key: str, lang: Lang) -> list[str]:
    """The committees' or mediators' names in ``lang`` (French where the scenario file
    gives them: ``name_fr``; a run stored before then has its names as written)."""
    return list(structure.get(f"{key}_fr") or structure[key]) if lang == "fr" \
        else list(structure[key])


def aligned(head: list[str], rows: list[list[str]], right: set[int]) -> list[str]:
    """Rows in aligned columns under their head (``right``: the right-aligned columns)."""
    widths = [max(len(r[i]) for r in [head, *rows]) for i in range(len(head))]
    def line(cells: list[str]) -> str:
        return "  ".join(c.rjust(w) if i in right else c.ljust(w)
                         for i, (c, w) in enumerate(zip(cells, widths, strict=True))).rstrip()
    return [line(head), *(line(r) for r in rows)]


def run_rows(summary: pd.DataFrame, lang: Lang) -> tuple[list[str], list[list[str]]]:
    """Head and rows of the ``run`` table: outcome, unit, mean, interval, n."""
    rows = []
    for row in summary.itertuples():
        mean, interval = estimate(row.mean, row.ci_low, row.ci_high, lang)
        rows.append([outcome_label(str(row.outcome), lang), outcome_unit(str(row.outcome), lang),
                     mean, interval, str(row.n)])
    head = [say("outcome", lang), say("unit", lang), say("mean", lang), say("interval", lang),
            say("n", lang)]
    return head, rows


def run_header(meta: Mapping[str, Any], lang: Lang) -> list[str]:
    """What a run ran, in words (shared by the table and the report)."""
    lines = [say("run", lang, name=in_lang(meta["scenario"], "name", lang),
                 replicates=counted(int(meta["replicates"]), "replicate", lang),
                 weeks=counted(int(meta["weeks"]), "week", lang), seed=meta["seed"])]
    if meta.get("set"):
        lines.append("--set " + changes_text(meta["set"], lang))
        lines += plausibility_lines(meta["set"], lang)
    return lines + posterior_lines(meta, lang) + structure_lines(meta["structure"], lang)


def posterior_lines(meta: Mapping[str, Any], lang: Lang) -> list[str]:
    """Whether each replicate drew its parameters from a calibration (``--posterior``)."""
    if not meta.get("posterior"):
        return []
    return [say("posterior_drawn", lang, where=f"calibration/{meta['posterior']}")]


def notes(meta: Mapping[str, Any], lang: Lang) -> list[str]:
    """The lines under a table: interval method, what n counts, where definitions are."""
    return [say("method", lang, method=method_text(lang), seed=meta["seed"]), say("n_note", lang),
            say("defs", lang)]


def run_text(summary: pd.DataFrame, meta: Mapping[str, Any], lang: Lang,
             outcomes: Sequence[str] | None = None) -> str:
    """The readable ``run`` summary: what was run, then one row per outcome shown (the
    headline outcomes unless ``outcomes`` names others)."""
    head, rows = run_rows(shown(summary, outcomes), lang)
    return "\n".join([*run_header(meta, lang), "", *aligned(head, rows, {2, 4}),
                      *more_line(summary, outcomes, lang), "", *notes(meta, lang)])


def contrast_header(meta: Mapping[str, Any], lang: Lang) -> list[str]:
    """What a comparison compared, in words (shared by the table and the report)."""
    sets = meta.get("set") or {}
    base = in_lang(meta.get("against") or {"name": meta["base_name"]}, "name", lang)
    variant = in_lang(meta.get("scenario") or {"name": meta["variant_name"]}, "name", lang)
    before = (meta.get("against") or {}).get("params")
    if sets and meta["base_name"] == meta["variant_name"]:
        title = say("whatif", lang, change=changes_text(sets, lang, before), scenario=base)
    else:
        named = f"{variant} (--set {changes_text(sets, lang)})" if sets else variant
        title = say("versus", lang, variant=named, base=base)
    lines = [title, say("pairs", lang, pairs=counted(int(meta["replicates"]), "pair", lang),
                        weeks=counted(int(meta["weeks"]), "week", lang), seed=meta["seed"]),
             *posterior_lines(meta, lang), *plausibility_lines(sets, lang)]
    if meta.get("identical"):
        unchanged = meta.get("unchanged") or []
        why = say("already", lang, sets=changes_text({k: sets[k] for k in unchanged}, lang),
                  base=base) if unchanged else ""
        lines.append(say("identical", lang, why=why))
    return lines


def counts_text(row: Any) -> str:
    """Better/same/worse pairs (higher/same/lower for an outcome with no direction)."""
    return f"{row.better}/{row.same}/{row.worse}"


def verdict_counts(contrast: pd.DataFrame) -> dict[str, int]:
    """How many outcomes the variant is clearly better, worse, or not clearly different in."""
    clear = contrast[contrast["excludes_zero"].astype(bool) & (contrast["direction"] != 0)]
    gain = clear["difference"] * clear["direction"]
    directed = contrast[contrast["direction"] != 0]
    return {"better": int((gain > 0).sum()), "worse": int((gain < 0).sum()),
            "same": len(directed) - len(clear)}


def contrast_rows(contrast: pd.DataFrame, lang: Lang) -> tuple[list[str], list[list[str]]]:
    """Head and rows of the ``compare`` table: outcome, direction, base, variant,
    difference with its interval and a mark where it excludes 0, better/same/worse, n."""
    rows = []
    for row in contrast.itertuples():
        diff, interval = estimate(row.difference, row.ci_low, row.ci_high, lang)
        mark = "*" if row.excludes_zero else " "
        base_places = decimals(row.ci_low, row.ci_high, row.base_mean)
        variant_places = decimals(row.ci_low, row.ci_high, row.variant_mean)
        rows.append([outcome_label(str(row.outcome), lang), ARROWS[int(row.direction)],
                     fixed(row.base_mean, base_places, lang),
                     fixed(row.variant_mean, variant_places, lang),
                     f"{diff} {interval} {mark}", counts_text(row), str(row.n)])
    head = [say("outcome", lang), say("better", lang), say("base", lang),
            say("variant", lang), say("diff", lang), say("counts", lang), say("n", lang)]
    return head, rows


def contrast_notes(contrast: pd.DataFrame, meta: Mapping[str, Any], lang: Lang) -> list[str]:
    """The verdict counts and the legend under a comparison."""
    counts = {k: counted(v, "indicator", lang) for k, v in verdict_counts(contrast).items()}
    return [say("summary", lang, **counts), say("legend", lang),
            *notes(meta, lang)]


def contrast_text(contrast: pd.DataFrame, meta: Mapping[str, Any], lang: Lang,
                  outcomes: Sequence[str] | None = None) -> str:
    """The readable ``compare`` table (the headline outcomes unless ``outcomes`` names
    others), its header and its notes; the summary counts the outcomes shown."""
    table = shown(contrast, outcomes)
    head, rows = contrast_rows(table, lang)
    return "\n".join([*contrast_header(meta, lang), "", *aligned(head, rows, {2, 3, 4, 6}),
                      *more_line(contrast, outcomes, lang), "",
                      *contrast_notes(table, meta, lang)])


def outcomes_text(lang: Lang) -> str:
    """``hlm-sim outcomes``: each outcome's name, label, unit, direction and meaning."""
    lines = []
    for o in OUTCOMES:
        lines.append(f"{o.name}: {outcome_label(o.name, lang)} ({outcome_unit(o.name, lang)}; "
                     f"{ARROWS[o.better]} {direction_name(o.better, lang)})")
        lines.append(f"    {outcome_meaning(o, lang)}")
    return "\n".join(lines)


def param_rows(values: Mapping[str, Any], lang: Lang) -> list[dict[str, Any]]:
    """Every declared parameter as plain data (``params --json``): its value in a scenario
    (``values``; the default where absent), its short name, bounds, plausible range and its
    source."""
    return [{"name": p.name, "label": param_label(p.name, lang),
             "value": values.get(p.name, p.default), "default": p.default,
             "bounds": bounds_text(p, lang), "design_range": bounds_text(p, lang, design=True),
             "plausible_source": p.plausible_cited(lang), "unit": p.unit, "group": p.group,
             "meaning": param_meaning(p, lang), "source": p.cited(lang)} for p in PARAMS.values()]


def params_text(rows: list[dict[str, Any]], lang: Lang) -> str:
    """``hlm-sim params``: short name, value (and default where it differs), bounds,
    plausible range for designs with its source, meaning and source; the source tags
    explained."""
    lines = []
    for r in rows:
        mark = "" if r["value"] == r["default"] else \
            f"   ({say('default', lang)} {value_and_words(r['default'], lang)})"
        design = ""
        if r["design_range"] != r["bounds"]:
            origin = f" ({r['plausible_source']})" if r["plausible_source"] else ""
            design = f"; {say('plausible', lang)} {r['design_range']}{origin}"
        lines += [f"{r['name']}{colon(lang)} {r['label']} = {value_and_words(r['value'], lang)}{mark}",
                  f"    {r['bounds']}{design} — {r['meaning']}",
                  f"    {say('source', lang)} {r['source']}"]
    lines.append(say("sources", lang, tags=source_tags(lang)))
    return "\n".join(lines)


def outcome_row(name: str, lang: Lang) -> dict[str, Any]:
    """An outcome's words as plain data (``outcomes --json``)."""
    o = BY_NAME[name]
    return {"name": name, "label": outcome_label(name, lang), "unit": o.unit,
            "better": o.better, "direction": direction_name(o.better, lang),
            "meaning": outcome_meaning(o, lang)}


__all__ = ["contrast_header", "contrast_text", "estimate", "fixed", "number", "outcome_row",
           "outcomes_text", "run_text", "structure_lines"]
