"""Source documents (data/sources.yaml): the registry every evidence item cites."""

from __future__ import annotations

from typing import Any

from rdflib import SKOS, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, SDO

from kg.vocab import DCKG, mint
from loaders import _emit
from loaders._fields import F, Context
from loaders._records import LineDict, Record

KINDS = ("report", "statute", "regulation", "federal-register", "congressional-research", "gao",
         "government-web", "press", "secondary")
SPEC = (
    F("id", "slug", True), F("title", "text", True), F("publisher", "text", True),
    F("kind", "text", True, choices=KINDS), F("date", "date"), F("url", "url"), F("authors", "texts"),
    F("note", "text"),
)


def key(fields: LineDict) -> tuple[URIRef, str] | None:
    return (mint("source", str(fields["id"])), str(fields.get("title", ""))) if "id" in fields else None


def emit(rec: Record, v: dict[str, Any], g: Graph, ctx: Context, recorded: str) -> URIRef:
    s = mint("source", v["id"])
    _emit.labelled(g, s, DCKG.SourceDocument, v["title"])
    _emit.text(g, s, DCTERMS.title, v["title"])
    g.add((s, DCTERMS.publisher, Literal(v["publisher"])))
    g.add((s, DCKG.kind, Literal(v["kind"])))
    _emit.date(g, s, DCTERMS.issued, v.get("date"))
    if v.get("url"):
        g.add((s, SDO.url, URIRef(v["url"])))
    for name in v.get("authors", []):
        g.add((s, DCTERMS.creator, Literal(name)))
    _emit.text(g, s, SKOS.note, v.get("note"))
    return s
