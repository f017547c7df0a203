"""Frameworks (data/frameworks.yaml): kinds of cooperation standing, as SKOS concepts."""

from __future__ import annotations

from typing import Any

from rdflib import SKOS, Graph, Literal, URIRef

from kg.vocab import DCKG, ID, mint
from loaders import _emit
from loaders._fields import F, Context
from loaders._records import LineDict, Record

INSTRUMENTS = ("agreement", "statute", "regulation", "executive-action")
SPEC = (
    F("id", "slug", True), F("label", "text", True), F("definition", "text", True),
    F("legal_basis", "refs", kinds=INSTRUMENTS), F("administered_by", "refs", kinds=("organization",)),
    F("caveat", "text"), F("note", "text"), F("evidence", "evidence", True),
)
SCHEME = ID["scheme/frameworks"]


def key(fields: LineDict) -> tuple[URIRef, str] | None:
    return (mint("framework", str(fields["id"])), str(fields.get("label", ""))) if "id" in fields else None


def emit(rec: Record, v: dict[str, Any], g: Graph, ctx: Context, recorded: str) -> URIRef:
    s = mint("framework", v["id"])
    _emit.labelled(g, s, DCKG.Framework, v["label"], v["definition"])
    _emit.text(g, s, SKOS.prefLabel, v["label"])
    g.add((s, SKOS.inScheme, SCHEME))
    g.add((s, DCKG.slug, Literal(v["id"])))
    _emit.refs(g, s, DCKG.legalBasis, v.get("legal_basis"))
    _emit.refs(g, s, DCKG.administeredBy, v.get("administered_by"))
    _emit.text(g, s, DCKG.caveat, v.get("caveat"))
    _emit.text(g, s, SKOS.note, v.get("note"))
    _emit.evidence(g, s, v["evidence"], recorded)
    return s
