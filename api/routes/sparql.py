"""The SPARQL 1.1 Protocol endpoint at /sparql, its service description and the YASGUI editor.

Queries run in the worker pool (`api.workers`): a real wall-clock timeout, a row cap and a body cap
apply; updates and SERVICE calls outside `settings.service_allowlist` are refused (403). The default
graph is the union of all named graphs (source graphs and derived graphs), unless the request
(``default-graph-uri`` / ``named-graph-uri``) or the query (FROM / FROM NAMED) names a dataset.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import re
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated
from urllib.parse import parse_qs

import anyio
import jinja2
import pyoxigraph as ox
from fastapi import APIRouter, Depends, FastAPI, Query, Request
from fastapi.responses import HTMLResponse, Response
from fastapi.staticfiles import StaticFiles

from api import negotiation as neg
from api.deps import RuntimeDep
from api.errors import ApiError
from api.sparql_guard import Refused, check
from api.workers import Job, NotAcceptable, PoolBusy, QueryTimeout, WorkerFailed, WorkerPool
from kg.queries import NamedQuery, Param
from kg.vocab import ID, PREFIXES

log = logging.getLogger("dckg.sparql")
API_DIR = Path(__file__).resolve().parent.parent
SD = "http://www.w3.org/ns/sparql-service-description#"
FORMATS_NS = "http://www.w3.org/ns/formats/"
SD_FORMATS = ("SPARQL_Results_JSON", "SPARQL_Results_XML", "SPARQL_Results_CSV", "SPARQL_Results_TSV", "Turtle",
              "N-Triples", "JSON-LD", "RDF_XML", "TriG", "N-Quads")
FORM = "application/x-www-form-urlencoded"


@asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    """Start the worker pool over the served build, count the graphs, mount /static if nobody has."""
    runtime = app.state.runtime
    path = str(runtime.build.path / "oxigraph")
    pool = await anyio.to_thread.run_sync(lambda: WorkerPool(path, runtime.settings.sparql_workers))
    app.state.sparql_pool = pool
    app.state.sparql_graphs = _graph_sizes(runtime.store)
    if not any(getattr(r, "path", None) == "/static" for r in app.router.routes):
        app.mount("/static", StaticFiles(directory=API_DIR / "static"), name="static")
    try:
        yield
    finally:
        pool.close()


router = APIRouter(tags=["sparql"], lifespan=lifespan)
_templates = jinja2.Environment(loader=jinja2.FileSystemLoader(API_DIR / "templates"), autoescape=True)


def _graph_sizes(store: ox.Store) -> list[tuple[str, int]]:
    return sorted((g.value, sum(1 for _ in store.quads_for_pattern(None, None, None, g)))
                  for g in store.named_graphs() if isinstance(g, ox.NamedNode))


@dataclass(frozen=True)
class SparqlRequest:
    """A protocol request, however it arrived."""

    query: str | None
    default_graphs: tuple[str, ...] | None
    named_graphs: tuple[str, ...] | None
    fmt: str | None


async def _read_body(request: Request, cap: int) -> bytes:
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > cap:
        raise ApiError(413, "request body too large", f"the body exceeds max_body_bytes = {cap} bytes")
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > cap:
            raise ApiError(413, "request body too large", f"the body exceeds max_body_bytes = {cap} bytes")
        chunks.append(chunk)
    return b"".join(chunks)


def _one(values: list[str] | None, name: str) -> str | None:
    if not values:
        return None
    if len(values) > 1:
        raise ApiError(400, "bad request", f"give {name} once")
    return values[0]


async def post_input(request: Request, runtime: RuntimeDep) -> SparqlRequest:
    """Read a POSTed protocol request: form-encoded or application/sparql-query (decoded once)."""
    ctype = request.headers.get("content-type", "").split(";")[0].strip().lower()
    url_params = {k: request.query_params.getlist(k) for k in request.query_params.keys()}
    if ctype == "application/sparql-update":
        raise ApiError(403, "forbidden", "this endpoint is read-only: SPARQL Update is not accepted")
    if ctype not in (FORM, "application/sparql-query"):
        raise ApiError(415, "unsupported media type",
                       f"POST {FORM} (query=…) or application/sparql-query, not {ctype or 'no content type'}")
    body = await _read_body(request, runtime.settings.max_body_bytes)
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        raise ApiError(400, "bad request", "the body is not UTF-8") from None
    if ctype == FORM:
        fields = {**url_params, **parse_qs(text, keep_blank_values=True)}
        if "update" in fields:
            raise ApiError(403, "forbidden", "this endpoint is read-only: SPARQL Update is not accepted")
        query = _one(fields.get("query"), "query")
    else:
        fields, query = url_params, text
    return SparqlRequest(query, _graphs(fields.get("default-graph-uri")), _graphs(fields.get("named-graph-uri")),
                         _one(fields.get("format"), "format"))


def _graphs(values: list[str] | None) -> tuple[str, ...] | None:
    for v in values or ():
        try:
            ox.NamedNode(v)
        except ValueError as exc:
            raise ApiError(400, "bad request", f"graph IRI {v!r}: {exc}") from None
    return tuple(values) if values else None


def _answer(req: SparqlRequest, request: Request, runtime: RuntimeDep) -> Response:
    """Run a protocol request in the pool and answer it."""
    accept = request.headers.get("accept")
    if req.query is None or not req.query.strip():
        raise ApiError(400, "bad request", "give a query (query=… or a application/sparql-query body)")
    if "update" in request.query_params:
        raise ApiError(403, "forbidden", "this endpoint is read-only: SPARQL Update is not accepted")
    try:
        checked = check(req.query, runtime.settings.service_allowlist)
    except Refused as exc:
        raise ApiError(403, "forbidden", exc.reason) from None
    results = neg.choose(accept, neg.RESULTS, req.fmt)
    graph = neg.choose(accept, neg.GRAPHS, req.fmt)
    if results is None and graph is None:
        raise _not_acceptable(accept, req.fmt)
    job = Job(req.query, results, graph, union=not checked.has_dataset_clause, default_graphs=req.default_graphs,
              named_graphs=req.named_graphs, max_rows=runtime.settings.max_rows)
    pool: WorkerPool = request.app.state.sparql_pool
    limit = runtime.settings.query_timeout
    try:
        answer = pool.run(job, limit)
    except SyntaxError as exc:
        raise ApiError(400, "syntax error", str(exc)) from None
    except ValueError as exc:
        raise ApiError(400, "bad request", str(exc)) from None
    except NotAcceptable as exc:
        raise _not_acceptable(accept, req.fmt, str(exc)) from None
    except QueryTimeout as exc:
        raise ApiError(503, "query timeout", {"limit": exc.setting, "seconds": exc.limit, "message": str(exc)},
                       {"Retry-After": "1"}) from None
    except PoolBusy as exc:
        raise ApiError(503, "server busy", {"limit": "query_timeout", "seconds": limit, "message": str(exc)},
                       {"Retry-After": "1"}) from None
    except WorkerFailed:
        log.exception("SPARQL worker failed")
        raise ApiError(500, "internal error", "the query could not be answered") from None
    headers = {"Vary": "Accept"}
    if answer.truncated:
        headers["X-Dckg-Truncated"] = f"max_rows={runtime.settings.max_rows}"
    media = answer.media_type + ("; charset=utf-8" if answer.media_type.startswith("text/") else "")
    return Response(answer.body, media_type=media, headers=headers)


def _not_acceptable(accept: str | None, fmt: str | None, form: str | None = None) -> ApiError:
    offers = list(neg.GRAPHS if form == "graph" else neg.RESULTS if form == "results" else neg.RESULTS + neg.GRAPHS)
    asked = f"format={fmt}" if fmt else f"Accept: {accept}"
    return ApiError(406, "not acceptable", {"asked": asked, "available": offers})


GraphsQuery = Annotated[list[str] | None, Query(alias="default-graph-uri", description="IRI of a graph to use as the "
                        "default graph (repeatable); by default it is the union of all named graphs")]
NamedQuery_ = Annotated[list[str] | None, Query(alias="named-graph-uri", description="IRI of a named graph the query "
                        "may use in GRAPH (repeatable); by default all")]
POST_BODY = {"requestBody": {"required": True, "content": {
    FORM: {"schema": {"type": "object", "required": ["query"], "properties": {
        "query": {"type": "string"}, "default-graph-uri": {"type": "array", "items": {"type": "string"}},
        "named-graph-uri": {"type": "array", "items": {"type": "string"}}, "format": {"type": "string"}}}},
    "application/sparql-query": {"schema": {"type": "string"}, "example": "SELECT * WHERE { ?s ?p ?o } LIMIT 10"}}}}
RESPONSES = {
    200: {"description": "Results (SELECT/ASK) or a graph (CONSTRUCT/DESCRIBE), by Accept or format=",
          "content": {m: {} for m in neg.RESULTS + neg.GRAPHS + ("text/html",)}},
    400: {"description": "Syntax error (with the parser's message) or a bad request"},
    403: {"description": "Update or SERVICE refused"}, 406: {"description": "No acceptable format"},
    413: {"description": "Body larger than max_body_bytes"},
    503: {"description": "Query stopped at query_timeout, or all workers busy"},
}


@router.get("/sparql", responses=RESPONSES, summary="SPARQL 1.1 query (GET), service description or query editor")
def sparql_get(request: Request, runtime: RuntimeDep,
               query: Annotated[str | None, Query(description="SPARQL query text; without it: the service "
                                                  "description (RDF Accept) or the query editor (browser)")] = None,
               default_graph_uri: GraphsQuery = None, named_graph_uri: NamedQuery_ = None,
               format: Annotated[str | None, Query(description="json, xml, csv, tsv, turtle, ntriples, jsonld, "
                                                   "rdfxml, trig, nquads (overrides Accept)")] = None) -> Response:
    if query is None:
        return _no_query(request, runtime, format)
    return _answer(SparqlRequest(query, _graphs(default_graph_uri), _graphs(named_graph_uri), format), request, runtime)


@router.post("/sparql", responses=RESPONSES, openapi_extra=POST_BODY, summary="SPARQL 1.1 query (POST)")
def sparql_post(request: Request, runtime: RuntimeDep, req: Annotated[SparqlRequest, Depends(post_input)]) -> Response:
    return _answer(req, request, runtime)


def _no_query(request: Request, runtime: RuntimeDep, fmt: str | None) -> Response:
    accept = request.headers.get("accept")
    if not fmt and neg.prefers_html(accept):
        return HTMLResponse(editor_page(runtime.queries))
    media = neg.choose(accept, neg.GRAPHS, fmt)
    if media is None:
        raise _not_acceptable(accept, fmt, "graph")
    body = ox.serialize(_service_description(str(request.url_for("sparql_get")), request.app.state.sparql_graphs,
                                             runtime.settings.service_allowlist),
                        format=neg.GRAPHS_OX[media])
    return Response(body, media_type=media, headers={"Vary": "Accept"})


def _service_description(endpoint: str, graphs: list[tuple[str, int]], allowlist: list[str]) -> list[ox.Quad]:
    sd = lambda name: ox.NamedNode(SD + name)  # noqa: E731
    rdf_type = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
    comment = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#comment")
    triples_p = ox.NamedNode("http://rdfs.org/ns/void#triples")
    service, dataset, default = ox.BlankNode("service"), ox.BlankNode("dataset"), ox.BlankNode("default")
    q = [(service, rdf_type, sd("Service")), (service, sd("endpoint"), ox.NamedNode(endpoint)),
         (service, sd("supportedLanguage"), sd("SPARQL11Query")), (service, sd("feature"), sd("UnionDefaultGraph")),
         (service, sd("defaultDataset"), dataset), (dataset, rdf_type, sd("Dataset")),
         (dataset, sd("defaultGraph"), default), (default, rdf_type, sd("Graph")),
         (default, comment, ox.Literal("The default graph is the union of all named graphs: the source graphs "
                                       "(one per curated file) and the derived graphs (one per inference rule).")),
         (default, triples_p, ox.Literal(str(sum(n for _, n in graphs)),
                                         datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer"))),
         (service, comment, ox.Literal("Read-only. Updates are refused; SERVICE only to allow-listed endpoints; each "
                                       "query has a wall-clock timeout (query_timeout) and a row cap (max_rows)."))]
    if allowlist:
        q.append((service, sd("feature"), sd("BasicFederatedQuery")))
    q += [(service, sd("resultFormat"), ox.NamedNode(FORMATS_NS + f)) for f in SD_FORMATS]
    for i, (name, size) in enumerate(graphs):
        node, g = ox.BlankNode(f"ng{i}"), ox.BlankNode(f"g{i}")
        q += [(dataset, sd("namedGraph"), node), (node, rdf_type, sd("NamedGraph")), (node, sd("name"), ox.NamedNode(name)),
              (node, sd("graph"), g), (g, rdf_type, sd("Graph")),
              (g, triples_p, ox.Literal(str(size), datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")))]
    return [ox.Quad(s, p, o, ox.DefaultGraph()) for s, p, o in q]


def editor_page(queries: dict[str, NamedQuery]) -> str:
    """The YASGUI page: local assets, dckg prefixes, one tab per named question (example values inlined)."""
    tabs = []
    for name, q in sorted(queries.items()):
        note = "".join(f"\n#   {p.name} ({p.type}) = {p.example or p.default}" for p in q.params)
        header = f"# {q.title}\n# GET /api/queries/{name} binds the parameters safely." + (
            f"\n# Parameters inlined here with their example values:{note}" if note else "")
        tabs.append({"name": q.title, "id": name, "query": header + "\n" + inline_example(q).strip()})
    data = json.dumps({"endpoint": "/sparql", "prefixes": PREFIXES, "tabs": tabs}).replace("<", "\\u003c")
    return _templates.get_template("sparql.html").render(config=data)


def _constant(p: Param, value: str) -> str:
    """SPARQL text of a trusted example value (from a query file header, never from a request)."""
    if p.type in ("framework", "country", "resource"):
        return f"<{term_for_text(p, value)}>"
    if p.type == "date":
        day = dt.date.today().isoformat() if value == "today" else value
        return f'"{day}"^^<http://www.w3.org/2001/XMLSchema#date>'
    if p.type == "integer":
        return str(int(value))
    return json.dumps(value)


def term_for_text(p: Param, value: str) -> str:
    if p.type == "framework":
        return f"{ID}framework/{value}"
    if p.type == "country":
        return f"{ID}country/{value.upper()}"
    return value if value.startswith(str(ID)) else f"{ID}{value}"


def inline_example(query: NamedQuery) -> str:
    """The query text with each parameter replaced by its example (or default) value, for the editor and
    the benchmark: parameter variables are dropped from projections and GROUP BY lists, then replaced."""
    text = query.text
    for p in query.params:
        value = p.example or p.default
        if value is None:
            continue
        var = re.compile(r"[?$]" + re.escape(p.name) + r"(?![A-Za-z0-9_])")
        def drop(m: re.Match[str], var: re.Pattern[str] = var) -> str:
            rest = var.sub("", m.group(2))
            return (m.group(1) + rest if rest.strip() else "") + m.group(3)
        text = re.sub(r"(SELECT\s+(?:DISTINCT\s+|REDUCED\s+)?)(.*?)(\s*WHERE)", drop, text, flags=re.S | re.I)
        text = re.sub(r"(GROUP\s+BY\s+)(.*?)(\s*(?:\}|ORDER|HAVING|LIMIT|OFFSET|$))", drop, text, flags=re.S | re.I)
        text = var.sub(lambda _m, c=_constant(p, value): c, text)
    return text
