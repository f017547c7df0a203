"""Dumps of the served build and its VoID/DCAT description.

The files are written once per build into ``<build dir>/dumps`` (`kg.export.cached_dumps`) and served
from there: ``/dumps/`` lists them with sizes, triple counts and SHA-256 checksums; ``/dumps/{name}``
serves one (gzip files as ``application/gzip``, never re-encoded, so the checksum holds);
``/.well-known/void`` and ``/dataset`` give the description in any RDF format (``/dataset`` also as HTML).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pyoxigraph as ox
from fastapi import APIRouter, Query, Request
from fastapi.responses import FileResponse, JSONResponse, PlainTextResponse, Response

from api.deps import Runtime, RuntimeDep
from api.errors import ApiError
from api.routes.resources import CORS, TEMPLATES, ld_response, negotiate, not_modified
from kg.export import CHECKSUMS, DESCRIPTION, DUMP_NAMES, cached_dumps

router = APIRouter(tags=["dumps"])
VOID_NS = "http://rdfs.org/ns/void#"
_MEDIA = {"dckg.trig.gz": "application/gzip", "dckg.nq.gz": "application/gzip", "dckg.ttl": "text/turtle",
          "dckg.jsonld": "application/ld+json", DESCRIPTION: "text/turtle", CHECKSUMS: "text/plain"}
_CONTENT = {"dckg.trig.gz": "TriG (named graphs with provenance), gzipped",
            "dckg.nq.gz": "N-Quads (named graphs with provenance), gzipped",
            "dckg.ttl": "Turtle, union of all graphs", "dckg.jsonld": "JSON-LD, union of all graphs",
            DESCRIPTION: "VoID + DCAT description"}


def _dir(runtime: Runtime) -> Path:
    return cached_dumps(runtime.store, runtime.build, runtime.settings.base_iri)


def _sums(folder: Path) -> dict[str, str]:
    pairs = (line.split("  ", 1) for line in (folder / CHECKSUMS).read_text(encoding="utf-8").splitlines() if line)
    return {name: digest for digest, name in pairs}


def _description(folder: Path) -> list[ox.Triple]:
    return [q.triple for q in ox.parse(path=str(folder / DESCRIPTION), format=ox.RdfFormat.TURTLE)]


def _counts(triples: list[ox.Triple], base_iri: str) -> tuple[int, int]:
    """(distinct triples of the union graph, quads over all named graphs) from the description."""
    ds = ox.NamedNode(base_iri + "dataset")
    subsets = {t.object for t in triples if t.subject == ds and t.predicate.value == VOID_NS + "subset"}
    union = next((int(t.object.value) for t in triples
                  if t.subject == ds and t.predicate.value == VOID_NS + "triples"), 0)
    quads = sum(int(t.object.value) for t in triples if t.subject in subsets and t.predicate.value == VOID_NS + "triples")
    return union, quads


def listing(runtime: Runtime) -> dict[str, Any]:
    """The dump files with size, SHA-256, media type and triple count."""
    folder = _dir(runtime)
    sums = _sums(folder)
    union, quads = _counts(_description(folder), runtime.settings.base_iri)
    files = [{"name": name, "href": f"/dumps/{name}", "bytes": (folder / name).stat().st_size, "sha256": sums[name],
              "media_type": _MEDIA[name], "content": _CONTENT[name],
              "statements": quads if name.endswith(".gz") else union if name in DUMP_NAMES else None}
             for name in (*DUMP_NAMES, DESCRIPTION)]
    return {"build_id": runtime.build.build_id, "built_at": runtime.build.meta.get("built_at"),
            "triples": union, "quads": quads, "files": files, "checksums": f"/dumps/{CHECKSUMS}"}


@router.get("/dumps/", response_model=None)
def dumps(request: Request, runtime: RuntimeDep,
          format: str | None = Query(None, description="html or json")) -> Response:
    """The list of dump files (HTML, or JSON with ?format=json or Accept: application/json)."""
    data = listing(runtime)
    wants_json = format == "json" or (format is None and "application/json" in request.headers.get("accept", ""))
    if wants_json:
        return JSONResponse(data, headers=CORS)
    return TEMPLATES.TemplateResponse(request, "dumps.html", data, headers=CORS)


@router.get("/dumps/{name}", response_model=None)
def dump_file(request: Request, runtime: RuntimeDep, name: str) -> Response:
    """One dump file, its description, or the SHA256SUMS list."""
    if name not in _MEDIA:
        raise ApiError(404, "no such dump", {"name": name, "files": sorted(_MEDIA)})
    folder = _dir(runtime)
    if name == CHECKSUMS:
        return PlainTextResponse((folder / CHECKSUMS).read_text(encoding="utf-8"), headers=CORS)
    etag = f'"{_sums(folder)[name]}"'
    headers = {**CORS, "ETag": etag, "Cache-Control": "public, max-age=3600"}
    if not_modified(request, etag):
        return Response(status_code=304, headers=headers)
    return FileResponse(folder / name, media_type=_MEDIA[name], filename=name, headers=headers)


@router.get("/.well-known/void", response_model=None)
def well_known_void(request: Request, runtime: RuntimeDep,
                    format: str | None = Query(None, description="ttl, jsonld, nt or rdf")) -> Response:
    """The VoID + DCAT description of the dataset (RDF only)."""
    key = negotiate(request, format, rdf_only=True)
    triples = _description(_dir(runtime))
    return ld_response(request, runtime, key, lambda: triples)


@router.get("/dataset", response_model=None)
def dataset(request: Request, runtime: RuntimeDep,
            format: str | None = Query(None, description="html, ttl, jsonld, nt or rdf")) -> Response:
    """The dataset: its VoID + DCAT description as RDF, or a page with its figures and dumps."""
    key = negotiate(request, format)
    triples = _description(_dir(runtime))
    return ld_response(request, runtime, key, lambda: triples,
                       lambda: TEMPLATES.TemplateResponse(request, "dumps.html", listing(runtime)))
