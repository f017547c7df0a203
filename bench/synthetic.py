"""Synthetic graphs of a target size with the same shapes as the curated data.

The synthetic dataset is the curated graph plus generated records: all 676 two-letter country codes
(those the curated data lacks become "Synthetic XX" countries), synthetic frameworks and sources, and
one participation with one evidence node per (framework, country) until the target size is reached.
Dates vary in precision (day, month, year, bounds) so the as-of logic does real work.
"""

from __future__ import annotations

import itertools
import string

from kg.vocab import DCKG, ID, graph_iri

XSD = "http://www.w3.org/2001/XMLSchema#"
RDF_TYPE = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
LABEL = "<http://www.w3.org/2000/01/rdf-schema#label>"
DEF = "<http://www.w3.org/2004/02/skos/core#definition>"
IN_SCHEME = "<http://www.w3.org/2004/02/skos/core#inScheme>"
DCT = "http://purl.org/dc/terms/"
TRIPLES_PER_PARTICIPATION = 19


def _d(p: str) -> str:
    return f"<{DCKG._NS}{p}>"


def _lit(v: str, dt: str | None = None) -> str:
    return f'"{v}"^^<{XSD}{dt}>' if dt else f'"{v}"'


def synthetic_nquads(target: int, existing_countries: set[str]) -> tuple[bytes, int]:
    """N-Quads of about `target` triples of synthetic records (in their own named graphs); return them and the count."""
    out: list[str] = []
    g = f"<{graph_iri('synthetic/records')}>"

    def add(s: str, p: str, o: str) -> None:
        out.append(f"{s} {p} {o} {g} .")

    codes = ["".join(c) for c in itertools.product(string.ascii_uppercase, repeat=2)]
    for code in codes:
        if code in existing_countries:
            continue
        c = f"<{ID}country/{code}>"
        for p, o in ((RDF_TYPE, _d("Country")), (LABEL, _lit(f"Synthetic {code}")), (_d("iso2"), _lit(code)),
                     (_d("iso3"), _lit(code + "X")), (_d("hasEvidence"), f"<{ID}evidence/syn-c-{code}>")):
            add(c, p, o)
        _evidence(add, f"<{ID}evidence/syn-c-{code}>", 0)
    for s in range(20):
        src = f"<{ID}source/syn-{s}>"
        for p, o in ((RDF_TYPE, _d("SourceDocument")), (LABEL, _lit(f"Synthetic source {s}")),
                     (f"<{DCT}title>", _lit(f"Synthetic source {s}")), (f"<{DCT}publisher>", _lit("Bench")),
                     (_d("kind"), _lit("report"))):
            add(src, p, o)
    status = f"<{ID}status/in-force>"
    precisions = {"day": f"<{ID}precision/day>", "month": f"<{ID}precision/month>", "year": f"<{ID}precision/year>"}
    n = 0
    for f in itertools.count():
        if len(out) >= target:
            break
        fw = f"<{ID}framework/syn-{f:04d}>"
        for p, o in ((RDF_TYPE, _d("Framework")), (LABEL, _lit(f"Synthetic framework {f}")),
                     (DEF, _lit("A synthetic framework for benchmarks.")), (_d("slug"), _lit(f"syn-{f:04d}")),
                     (IN_SCHEME, f"<{ID}scheme/frameworks>"), (_d("hasEvidence"), f"<{ID}evidence/syn-f-{f}>")):
            add(fw, p, o)
        _evidence(add, f"<{ID}evidence/syn-f-{f}>", f)
        for code in codes:
            if len(out) >= target:
                break
            n += 1
            year = 1950 + (n * 7) % 75
            month, day = 1 + n % 12, 1 + n % 28
            kind = ("day", "month", "year")[n % 3]
            stated = {"day": (f"{year}-{month:02d}-{day:02d}", "date"), "month": (f"{year}-{month:02d}", "gYearMonth"),
                      "year": (str(year), "gYear")}[kind]
            early = {"day": f"{year}-{month:02d}-{day:02d}", "month": f"{year}-{month:02d}-01", "year": f"{year}-01-01"}[kind]
            late = {"day": early, "month": f"{year}-{month:02d}-28", "year": f"{year}-12-31"}[kind]
            pr = f"<{ID}participation/syn-{f:04d}-{code}>"
            ev = f"<{ID}evidence/syn-p-{f:04d}-{code}>"
            for p, o in ((RDF_TYPE, _d("Participation")), (LABEL, _lit(f"{code} in syn-{f:04d}")),
                         (_d("participant"), f"<{ID}country/{code}>"), (_d("framework"), fw), (_d("status"), status),
                         (_d("validFrom"), _lit(*stated)), (_d("validFromEarliest"), _lit(early, "date")),
                         (_d("validFromLatest"), _lit(late, "date")), (_d("validFromPrecision"), precisions[kind]),
                         (_d("recordFile"), _lit("synthetic")), (_d("recordLine"), _lit(str(n), "integer")),
                         (_d("hasEvidence"), ev)):
                add(pr, p, o)
            _evidence(add, ev, n)
    return ("\n".join(out) + "\n").encode("utf-8"), len(out)


def _evidence(add: object, ev: str, n: int) -> None:
    for p, o in ((RDF_TYPE, _d("Evidence")), (f"<{DCT}source>", f"<{ID}source/syn-{n % 20}>"),
                 (_d("locator"), _lit(f"row {n}")), (_d("confidence"), _lit("high")),
                 (_d("curationRef"), _lit("synthetic")), (_d("recordedOn"), _lit("2026-11-26", "date"))):
        add(ev, p, o)  # type: ignore[operator]
