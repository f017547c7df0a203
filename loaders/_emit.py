"""Triples shared by every loader: labels, dates, spans, evidence nodes and record origin."""

from __future__ import annotations

from typing import Any

from rdflib import RDF, RDFS, SKOS, XSD, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS

from kg.dates import DateSpan, PartialDate
from kg.vocab import DCKG, ID, mint
from loaders._records import Record


def text(g: Graph, s: URIRef, p: URIRef, value: str | None, lang: bool = True) -> None:
    """Add a text literal (English-tagged when `lang`) if there is one."""
    if value:
        g.add((s, p, Literal(value, lang="en") if lang else Literal(value)))


def labelled(g: Graph, s: URIRef, cls: URIRef, label: str, definition: str | None = None) -> None:
    """Type a resource and give it its label (and definition)."""
    g.add((s, RDF.type, cls))
    text(g, s, RDFS.label, label)
    text(g, s, SKOS.definition, definition)


def date(g: Graph, s: URIRef, p: URIRef, value: PartialDate | None) -> None:
    """Add a date literal of its own precision."""
    if value is not None:
        g.add((s, p, value.literal()))


def span(g: Graph, s: URIRef, which: str, value: DateSpan | None) -> None:
    """Add a start (`which`='From') or end ('Until') as stated, its earliest/latest days and precision."""
    if value is None:
        return
    if value.stated is not None:
        g.add((s, DCKG[f"valid{which}"], value.stated.literal()))
    if value.earliest is not None:
        g.add((s, DCKG[f"valid{which}Earliest"], Literal(value.earliest.isoformat(), datatype=XSD.date)))
    if value.latest is not None:
        g.add((s, DCKG[f"valid{which}Latest"], Literal(value.latest.isoformat(), datatype=XSD.date)))
    g.add((s, DCKG[f"valid{which}Precision"], mint("precision", value.precision)))


def origin(g: Graph, s: URIRef, rec: Record) -> None:
    """Record which curated file and line a resource came from."""
    g.add((s, DCKG.recordFile, Literal(rec.file)))
    g.add((s, DCKG.recordLine, Literal(rec.line)))


def evidence(g: Graph, s: URIRef, items: list[dict[str, Any]], recorded: str) -> None:
    """Add one Evidence node per cited source, linked from `s` by dckg:hasEvidence."""
    base = str(s)[len(str(ID)):].replace("/", "-")
    for i, item in enumerate(items, start=1):
        ev = mint("evidence", f"{base}-{i}")
        g.add((s, DCKG.hasEvidence, ev))
        g.add((ev, RDF.type, DCKG.Evidence))
        g.add((ev, DCTERMS.source, item["source"]))
        g.add((ev, DCKG.locator, Literal(item["locator"])))
        g.add((ev, DCKG.confidence, Literal(item["confidence"])))
        g.add((ev, DCKG.curationRef, Literal(item["ref"])))
        g.add((ev, DCKG.recordedOn, Literal(recorded, datatype=XSD.date)))
        text(g, ev, SKOS.note, item.get("note"))


def refs(g: Graph, s: URIRef, p: URIRef, values: list[URIRef | None] | URIRef | None) -> None:
    """Add one triple per resolved reference."""
    if values is None:
        return
    for v in values if isinstance(values, list) else [values]:
        if v is not None:
            g.add((s, p, v))
