"""The kinds of controversy, and what resolving each one leaves behind, declared once.

[S] « le manque de clarté dans la définition des rôles ... Le roulement du personnel ... la
présence de bailleurs de fonds et de résidents autour de la table ou encore le partage et
la gestion des espaces collectifs » (the controversies; milieu 3's was between tenants:
« régler les tensions entre les locataires autour de l'utilisation de la cour commune »,
settled by a meeting « qui a fixé des règles de vie »); « les structures, les outils et
les guides semblent avoir permis leur résolution » (the intermediaries their resolutions
leave). The state arrays index kinds in this order; the scenario schema, the outcomes per
kind and every label read this table.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ControversyKind:
    """A kind of controversy: what it is over, and the intermediary its resolution leaves."""

    key: str
    over_en: str
    over_fr: str
    intermediary_en: str
    intermediary_fr: str


CONTROVERSIES: tuple[ControversyKind, ...] = (
    ControversyKind("roles", "roles and mandates", "rôles et mandats",
                    "role grid", "grille des rôles"),
    ControversyKind("room", "the community room", "le local communautaire",
                    "room agreement", "entente sur le local"),
    ControversyKind("turnover", "staff turnover", "le roulement du personnel",
                    "onboarding guide", "guide d'accueil"),
    ControversyKind("table", "who sits at the table", "la composition de la table",
                    "new committee", "nouveau comité"),
    ControversyKind("tenants", "tenants' use of common spaces",
                    "l'usage des espaces communs par les locataires",
                    "rules of common life", "règles de vie"),
)
CONTROVERSY_KINDS: tuple[str, ...] = tuple(k.key for k in CONTROVERSIES)
"""The kinds' keys, in the order the state arrays index them."""
BY_KEY: dict[str, ControversyKind] = {k.key: k for k in CONTROVERSIES}
