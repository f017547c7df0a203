"""Organizations (data/organizations.yaml): agencies, alliances and groups."""

from __future__ import annotations

from typing import Any

from rdflib import SKOS, Graph, URIRef
from rdflib.namespace import SDO

from kg.vocab import DCKG, mint
from loaders import _emit
from loaders._fields import F, Context
from loaders._records import LineDict, Record

SPEC = (
    F("id", "slug", True), F("label", "text", True), F("definition", "text", True),
    F("abbreviation", "text"), F("parent", "ref", kinds=("organization",)), F("url", "url"),
    F("members", "refs", kinds=("country",)), F("evidence", "evidence", True),
)


def key(fields: LineDict) -> tuple[URIRef, str] | None:
    return (mint("organization", str(fields["id"])), str(fields.get("label", ""))) if "id" in fields else None


def emit(rec: Record, v: dict[str, Any], g: Graph, ctx: Context, recorded: str) -> URIRef:
    s = mint("organization", v["id"])
    _emit.labelled(g, s, DCKG.Organization, v["label"], v["definition"])
    _emit.text(g, s, SKOS.altLabel, v.get("abbreviation"))
    _emit.refs(g, s, SDO.parentOrganization, v.get("parent"))
    _emit.refs(g, s, DCKG.member, v.get("members"))
    if v.get("url"):
        g.add((s, SDO.url, URIRef(v["url"])))
    _emit.evidence(g, s, v["evidence"], recorded)
    return s
