"""Named questions: `queries/*.rq` files with a ``#+`` YAML header (title, description, tags, params).

Parameters are typed (framework, country, date, resource, string, integer), validated, and bound as
RDF terms through pyoxigraph ``substitutions``, never pasted into query text. pyoxigraph binds only
variables projected by the top-level SELECT, so every parameter variable must be projected; the
loader checks this and refuses a query that does not.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from kg.errors import QueryError
from kg.headers import split_header
from kg.vocab import ID, ISO2_RE, KINDS, SLUG_RE

PARAM_TYPES = ("framework", "country", "date", "resource", "string", "integer")
_NAME_RE = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
_SELECT_RE = re.compile(r"SELECT\s+(DISTINCT\s+|REDUCED\s+)?(?P<proj>.*?)\s*WHERE", re.S | re.I)
XSD_DATE = ox.NamedNode("http://www.w3.org/2001/XMLSchema#date")
XSD_INTEGER = ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")


@dataclass(frozen=True)
class Param:
    """A typed parameter of a named query; `default` may be ``today`` for dates."""

    name: str
    type: str
    description: str
    default: str | None = None
    example: str | None = None

    @property
    def required(self) -> bool:
        return self.default is None


@dataclass(frozen=True)
class NamedQuery:
    """One named question: its file name, header and SPARQL text."""

    name: str
    title: str
    description: str
    tags: tuple[str, ...]
    params: tuple[Param, ...]
    text: str

    def param(self, name: str) -> Param | None:
        return next((p for p in self.params if p.name == name), None)


def parse_query_file(path: Path) -> NamedQuery:
    """Parse one .rq file.

    Raises:
        QueryError: naming the file and what is wrong with its header or text.
    """
    name = path.stem
    if not _NAME_RE.match(name):
        raise QueryError(f"{path.name}: query names must be lower-case slugs")
    try:
        header, text = split_header(path.read_text(encoding="utf-8"))
    except ValueError as exc:
        raise QueryError(f"{path.name}: {exc}") from exc
    params = []
    for pname, spec in (header.get("params") or {}).items():
        spec = spec or {}
        if spec.get("type") not in PARAM_TYPES:
            raise QueryError(f"{path.name}: parameter {pname} needs a type among {', '.join(PARAM_TYPES)}")
        default = spec.get("default")
        params.append(Param(str(pname), spec["type"], str(spec.get("description", "")),
                            None if default is None else str(default),
                            None if spec.get("example") is None else str(spec["example"])))
    for key in ("title", "description"):
        if not header.get(key):
            raise QueryError(f"{path.name}: the header needs a {key}")
    match = _SELECT_RE.search(text)
    projected = set(re.findall(r"\?(\w+)", match["proj"])) if match else set()
    for p in params:
        if p.name not in projected:
            raise QueryError(f"{path.name}: parameter ?{p.name} must be in the top-level projection "
                             "(pyoxigraph binds only projected variables)")
    try:
        ox.Store().query(text)
    except SyntaxError as exc:
        raise QueryError(f"{path.name}: {exc}") from exc
    return NamedQuery(name, str(header["title"]), str(header["description"]).strip(),
                      tuple(header.get("tags") or ()), tuple(params), text)


def load_queries(queries_dir: Path) -> dict[str, NamedQuery]:
    """Every named query in `queries_dir`, by name (a bad file raises QueryError naming it)."""
    return {q.name: q for q in (parse_query_file(p) for p in sorted(queries_dir.glob("*.rq")))}


def _exists(store: ox.Store, iri: ox.NamedNode) -> bool:
    return next(iter(store.quads_for_pattern(iri, None, None, None)), None) is not None


def parse_date(value: str, param: str) -> dt.date:
    """A full ISO date, or ``today``; QueryError naming `param` otherwise."""
    if value == "today":
        return dt.date.today()
    try:
        if not re.match(r"^\d{4}-\d{2}-\d{2}$", value):
            raise ValueError
        return dt.date.fromisoformat(value)
    except ValueError:
        raise QueryError(f"{param}: {value!r} is not a date YYYY-MM-DD", param) from None


def term_for(p: Param, value: str, store: ox.Store) -> ox.NamedNode | ox.Literal:
    """Validate `value` for parameter `p` and return its RDF term.

    Raises:
        QueryError: with `param` set, when the value is malformed or names nothing in the graph.
    """
    value = value.strip()
    if p.type == "date":
        return ox.Literal(parse_date(value, p.name).isoformat(), datatype=XSD_DATE)
    if p.type == "integer":
        if not re.match(r"^-?\d+$", value):
            raise QueryError(f"{p.name}: {value!r} is not an integer", p.name)
        return ox.Literal(value, datatype=XSD_INTEGER)
    if p.type == "string":
        return ox.Literal(value)
    if p.type == "framework":
        if not SLUG_RE.match(value):
            raise QueryError(f"{p.name}: {value!r} is not a framework slug", p.name)
        iri = ox.NamedNode(f"{ID}framework/{value}")
    elif p.type == "country":
        code = value.upper()
        if not ISO2_RE.match(code):
            raise QueryError(f"{p.name}: {value!r} is not an ISO 3166-1 alpha-2 code", p.name)
        iri = ox.NamedNode(f"{ID}country/{code}")
    else:  # resource: kind/slug or a full dckg IRI
        path = value[len(str(ID)):] if value.startswith(str(ID)) else value
        kind, _, slug = path.partition("/")
        if kind not in KINDS or not slug or not re.match(r"^[A-Za-z0-9-]+$", slug):
            raise QueryError(f"{p.name}: {value!r} is not a resource reference kind/id", p.name)
        iri = ox.NamedNode(f"{ID}{kind}/{slug}")
    if not _exists(store, iri):
        raise QueryError(f"{p.name}: unknown {p.type} {value!r}", p.name)
    return iri


def bind(query: NamedQuery, raw: Mapping[str, str | None], store: ox.Store) -> dict[ox.Variable, Any]:
    """Turn raw parameter values into substitutions, applying defaults.

    Raises:
        QueryError: for an unknown parameter, a missing required one, or a bad value.
    """
    unknown = set(raw) - {p.name for p in query.params}
    if unknown:
        bad = sorted(unknown)[0]
        raise QueryError(f"{bad}: {query.name} has no parameter {bad!r}", bad)
    subs: dict[ox.Variable, Any] = {}
    for p in query.params:
        value = raw.get(p.name)
        if value is None or value == "":
            value = p.default
        if value is None:
            raise QueryError(f"{p.name}: required", p.name)
        subs[ox.Variable(p.name)] = term_for(p, value, store)
    return subs


def run(store: ox.Store, query: NamedQuery, raw: Mapping[str, str | None]) -> ox.QuerySolutions:
    """Run a named query with its parameters bound over the union default graph."""
    result = store.query(query.text, use_default_graph_as_union=True, substitutions=bind(query, raw, store))
    assert isinstance(result, ox.QuerySolutions)
    return result


def run_text(store: ox.Store, text: str) -> ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples:
    """Run SPARQL text as given (a user's own query) over the union default graph.

    Raises:
        QueryError: with the parser's message when the text is not valid SPARQL.
    """
    try:
        return store.query(text, use_default_graph_as_union=True)
    except SyntaxError as exc:
        raise QueryError(f"SPARQL syntax error: {exc}") from None
