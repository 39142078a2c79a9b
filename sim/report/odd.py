"""Generate the ODD's parameter and outcome tables from the declarations.

``python -m sim.report.odd docs/ODD.md`` rewrites the text between the markers
``<!-- params:start -->``/``<!-- params:end -->`` and ``<!-- outcomes:start -->``/
``<!-- outcomes:end -->``; a test fails when the file and the declarations drift.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable
from pathlib import Path

from sim.outcomes import OUTCOMES
from sim.params import GROUPS, PARAMS


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def parameter_table() -> str:
    """The parameter table in Markdown, grouped as declared: each parameter's name, its
    short name in words (what the outputs call it) and its meaning."""
    lines = ["| group | name | short name | type | default | range | unit | meaning | source |",
             "|---|---|---|---|---|---|---|---|---|"]
    for group in GROUPS:
        for p in (q for q in PARAMS.values() if q.group == group):
            if p.kind == "choice":
                bounds = " / ".join(p.choices)
            elif p.kind == "bool":
                bounds = "true / false"
            else:
                bounds = f"{p.low:g} – {p.high:g}"
            default = str(p.default).lower() if p.kind == "bool" else str(p.default)
            lines.append(f"| {group} | `{p.name}` | {_cell(p.short)} | {p.kind} | {default} | {bounds} | "
                         f"{_cell(p.unit)} | {_cell(p.meaning)} | {_cell(p.source)} |")
    return "\n".join(lines)


def outcome_table() -> str:
    """The outcome table in Markdown."""
    arrows = {1: "higher", -1: "lower", 0: "—"}
    lines = ["| name | unit | meaning | better |", "|---|---|---|---|"]
    lines += [f"| `{o.name}` | {_cell(o.unit)} | {_cell(o.meaning)} | {arrows[o.better]} |"
              for o in OUTCOMES]
    return "\n".join(lines)


def _filler(table: str) -> Callable[[re.Match[str]], str]:
    def fill(match: re.Match[str]) -> str:
        return match.group(1) + table + "\n" + match.group(2)
    return fill


def render(text: str) -> str:
    """Return ``text`` with both generated tables replaced."""
    for tag, table in (("params", parameter_table()), ("outcomes", outcome_table())):
        pattern = re.compile(rf"(<!-- {tag}:start -->\n)(?:.*?\n)?(<!-- {tag}:end -->)", re.DOTALL)
        if not pattern.search(text):
            raise ValueError(f"markers <!-- {tag}:start --> / <!-- {tag}:end --> not found")
        text = pattern.sub(_filler(table), text)
    return text


def main(argv: list[str] | None = None) -> int:
    """Rewrite the generated tables of the ODD file given as argument."""
    args = sys.argv[1:] if argv is None else argv
    path = Path(args[0] if args else "docs/ODD.md")
    path.write_text(render(path.read_text(encoding="utf-8")), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
