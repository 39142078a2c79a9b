"""``hlm-sim report``: one self-contained HTML file from an output folder.

The report reads the tables a command stored (``run.json`` and the CSV files of
``run`` and ``compare``; ``study.json``, ``points.csv``, ``indices.csv`` and
``sensitivity.json`` of ``sweep`` and ``sensitivity``), never a live model. plotly.js is
embedded once, inline: the file opens offline and makes no network request. It opens
with what was run (scenario and its changes, replicates, seeds, versions, the seed
passages behind the milieu's structure), then the results of its kind.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from plotly.offline import get_plotlyjs

from sim.errors import InputError
from sim.files import check_writable
from sim.report import sections
from sim.report.htmlkit import esc, paragraphs, read_json
from sim.report.levers import levers_body
from sim.report.provenance import structure_of
from sim.report.tables import changes_text, contrast_header, structure_lines
from sim.report.whole import check_whole
from sim.run.output import write_text
from sim.scenario import in_lang, seed_passages
from sim.vocabulary import Lang, choice_name, say, source_tags

KINDS = ("run", "compare", "levers", "sweep", "sensitivity")
STYLE = """
body { font-family: system-ui, sans-serif; max-width: 1200px; margin: 1.5em auto;
       padding: 0 1em; color: #222; line-height: 1.4; }
h1 { font-size: 1.6em; } h2 { margin-top: 2em; border-bottom: 1px solid #ccc; }
table { border-collapse: collapse; font-size: 0.9em; margin: 0.5em 0; }
th, td { padding: 0.2em 0.7em; border-bottom: 1px solid #eee; text-align: left; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
.note { color: #555; font-size: 0.9em; } .warn { color: #b35900; font-weight: bold; }
blockquote { margin: 0.3em 0 0.3em 1em; color: #444; font-size: 0.9em; }
"""


def detect_kind(folder: Path) -> str:
    """Which command wrote ``folder``: run, compare, sweep or sensitivity."""
    if not folder.is_dir():
        raise InputError(say("msg_report_no_folder", "en", folder=folder))
    if (folder / "run.json").is_file():
        kind = read_json(folder / "run.json").get("kind")  # the record says which command
        if kind in ("run", "compare", "levers"):
            return str(kind)
        if (folder / "levers.csv").is_file():
            return "levers"
        return "compare" if (folder / "contrast.csv").is_file() else "run"
    if (folder / "study.json").is_file():
        return "sensitivity" if (folder / "indices.csv").is_file() else "sweep"
    raise InputError(say("msg_report_not_results", "en", folder=folder))



def provenance_html(meta: Mapping[str, Any], scenario: Mapping[str, Any], lang: Lang,
                    passages: Sequence[str]) -> str:
    """The opening section: scenario and changes, replicates, seeds, versions, passages."""
    lines = []
    if scenario.get("description"):
        lines.append(say("description", lang, text=in_lang(scenario, "description", lang)))
    if scenario.get("source"):  # the file's name, not where it lies on this disk
        lines.append(say("file", lang, path=Path(str(scenario["source"])).name))
    sets = meta.get("set") or {}
    lines.append(say("changes", lang, sets=changes_text(sets, lang, words=True))
                 if sets else say("no_changes", lang))
    lines.append(say("seeds", lang, seed=meta.get("seed"), rule=meta.get("replicate_seeds", "")))
    lines.append(say("versions", lang, version=meta.get("hlm_sim_version", "?"),
                      model=meta.get("model_version", "?")))
    if meta.get("command"):
        lines.append(say("command", lang, command=" ".join(map(str, meta["command"]))))
    out = f"<h2>{esc(say('what', lang))}</h2>" + paragraphs(lines)
    if scenario.get("calibration"):
        out += paragraphs([in_lang(scenario, "calibration", lang)], "note")
    if passages:
        out += f"<p>{esc(say('passages', lang))}</p>"
        out += "".join(f"<blockquote>{esc(p)}</blockquote>" for p in passages)
    return out + paragraphs([say("sources", lang, tags=source_tags(lang))], "note")


FRENCH_PLOTLY = {
    "Download plot as a PNG": "Télécharger le graphique (PNG)",
    "Download plot": "Télécharger le graphique",
    "Preparing image - this may take a few seconds":
        "Préparation de l'image, quelques secondes",
    "Zoom": "Zoom", "Pan": "Déplacer", "Box Select": "Sélection rectangulaire",
    "Lasso Select": "Sélection au lasso", "Zoom in": "Zoom avant", "Zoom out": "Zoom arrière",
    "Autoscale": "Échelle automatique", "Reset axes": "Réinitialiser les axes",
    "Toggle Spike Lines": "Afficher les lignes de repère",
    "Show closest data on hover": "Donnée la plus proche au survol",
    "Compare data on hover": "Comparer les données au survol",
    "Reset view": "Réinitialiser la vue",
    "Double-click to zoom back out": "Double-clic pour revenir en arrière",
}
"""plotly.js's own interface words (the mode bar) in French, registered as its ``fr`` locale."""


def locale_script(lang: Lang) -> str:
    """Register the report's language with plotly.js (its mode bar and number format)."""
    if lang != "fr":
        return ""
    spec = {"moduleType": "locale", "name": "fr", "dictionary": FRENCH_PLOTLY,
            "format": {"decimal": ",", "thousands": "\u202f"}}
    return f'<script type="text/javascript">Plotly.register({json.dumps(spec, ensure_ascii=False)});</script>'


MARK = "hlm-sim-report"
"""The name of the ``<meta>`` tag that says which folder a report was made from."""


def page(title: str, body: str, lang: Lang, folder: Path | None = None) -> str:
    """The whole document, plotly.js inline in its head (and the folder it reports on,
    in a ``<meta name="hlm-sim-report">`` tag)."""
    mark = f'<meta name="{MARK}" content="{esc(folder.resolve())}">' if folder else ""
    return (f'<!DOCTYPE html>\n<html lang="{lang}"><head><meta charset="utf-8">{mark}'
            f"<title>{esc(title)}</title><style>{STYLE}</style>"
            f'<script type="text/javascript">{get_plotlyjs()}</script>{locale_script(lang)}'
            f"</head><body><h1>{esc(title)}</h1>{body}</body></html>\n")


def _run_like(folder: Path, lang: Lang, kind: str, sankey_weeks: Sequence[int] | None) -> tuple[str, str]:
    meta = read_json(folder / "run.json")
    scenario = meta.get("scenario", {})
    passages = meta.get("passages") or seed_passages(scenario.get("source", ""))
    head = paragraphs(structure_lines(meta.get("structure") or structure_of(scenario), lang))
    if kind == "compare":  # what was compared comes first
        lines = contrast_header(meta, lang)
        head = paragraphs(lines[:2]) + paragraphs(lines[2:], "warn") + head
    if kind == "run":
        title = say("title_run", lang, name=in_lang(scenario, "name", lang) or folder.name)
        body = sections.run_body(folder, meta, lang, sankey_weeks)
    elif kind == "levers":
        title = say("title_levers", lang, name=in_lang(scenario, "name", lang) or folder.name)
        body = levers_body(folder, meta, lang)
    else:
        title = say("title_compare", lang)
        body = sections.compare_body(folder, meta, lang)
    return title, head + provenance_html(meta, scenario, lang, passages) + body


def _study(folder: Path, lang: Lang, kind: str) -> tuple[str, str]:
    manifest = read_json(folder / "study.json")
    identity = manifest.get("identity", {})
    scenario = {**identity.get("scenario", {}), "source": manifest.get("scenario_source") or ""}
    meta = {"seed": identity.get("seed"),
            "replicate_seeds": "numpy SeedSequence(seed, spawn_key=(replicate,))",
            "model_version": identity.get("version"), "hlm_sim_version":
            str(identity.get("version", "?")).split("+")[0]}
    name = in_lang(scenario, "name", lang) or folder.name
    head = paragraphs(structure_lines(structure_of(scenario), lang)) if scenario.get("buildings") else ""
    passages = seed_passages(scenario["source"]) if scenario["source"] else []
    if kind == "sweep":
        title = say("title_sweep", lang, name=name)
        body = sections.sweep_body(folder, identity, lang)
    else:
        method = identity.get("design", {}).get("method", "?")
        title = say("title_sensitivity", lang, method=method.capitalize(), name=name)
        body = sections.sensitivity_body(folder, identity, lang)
    return title, head + provenance_html(meta, scenario, lang, passages) + body


def render(folder: Path, lang: Lang = "fr", sankey_weeks: Sequence[int] | None = None) -> str:
    """The report of ``folder`` as one HTML document."""
    kind = detect_kind(folder)
    check_whole(folder, kind)
    if kind in ("run", "compare", "levers"):
        title, body = _run_like(folder, lang, kind, sankey_weeks)
    else:
        title, body = _study(folder, lang, kind)
    return page(title, body, lang, folder)


def is_report_of(path: Path, folder: Path) -> bool:
    """Whether the file ``path`` is a report of ``folder`` (its ``report.html``, or a file
    whose head names that folder in its :data:`MARK` tag)."""
    if path.resolve() == (folder / "report.html").resolve():
        return True
    try:
        with path.open("rb") as fh:
            head = fh.read(4096).decode("utf-8", "replace")
    except OSError:
        return False
    return f'<meta name="{MARK}" content="{esc(folder.resolve())}">' in head


def build_report(folder: Path, out: Path, lang: Lang = "fr",
                 sankey_weeks: Sequence[int] | None = None, force: bool = False) -> Path:
    """Write the report of ``folder`` to ``out`` (an ``.html`` file); return its path.
    An existing file that is not a report of ``folder`` is replaced only with ``force``."""
    detect_kind(Path(folder))  # the folder's own problem first: it is what the user typed
    if out.exists() and out.is_dir():
        raise InputError(f"--out {out}: expected an .html file name, found a folder")
    check_writable(out)
    if out.exists() and not force and not is_report_of(out, Path(folder)):
        raise InputError(f"--out {out}: expected a new file or a report of {folder}, found "
                         "another file; choose another name, or add --force to replace it")
    document = render(Path(folder), lang, sankey_weeks)
    write_text(out, document)
    return out


__all__ = ["KINDS", "build_report", "choice_name", "detect_kind", "render"]
