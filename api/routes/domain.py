"""Domain endpoints over `kg.service`: qualify, explain, changes, countries, frameworks, members, search.

JSON by default; JSON-LD (the same body with an ``@context``) for ``Accept: application/ld+json``.
Errors: a malformed or unknown parameter → 422 naming it; an unknown country or framework in a path → 404.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Annotated, Any, Literal

from fastapi import APIRouter, FastAPI, Path, Query, Request
from fastapi.responses import Response

from api import negotiation as neg
from api.deps import RuntimeDep
from api.errors import ApiError
from kg import service
from kg.vocab import PREFIXES

OFFERS = ("application/json", "application/ld+json")
API_VOCAB = "https://w3id.org/dckg/api#"
CONTEXT: dict[str, Any] = {
    "@vocab": API_VOCAB, "dckg": PREFIXES["dckg"], "rdfs": PREFIXES["rdfs"], "xsd": PREFIXES["xsd"],
    "iri": "@id", "label": "rdfs:label", "iso2": "dckg:iso2", "iso3": "dckg:iso3",
    "as_of": {"@type": "xsd:date"}, "from": {"@type": "xsd:date"}, "to": {"@type": "xsd:date"},
    "participation": {"@type": "@id"}, "conflict": {"@type": "@id"}, "about": {"@type": "@id"},
    "url": {"@type": "@id"}, "rule": {"@type": "@id"}, "graph": {"@type": "@id"}, "subject": {"@type": "@id"},
    "privilege": {"@type": "@id"}, "agreement": {"@type": "@id"}, "relaxes": {"@type": "@id"},
}


@asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    runtime = app.state.runtime
    if getattr(app.state, "dckg_lookups", None) is None:
        app.state.dckg_lookups = service.Lookups(runtime.store, runtime.queries)
    yield


router = APIRouter(prefix="/api", tags=["answers"], lifespan=lifespan)


def _lookups(request: Request, runtime: RuntimeDep) -> service.Lookups:
    look = getattr(request.app.state, "dckg_lookups", None)
    return look if isinstance(look, service.Lookups) else service.Lookups(runtime.store, runtime.queries)


def respond(request: Request, body: dict[str, Any]) -> Response:
    """`body` as JSON, or as JSON-LD with the dckg API context when asked for."""
    accept = request.headers.get("accept")
    media = neg.choose(accept, OFFERS)
    if media is None:
        raise ApiError(406, "not acceptable", {"asked": f"Accept: {accept}", "available": list(OFFERS)})
    if media == "application/ld+json":
        body = {"@context": CONTEXT, **body}
    return Response(json.dumps(body, ensure_ascii=False).encode(), media_type=media, headers={"Vary": "Accept"})


AsOf = Annotated[str, Query(description="the date, YYYY-MM-DD, or 'today'", examples=["2025-06-23"])]
Frameworks = Annotated[list[str], Query(description="framework slugs, repeated or comma-separated",
                                        examples=["sosa,dpa-domestic-source"])]
JSON_LD = {200: {"content": {"application/json": {}, "application/ld+json": {}}},
           422: {"description": "A parameter is malformed or unknown; `detail.parameter` names it"}}


@router.get("/qualify", responses=JSON_LD, summary="Countries in all (or any) of some frameworks on a date")
def qualify(request: Request, runtime: RuntimeDep, frameworks: Frameworks,
            as_of: AsOf = "today", mode: Annotated[Literal["all", "any"], Query(
                description="all: in every framework; any: in at least one")] = "all",
            exclude: Annotated[list[str] | None, Query(description="drop countries certainly in any of these "
                                                       "frameworks", examples=["nato,mnna"])] = None) -> Response:
    """Body: ``{as_of, frameworks, mode, exclude, countries: [{iso2, iso3, label, iri, certainty, evidence: [...]}],
    caveats: [...]}``; every evidence item has framework, status, valid_from, valid_until, instrument,
    legal_basis and sources (title, url, locator)."""
    return respond(request, service.qualify(runtime.store, runtime.queries, frameworks, as_of, mode, exclude,
                                            _lookups(request, runtime)))


@router.get("/explain", responses=JSON_LD, summary="Why a country does (or does not) hold a standing")
def explain(request: Request, runtime: RuntimeDep,
            country: Annotated[str, Query(description="ISO 3166-1 alpha-2 code", examples=["AU"])],
            framework: Annotated[str, Query(description="framework slug", examples=["dpa-domestic-source"])],
            as_of: AsOf = "today") -> Response:
    """The facts the as-of rule reads for each participation, its verdict in words, derived facts with
    the rule that made them, legal basis, caveats and citations."""
    return respond(request, service.explain(runtime.store, runtime.queries, country, framework, as_of,
                                            _lookups(request, runtime)))


@router.get("/changes", responses=JSON_LD, summary="Standings gained or lost between two dates (inclusive)")
def changes(request: Request, runtime: RuntimeDep,
            from_: Annotated[str, Query(alias="from", description="first day, YYYY-MM-DD", examples=["2024-01-01"])],
            to: Annotated[str, Query(description="last day, YYYY-MM-DD", examples=["2024-12-31"])],
            frameworks: Annotated[list[str] | None, Query(description="only these framework slugs")] = None) -> Response:
    """Body: ``{from, to, frameworks, changes: [{iso2, framework, change: gained|lost, date, earliest, latest,
    certainty, evidence: [...]}]}``."""
    return respond(request, service.changes(runtime.store, runtime.queries, from_, to, frameworks))


@router.get("/countries", responses=JSON_LD, summary="Every country")
def countries(request: Request, runtime: RuntimeDep) -> Response:
    return respond(request, service.countries_list(runtime.store, runtime.queries, _lookups(request, runtime)))


def _not_found(call: Any) -> dict[str, Any]:
    try:
        return call()  # type: ignore[no-any-return]
    except service.UnknownResource as exc:
        raise ApiError(404, "not found", {"parameter": exc.param, "message": exc.message}) from None


@router.get("/countries/{iso2}", responses={**JSON_LD, 404: {"description": "No such country"}},
            summary="A country's standings, privileges, agreements and sources on a date")
def country(request: Request, runtime: RuntimeDep,
            iso2: Annotated[str, Path(description="ISO 3166-1 alpha-2 code", examples=["AU"])],
            as_of: AsOf = "today") -> Response:
    return respond(request, _not_found(lambda: service.country_profile(runtime.store, runtime.queries, iso2, as_of,
                                                                       _lookups(request, runtime))))


@router.get("/frameworks", responses=JSON_LD, summary="Every framework with member counts on a date")
def frameworks(request: Request, runtime: RuntimeDep, as_of: AsOf = "today") -> Response:
    return respond(request, service.frameworks_list(runtime.store, runtime.queries, as_of))


@router.get("/frameworks/{slug}/members", responses={**JSON_LD, 404: {"description": "No such framework"}},
            summary="The members of a framework on a date, with evidence")
def framework_members(request: Request, runtime: RuntimeDep,
                      slug: Annotated[str, Path(description="framework slug", examples=["sosa"])],
                      as_of: AsOf = "today") -> Response:
    return respond(request, _not_found(lambda: service.members(runtime.store, runtime.queries, slug, as_of,
                                                               _lookups(request, runtime))))


@router.get("/search", responses=JSON_LD, summary="Labels, aliases and codes containing q (autocomplete)")
def search(request: Request, runtime: RuntimeDep,
           q: Annotated[str, Query(min_length=1, max_length=100, description="text to look for", examples=["aus"])],
           limit: Annotated[int, Query(ge=1, le=50)] = 20) -> Response:
    return respond(request, service.search(runtime.store, runtime.queries, q, limit))
