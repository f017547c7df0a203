"""Statutes, regulations and executive actions (data/legal.yaml), section-level where cited."""

from __future__ import annotations

from typing import Any

from rdflib import XSD, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, SDO

from kg.vocab import DCKG, mint
from loaders import _emit
from loaders._fields import F, Context
from loaders._records import LineDict, Record

CLASSES = {"statute": DCKG.Statute, "regulation": DCKG.Regulation, "executive-action": DCKG.ExecutiveAction}
SPEC = (
    F("id", "slug", True), F("class", "text", True, choices=tuple(CLASSES)), F("label", "text", True),
    F("citation", "text"), F("part_of", "ref", kinds=tuple(CLASSES)), F("enacted", "date"),
    F("in_force", "date"), F("sunset", "date"), F("reauthorization_established", "bool"),
    F("administered_by", "refs", kinds=("organization",)), F("definition", "text"), F("url", "url"),
    F("caveat", "text"), F("evidence", "evidence", True),
)


def key(fields: LineDict) -> tuple[URIRef, str] | None:
    if "id" not in fields or str(fields.get("class")) not in CLASSES:
        return None
    return mint(str(fields["class"]), str(fields["id"])), str(fields.get("label", ""))


def emit(rec: Record, v: dict[str, Any], g: Graph, ctx: Context, recorded: str) -> URIRef | None:
    s = mint(v["class"], v["id"])
    _emit.labelled(g, s, CLASSES[v["class"]], v["label"], v.get("definition"))
    _emit.text(g, s, DCKG.citation, v.get("citation"), lang=False)
    _emit.refs(g, s, DCTERMS.isPartOf, v.get("part_of"))
    _emit.date(g, s, DCKG.enactedOn, v.get("enacted"))
    _emit.date(g, s, DCKG.inForceFrom, v.get("in_force"))
    if v.get("sunset") is not None:
        if v["sunset"].precision != "day":
            ctx.problem(rec, "sunset", "a sunset must be a full date YYYY-MM-DD")
            return None
        g.add((s, DCKG.sunsetDate, Literal(str(v["sunset"]), datatype=XSD.date)))
    if "reauthorization_established" in v:
        g.add((s, DCKG.reauthorizationEstablished, Literal(v["reauthorization_established"])))
    _emit.refs(g, s, DCKG.administeredBy, v.get("administered_by"))
    if v.get("url"):
        g.add((s, SDO.url, URIRef(v["url"])))
    _emit.text(g, s, DCKG.caveat, v.get("caveat"))
    _emit.evidence(g, s, v["evidence"], recorded)
    return s
