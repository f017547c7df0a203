"""Programs (data/programs.yaml): FCT, DEF, MOSA, DIANA, NDPP."""

from __future__ import annotations

from typing import Any

from rdflib import Graph, URIRef

from kg.vocab import DCKG, KINDS, mint
from loaders import _emit
from loaders._fields import F, Context
from loaders._records import LineDict, Record

SPEC = (
    F("id", "slug", True), F("label", "text", True), F("definition", "text", True),
    F("administered_by", "refs", kinds=("organization",)), F("concerns", "refs", kinds=KINDS),
    F("evidence", "evidence", True),
)


def key(fields: LineDict) -> tuple[URIRef, str] | None:
    return (mint("program", str(fields["id"])), str(fields.get("label", ""))) if "id" in fields else None


def emit(rec: Record, v: dict[str, Any], g: Graph, ctx: Context, recorded: str) -> URIRef:
    s = mint("program", v["id"])
    _emit.labelled(g, s, DCKG.Program, v["label"], v["definition"])
    _emit.refs(g, s, DCKG.administeredBy, v.get("administered_by"))
    _emit.refs(g, s, DCKG.concerns, v.get("concerns"))
    _emit.evidence(g, s, v["evidence"], recorded)
    return s
