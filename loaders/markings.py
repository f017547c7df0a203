"""Document markings (data/markings.yaml): CUI, NOFORN, REL TO as SKOS concepts with legal basis."""

from __future__ import annotations

from typing import Any

from rdflib import SKOS, Graph, Literal, URIRef

from kg.vocab import DCKG, ID, mint
from loaders import _emit
from loaders._fields import F, Context
from loaders._records import LineDict, Record

SPEC = (
    F("id", "slug", True), F("label", "text", True), F("notation", "text", True),
    F("definition", "text", True), F("legal_basis", "refs", kinds=("statute", "regulation", "executive-action")),
    F("evidence", "evidence", True),
)


def key(fields: LineDict) -> tuple[URIRef, str] | None:
    return (mint("marking", str(fields["id"])), str(fields.get("label", ""))) if "id" in fields else None


def emit(rec: Record, v: dict[str, Any], g: Graph, ctx: Context, recorded: str) -> URIRef:
    s = mint("marking", v["id"])
    _emit.labelled(g, s, DCKG.Marking, v["label"], v["definition"])
    _emit.text(g, s, SKOS.prefLabel, v["label"])
    g.add((s, SKOS.notation, Literal(v["notation"])))
    g.add((s, SKOS.inScheme, ID["scheme/markings"]))
    _emit.refs(g, s, DCKG.legalBasis, v.get("legal_basis"))
    _emit.evidence(g, s, v["evidence"], recorded)
    return s
