"""Processes and control lists (data/processes.yaml): FMS, DCS, EDA, TSFD, notification; USML, CCL."""

from __future__ import annotations

from typing import Any

from rdflib import Graph, URIRef

from kg.vocab import DCKG, mint
from loaders import _emit
from loaders._fields import F, Context
from loaders._records import LineDict, Record

CLASSES = {"process": DCKG.Process, "control-list": DCKG.ControlList}
LEGAL = ("statute", "regulation", "executive-action")
SPEC = (
    F("id", "slug", True), F("class", "text", True, choices=tuple(CLASSES)), F("label", "text", True),
    F("definition", "text", True), F("governed_by", "refs", kinds=LEGAL), F("established_by", "refs", kinds=LEGAL),
    F("administered_by", "refs", kinds=("organization",)), F("evidence", "evidence", True),
)


def key(fields: LineDict) -> tuple[URIRef, str] | None:
    if "id" not in fields or str(fields.get("class")) not in CLASSES:
        return None
    return mint(str(fields["class"]), str(fields["id"])), str(fields.get("label", ""))


def emit(rec: Record, v: dict[str, Any], g: Graph, ctx: Context, recorded: str) -> URIRef:
    s = mint(v["class"], v["id"])
    _emit.labelled(g, s, CLASSES[v["class"]], v["label"], v["definition"])
    _emit.refs(g, s, DCKG.governedBy, v.get("governed_by"))
    _emit.refs(g, s, DCKG.establishedBy, v.get("established_by"))
    _emit.refs(g, s, DCKG.administeredBy, v.get("administered_by"))
    _emit.evidence(g, s, v["evidence"], recorded)
    return s
