"""Field specifications and their checking: each curated field is typed, and a bad value becomes a
`RecordProblem` naming file, line and field. References are resolved against the index of every
record's IRI, so an unknown country, framework or instrument is reported where it is written.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Callable

from rdflib import URIRef

from kg.dates import DateSpan, PartialDate, parse_partial_date, span_of
from kg.errors import RecordProblem
from kg.vocab import ISO2_RE, ISO3_RE, KINDS, SLUG_RE, mint
from loaders._records import LineDict, Record

QID_RE = re.compile(r"^Q[1-9][0-9]*$")
CONFIDENCE = ("high", "medium")


@dataclass(frozen=True)
class F:
    """One field: name, type, whether required, and for references the kinds it may point to."""

    name: str
    type: str
    required: bool = False
    kinds: tuple[str, ...] = ()
    choices: tuple[str, ...] = ()


@dataclass
class Context:
    """What a loader needs while turning records into triples: the IRI index and the problem list."""

    index: dict[URIRef, tuple[str, int]]
    labels: dict[URIRef, str] = field(default_factory=dict)
    problems: list[RecordProblem] = field(default_factory=list)

    def problem(self, rec: Record, name: str, reason: str, line: int | None = None) -> None:
        self.problems.append(RecordProblem(rec.file, line or rec.line_of(name), name, reason))


def _text(v: Any) -> str:
    if isinstance(v, (dict, list)) or v is None or isinstance(v, bool):
        raise ValueError("must be text")
    s = str(v).strip()
    if not s:
        raise ValueError("must not be empty")
    return s


def _pattern(rx: re.Pattern[str], what: str) -> Callable[[Any], str]:
    def check(v: Any) -> str:
        s = _text(v)
        if not rx.match(s):
            raise ValueError(f"{s!r} is not {what}")
        return s
    return check


def _bool(v: Any) -> bool:
    if not isinstance(v, bool):
        raise ValueError("must be true or false")
    return v


def _int(v: Any) -> int:
    if isinstance(v, bool) or not isinstance(v, int):
        raise ValueError("must be a whole number")
    return v


def _date(v: Any) -> PartialDate:
    if isinstance(v, (dict, list, bool)):
        raise ValueError("must be a date YYYY, YYYY-MM or YYYY-MM-DD")
    return parse_partial_date(v)


def _span(v: Any) -> DateSpan:
    if isinstance(v, (list, bool)):
        raise ValueError("must be a date or {not_before, not_after}")
    return span_of(v)


def _url(v: Any) -> str:
    s = _text(v)
    if not s.startswith(("http://", "https://")):
        raise ValueError(f"{s!r} is not an http(s) URL")
    return s


def _texts(v: Any) -> list[str]:
    if not isinstance(v, list):
        raise ValueError("must be a list")
    return [_text(x) for x in v]


SCALARS: dict[str, Callable[[Any], Any]] = {
    "text": _text,
    "slug": _pattern(SLUG_RE, "a lower-case slug"),
    "iso2": _pattern(ISO2_RE, "an ISO 3166-1 alpha-2 code (two capital letters)"),
    "iso3": _pattern(ISO3_RE, "an ISO 3166-1 alpha-3 code (three capital letters)"),
    "qid": _pattern(QID_RE, "a Wikidata QID like Q408"),
    "url": _url,
    "date": _date,
    "span": _span,
    "bool": _bool,
    "int": _int,
    "texts": _texts,
}


def resolve(ctx: Context, rec: Record, name: str, value: Any, kinds: tuple[str, ...], line: int) -> URIRef | None:
    """Resolve one reference. Countries are ISO alpha-2, frameworks slugs, organizations ids when the
    field allows only that kind; otherwise ``kind/id``. Unknown targets are reported."""
    text = str(value).strip() if not isinstance(value, (dict, list)) else ""
    if len(kinds) == 1 and "/" not in text:
        kind, slug = kinds[0], text
    else:
        kind, _, slug = text.partition("/")
    if kind not in KINDS or not slug:
        ctx.problem(rec, name, f"{text!r} is not a reference of the form kind/id ({', '.join(kinds)})", line)
        return None
    if kind not in kinds:
        ctx.problem(rec, name, f"{text!r} must refer to a {' or '.join(kinds)}", line)
        return None
    iri = mint(kind, slug)
    if iri not in ctx.index:
        what = {"country": "country code", "framework": "framework"}.get(kind, kind)
        ctx.problem(rec, name, f"unknown {what} {slug!r}", line)
        return None
    return iri


def check(rec: Record, spec: tuple[F, ...], ctx: Context, where: LineDict | None = None,
          prefix: str = "") -> dict[str, Any] | None:
    """Check `rec` (or the nested mapping `where`) against `spec`; return typed values or None."""
    data = where if where is not None else rec.fields
    before = len(ctx.problems)
    names = {f.name for f in spec}
    for key in data:
        if key not in names:
            ctx.problem(rec, prefix + str(key), f"unknown field (allowed: {', '.join(sorted(names))})",
                        data.line_of(key))
    out: dict[str, Any] = {}
    for f in spec:
        name = prefix + f.name
        if f.name not in data or data[f.name] is None:
            if f.required:
                ctx.problem(rec, name, "is required", data.line)
            continue
        raw, line = data[f.name], data.line_of(f.name)
        try:
            if f.type in SCALARS:
                out[f.name] = SCALARS[f.type](raw)
                if f.choices and out[f.name] not in f.choices:
                    raise ValueError(f"{out[f.name]!r} is not one of {', '.join(f.choices)}")
            elif f.type == "ref":
                out[f.name] = resolve(ctx, rec, name, raw, f.kinds, line)
            elif f.type == "refs":
                if not isinstance(raw, list):
                    raise ValueError("must be a list")
                out[f.name] = [resolve(ctx, rec, name, x, f.kinds, line) for x in raw]
            elif f.type in NESTED:
                out[f.name] = NESTED[f.type](rec, raw, ctx, name, line)
            else:  # pragma: no cover - a programming error in a spec
                raise AssertionError(f"unknown field type {f.type}")
        except ValueError as exc:
            ctx.problem(rec, name, str(exc), line)
    return out if len(ctx.problems) == before else None


EVIDENCE_SPEC = (
    F("source", "ref", True, ("source",)),
    F("locator", "text", True),
    F("confidence", "text", True, choices=CONFIDENCE),
    F("ref", "text", True),
    F("note", "text"),
)
CLAIM_SPEC = (F("statement", "text", True), F("value", "text"), F("evidence", "evidence", True))


def _list_of(spec: tuple[F, ...], minimum: int) -> Callable[[Record, Any, Context, str, int], list[dict[str, Any]]]:
    def check_list(rec: Record, raw: Any, ctx: Context, name: str, line: int) -> list[dict[str, Any]]:
        if not isinstance(raw, list) or len(raw) < minimum:
            raise ValueError(f"must be a list of at least {minimum} item(s)")
        items = []
        for i, item in enumerate(raw):
            if not isinstance(item, LineDict):
                raise ValueError(f"item {i + 1} must be a mapping")
            got = check(rec, spec, ctx, where=item, prefix=f"{name}[{i + 1}].")
            if got is not None:
                items.append(got)
        return items
    return check_list


NESTED = {"evidence": _list_of(EVIDENCE_SPEC, 1), "claims": _list_of(CLAIM_SPEC, 2)}
