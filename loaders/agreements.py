"""Agreements (data/agreements.yaml): treaties, MOUs, arrangements and declarations with their parties."""

from __future__ import annotations

from typing import Any

from rdflib import Graph, Literal, URIRef

from kg.vocab import DCKG, mint
from loaders import _emit
from loaders._fields import F, Context
from loaders._records import LineDict, Record

SPEC = (
    F("id", "slug", True), F("label", "text", True),
    F("kind", "text", True, choices=("treaty", "mou", "arrangement", "declaration", "agreement")),
    F("parties", "refs", True, ("country",)), F("signed", "date"), F("in_force", "date"), F("ended", "date"),
    F("citation", "text"), F("definition", "text"), F("evidence", "evidence", True),
)


def key(fields: LineDict) -> tuple[URIRef, str] | None:
    return (mint("agreement", str(fields["id"])), str(fields.get("label", ""))) if "id" in fields else None


def emit(rec: Record, v: dict[str, Any], g: Graph, ctx: Context, recorded: str) -> URIRef:
    s = mint("agreement", v["id"])
    _emit.labelled(g, s, DCKG.Agreement, v["label"], v.get("definition"))
    g.add((s, DCKG.kind, Literal(v["kind"])))
    _emit.refs(g, s, DCKG.party, v["parties"])
    _emit.date(g, s, DCKG.signedOn, v.get("signed"))
    _emit.date(g, s, DCKG.inForceFrom, v.get("in_force"))
    _emit.date(g, s, DCKG.endedOn, v.get("ended"))
    _emit.text(g, s, DCKG.citation, v.get("citation"), lang=False)
    _emit.evidence(g, s, v["evidence"], recorded)
    return s
