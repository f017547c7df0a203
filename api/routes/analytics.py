"""Network analytics as of a date: ``/api/analytics/{centrality,communities,similar/{iso2},path}``.

Thin JSON wrappers over `kg.analytics` on the countries–frameworks graph of the standings held on
``as_of`` (default today).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any, Literal

from fastapi import APIRouter, Query

from api.deps import Runtime, RuntimeDep
from api.errors import ApiError
from kg import analytics
from kg.analytics import NotInGraph

router = APIRouter(prefix="/api/analytics", tags=["analytics"])
AsOf = Query(None, description="the date (YYYY-MM-DD); today when omitted")


def graph_for(runtime: Runtime, as_of: dt.date | None) -> tuple[dt.date, Any]:
    """The projection for `as_of` (today by default)."""
    day = as_of or dt.date.today()
    return day, analytics.membership_graph(runtime.store, runtime.queries, day)


def _plain(value: Any) -> Any:
    return dataclasses.asdict(value) if dataclasses.is_dataclass(value) and not isinstance(value, type) else value


@router.get("/centrality")
def centrality(runtime: RuntimeDep, as_of: dt.date | None = AsOf,
               kind: Literal["country", "framework"] | None = Query(None, description="only countries or frameworks"),
               ) -> dict[str, Any]:
    """Degree and betweenness centrality of countries and frameworks, most central first."""
    day, graph = graph_for(runtime, as_of)
    return {"as_of": day.isoformat(), "nodes": [_plain(c) for c in analytics.centrality(graph, kind)]}


@router.get("/communities")
def communities(runtime: RuntimeDep, as_of: dt.date | None = AsOf) -> dict[str, Any]:
    """Communities of countries and frameworks (Louvain, fixed seed), largest first."""
    day, graph = graph_for(runtime, as_of)
    return {"as_of": day.isoformat(), "communities": [_plain(c) for c in analytics.communities(graph)]}


@router.get("/similar/{iso2}")
def similar(runtime: RuntimeDep, iso2: str, as_of: dt.date | None = AsOf,
            limit: int = Query(10, ge=1, le=100)) -> dict[str, Any]:
    """Countries most similar to `iso2` by shared standings (Jaccard index of framework sets)."""
    day, graph = graph_for(runtime, as_of)
    try:
        rows = analytics.similar_countries(graph, iso2, limit)
        mine = analytics.frameworks_of(graph, iso2)
    except NotInGraph as exc:
        raise ApiError(404, "not in graph", {"country": iso2.upper(), "message": exc.message}) from None
    return {"as_of": day.isoformat(), "country": iso2.upper(), "frameworks": [_plain(f) for f in mine],
            "similar": [_plain(s) for s in rows]}


@router.get("/path")
def path(runtime: RuntimeDep, as_of: dt.date | None = AsOf,
         from_: str = Query(..., alias="from", description="ISO 3166-1 alpha-2 code"),
         to: str = Query(..., description="ISO 3166-1 alpha-2 code")) -> dict[str, Any]:
    """The shortest path between two countries through shared frameworks (null when none)."""
    day, graph = graph_for(runtime, as_of)
    try:
        steps = analytics.shortest_path(graph, from_, to)
    except NotInGraph as exc:
        raise ApiError(404, "not in graph", {"message": exc.message}) from None
    return {"as_of": day.isoformat(), "from": from_.upper(), "to": to.upper(),
            "path": None if steps is None else [_plain(s) for s in steps],
            "length": None if steps is None else len(steps) - 1}
