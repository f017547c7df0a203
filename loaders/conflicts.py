"""Source conflicts (data/conflicts.yaml): where sources disagree, each claim with its evidence."""

from __future__ import annotations

from typing import Any

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS

from kg.vocab import DCKG, KINDS, mint
from loaders import _emit
from loaders._fields import F, Context
from loaders._records import LineDict, Record

SPEC = (
    F("id", "slug", True), F("label", "text", True), F("description", "text", True),
    F("concerns", "refs", True, KINDS), F("handling", "text", True), F("claims", "claims", True),
)


def key(fields: LineDict) -> tuple[URIRef, str] | None:
    return (mint("conflict", str(fields["id"])), str(fields.get("label", ""))) if "id" in fields else None


def emit(rec: Record, v: dict[str, Any], g: Graph, ctx: Context, recorded: str) -> URIRef:
    s = mint("conflict", v["id"])
    _emit.labelled(g, s, DCKG.SourceConflict, v["label"])
    _emit.text(g, s, DCTERMS.description, v["description"])
    _emit.refs(g, s, DCKG.concerns, v["concerns"])
    _emit.text(g, s, DCKG.handling, v["handling"])
    for i, claim in enumerate(v["claims"], start=1):
        c = mint("claim", f"{v['id']}-{i}")
        g.add((s, DCKG.hasClaim, c))
        _emit.labelled(g, c, DCKG.Claim, f"{v['label']}: claim {i}")
        _emit.text(g, c, DCKG.statement, claim["statement"])
        if claim.get("value"):
            g.add((c, DCKG.claimedValue, Literal(claim["value"])))
        _emit.evidence(g, c, claim["evidence"], recorded)
    return s
