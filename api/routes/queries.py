"""Named questions as REST: ``GET /api/queries`` (the catalogue) and one ``GET /api/queries/{name}`` route
per ``queries/*.rq`` file, generated when the app starts from the query's typed parameters, so OpenAPI
shows each parameter with its type, default, example and (frameworks, countries) the values the graph
knows. Values are validated and bound as RDF terms by `kg.queries` (422 naming the parameter).
Answers are JSON ``{columns, rows}`` by default, SPARQL results JSON/XML, CSV or TSV by Accept; paged by
``limit``/``offset``.
"""

from __future__ import annotations

import inspect
import json
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from typing import Annotated, Any

import pyoxigraph as ox
from fastapi import APIRouter, FastAPI, Query, Request
from fastapi.responses import Response

from api import negotiation as neg
from api.deps import RuntimeDep
from api.errors import ApiError
from api.workers import WRITERS
from kg.queries import NamedQuery, Param, run
from kg.service import Lookups

OFFERS = ("application/json", "application/sparql-results+json", "application/sparql-results+xml", "text/csv",
          "text/tab-separated-values")
XSD = "http://www.w3.org/2001/XMLSchema#"
NUMERIC = {XSD + "integer": int, XSD + "decimal": float, XSD + "double": float, XSD + "float": float}


@asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    """Add one route per named query (the queries and the store are known only now)."""
    runtime = app.state.runtime
    look = Lookups(runtime.store, runtime.queries)
    enums = {"framework": sorted(look.frameworks()), "country": sorted(look.countries())}
    generated = APIRouter(prefix="/api/queries", tags=["named questions"])
    for q in sorted(runtime.queries.values(), key=lambda q: q.name):
        generated.add_api_route(f"/{q.name}", make_endpoint(q, enums), methods=["GET"], name=f"query_{q.name}",
                                summary=q.title, description=_description(q), response_model=None,
                                responses={200: {"content": {m: {} for m in OFFERS}},
                                           422: {"description": "A parameter is malformed or names nothing in the "
                                                                "graph; `detail.parameter` names it"}})
    app.include_router(generated)
    app.openapi_schema = None
    yield


router = APIRouter(prefix="/api/queries", tags=["named questions"], lifespan=lifespan)


def _description(q: NamedQuery) -> str:
    tags = f"\n\nTags: {', '.join(q.tags)}." if q.tags else ""
    return f"{q.description}{tags}\n\nSPARQL text: `GET /api/queries` lists it; the editor at /sparql has it as a tab."


def _param_info(p: Param, enums: dict[str, list[str]]) -> dict[str, Any]:
    return {"name": p.name, "type": p.type, "description": p.description, "default": p.default,
            "example": p.example, "required": p.required, **({"enum": enums[p.type]} if p.type in enums else {})}


@router.get("", summary="The catalogue of named questions")
def catalogue(request: Request, runtime: RuntimeDep) -> dict[str, Any]:
    """Every named question with its title, description, tags, typed parameters and URL."""
    return {"queries": [{"name": q.name, "title": q.title, "description": q.description, "tags": list(q.tags),
                         "params": [_param_info(p, {}) for p in q.params], "url": f"/api/queries/{q.name}"}
                        for q in sorted(runtime.queries.values(), key=lambda q: q.name)]}


def _annotation(p: Param, enums: dict[str, list[str]]) -> Any:
    extra: dict[str, Any] = {}
    if p.type in enums:
        extra["enum"] = enums[p.type]
    if p.type == "date":
        extra["format"] = "date"
        extra["pattern"] = r"^(\d{4}-\d{2}-\d{2}|today)$"
    kind = int if p.type == "integer" else str
    desc = f"{p.description} ({p.type})" + (" — YYYY-MM-DD or 'today'" if p.type == "date" else "")
    examples = [p.example] if p.example is not None else None
    return Annotated[kind, Query(description=desc, examples=examples, json_schema_extra=extra or None)]


def _default(p: Param) -> Any:
    if p.default is None:
        return inspect.Parameter.empty
    return int(p.default) if p.type == "integer" else p.default


def make_endpoint(q: NamedQuery, enums: dict[str, list[str]]) -> Callable[..., Response]:
    """A handler whose signature declares the query's parameters (so FastAPI documents them)."""

    def endpoint(request: Request, runtime: RuntimeDep, **values: Any) -> Response:
        limit, offset = values.pop("limit"), values.pop("offset")
        raw = {k: None if v is None else str(v) for k, v in values.items()}
        return answer(request, runtime.store, q, raw, limit, offset)

    params = [inspect.Parameter("request", inspect.Parameter.POSITIONAL_OR_KEYWORD, annotation=Request),
              inspect.Parameter("runtime", inspect.Parameter.POSITIONAL_OR_KEYWORD, annotation=RuntimeDep)]
    params += [inspect.Parameter(p.name, inspect.Parameter.KEYWORD_ONLY, annotation=_annotation(p, enums),
                                 default=_default(p)) for p in q.params]
    params += [
        inspect.Parameter("limit", inspect.Parameter.KEYWORD_ONLY, default=100,
                          annotation=Annotated[int, Query(ge=1, le=10_000, description="rows per page")]),
        inspect.Parameter("offset", inspect.Parameter.KEYWORD_ONLY, default=0,
                          annotation=Annotated[int, Query(ge=0, description="rows to skip")]),
    ]
    endpoint.__signature__ = inspect.Signature(params, return_annotation=Response)  # type: ignore[attr-defined]
    endpoint.__name__ = f"query_{q.name.replace('-', '_')}"
    endpoint.__doc__ = q.description
    return endpoint


def _value(term: Any) -> Any:
    if term is None:
        return None
    if isinstance(term, ox.Literal):
        conv = NUMERIC.get(term.datatype.value)
        if conv is not None:
            try:
                return conv(term.value)
            except ValueError:
                return term.value
        if term.datatype.value == XSD + "boolean":
            return term.value == "true"
    return term.value


def answer(request: Request, store: ox.Store, q: NamedQuery, raw: dict[str, str | None], limit: int,
           offset: int) -> Response:
    """Run `q` with `raw` parameters and answer one page in the negotiated format."""
    accept = request.headers.get("accept")
    media = neg.choose(accept, OFFERS, request.query_params.get("format"))
    if media is None:
        raise ApiError(406, "not acceptable", {"asked": f"Accept: {accept}", "available": list(OFFERS)})
    solutions = run(store, q, raw)
    names = [v.value for v in solutions.variables]
    rows = list(solutions)
    page = rows[offset: offset + limit]
    headers = {"Vary": "Accept", "X-Total-Count": str(len(rows))}
    if offset + limit < len(rows):
        nxt = request.url.include_query_params(offset=offset + limit, limit=limit)
        headers["Link"] = f'<{nxt}>; rel="next"'
    if media == "application/json":
        body = {"query": q.name, "columns": names, "rows": [[_value(r[n]) for n in names] for r in page],
                "total": len(rows), "limit": limit, "offset": offset}
        return Response(json.dumps(body, ensure_ascii=False).encode(), media_type=media, headers=headers)
    text = WRITERS[media](names, page)
    return Response(text, media_type=media + ("; charset=utf-8" if media.startswith("text/") else ""), headers=headers)
