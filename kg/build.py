"""The build: load → reason → OWL consistency → SHACL → write a new store → switch.

Each step raises a typed error (RecordErrors, Inconsistent, ValidationFailed) and the previous
store keeps answering. `process()` is the part after loading, shared with the benchmarks.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pyoxigraph as ox
from rdflib import Graph, Literal
from rdflib.namespace import SH

from kg import store as kstore
from kg.consistency import check_consistency
from kg.errors import ValidationFailed
from kg.reason import RULES_GRAPH, apply_rules, describe_rules, load_rules
from kg.settings import Settings
from kg.validate import validate
from kg.vocab import graph_iri
from loaders import load_all

ONTOLOGY_GRAPH = graph_iri("ontology")
Progress = Callable[[str], None]


@dataclass
class BuildReport:
    """What a build did: its id, directory, counts and the seconds each step took."""

    build_id: str = ""
    path: str = ""
    records: int = 0
    triples: int = 0
    graphs: dict[str, int] = field(default_factory=dict)
    derived: dict[str, int] = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=dict)


def _timed(report: BuildReport, step: str, progress: Progress | None) -> Callable[[], None]:
    if progress:
        progress(step)
    start = time.perf_counter()

    def done() -> None:
        report.seconds[step] = round(time.perf_counter() - start, 3)
    return done


def add_graph(mem: ox.Store, graph: Graph, name: str) -> None:
    """Copy an rdflib graph into the named graph `name` of an Oxigraph store."""
    mem.load(graph.serialize(format="nt", encoding="utf-8"), format=ox.RdfFormat.N_TRIPLES,
             to_graph=ox.NamedNode(name))


def process(mem: ox.Store, settings: Settings, report: BuildReport, progress: Progress | None = None) -> bytes:
    """Reason, check consistency and validate a loaded dataset in place; return the SHACL report (Turtle).

    Raises:
        Inconsistent: HermiT found a contradiction.
        ValidationFailed: SHACL violations, each naming file and line.
    """
    done = _timed(report, "reason", progress)
    rules = load_rules(settings.ontology_dir / "rules")
    report.derived = apply_rules(mem, rules)
    add_graph(mem, describe_rules(rules, report.derived), str(RULES_GRAPH))
    done()
    if settings.check_consistency:
        done = _timed(report, "consistency", progress)
        check_consistency(mem, str(ONTOLOGY_GRAPH))
        done()
    done = _timed(report, "validate", progress)
    skip = frozenset(str(r.graph) for r in rules if not r.shacl) | {str(RULES_GRAPH)}
    violations = validate(mem, settings.ontology_dir / "shapes.ttl", exclude=skip, ontology_graph=str(ONTOLOGY_GRAPH))
    done()
    if violations:
        raise ValidationFailed([str(v) for v in violations])
    conforming = Graph()
    node = graph_iri("validation")
    conforming.add((node, SH.conforms, Literal(True)))
    return conforming.serialize(format="turtle", encoding="utf-8")


def load_dataset(settings: Settings, report: BuildReport) -> ox.Store:
    """Load the ontology and every curated file into an in-memory dataset (one named graph each).

    Raises:
        RecordErrors: every problem of every record, naming file:line: field: reason.
    """
    loaded = load_all(settings.data_dir)
    mem = ox.Store()
    mem.load(path=str(settings.ontology_dir / "dckg.ttl"), format=ox.RdfFormat.TURTLE,
             to_graph=ox.NamedNode(str(ONTOLOGY_GRAPH)))
    for gi, g in loaded.graphs.items():
        add_graph(mem, g, str(gi))
    report.records = loaded.records
    return mem


def check(settings: Settings, progress: Progress | None = None) -> BuildReport:
    """Load, reason, check consistency and validate without writing a store (``dckg validate``)."""
    report = BuildReport()
    done = _timed(report, "load", progress)
    mem = load_dataset(settings, report)
    done()
    process(mem, settings, report, progress)
    report.triples = len(mem)
    return report


def build(settings: Settings, progress: Progress | None = None) -> BuildReport:
    """Build the graph from ``settings.data_dir`` into a new store and switch ``settings.store_dir`` to it."""
    report = BuildReport()
    start = time.perf_counter()
    done = _timed(report, "load", progress)
    mem = load_dataset(settings, report)
    done()
    validation_ttl = process(mem, settings, report, progress)
    done = _timed(report, "store", progress)
    build_id, path = kstore.new_build_dir(settings.store_dir)
    report.build_id, report.path = build_id, str(path)
    report.graphs = _graph_sizes(mem)
    report.triples = sum(report.graphs.values())
    meta: dict[str, Any] = {
        "build_id": build_id, "built_at": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
        "records": report.records, "triples": report.triples, "graphs": report.graphs,
        "derived": report.derived, "data_dir": str(settings.data_dir),
    }
    try:
        kstore.write_build(mem, path, meta, validation_ttl)
        kstore.switch_to(settings.store_dir, path)
    except BaseException:
        kstore.discard(path)
        raise
    done()
    report.seconds["total"] = round(time.perf_counter() - start, 3)
    return report


def _graph_sizes(mem: ox.Store) -> dict[str, int]:
    sizes: dict[str, int] = {}
    for q in mem.quads_for_pattern(None, None, None, None):
        name = q.graph_name.value if isinstance(q.graph_name, ox.NamedNode) else ""
        sizes[name] = sizes.get(name, 0) + 1
    return dict(sorted(sizes.items()))
