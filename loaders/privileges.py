"""Privileges (data/privileges.yaml): what a framework grants and which rule or process it relaxes."""

from __future__ import annotations

from typing import Any

from rdflib import Graph, URIRef

from kg.vocab import DCKG, mint
from loaders import _emit
from loaders._fields import F, Context
from loaders._records import LineDict, Record

RELAXABLE = ("statute", "regulation", "executive-action", "process", "control-list", "agreement")
SPEC = (
    F("id", "slug", True), F("label", "text", True), F("definition", "text", True),
    F("granted_by", "ref", True, ("framework",)), F("relaxes", "refs", kinds=RELAXABLE),
    F("evidence", "evidence", True),
)


def key(fields: LineDict) -> tuple[URIRef, str] | None:
    return (mint("privilege", str(fields["id"])), str(fields.get("label", ""))) if "id" in fields else None


def emit(rec: Record, v: dict[str, Any], g: Graph, ctx: Context, recorded: str) -> URIRef:
    s = mint("privilege", v["id"])
    _emit.labelled(g, s, DCKG.Privilege, v["label"], v["definition"])
    _emit.refs(g, s, DCKG.grantedBy, v["granted_by"])
    _emit.refs(g, s, DCKG.relaxes, v.get("relaxes"))
    _emit.evidence(g, s, v["evidence"], recorded)
    return s
