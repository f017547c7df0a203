"""Content negotiation: one table of formats, one Accept parser, one chooser.

`choose(accept, offers, fmt)` picks the media type to answer with: an explicit ``format=`` wins
(by short name or media type), else the Accept header by q-value, then specificity
(``type/subtype`` over ``type/*`` over ``*/*``), then the order of `offers` (the server's preference);
None means nothing acceptable (406). A missing or empty Accept accepts anything.
"""

from __future__ import annotations

from dataclasses import dataclass

import pyoxigraph as ox


@dataclass(frozen=True)
class Format:
    """A serialisation we can produce: its media type, short names and pyoxigraph format."""

    media_type: str
    names: tuple[str, ...]
    kind: str  # "results" (SELECT/ASK), "graph" (CONSTRUCT/DESCRIBE), "json", "html"


FORMATS: tuple[Format, ...] = (
    Format("application/sparql-results+json", ("json", "srj"), "results"),
    Format("application/sparql-results+xml", ("xml", "srx"), "results"),
    Format("text/csv", ("csv",), "results"),
    Format("text/tab-separated-values", ("tsv",), "results"),
    Format("text/turtle", ("turtle", "ttl"), "graph"),
    Format("application/n-triples", ("ntriples", "nt"), "graph"),
    Format("application/ld+json", ("jsonld", "json-ld"), "graph"),
    Format("application/rdf+xml", ("rdfxml", "rdf", "owl"), "graph"),
    Format("application/trig", ("trig",), "graph"),
    Format("application/n-quads", ("nquads", "nq"), "graph"),
    Format("application/json", ("plain-json",), "json"),
    Format("text/html", ("html",), "html"),
)
BY_TYPE = {f.media_type: f for f in FORMATS}

#: Media types offered for SELECT/ASK results, in the server's order of preference.
RESULTS = ("application/sparql-results+json", "application/sparql-results+xml", "text/csv",
           "text/tab-separated-values")
#: Media types offered for CONSTRUCT/DESCRIBE results.
GRAPHS = ("text/turtle", "application/n-triples", "application/ld+json", "application/rdf+xml", "application/trig",
          "application/n-quads")
#: Aliases clients send for the types above.
ALIASES = {"application/json": "application/sparql-results+json", "application/xml": "application/sparql-results+xml",
           "text/xml": "application/sparql-results+xml", "application/x-turtle": "text/turtle",
           "text/plain": "application/n-triples", "text/n3": "text/turtle", "text/rdf+n3": "text/turtle"}

RESULTS_OX = {"application/sparql-results+json": ox.QueryResultsFormat.JSON,
              "application/sparql-results+xml": ox.QueryResultsFormat.XML,
              "text/csv": ox.QueryResultsFormat.CSV, "text/tab-separated-values": ox.QueryResultsFormat.TSV}
GRAPHS_OX = {"text/turtle": ox.RdfFormat.TURTLE, "application/n-triples": ox.RdfFormat.N_TRIPLES,
             "application/ld+json": ox.RdfFormat.JSON_LD, "application/rdf+xml": ox.RdfFormat.RDF_XML,
             "application/trig": ox.RdfFormat.TRIG, "application/n-quads": ox.RdfFormat.N_QUADS}


@dataclass(frozen=True)
class Range:
    """One media range of an Accept header with its q-value."""

    type: str
    subtype: str
    q: float
    order: int

    @property
    def specificity(self) -> int:
        return 0 if self.type == "*" else 1 if self.subtype == "*" else 2

    def matches(self, media_type: str) -> bool:
        t, _, s = media_type.partition("/")
        return (self.type in ("*", t)) and (self.subtype in ("*", s))


def parse_accept(header: str | None) -> list[Range]:
    """The media ranges of an Accept header; malformed parts are skipped, q is clamped to [0, 1]."""
    ranges: list[Range] = []
    for i, part in enumerate((header or "").split(",")):
        fields = [f.strip() for f in part.split(";")]
        media = fields[0].lower()
        if "/" not in media:
            continue
        t, _, s = media.partition("/")
        if not t or not s or (t == "*" and s != "*"):
            continue
        q = 1.0
        for f in fields[1:]:
            key, _, value = f.partition("=")
            if key.strip().lower() == "q":
                try:
                    q = min(1.0, max(0.0, float(value.strip())))
                except ValueError:
                    q = 0.0
        ranges.append(Range(t, s, q, i))
    return ranges


def _q_for(media_type: str, ranges: list[Range]) -> tuple[float, int]:
    """The q-value the most specific matching range gives `media_type`, with that specificity."""
    best: Range | None = None
    aliases = {alias for alias, target in ALIASES.items() if target == media_type}
    for r in ranges:
        exact_alias = r.specificity == 2 and f"{r.type}/{r.subtype}" in aliases
        if (r.matches(media_type) or exact_alias) and (best is None or r.specificity > best.specificity):
            best = r
    return (best.q, best.specificity) if best else (0.0, -1)


def choose(accept: str | None, offers: tuple[str, ...], fmt: str | None = None) -> str | None:
    """The media type among `offers` to answer with, or None when none is acceptable."""
    if fmt:
        wanted = fmt.strip().lower()
        wanted = ALIASES.get(wanted, wanted)
        for media in offers:
            if wanted == media or wanted in BY_TYPE[media].names:
                return media
        return None
    ranges = parse_accept(accept)
    if not ranges:
        return offers[0] if offers else None
    scored = []
    for i, media in enumerate(offers):
        q, spec = _q_for(media, ranges)
        if q > 0:
            scored.append((-q, -spec, i, media))
    return min(scored)[3] if scored else None


def prefers_html(accept: str | None) -> bool:
    """True when a browser-like Accept ranks text/html at least as high as any RDF type."""
    choice = choose(accept, ("text/html", *GRAPHS))
    return choice == "text/html" and any(r.type == "text" and r.subtype == "html" for r in parse_accept(accept))
