"""The dckg vocabulary and IRI minting.

`DCKG` is a closed namespace (a misspelt term raises at import or first use); tests check it against
`ontology/dckg.ttl` both ways. Instance IRIs are `https://w3id.org/dckg/id/{kind}/{slug}` and named
graphs `https://w3id.org/dckg/graph/{name}`.
"""

from __future__ import annotations

import re

from rdflib import URIRef
from rdflib.namespace import DefinedNamespace, Namespace

BASE = "https://w3id.org/dckg/"
ONTOLOGY_IRI = URIRef(BASE + "ontology")
ID = Namespace(BASE + "id/")
GRAPH = Namespace(BASE + "graph/")

SLUG_RE = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
ISO2_RE = re.compile(r"^[A-Z]{2}$")
ISO3_RE = re.compile(r"^[A-Z]{3}$")

#: Kinds of instance IRI, i.e. the first path segment under /id/.
KINDS = (
    "country", "organization", "framework", "participation", "status", "agreement", "statute",
    "regulation", "executive-action", "control-list", "process", "privilege", "marking", "program",
    "finding", "recommendation", "source", "evidence", "conflict", "claim", "rule", "scheme", "precision",
)


class DCKG(DefinedNamespace):
    """Terms of the dckg ontology (https://w3id.org/dckg/ontology#)."""

    _fail = True
    _NS = Namespace(BASE + "ontology#")

    Agreement: URIRef
    Claim: URIRef
    ControlList: URIRef
    Country: URIRef
    DatePrecision: URIRef
    Evidence: URIRef
    ExecutiveAction: URIRef
    Framework: URIRef
    InferenceRule: URIRef
    LegalInstrument: URIRef
    Marking: URIRef
    Organization: URIRef
    Participation: URIRef
    ParticipationStatus: URIRef
    Privilege: URIRef
    Process: URIRef
    Program: URIRef
    ProscribedCountry: URIRef
    QualifyingCountry: URIRef
    Recommendation: URIRef
    Regulation: URIRef
    SourceConflict: URIRef
    SourceDocument: URIRef
    Statute: URIRef
    SurveyFinding: URIRef
    administeredBy: URIRef
    caveat: URIRef
    citation: URIRef
    claimedValue: URIRef
    concerns: URIRef
    condition: URIRef
    conditional: URIRef
    confersStanding: URIRef
    confidence: URIRef
    curationRef: URIRef
    enactedOn: URIRef
    endedBy: URIRef
    endedOn: URIRef
    establishedBy: URIRef
    framework: URIRef
    governedBy: URIRef
    grantedBy: URIRef
    grants: URIRef
    handling: URIRef
    hasClaim: URIRef
    hasEvidence: URIRef
    hasParticipation: URIRef
    inForceFrom: URIRef
    instrument: URIRef
    iso2: URIRef
    iso3: URIRef
    kind: URIRef
    legalBasis: URIRef
    locator: URIRef
    member: URIRef
    ordinal: URIRef
    participant: URIRef
    participatesIn: URIRef
    party: URIRef
    producedByRule: URIRef
    reauthorizationEstablished: URIRef
    recordFile: URIRef
    recordLine: URIRef
    recordedOn: URIRef
    relaxes: URIRef
    ruleQuery: URIRef
    signedOn: URIRef
    slug: URIRef
    statement: URIRef
    status: URIRef
    sunsetDate: URIRef
    validFrom: URIRef
    validFromEarliest: URIRef
    validFromLatest: URIRef
    validFromPrecision: URIRef
    validUntil: URIRef
    validUntilEarliest: URIRef
    validUntilLatest: URIRef
    validUntilPrecision: URIRef


def mint(kind: str, slug: str) -> URIRef:
    """Return the IRI of an instance of `kind` named `slug` (e.g. ``mint("country", "AU")``)."""
    if kind not in KINDS:
        raise ValueError(f"unknown IRI kind {kind!r}")
    return ID[f"{kind}/{slug}"]


def graph_iri(name: str) -> URIRef:
    """Return the IRI of the named graph `name` (e.g. ``participations/sosa`` or ``derived/inverse``)."""
    return GRAPH[name]


def split_id(iri: str) -> tuple[str, str] | None:
    """Split an instance IRI into ``(kind, slug)``; None when it is not under /id/."""
    prefix = str(ID)
    if not iri.startswith(prefix):
        return None
    kind, _, slug = iri[len(prefix):].partition("/")
    return (kind, slug) if kind in KINDS and slug else None


PREFIXES: dict[str, str] = {
    "dckg": str(DCKG._NS),
    "id": str(ID),
    "country": str(ID) + "country/",
    "framework": str(ID) + "framework/",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "dcterms": "http://purl.org/dc/terms/",
    "prov": "http://www.w3.org/ns/prov#",
    "schema": "https://schema.org/",
    "sh": "http://www.w3.org/ns/shacl#",
}
