"""Dumps of the built dataset and its VoID/DCAT description; the RDF formats the linked-data pages speak.

`export(store_dir, out_dir)` writes ``dckg.trig.gz`` and ``dckg.nq.gz`` (every named graph, with the
provenance each graph carries), ``dckg.ttl`` (the union graph), ``dckg.jsonld`` (the union graph,
compacted with the published context), ``void.ttl`` (VoID + DCAT: counts, classes, properties, sources,
licence, build date, SPARQL endpoint, each dump with its SHA-256) and ``SHA256SUMS``.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import shutil
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
from rdflib import RDF, XSD, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, PROV, VOID

from kg.store import BuildInfo, open_store
from kg.vocab import BASE, DCKG, ONTOLOGY_IRI, PREFIXES

SPDX = Namespace("http://spdx.org/rdf/terms#")
DEFAULT_LICENSE = "https://creativecommons.org/licenses/by/4.0/"
DUMP_NAMES = ("dckg.trig.gz", "dckg.nq.gz", "dckg.ttl", "dckg.jsonld")
DESCRIPTION = "void.ttl"
CHECKSUMS = "SHA256SUMS"


@dataclass(frozen=True)
class RdfFormat:
    """One RDF syntax: its `?format=` key, media type, file extension and pyoxigraph format."""

    key: str
    media_type: str
    ext: str
    ox_format: ox.RdfFormat | None


#: The graph formats of the linked-data pages, by `?format=` key (JSON-LD goes through rdflib).
FORMATS: dict[str, RdfFormat] = {
    "ttl": RdfFormat("ttl", "text/turtle", "ttl", ox.RdfFormat.TURTLE),
    "jsonld": RdfFormat("jsonld", "application/ld+json", "jsonld", None),
    "nt": RdfFormat("nt", "application/n-triples", "nt", ox.RdfFormat.N_TRIPLES),
    "rdf": RdfFormat("rdf", "application/rdf+xml", "rdf", ox.RdfFormat.RDF_XML),
}
_DUMP_TYPES = {"dckg.trig.gz": ("application/trig", "application/gzip"),
               "dckg.nq.gz": ("application/n-quads", "application/gzip"),
               "dckg.ttl": ("text/turtle", None), "dckg.jsonld": ("application/ld+json", None)}


def jsonld_context() -> dict[str, object]:
    """The published JSON-LD context: the dckg prefixes (served at /context.jsonld)."""
    return {"@context": dict(PREFIXES)}


def to_rdflib(triples: Iterable[ox.Triple]) -> Graph:
    """Copy pyoxigraph triples into an rdflib graph (through N-Triples, the lossless common ground)."""
    graph = Graph()
    data = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) or b""
    graph.parse(data=data, format="nt")
    for prefix, ns in PREFIXES.items():
        graph.bind(prefix, ns, replace=True)
    return graph


def serialize(triples: Iterable[ox.Triple], key: str, context_url: str | None = None) -> bytes:
    """Serialise `triples` in the format `key` of FORMATS.

    JSON-LD is compacted with the dckg context; `context_url` (when given) replaces the inline
    context by a reference to the published one.
    """
    fmt = FORMATS[key]
    if fmt.ox_format is not None:
        prefixes = PREFIXES if fmt.ox_format in (ox.RdfFormat.TURTLE, ox.RdfFormat.RDF_XML) else None
        return ox.serialize(triples, format=fmt.ox_format, prefixes=prefixes) or b""
    context = jsonld_context()["@context"]
    doc = json.loads(to_rdflib(triples).serialize(format="json-ld", context=context))
    if not isinstance(doc, dict):
        doc = {"@context": context, "@graph": doc}
    if context_url:
        doc["@context"] = context_url
    return json.dumps(doc, indent=1, ensure_ascii=False).encode("utf-8")


def union_triples(quads: Iterable[ox.Quad]) -> list[ox.Triple]:
    """The distinct triples of `quads`, in a stable order."""
    seen = {q.triple for q in quads}
    return sorted(seen, key=lambda t: (str(t.subject), str(t.predicate), str(t.object)))


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 16), b""):
            digest.update(block)
    return digest.hexdigest()


def _gzip(data: bytes, path: Path) -> None:
    with path.open("wb") as raw, gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0) as gz:
        gz.write(data)


def write_dumps(store: ox.Store, build: BuildInfo, out_dir: Path, base_iri: str = BASE) -> list[Path]:
    """Write every dump, the description and the checksums of `store` into `out_dir`; return the files."""
    out_dir.mkdir(parents=True, exist_ok=True)
    quads = sorted(store.quads_for_pattern(None, None, None, None),
                   key=lambda q: (str(q.graph_name), str(q.subject), str(q.predicate), str(q.object)))
    triples = union_triples(quads)
    prefixes = dict(PREFIXES)
    _gzip(ox.serialize(quads, format=ox.RdfFormat.TRIG, prefixes=prefixes) or b"", out_dir / "dckg.trig.gz")
    _gzip(ox.serialize(quads, format=ox.RdfFormat.N_QUADS) or b"", out_dir / "dckg.nq.gz")
    (out_dir / "dckg.ttl").write_bytes(serialize(triples, "ttl"))
    (out_dir / "dckg.jsonld").write_bytes(serialize(triples, "jsonld"))
    files = [out_dir / name for name in DUMP_NAMES]
    sums = {p.name: sha256(p) for p in files}
    description = describe(store, build, quads, triples, out_dir, sums, base_iri)
    (out_dir / DESCRIPTION).write_bytes(description.serialize(format="turtle", encoding="utf-8"))
    files.append(out_dir / DESCRIPTION)
    sums[DESCRIPTION] = sha256(out_dir / DESCRIPTION)
    (out_dir / CHECKSUMS).write_text("".join(f"{h}  {n}\n" for n, h in sums.items()), encoding="utf-8")
    return [*files, out_dir / CHECKSUMS]


def describe(store: ox.Store, build: BuildInfo, quads: list[ox.Quad], triples: list[ox.Triple],
             dump_dir: Path, sums: dict[str, str], base_iri: str = BASE) -> Graph:
    """The VoID + DCAT description of the dataset and its dumps."""
    g = Graph()
    for prefix, ns in (("void", VOID), ("dcat", DCAT), ("dcterms", DCTERMS), ("prov", PROV), ("spdx", SPDX)):
        g.bind(prefix, ns)
    ds = URIRef(base_iri + "dataset")
    sparql = URIRef(base_iri + "sparql")
    built = Literal(str(build.meta.get("built_at", "")), datatype=XSD.dateTime)
    g.add((ds, RDF.type, VOID.Dataset))
    g.add((ds, RDF.type, DCAT.Dataset))
    g.add((ds, DCTERMS.title, Literal("Defense cooperation knowledge graph (dckg)", lang="en")))
    g.add((ds, DCTERMS.description, Literal(
        "US defense industrial cooperation with allies and partners: countries, frameworks, dated and cited "
        "participations, legal instruments, privileges, regulations and markings.", lang="en")))
    g.add((ds, DCTERMS.license, URIRef(_license(store))))
    g.add((ds, DCTERMS.modified, built))
    g.add((ds, DCTERMS.identifier, Literal(build.build_id)))
    g.add((ds, VOID.sparqlEndpoint, sparql))
    g.add((ds, VOID.uriSpace, Literal(base_iri + "id/")))
    g.add((ds, VOID.vocabulary, URIRef(str(DCKG._NS))))
    g.add((ds, DCTERMS.conformsTo, ONTOLOGY_IRI))
    activity = URIRef(base_iri + "dataset#build")
    g.add((ds, PROV.wasGeneratedBy, activity))
    g.add((activity, RDF.type, PROV.Activity))
    g.add((activity, PROV.endedAtTime, built))
    _counts(g, ds, base_iri, quads, triples)
    for name in DUMP_NAMES:
        _distribution(g, ds, base_iri, name, dump_dir / name, sums[name])
    g.add((sparql, RDF.type, DCAT.DataService))
    g.add((sparql, DCAT.endpointURL, sparql))
    g.add((sparql, DCAT.servesDataset, ds))
    g.add((ds, DCAT.accessService, sparql))
    sources = {q.subject.value for q in store.quads_for_pattern(None, ox.NamedNode(str(RDF.type)),
                                                                  ox.NamedNode(str(DCKG.SourceDocument)), None)}
    for src in sorted(sources):
        g.add((ds, DCTERMS.source, URIRef(src)))
    return g


def _license(store: ox.Store) -> str:
    found = next(iter(store.quads_for_pattern(ox.NamedNode(str(ONTOLOGY_IRI)), ox.NamedNode(str(DCTERMS.license)),
                                              None, None)), None)
    return found.object.value if found is not None else DEFAULT_LICENSE


def _counts(g: Graph, ds: URIRef, base_iri: str, quads: list[ox.Quad], triples: list[ox.Triple]) -> None:
    rdf_type = str(RDF.type)
    classes: dict[str, set[str]] = {}
    props: Counter[str] = Counter()
    for t in triples:
        props[t.predicate.value] += 1
        if t.predicate.value == rdf_type and isinstance(t.object, ox.NamedNode):
            classes.setdefault(t.object.value, set()).add(str(t.subject))
    g.add((ds, VOID.triples, Literal(len(triples))))
    g.add((ds, VOID.distinctSubjects, Literal(len({str(t.subject) for t in triples}))))
    g.add((ds, VOID.entities, Literal(len({str(t.subject) for t in triples if isinstance(t.subject, ox.NamedNode)}))))
    g.add((ds, VOID.classes, Literal(len(classes))))
    g.add((ds, VOID.properties, Literal(len(props))))
    for i, (cls, members) in enumerate(sorted(classes.items()), start=1):
        part = URIRef(f"{base_iri}dataset#class-{i}")
        g.add((ds, VOID.classPartition, part))
        g.add((part, VOID["class"], URIRef(cls)))
        g.add((part, VOID.entities, Literal(len(members))))
    for i, (prop, n) in enumerate(sorted(props.items()), start=1):
        part = URIRef(f"{base_iri}dataset#property-{i}")
        g.add((ds, VOID.propertyPartition, part))
        g.add((part, VOID.property, URIRef(prop)))
        g.add((part, VOID.triples, Literal(n)))
    graphs = Counter(q.graph_name.value for q in quads if isinstance(q.graph_name, ox.NamedNode))
    for name, n in sorted(graphs.items()):
        sub = URIRef(name)
        g.add((ds, VOID.subset, sub))
        g.add((sub, RDF.type, VOID.Dataset))
        g.add((sub, VOID.triples, Literal(n)))
        g.add((sub, DCTERMS.isPartOf, ds))


def _distribution(g: Graph, ds: URIRef, base_iri: str, name: str, path: Path, digest: str) -> None:
    url = URIRef(f"{base_iri}dumps/{name}")
    media, compress = _DUMP_TYPES[name]
    dist = URIRef(f"{base_iri}dumps/{name}#distribution")
    g.add((ds, VOID.dataDump, url))
    g.add((ds, DCAT.distribution, dist))
    g.add((dist, RDF.type, DCAT.Distribution))
    g.add((dist, DCAT.downloadURL, url))
    g.add((dist, DCAT.mediaType, URIRef("https://www.iana.org/assignments/media-types/" + media)))
    if compress:
        g.add((dist, DCAT.compressFormat, URIRef("https://www.iana.org/assignments/media-types/" + compress)))
    g.add((dist, DCAT.byteSize, Literal(path.stat().st_size, datatype=XSD.nonNegativeInteger)))
    checksum = URIRef(f"{base_iri}dumps/{name}#sha256")
    g.add((dist, SPDX.checksum, checksum))
    g.add((checksum, RDF.type, SPDX.Checksum))
    g.add((checksum, SPDX.algorithm, SPDX.checksumAlgorithm_sha256))
    g.add((checksum, SPDX.checksumValue, Literal(digest, datatype=XSD.hexBinary)))


def cached_dumps(store: ox.Store, build: BuildInfo, base_iri: str = BASE) -> Path:
    """The dump directory of `build` (``<build>/dumps``), written once on first use.

    Several processes may ask at once: each writes a private directory and renames it into place;
    the losers discard theirs.
    """
    target = build.path / "dumps"
    if (target / CHECKSUMS).is_file():
        return target
    tmp = build.path / f".dumps.{os.getpid()}.{id(store)}.tmp"
    shutil.rmtree(tmp, ignore_errors=True)
    write_dumps(store, build, tmp, base_iri)
    try:
        os.rename(tmp, target)
    except OSError:
        shutil.rmtree(tmp, ignore_errors=True)
    return target


def export(store_dir: Path, out_dir: Path, *, base_iri: str = BASE) -> list[Path]:
    """Write the dumps and descriptions of the current build of `store_dir` into `out_dir`."""
    store, build = open_store(store_dir)
    return write_dumps(store, build, out_dir, base_iri)


__all__ = ["FORMATS", "RdfFormat", "cached_dumps", "export", "jsonld_context", "serialize", "write_dumps"]
