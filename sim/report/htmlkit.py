"""Small HTML helpers of the reports: reading stored tables, escaping, tables, figures."""

from __future__ import annotations

import html
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio

from sim.errors import InputError
from sim.files import read_json_object
from sim.vocabulary import Lang

CONFIG = {"displaylogo": False, "responsive": True,
          "toImageButtonOptions": {"format": "png", "scale": 2}}


def read_csv(path: Path) -> pd.DataFrame:
    """A stored table, or one line naming the missing or unreadable file."""
    try:
        return pd.read_csv(path)
    except FileNotFoundError:
        raise InputError(f"report: {path}: no such file (was the command interrupted?)") from None
    except (OSError, ValueError) as exc:
        raise InputError(f"report: {path}: cannot be read as a table ({exc})") from None


def read_json(path: Path) -> dict[str, Any]:
    """A stored JSON file, or one line naming the missing or unreadable file."""
    return read_json_object(path, missing=f"report: {path}: no such file",
                            unreadable=f"report: {path}: cannot be read as JSON",
                            expected=f"report: {path}: expected a JSON object")


def esc(text: object) -> str:
    """Text made safe for HTML."""
    return html.escape(str(text))


def table_html(head: Sequence[str], rows: Sequence[Sequence[str]], numeric: set[int]) -> str:
    """An HTML table; columns in ``numeric`` align right."""
    th = "".join(f"<th>{esc(h)}</th>" for h in head)
    body = "".join(
        "<tr>" + "".join(f"<td{' class=num' if i in numeric else ''}>{esc(c)}</td>"
                         for i, c in enumerate(r)) + "</tr>" for r in rows)
    return f"<table><thead><tr>{th}</tr></thead><tbody>{body}</tbody></table>"


def figure_html(fig: go.Figure, lang: Lang) -> str:
    """A figure's div (plotly.js is embedded once, in the page's head)."""
    if lang == "fr":
        fig.update_layout(separators=", ")  # decimal comma, thin space between thousands
    return str(pio.to_html(fig, full_html=False, include_plotlyjs=False,
                           config={**CONFIG, "locale": lang}))


def paragraphs(lines: Sequence[str], css: str = "") -> str:
    """Lines as paragraphs."""
    cls = f' class="{css}"' if css else ""
    return "".join(f"<p{cls}>{esc(line)}</p>" for line in lines)


