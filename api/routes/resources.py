"""Linked data: every ``{base_iri}id/{kind}/{slug}`` IRI dereferences at ``/id/{kind}/{slug}``.

Content negotiation by ``Accept`` (or ``?format=``) gives an HTML page or the resource's description
(its statements, the statements pointing at it, and its evidence nodes) in Turtle, JSON-LD (with the
context published at ``/context.jsonld``), N-Triples or RDF/XML. Responses carry ``Vary: Accept``,
``Link: rel=alternate`` for every format, an ETag tied to the build (304 on revalidation) and CORS
headers; a missing resource is a 404 in the negotiated format. The helpers here (negotiation, headers,
labels, links) are shared by the ontology, dumps and explorer routes.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from fastapi import APIRouter, Query, Request
from fastapi.responses import JSONResponse, Response
from fastapi.templating import Jinja2Templates

from api import negotiation as neg
from api.deps import Runtime, RuntimeDep
from api.errors import ApiError
from kg.export import FORMATS, jsonld_context, serialize
from kg.queries import run
from kg.vocab import PREFIXES

router = APIRouter(tags=["linked data"])
TEMPLATES = Jinja2Templates(directory=Path(__file__).resolve().parent.parent / "templates")

HTML = "html"
#: Media types we answer, by `?format=` key (the RDF ones come from kg.export.FORMATS).
MEDIA_TYPES = {HTML: "text/html", **{k: f.media_type for k, f in FORMATS.items()}}
#: Media types offered, in the server's order of preference, and the format key each answers with.
_BY_MEDIA = {"text/html": HTML, **{f.media_type: k for k, f in FORMATS.items()},
             "application/json": "jsonld", "application/xml": "rdf", "application/xhtml+xml": HTML}
_ALIASES = {"html": HTML, "ttl": "ttl", "turtle": "ttl", "jsonld": "jsonld", "json-ld": "jsonld", "json": "jsonld",
            "nt": "nt", "ntriples": "nt", "n-triples": "nt", "rdf": "rdf", "xml": "rdf", "rdfxml": "rdf"}
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
LABEL_PROPERTIES = ("http://www.w3.org/2000/01/rdf-schema#label", "http://www.w3.org/2004/02/skos/core#prefLabel",
                    "https://schema.org/name")
DEFINITION_PROPERTIES = ("http://www.w3.org/2004/02/skos/core#definition", "http://purl.org/dc/terms/description",
                         "https://w3id.org/dckg/ontology#statement")
HAS_EVIDENCE = "https://w3id.org/dckg/ontology#hasEvidence"
CORS = {"Access-Control-Allow-Origin": "*", "Access-Control-Expose-Headers": "ETag, Link, Vary, Content-Type"}


def negotiate(request: Request, format_param: str | None, rdf_only: bool = False) -> str:
    """The format key to answer with: `?format=` first, else the best match of the Accept header.

    Raises:
        ApiError: 400 for an unknown `?format=`, 406 when nothing acceptable is offered.
    """
    offered = [k for k in MEDIA_TYPES if not (rdf_only and k == HTML)]
    if format_param:
        key = _ALIASES.get(format_param.lower())
        if key is None or key not in offered:
            raise ApiError(400, "unknown format", {"format": format_param, "formats": offered})
        return key
    offers = tuple(media for media, key in _BY_MEDIA.items() if key in offered)
    media = neg.choose(request.headers.get("accept") or "*/*", offers)
    if media is None:
        raise ApiError(406, "not acceptable", {"available": [MEDIA_TYPES[k] for k in offered]})
    return _BY_MEDIA[media]


def etag_for(runtime: Runtime, request: Request, key: str) -> str:
    """A strong ETag for this representation of this build (path, query and format)."""
    raw = f"{runtime.build.build_id}|{request.url.path}|{sorted(request.query_params.multi_items())}|{key}"
    return '"' + hashlib.sha256(raw.encode()).hexdigest()[:24] + '"'


def not_modified(request: Request, etag: str) -> bool:
    """True when the request's If-None-Match names `etag` (or is ``*``)."""
    header = request.headers.get("if-none-match")
    if not header:
        return False
    tags = [t.strip().removeprefix("W/") for t in header.split(",")]
    return "*" in tags or etag in tags


def ld_headers(request: Request, key: str, etag: str | None, rdf_only: bool = False) -> dict[str, str]:
    """Vary, Link rel=alternate (one per format), ETag and CORS headers."""
    base = str(request.url.remove_query_params("format"))
    sep = "&" if "?" in base else "?"
    links = [f'<{base}{sep}format={k}>; rel="alternate"; type="{MEDIA_TYPES[k]}"'
             for k in MEDIA_TYPES if k != key and not (rdf_only and k == HTML)]
    headers = {"Vary": "Accept", "Link": ", ".join(links), **CORS}
    if etag:
        headers["ETag"] = etag
    return headers


def ld_response(request: Request, runtime: Runtime, key: str, triples: Callable[[], Iterable[ox.Triple]],
                page: Callable[[], Response] | None = None, status: int = 200) -> Response:
    """Answer in format `key`: 304 when revalidated, the HTML `page`, or `triples` serialised."""
    etag = etag_for(runtime, request, key) if status == 200 else None
    headers = ld_headers(request, key, etag, rdf_only=page is None)
    if etag and not_modified(request, etag):
        return Response(status_code=304, headers=headers)
    if key == HTML and page is not None:
        response = page()
        response.status_code = status
        response.headers.update(headers)
        return response
    body = serialize(list(triples()), key, context_url=str(request.url_for("jsonld_context")))
    return Response(body, status_code=status, media_type=MEDIA_TYPES[key], headers=headers)


def curie(iri: str) -> str:
    """A prefixed name for `iri` when a known prefix covers it, else the IRI."""
    for prefix, ns in sorted(PREFIXES.items(), key=lambda kv: -len(kv[1])):
        if iri.startswith(ns) and len(iri) > len(ns):
            return f"{prefix}:{iri[len(ns):]}"
    return iri


def pick_label(*candidates: ox.Term | str | None) -> str | None:
    """The label rule, in one place: the first present of rdfs:label, skos:prefLabel, schema:name."""
    for c in candidates:
        if c is not None and str(getattr(c, "value", c)).strip():
            return str(getattr(c, "value", c))
    return None


def literal_of(store: ox.Store, iri: str, prop: str) -> ox.Literal | None:
    found = [q.object for q in store.quads_for_pattern(ox.NamedNode(iri), ox.NamedNode(prop), None, None)
             if isinstance(q.object, ox.Literal)]
    found.sort(key=lambda lit: (lit.language not in (None, "en"), lit.value))
    return found[0] if found else None


def label_of(store: ox.Store, iri: str) -> str:
    """The label of `iri` by `pick_label` (English or untagged first), else its prefixed name."""
    return pick_label(*(literal_of(store, iri, p) for p in LABEL_PROPERTIES)) or curie(iri)


def href(settings_base: str, iri: str) -> str:
    """Where an IRI is browsed: its path on this server when it is under the base IRI, else itself."""
    return "/" + iri[len(settings_base):] if iri.startswith(settings_base) else iri


def describe(store: ox.Store, iri: str) -> list[ox.Triple]:
    """A resource's description: its statements, those pointing at it, and its evidence nodes."""
    node = ox.NamedNode(iri)
    triples = {q.triple for q in store.quads_for_pattern(node, None, None, None)}
    triples |= {q.triple for q in store.quads_for_pattern(None, None, node, None)}
    for t in list(triples):
        if t.predicate.value == HAS_EVIDENCE and t.subject == node and isinstance(t.object, ox.NamedNode):
            triples |= {q.triple for q in store.quads_for_pattern(t.object, None, None, None)}
    return sorted(triples, key=lambda t: (str(t.subject), str(t.predicate), str(t.object)))


def exists(store: ox.Store, iri: str) -> bool:
    return next(iter(store.quads_for_pattern(ox.NamedNode(iri), None, None, None)), None) is not None


def not_found(request: Request, runtime: Runtime, key: str, iri: str) -> Response:
    """A 404 in the negotiated format: a page, or an empty graph (with a comment, or an unmapped JSON key)."""
    headers = ld_headers(request, key, None)
    if key == HTML:
        return TEMPLATES.TemplateResponse(request, "not_found.html", {"iri": iri}, status_code=404, headers=headers)
    if key == "jsonld":
        body = {"@context": str(request.url_for("jsonld_context")), "@graph": [], "error": f"not found: {iri}"}
        return JSONResponse(body, status_code=404, media_type=MEDIA_TYPES[key], headers=headers)
    body = serialize([], key)
    if key in ("ttl", "nt"):
        body = f"# not found: <{iri}>\n".encode() + body
    elif key == "rdf":
        head, _, rest = body.partition(b"?>")
        body = head + b"?>\n" + f"<!-- not found: {iri} -->".encode() + rest
    return Response(body, status_code=404, media_type=MEDIA_TYPES[key], headers=headers)


@router.get("/context.jsonld", name="jsonld_context")
def context() -> JSONResponse:
    """The JSON-LD context of the dckg JSON-LD documents (prefixes)."""
    return JSONResponse(jsonld_context(), media_type="application/ld+json", headers=CORS)


@router.options("/id/{kind}/{slug:path}", include_in_schema=False)
def preflight() -> Response:
    """CORS preflight for GET with Accept and If-None-Match."""
    return Response(status_code=204, headers={**CORS, "Access-Control-Allow-Methods": "GET, HEAD, OPTIONS",
                                              "Access-Control-Allow-Headers": "Accept, If-None-Match",
                                              "Access-Control-Max-Age": "86400"})


@router.get("/id/{kind}/{slug:path}", response_model=None)
def resource(request: Request, runtime: RuntimeDep, kind: str, slug: str,
             format: str | None = Query(None, description="html, ttl, jsonld, nt or rdf; overrides Accept"),
             as_of: dt.date | None = Query(None, description="date for the participations timeline")) -> Response:
    """A resource as an HTML page, Turtle, JSON-LD, N-Triples or RDF/XML."""
    key = negotiate(request, format)
    base = runtime.settings.base_iri
    iri = f"{base}id/{kind}/{slug}"
    if not exists(runtime.store, iri):
        return not_found(request, runtime, key, iri)
    return ld_response(request, runtime, key, lambda: describe(runtime.store, iri),
                       lambda: resource_page(request, runtime, iri, kind, slug, as_of or dt.date.today()))


def resource_page(request: Request, runtime: Runtime, iri: str, kind: str, slug: str, as_of: dt.date) -> Response:
    """The HTML page of one resource."""
    store, base = runtime.store, runtime.settings.base_iri
    node = ox.NamedNode(iri)

    def link(term: ox.NamedNode) -> dict[str, str]:
        return {"iri": term.value, "label": label_of(store, term.value), "href": href(base, term.value)}

    props: dict[str, dict[str, Any]] = {}
    types = []
    for q in sorted(store.quads_for_pattern(node, None, None, None), key=lambda q: str(q.object)):
        graph = q.graph_name.value if isinstance(q.graph_name, ox.NamedNode) else ""
        if q.predicate.value == RDF_TYPE and isinstance(q.object, ox.NamedNode):
            if q.object.value not in [t["iri"] for t in types]:
                types.append(link(q.object))
            continue
        entry = props.setdefault(q.predicate.value, {"predicate": link(q.predicate), "values": {}})
        value = entry["values"].setdefault(str(q.object), _value(q.object, link))
        value["graphs"].append({"iri": graph, "label": graph[len(base) + len("graph/"):] or graph})
    inbound: dict[tuple[str, str], dict[str, Any]] = {}
    for q in store.quads_for_pattern(None, None, node, None):
        if isinstance(q.subject, ox.NamedNode):
            inbound.setdefault((q.predicate.value, q.subject.value),
                               {"predicate": link(q.predicate), "subject": link(q.subject)})
    context = {
        "iri": iri, "kind": kind, "slug": slug, "as_of": as_of.isoformat(),
        "label": label_of(store, iri), "types": types,
        "definitions": [v for p in DEFINITION_PROPERTIES if (v := literal_of(store, iri, p)) is not None],
        "properties": sorted(props.values(), key=lambda e: e["predicate"]["label"].lower()),
        "inbound": sorted(inbound.values(), key=lambda e: (e["predicate"]["label"], e["subject"]["label"]))[:500],
        "inbound_total": len(inbound),
        "timeline": _timeline(runtime, kind, slug, as_of, link),
        "evidence": _evidence(runtime, kind, slug, link),
        "conflicts": _conflicts(runtime, kind, slug),
        "formats": [(k, MEDIA_TYPES[k]) for k in FORMATS],
    }
    return TEMPLATES.TemplateResponse(request, "resource.html", context)


def _value(term: ox.Term, link: Callable[[ox.NamedNode], dict[str, str]]) -> dict[str, Any]:
    if isinstance(term, ox.NamedNode):
        return {"link": link(term), "graphs": []}
    if isinstance(term, ox.Literal):
        dtype = term.datatype.value if term.language is None else None
        shown = None if dtype in (None, "http://www.w3.org/2001/XMLSchema#string") else curie(dtype)
        return {"text": term.value, "lang": term.language, "datatype": shown, "graphs": []}
    return {"text": str(term), "graphs": []}


def named_rows(runtime: Runtime, name: str, params: dict[str, str]) -> list[ox.QuerySolution]:
    """The rows of the named query `name` (QueryError when a parameter is bad)."""
    return list(run(runtime.store, runtime.queries[name], params))


def _timeline(runtime: Runtime, kind: str, slug: str, as_of: dt.date,
              link: Callable[[ox.NamedNode], dict[str, str]]) -> list[dict[str, Any]]:
    if kind not in ("country", "framework"):
        return []
    rows = named_rows(runtime, "resource-participations", {"resource": f"{kind}/{slug}", "as_of": as_of.isoformat()})

    def text(row: ox.QuerySolution, var: str) -> str | None:
        value = row[var]
        return None if value is None else value.value

    out = []
    for r in rows:
        state = int(r["state"].value)
        out.append({"participation": link(r["p"]), "country": link(r["country"]), "framework": link(r["framework"]),
                    "status": r["status"].value, "from": text(r, "validFrom"), "until": text(r, "validUntil"),
                    "from_bounds": (text(r, "fe"), text(r, "fl")), "until_bounds": (text(r, "ue"), text(r, "ul")),
                    "condition": text(r, "condition"),
                    "instrument": link(r["instrument"]) if r["instrument"] is not None else None,
                    "state": {2: "certain", 1: "uncertain"}.get(state, "not held")})
    return out


def _evidence(runtime: Runtime, kind: str, slug: str,
              link: Callable[[ox.NamedNode], dict[str, str]]) -> list[dict[str, Any]]:
    groups: dict[str, dict[str, Any]] = {}
    for r in named_rows(runtime, "resource-evidence", {"resource": f"{kind}/{slug}"}):
        group = groups.setdefault(r["subject"].value, {"subject": link(r["subject"]), "items": []})
        group["items"].append({
            "evidence": link(r["evidence"]), "source": r["source"].value, "title": r["sourceTitle"].value,
            "url": r["sourceUrl"].value if r["sourceUrl"] is not None else None,
            "locator": r["locator"].value, "confidence": r["confidence"].value,
            "ref": r["ref"].value if r["ref"] is not None else None,
            "note": r["note"].value if r["note"] is not None else None,
            "source_href": href(runtime.settings.base_iri, r["source"].value)})
    return list(groups.values())


def _conflicts(runtime: Runtime, kind: str, slug: str) -> list[dict[str, Any]]:
    conflicts: dict[str, dict[str, Any]] = {}
    for r in named_rows(runtime, "resource-conflicts", {"resource": f"{kind}/{slug}"}):
        c = conflicts.setdefault(r["conflict"].value, {
            "href": href(runtime.settings.base_iri, r["conflict"].value), "label": r["label"].value,
            "description": r["description"].value, "handling": r["handling"].value, "claims": {}})
        claim = c["claims"].setdefault(r["claim"].value, {"statement": r["statement"].value, "sources": [],
                                                          "value": r["value"].value if r["value"] else None})
        claim["sources"].append(f'{r["sourceTitle"].value} ({r["locator"].value}, {r["confidence"].value})')
    return list(conflicts.values())
