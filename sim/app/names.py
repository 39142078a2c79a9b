"""Names written in the scenario files, shown in the page's language.

The bundled scenario files name partners, committees and milieux in English; this
module gives their French names for the page (a name it does not know is shown as
written). The place for these would be the scenario files themselves (a ``name_fr``
beside each ``name``); until then the page keeps them here.
"""

from __future__ import annotations

from sim.app.labels import Lang

FRENCH: dict[str, str] = {}


def local_name(name: str, lang: Lang) -> str:
    """``name`` as the page shows it in ``lang``."""
    return FRENCH.get(name, name) if lang == "fr" else name
