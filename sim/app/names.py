"""Names written in the scenario files, shown in the page's language.

The scenario files give each milieu, partner and committee its French name beside its
English one (``name_fr``, ``description_fr``: :func:`sim.scenario.in_lang`); the page
draws nodes that carry only a name, so this module looks a name up among the bundled
scenarios' (a name it does not know is shown as written).
"""

from __future__ import annotations

from functools import lru_cache

from sim.scenario import (
    CommitteeSpec,
    PartnerSpec,
    Scenario,
    bundled_names,
    find_scenario,
    in_lang,
    load_scenario,
)
from sim.vocabulary import Lang


@lru_cache(maxsize=1)
def french_names() -> dict[str, str]:
    """Every English name and description of the bundled scenarios, with its French."""
    found: dict[str, str] = {}
    for bundled in bundled_names():
        scenario = load_scenario(find_scenario(bundled))
        items: list[Scenario | PartnerSpec | CommitteeSpec] = [
            scenario, *scenario.partners, *scenario.committees]
        for item in items:
            found[item.name] = in_lang(item, "name", "fr")
        found[scenario.description] = in_lang(scenario, "description", "fr")
    return found


def local_name(name: str, lang: Lang) -> str:
    """``name`` as the page shows it in ``lang``."""
    return french_names().get(name, name) if lang == "fr" else name
