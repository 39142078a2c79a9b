"""Reset, one week, play and pause, with the week counter and the display settings.

Mesa's controller (in its SolaraViz) labels its buttons and settings in English only,
advances its render interval (5 weeks here) per Step click without saying so, and
shows the time far down the sidebar. This one does what it does, in the page's
language: Step advances one week; Play steps in a background thread (as Mesa does) and
asks for a redraw with Mesa's ``force_update`` every few weeks; the counter reads
"Semaine 20 / 156 — mars 2019"; at the horizon a message says the run has ended and what
to do next. The speed settings (Mesa's play and render intervals) sit in a collapsed
"Affichage / Display" panel, in plain words.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TYPE_CHECKING

import solara
import solara.lab
from mesa.visualization.utils import force_update, update_counter

from sim.vocabulary import Lang, month_of_week, say

if TYPE_CHECKING:
    from sim.app.model import PageModel

PLAY_INTERVAL_MS = 31
"""Pause between two pictures while playing. The model steps in one thread and Solara
redraws in another: with no pause the stepping thread leaves the redraws little room;
31 ms lets the page redraw about five times a second (Mesa's default, 100 ms, plays
156 weeks of milieu 1 in 7-11 s instead of about 4 s). The setting goes down to 1 ms."""
RENDER_INTERVAL = 5
"""Weeks between two pictures while playing (a redraw costs more than a hundred weeks
of the model). One-week Step always redraws."""


def week_counter(week: int, horizon: int, lang: Lang) -> str:
    """``Semaine 20 / 156 — mars 2019``."""
    return say("week_of", lang).format(week=week, horizon=horizon, month=month_of_week(week, lang))


def play(model: PageModel, playing: Callable[[], bool], pause_ms: Callable[[], int],
         weeks_per_picture: Callable[[], int]) -> None:
    """Step ``model`` while ``playing()`` and the run has not ended, asking for a
    redraw every ``weeks_per_picture()`` weeks."""
    while playing() and model.running:
        time.sleep(pause_ms() / 1000)
        for _ in range(max(1, weeks_per_picture())):
            model.step()
            if not (model.running and playing()):
                break
        force_update()


@solara.component
def RunControls(model: solara.Reactive[PageModel], lang: Lang,  # noqa: N802
                on_reset: Callable[[], None], playing: solara.Reactive[bool]) -> None:
    """The counter, the three buttons and the end-of-run message."""
    update_counter.get()  # redraw with the model
    pause_ms = solara.use_reactive(PLAY_INTERVAL_MS)
    per_picture = solara.use_reactive(RENDER_INTERVAL)
    current = model.value
    horizon = current.horizon

    def loop() -> None:
        play(current, lambda: playing.value, lambda: pause_ms.value, lambda: per_picture.value)
        playing.set(False)
        force_update()  # the last weeks played are drawn

    solara.lab.use_task(loop, dependencies=[playing.value, current], prefer_threaded=True)

    def one_week() -> None:
        current.step()
        force_update()

    ended = not current.running
    solara.Text(week_counter(current.week, horizon, lang), classes=["hlm-week"])
    with solara.Row(gap="6px", classes=["hlm-buttons"]):
        solara.Button(say("reset", lang), color="primary", on_click=on_reset,
                      attributes={"title": say("reset_tip", lang)})
        solara.Button(say("pause", lang) if playing.value else say("play", lang),
                      icon_name="mdi-pause" if playing.value else "mdi-play", color="primary",
                      on_click=lambda: playing.set(not playing.value), disabled=ended)
        solara.Button(say("step", lang), icon_name="mdi-step-forward", color="primary",
                      on_click=one_week, disabled=playing.value or ended,
                      attributes={"title": say("step_tip", lang)})
    if ended:
        solara.Info(say("ended", lang).format(horizon=horizon, month=month_of_week(horizon, lang)),
                    classes=["hlm-ended"])
    with solara.Details(say("display", lang)):
        solara.SliderInt(say("pause_ms", lang), value=pause_ms, min=1, max=500, step=10)
        solara.SliderInt(say("weeks_per_picture", lang), value=per_picture, min=1, max=20)
