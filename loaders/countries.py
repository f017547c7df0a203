"""Countries (data/countries.yaml): ISO 3166-1 codes, labels, aliases and Wikidata matches."""

from __future__ import annotations

from typing import Any

from rdflib import SKOS, Graph, Literal, URIRef

from kg.vocab import DCKG, mint
from loaders import _emit
from loaders._fields import F, Context
from loaders._records import LineDict, Record

SPEC = (
    F("iso2", "iso2", True), F("iso3", "iso3", True), F("label", "text", True), F("aliases", "texts"),
    F("wikidata", "qid"), F("note", "text"), F("evidence", "evidence", True),
)
WIKIDATA = "http://www.wikidata.org/entity/"


def key(fields: LineDict) -> tuple[URIRef, str] | None:
    return (mint("country", str(fields["iso2"])), str(fields.get("label", ""))) if "iso2" in fields else None


def emit(rec: Record, v: dict[str, Any], g: Graph, ctx: Context, recorded: str) -> URIRef:
    s = mint("country", v["iso2"])
    _emit.labelled(g, s, DCKG.Country, v["label"])
    _emit.text(g, s, SKOS.prefLabel, v["label"])
    g.add((s, DCKG.iso2, Literal(v["iso2"])))
    g.add((s, DCKG.iso3, Literal(v["iso3"])))
    for alias in v.get("aliases", []):
        _emit.text(g, s, SKOS.altLabel, alias)
    if v.get("wikidata"):
        g.add((s, SKOS.exactMatch, URIRef(WIKIDATA + v["wikidata"])))
    _emit.text(g, s, SKOS.note, v.get("note"))
    _emit.evidence(g, s, v["evidence"], recorded)
    return s
