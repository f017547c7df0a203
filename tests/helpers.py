"""Assertion helpers shared by the tests."""

from __future__ import annotations

from collections.abc import Mapping

import pyoxigraph as ox

from kg.queries import NamedQuery, run


def rows(store: ox.Store, query: NamedQuery, params: Mapping[str, str | None]) -> list[dict[str, str | None]]:
    """Run a named query and return its rows as plain strings (IRIs and literal values)."""
    solutions = run(store, query, params)
    names = [v.value for v in solutions.variables]
    return [{n: (s[n].value if s[n] is not None else None) for n in names} for s in solutions]


def project(result: list[dict[str, str | None]], *cols: str) -> set[tuple[str | None, ...]]:
    """The set of tuples of `cols` over the rows."""
    return {tuple(r[c] for c in cols) for r in result}
