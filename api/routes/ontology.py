"""The ontology, the SHACL shapes and the last build's validation report, as HTML docs and as RDF.

``/ontology`` is where the ontology IRI (``{base_iri}ontology``) and its terms (``…ontology#Term``,
anchors on the page) dereference. The pages are generated from the graphs themselves with templates,
so they never drift from the Turtle; the RDF forms share the negotiation of `api.routes.resources`.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from fastapi import APIRouter, Query, Request
from fastapi.responses import Response
from rdflib import OWL, RDF, RDFS, SH, SKOS, Graph, URIRef
from rdflib.namespace import DCTERMS
from rdflib.term import Node

from api.deps import Runtime, RuntimeDep
from api.routes.resources import TEMPLATES, curie, href, ld_response, negotiate
from kg.export import to_rdflib
from kg.vocab import graph_iri

router = APIRouter(tags=["linked data"])
_KINDS = (("Classes", OWL.Class), ("Object properties", OWL.ObjectProperty),
          ("Datatype properties", OWL.DatatypeProperty))
_FORMAT = Query(None, description="html, ttl, jsonld, nt or rdf; overrides Accept")


def _ontology_triples(store: ox.Store) -> list[ox.Triple]:
    return sorted({q.triple for q in store.quads_for_pattern(None, None, None, ox.NamedNode(str(graph_iri("ontology"))))},
                  key=lambda t: (str(t.subject), str(t.predicate), str(t.object)))


def _file_triples(path: Path) -> list[ox.Triple]:
    if not path.is_file():
        return []
    return [q.triple for q in ox.parse(path=str(path), format=ox.RdfFormat.TURTLE)]


def _text(g: Graph, s: Node, *props: URIRef) -> str | None:
    for p in props:
        values = sorted(g.objects(s, p), key=lambda v: (getattr(v, "language", None) not in (None, "en"), str(v)))
        if values:
            return str(values[0])
    return None


def _term(g: Graph, base: str, t: Node) -> dict[str, str]:
    iri = str(t)
    return {"iri": iri, "label": _text(g, t, RDFS.label, SKOS.prefLabel) or curie(iri), "href": href(base, iri),
            "anchor": iri.rpartition("#")[2] if "#" in iri else ""}


def ontology_context(triples: Iterable[ox.Triple], base: str) -> dict[str, Any]:
    """What the ontology page shows: metadata and every class and property with its axioms."""
    g = to_rdflib(triples)
    onto = next(g.subjects(RDF.type, OWL.Ontology), None)
    sections = []
    for title, cls in _KINDS:
        terms = []
        for s in sorted(set(g.subjects(RDF.type, cls)), key=str):
            entry = _term(g, base, s)
            entry["definition"] = _text(g, s, SKOS.definition, RDFS.comment)
            entry["axioms"] = [(name, [_term(g, base, o) for o in sorted(g.objects(s, p), key=str)])
                               for name, p in (("subclass of", RDFS.subClassOf), ("disjoint with", OWL.disjointWith),
                                               ("subproperty of", RDFS.subPropertyOf), ("inverse of", OWL.inverseOf),
                                               ("domain", RDFS.domain), ("range", RDFS.range))
                               if any(True for _ in g.objects(s, p))]
            entry["functional"] = (s, RDF.type, OWL.FunctionalProperty) in g
            terms.append(entry)
        sections.append({"title": title, "terms": terms})
    schemes = [{"scheme": _term(g, base, s), "definition": _text(g, s, SKOS.definition),
                "members": [_term(g, base, m) for m in sorted(g.subjects(SKOS.inScheme, s), key=str)]}
               for s in sorted(g.subjects(RDF.type, SKOS.ConceptScheme), key=str)]
    meta = {}
    if onto is not None:
        meta = {"iri": str(onto), "title": _text(g, onto, DCTERMS.title, RDFS.label),
                "definition": _text(g, onto, SKOS.definition), "description": _text(g, onto, DCTERMS.description),
                "version": _text(g, onto, OWL.versionInfo), "license": _text(g, onto, DCTERMS.license)}
    return {"meta": meta, "sections": sections, "schemes": schemes}


def shapes_context(triples: Iterable[ox.Triple], base: str) -> dict[str, Any]:
    """Every node shape with its target class and property constraints."""
    g = to_rdflib(triples)
    shapes = []
    for s in sorted(set(g.subjects(RDF.type, SH.NodeShape)), key=str):
        props = []
        for ps in g.objects(s, SH.property):
            constraints = [(curie(str(p)), curie(str(o)) if isinstance(o, URIRef) else str(o))
                           for p, o in sorted(g.predicate_objects(ps)) if p not in (SH.path, SH.message)]
            path = g.value(ps, SH.path)
            props.append({"path": _term(g, base, path) if isinstance(path, URIRef) else {"label": str(path)},
                          "constraints": constraints, "message": _text(g, ps, SH.message)})
        props.sort(key=lambda p: p["path"]["label"])
        shapes.append({**_term(g, base, s), "targets": [_term(g, base, t) for t in g.objects(s, SH.targetClass)],
                       "properties": props})
    return {"shapes": shapes}


def validation_context(triples: Iterable[ox.Triple], base: str) -> dict[str, Any]:
    """The conformance flag and results of the last build's SHACL report."""
    g = to_rdflib(triples)
    conforms = [bool(c.toPython()) for c in g.objects(None, SH.conforms)]
    results = [{"focus": str(g.value(r, SH.focusNode)), "path": curie(str(g.value(r, SH.resultPath) or "")),
                "message": str(g.value(r, SH.resultMessage) or ""), "severity": curie(str(g.value(r, SH.resultSeverity)))}
               for r in g.subjects(RDF.type, SH.ValidationResult)]
    return {"conforms": all(conforms) if conforms else None, "results": results}


def _page(request: Request, runtime: Runtime, format: str | None, triples: list[ox.Triple], template: str,
          build: Any) -> Response:
    key = negotiate(request, format)
    base = runtime.settings.base_iri
    return ld_response(request, runtime, key, lambda: triples,
                       lambda: TEMPLATES.TemplateResponse(request, template,
                                                          {**build(triples, base), "build": runtime.build.meta}))


@router.get("/ontology", response_model=None)
def ontology(request: Request, runtime: RuntimeDep, format: str | None = _FORMAT) -> Response:
    """The dckg ontology: documentation page, or the ontology graph as RDF."""
    return _page(request, runtime, format, _ontology_triples(runtime.store), "ontology.html", ontology_context)


@router.get("/shapes", response_model=None)
def shapes(request: Request, runtime: RuntimeDep, format: str | None = _FORMAT) -> Response:
    """The SHACL shapes every build is validated against: documentation page, or RDF."""
    triples = _file_triples(runtime.settings.ontology_dir / "shapes.ttl")
    return _page(request, runtime, format, triples, "shapes.html", shapes_context)


@router.get("/validation", response_model=None)
def validation(request: Request, runtime: RuntimeDep, format: str | None = _FORMAT) -> Response:
    """The SHACL validation report of the build being served: page, or RDF."""
    triples = _file_triples(runtime.build.path / "validation.ttl")
    return _page(request, runtime, format, triples, "validation.html", validation_context)
