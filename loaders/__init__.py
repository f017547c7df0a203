"""Loaders: one module per kind of curated file, listed explicitly in `LOADERS`.

`load_all(data_dir)` reads every file in two passes (first the IRI of every record, so references
can be checked; then the triples), collects every problem of every file, and returns one rdflib
graph per file with PROV provenance, or raises `RecordErrors` naming file:line: field: reason.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType

from rdflib import RDF, RDFS, XSD, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV

from kg.errors import RecordErrors, RecordProblem
from kg.vocab import DCKG, graph_iri, mint
from loaders import (
    agreements, conflicts, countries, frameworks, legal, markings, organizations, participations,
    privileges, processes, programs, report, sources,
)
from loaders._fields import Context, check
from loaders._records import CuratedFile, read_curated

#: kind -> loader module (each has SPEC, key(fields) and emit(rec, values, graph, ctx, recorded)).
LOADERS: dict[str, ModuleType] = {
    "sources": sources, "countries": countries, "organizations": organizations, "frameworks": frameworks,
    "participations": participations, "agreements": agreements, "legal": legal, "processes": processes,
    "privileges": privileges, "markings": markings, "programs": programs, "report": report,
    "conflicts": conflicts,
}
#: Built-in resources records may refer to (defined in the ontology).
BUILTIN = [mint("status", s) for s in participations.STATUSES]


def kind_of(rel: str) -> str | None:
    """The loader kind of a data file path relative to the data dir, or None if no loader reads it."""
    parts = Path(rel).with_suffix("").parts
    if len(parts) == 2 and parts[0] == "participations":
        return "participations"
    return parts[0] if len(parts) == 1 and parts[0] in LOADERS else None


@dataclass
class LoadResult:
    """One graph per curated file (keyed by graph IRI) and the origin (file, line) of every record IRI."""

    graphs: dict[URIRef, Graph] = field(default_factory=dict)
    origins: dict[URIRef, tuple[str, int]] = field(default_factory=dict)
    records: int = 0


def _files(data_dir: Path) -> tuple[list[Path], list[RecordProblem]]:
    found, problems = [], []
    for path in sorted(data_dir.rglob("*")):
        if path.suffix in (".yaml", ".yml") and path.is_file():
            rel = path.relative_to(data_dir).as_posix()
            if kind_of(rel) is None:
                problems.append(RecordProblem(rel, 0, "file", f"no loader reads this file (kinds: {', '.join(LOADERS)})"))
            else:
                found.append(path)
    return found, problems


def load_all(data_dir: Path) -> LoadResult:
    """Load every curated file under `data_dir`.

    Raises:
        RecordErrors: every problem found, each naming file, line, field and reason.
    """
    paths, problems = _files(data_dir)
    parsed: list[CuratedFile] = []
    for path in paths:
        cf, file_problems = read_curated(path, path.relative_to(data_dir).as_posix())
        problems += file_problems
        if cf is not None:
            try:
                dt.date.fromisoformat(cf.recorded)
            except ValueError:
                problems.append(RecordProblem(cf.rel, 1, "recorded", f"{cf.recorded!r} is not a date YYYY-MM-DD"))
            parsed.append(cf)
    ctx = Context(index={iri: ("ontology", 0) for iri in BUILTIN}, problems=problems)
    for cf in parsed:  # pass 1: the IRI of every record
        loader = LOADERS[str(kind_of(cf.rel))]
        for rec in cf.records:
            got = loader.key(rec.fields)
            if got is None:
                continue
            iri, label = got
            if iri in ctx.index:
                f, line = ctx.index[iri]
                ctx.problem(rec, "id", f"duplicate: {iri} is already defined at {f}:{line}", rec.line)
            else:
                ctx.index[iri] = (rec.file, rec.line)
                if label:
                    ctx.labels[iri] = label
    result = LoadResult()
    for cf in parsed:  # pass 2: triples
        loader = LOADERS[str(kind_of(cf.rel))]
        g = Graph()
        cited: set[URIRef] = set()
        for rec in cf.records:
            values = check(rec, loader.SPEC, ctx)
            if values is None:
                continue
            subject = loader.emit(rec, values, g, ctx, cf.recorded)
            if subject is None:
                continue
            g.add((subject, DCKG.recordFile, Literal(rec.file)))
            g.add((subject, DCKG.recordLine, Literal(rec.line)))
            result.origins[subject] = (rec.file, rec.line)
            result.records += 1
        cited.update(o for o in g.objects(None, DCTERMS.source) if isinstance(o, URIRef))
        name = cf.rel.rsplit(".", 1)[0]
        gi = graph_iri(name)
        _describe_graph(g, gi, cf, cited)
        result.graphs[gi] = g
    if ctx.problems:
        raise RecordErrors(ctx.problems)
    return result


def _describe_graph(g: Graph, gi: URIRef, cf: CuratedFile, cited: set[URIRef]) -> None:
    """PROV provenance of one source graph: what it was loaded from, by which activity, citing what."""
    activity = URIRef(str(gi) + "#load")
    g.add((gi, RDF.type, PROV.Entity))
    g.add((gi, RDFS.label, Literal(f"Curated records from data/{cf.rel}", lang="en")))
    g.add((gi, DCTERMS.source, Literal(f"data/{cf.rel}")))
    g.add((gi, DCKG.recordedOn, Literal(cf.recorded, datatype=XSD.date)))
    g.add((gi, PROV.wasGeneratedBy, activity))
    g.add((activity, RDF.type, PROV.Activity))
    g.add((activity, RDFS.label, Literal(f"load data/{cf.rel}", lang="en")))
    for src in sorted(cited):
        g.add((gi, PROV.wasDerivedFrom, src))
