"""Survey findings and recommendations of the CSIS report (data/report.yaml)."""

from __future__ import annotations

from typing import Any

from rdflib import Graph, Literal, URIRef

from kg.vocab import DCKG, KINDS, mint
from loaders import _emit
from loaders._fields import F, Context
from loaders._records import LineDict, Record

CLASSES = {"finding": DCKG.SurveyFinding, "recommendation": DCKG.Recommendation}
SPEC = (
    F("id", "slug", True), F("class", "text", True, choices=tuple(CLASSES)), F("label", "text", True),
    F("statement", "text", True), F("ordinal", "int"), F("concerns", "refs", kinds=KINDS),
    F("evidence", "evidence", True),
)


def key(fields: LineDict) -> tuple[URIRef, str] | None:
    if "id" not in fields or str(fields.get("class")) not in CLASSES:
        return None
    return mint(str(fields["class"]), str(fields["id"])), str(fields.get("label", ""))


def emit(rec: Record, v: dict[str, Any], g: Graph, ctx: Context, recorded: str) -> URIRef:
    s = mint(v["class"], v["id"])
    _emit.labelled(g, s, CLASSES[v["class"]], v["label"])
    _emit.text(g, s, DCKG.statement, v["statement"])
    if "ordinal" in v:
        g.add((s, DCKG.ordinal, Literal(v["ordinal"])))
    _emit.refs(g, s, DCKG.concerns, v.get("concerns"))
    _emit.evidence(g, s, v["evidence"], recorded)
    return s
