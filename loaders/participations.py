"""Participations (data/participations/*.yaml): a country's dated, cited standing in a framework."""

from __future__ import annotations

from typing import Any

from rdflib import SKOS, Graph, Literal, URIRef

from kg.vocab import DCKG, mint
from loaders import _emit
from loaders._fields import F, Context
from loaders._records import LineDict, Record

STATUSES = ("in-force", "signed", "under-negotiation", "observer", "terminated", "announced")
INSTRUMENTS = ("agreement", "statute", "regulation", "executive-action")
SPEC = (
    F("country", "ref", True, ("country",)), F("framework", "ref", True, ("framework",)),
    F("status", "text", True, choices=STATUSES), F("from", "span"), F("until", "span"),
    F("instrument", "ref", kinds=INSTRUMENTS), F("ended_by", "ref", kinds=INSTRUMENTS),
    F("conditional", "bool"), F("condition", "text"), F("caveat", "text"), F("note", "text"),
    F("id", "slug"), F("evidence", "evidence", True),
)


def slug_of(fields: LineDict) -> str | None:
    """The participation's IRI slug: its `id`, or ``<framework>-<ISO2>``."""
    if "id" in fields:
        return str(fields["id"])
    if "framework" in fields and "country" in fields:
        return f"{fields['framework']}-{fields['country']}"
    return None


def key(fields: LineDict) -> tuple[URIRef, str] | None:
    slug = slug_of(fields)
    return (mint("participation", slug), "") if slug else None


def emit(rec: Record, v: dict[str, Any], g: Graph, ctx: Context, recorded: str) -> URIRef | None:
    frm, until = v.get("from"), v.get("until")
    if frm and until and frm.earliest and until.latest and frm.earliest > until.latest:
        ctx.problem(rec, "until", f"ends ({until.latest}) before it can have started ({frm.earliest})")
        return None
    s = mint("participation", str(slug_of(rec.fields)))
    label = f"{ctx.labels.get(v['country'], v['country'])} – {ctx.labels.get(v['framework'], v['framework'])}"
    _emit.labelled(g, s, DCKG.Participation, label)
    g.add((s, DCKG.participant, v["country"]))
    g.add((s, DCKG.framework, v["framework"]))
    g.add((s, DCKG.status, mint("status", v["status"])))
    _emit.span(g, s, "From", frm)
    _emit.span(g, s, "Until", until)
    _emit.refs(g, s, DCKG.instrument, v.get("instrument"))
    _emit.refs(g, s, DCKG.endedBy, v.get("ended_by"))
    if "conditional" in v:
        g.add((s, DCKG.conditional, Literal(v["conditional"])))
    _emit.text(g, s, DCKG.condition, v.get("condition"))
    _emit.text(g, s, DCKG.caveat, v.get("caveat"))
    _emit.text(g, s, SKOS.note, v.get("note"))
    _emit.evidence(g, s, v["evidence"], recorded)
    return s
