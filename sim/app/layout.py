"""Where the network view draws things: a fixed canvas in pixels, and labels that do
not collide.

The view is drawn on a canvas of :data:`WIDTH` pixels (Vega scales the SVG to the width
of the page's panel, keeping its proportions), so that a label's size is known here:
its box is estimated from its characters (:func:`text_width`, a generous estimate) and
labels are placed so that no two boxes meet. Partners' names sit beside their node on
the ring, pushed apart vertically on each side (:func:`spread`), with a thin line back
to the node when pushed; other labels take the first free place among a few
(:func:`place`). Coordinates are pixels from the top left corner (y grows downwards).
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from dataclasses import dataclass

WIDTH = 1100
"""Canvas width (pixels): the ring and its names on the left, the buildings on the right."""
GRAPH_HEIGHT = 500
"""Height of the drawing above the legend."""
FONT = 13
CHAR = 0.55
"""Estimated width of a character, in font sizes (generous: most run narrower)."""

RING_X, RING_Y, RING_R = 345.0, 215.0, 150.0
"""Centre and radius of the partners' ring."""
LABEL_GAP = 12.0
"""Between a node and the start of its name."""
NAME_CHARS = 24
"""Partners' names wrap at this many characters (two lines at most in practice)."""
SHELF_Y = 440.0
"""The row under the ring: the community room and the intermediaries."""
SHELF_X0, SHELF_DX = 70.0, 112.0
BUILDING_X = 705.0
"""Left edge of the buildings' block."""
WORKER_X = 722.0
GROUP_X0, GROUP_DX, ISOLATED_EXTRA = 790.0, 66.0, 14.0
"""Household groups: first column, distance between columns, extra gap before the
isolated households."""
TOP, BOTTOM = 12.0, GRAPH_HEIGHT - 6.0


@dataclass(frozen=True, slots=True)
class Label:
    """One label: its lines, where it is anchored and how it is aligned.

    ``x`` is the left edge, the centre or the right edge (``align``); ``y`` is the
    vertical middle of the whole label.
    """

    lines: tuple[str, ...]
    x: float
    y: float
    align: str = "left"
    size: int = FONT
    bold: bool = False

    @property
    def width(self) -> float:
        """Estimated width of the longest line."""
        return max(text_width(line, self.size, self.bold) for line in self.lines)

    @property
    def height(self) -> float:
        """Height of all the lines."""
        return len(self.lines) * self.size * 1.2

    def box(self) -> tuple[float, float, float, float]:
        """Estimated bounding box ``(x0, y0, x1, y1)``."""
        w = self.width
        x0 = {"left": self.x, "center": self.x - w / 2, "right": self.x - w}[self.align]
        return x0, self.y - self.height / 2, x0 + w, self.y + self.height / 2

    def moved(self, x: float, y: float, align: str | None = None) -> Label:
        """The same label anchored elsewhere."""
        return Label(self.lines, x, y, align or self.align, self.size, self.bold)


def text_width(text: str, size: int = FONT, bold: bool = False) -> float:
    """Estimated width of ``text`` in pixels (over-estimates ordinary words)."""
    return len(text) * size * CHAR * (1.08 if bold else 1.0)


def wrap(text: str, chars: int) -> tuple[str, ...]:
    """``text`` broken into lines of at most ``chars`` characters (a longer word stays
    whole)."""
    return tuple(textwrap.wrap(text, chars, break_long_words=False)) or (text,)


def meets(a: tuple[float, float, float, float], b: tuple[float, float, float, float],
          margin: float = 1.0) -> bool:
    """Whether two boxes overlap (or come closer than ``margin``)."""
    return not (a[2] + margin <= b[0] or b[2] + margin <= a[0]
                or a[3] + margin <= b[1] or b[3] + margin <= a[1])


def overlapping(labels: Sequence[Label]) -> list[tuple[int, int]]:
    """Pairs of labels whose estimated boxes overlap."""
    boxes = [lab.box() for lab in labels]
    return [(i, j) for i in range(len(boxes)) for j in range(i + 1, len(boxes))
            if meets(boxes[i], boxes[j])]


def spread(labels: list[Label], top: float = TOP, bottom: float = BOTTOM,
           gap: float = 2.0) -> list[Label]:
    """Move labels vertically (keeping their order from top to bottom) so that no two
    overlap, staying as close to where they were as possible and within ``top`` and
    ``bottom`` when they fit."""
    order = sorted(range(len(labels)), key=lambda i: labels[i].y)
    ys = [labels[i].y for i in order]
    hs = [labels[i].height for i in order]
    for _ in range(2):  # down, then up from the bottom edge, then down again
        for k in range(len(ys)):
            low = top + hs[k] / 2 if k == 0 else ys[k - 1] + (hs[k - 1] + hs[k]) / 2 + gap
            ys[k] = max(ys[k], low)
        for k in range(len(ys) - 1, -1, -1):
            high = bottom - hs[k] / 2 if k == len(ys) - 1 else ys[k + 1] - (hs[k + 1] + hs[k]) / 2 - gap
            ys[k] = min(ys[k], high)
    for k in range(1, len(ys)):
        ys[k] = max(ys[k], ys[k - 1] + (hs[k - 1] + hs[k]) / 2 + gap)
    out = list(labels)
    for k, i in enumerate(order):
        out[i] = labels[i].moved(labels[i].x, ys[k])
    return out


def place(label: Label, candidates: Sequence[tuple[float, float, str]],
          taken: list[tuple[float, float, float, float]]) -> Label:
    """The first of ``candidates`` (x, y, align) where ``label`` meets no box in
    ``taken`` and stays on the canvas (the first candidate if none is free); its box is
    added to ``taken``."""
    chosen = label.moved(*candidates[0])
    for x, y, align in candidates:
        trial = label.moved(x, y, align)
        box = trial.box()
        inside = box[0] >= 0 and box[2] <= WIDTH and box[1] >= 0 and box[3] <= GRAPH_HEIGHT
        if inside and not any(meets(box, other) for other in taken):
            chosen = trial
            break
    taken.append(chosen.box())
    return chosen
