"""The Accept / format= table: what each header gets, for results and for graphs."""

from __future__ import annotations

import pytest

from api.negotiation import GRAPHS, RESULTS, choose, parse_accept, prefers_html

JSON, XML, CSV, TSV = RESULTS
TTL, NT, JSONLD, RDFXML, TRIG, NQ = GRAPHS


@pytest.mark.parametrize(("accept", "fmt", "offers", "expected"), [
    (None, None, RESULTS, JSON),
    ("", None, RESULTS, JSON),
    ("*/*", None, RESULTS, JSON),
    ("application/sparql-results+json", None, RESULTS, JSON),
    ("application/sparql-results+xml", None, RESULTS, XML),
    ("application/json", None, RESULTS, JSON),
    ("application/xml", None, RESULTS, XML),
    ("text/csv", None, RESULTS, CSV),
    ("text/tab-separated-values", None, RESULTS, TSV),
    ("text/*", None, RESULTS, CSV),
    ("text/csv;q=0.5, text/tab-separated-values", None, RESULTS, TSV),
    ("text/csv;q=0.9, application/sparql-results+xml;q=0.95", None, RESULTS, XML),
    ("application/*;q=0.2, text/csv;q=0.1", None, RESULTS, JSON),
    ("*/*;q=0.1, text/tab-separated-values;q=0.2", None, RESULTS, TSV),
    ("application/sparql-results+json;q=0, */*", None, RESULTS, XML),
    ("text/html", None, RESULTS, None),
    ("image/png, text/html;q=0.9", None, RESULTS, None),
    ("garbage, text/csv", None, RESULTS, CSV),
    ("text/csv;q=abc, text/tab-separated-values;q=0.1", None, RESULTS, TSV),
    (None, "csv", RESULTS, CSV),
    ("application/sparql-results+json", "tsv", RESULTS, TSV),
    (None, "text/csv", RESULTS, CSV),
    (None, "turtle", RESULTS, None),
    (None, None, GRAPHS, TTL),
    ("*/*", None, GRAPHS, TTL),
    ("application/n-triples", None, GRAPHS, NT),
    ("text/plain", None, GRAPHS, NT),
    ("application/ld+json", None, GRAPHS, JSONLD),
    ("application/rdf+xml", None, GRAPHS, RDFXML),
    ("application/trig", None, GRAPHS, TRIG),
    ("application/n-quads", None, GRAPHS, NQ),
    ("application/rdf+xml;q=0.5, text/turtle;q=0.4", None, GRAPHS, RDFXML),
    ("application/*", None, GRAPHS, NT),
    ("text/csv", None, GRAPHS, None),
    (None, "jsonld", GRAPHS, JSONLD),
    (None, "nq", GRAPHS, NQ),
])
def test_choose(accept: str | None, fmt: str | None, offers: tuple[str, ...], expected: str | None) -> None:
    assert choose(accept, offers, fmt) == expected


def test_parse_accept_keeps_q_values_and_skips_junk() -> None:
    ranges = parse_accept("text/html;q=0.8, nonsense, */*;q=0.1, application/json;q=2")
    assert [(r.type, r.subtype, r.q) for r in ranges] == [("text", "html", 0.8), ("*", "*", 0.1),
                                                          ("application", "json", 1.0)]


@pytest.mark.parametrize(("accept", "expected"), [
    ("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", True),
    ("text/turtle", False),
    ("*/*", False),
    (None, False),
    ("text/turtle, text/html;q=0.5", False),
])
def test_prefers_html(accept: str | None, expected: bool) -> None:
    assert prefers_html(accept) is expected
