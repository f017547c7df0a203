"""Shaping named-query rows into the answer dictionaries of `kg.service`.

Rows come from `kg.queries.run` as pyoxigraph solutions; these helpers turn them into plain values,
group evidence per participation, build caveats and explain the as-of rule's verdict in words.
Nothing here queries the store.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import pyoxigraph as ox

from kg.vocab import split_id

Row = dict[str, str | None]
CERTAINTY_RANK = {"certain": 2, "uncertain": 1}


def plain_rows(solutions: ox.QuerySolutions) -> list[Row]:
    """Solutions as dicts of plain strings (IRIs and literal lexical values), None when unbound."""
    names = [v.value for v in solutions.variables]
    return [{n: (s[n].value if s[n] is not None else None) for n in names} for s in solutions]


def slug_of(iri: str | None) -> str | None:
    """The slug of a dckg instance IRI (``.../framework/sosa`` → ``sosa``)."""
    if iri is None:
        return None
    parts = split_id(iri)
    return parts[1] if parts else iri


def source_of(row: Mapping[str, str | None]) -> dict[str, str | None]:
    return {"title": row.get("sourceTitle"), "url": row.get("sourceUrl"), "locator": row.get("locator"),
            "confidence": row.get("confidence")}


def split_caveats(text: str | None) -> list[str]:
    return [c.strip() for c in (text or "").split(" | ") if c.strip()]


def participations(rows: Iterable[Row], framework_col: str = "framework") -> dict[str, dict[str, Any]]:
    """Group rows (one per participation and citation) into participation evidence items, in row order."""
    out: dict[str, dict[str, Any]] = {}
    for r in rows:
        p = r["participation"]
        assert p is not None
        item = out.get(p)
        if item is None:
            instrument = {"iri": r["instrument"], "label": r.get("instrumentLabel")} if r.get("instrument") else None
            item = out[p] = {
                "framework": slug_of(r.get(framework_col)), "participation": p, "status": r.get("status"),
                "certainty": r.get("certainty"), "valid_from": r.get("validFrom"), "valid_until": r.get("validUntil"),
                "instrument": instrument, "legal_basis": [], "condition": r.get("condition"),
                "caveats": split_caveats(r.get("caveat")), "sources": [],
            }
        src = source_of(r)
        if src not in item["sources"]:
            item["sources"].append(src)
    return out


def best(certainties: Iterable[str | None]) -> str | None:
    """The best certainty among several standings ("certain" beats "uncertain"); None when empty."""
    ranked = [c for c in certainties if c in CERTAINTY_RANK]
    return max(ranked, key=CERTAINTY_RANK.__getitem__) if ranked else None


def legal_basis(notes: list[Row]) -> list[dict[str, str | None]]:
    """The distinct legal-basis instruments in framework-caveats rows."""
    seen: dict[str, dict[str, str | None]] = {}
    for r in notes:
        if r["kind"] == "legal-basis" and r["about"] and r["about"] not in seen:
            seen[r["about"]] = {"iri": r["about"], "label": r.get("label"), "citation": r.get("citation")}
    return list(seen.values())


def framework_caveats(slug: str, label: str, notes: list[Row], as_of: str, iso2s: set[str] | None) -> list[dict[str, Any]]:
    """Caveats from framework-caveats rows: lapsed legal basis (sunset on or before as_of without an
    established reauthorization), the framework's own caveats, and source conflicts concerning the
    framework or a participation of one of `iso2s` (all participations when None)."""
    out: list[dict[str, Any]] = []
    lapsed: dict[str, dict[str, str]] = {}
    for r in notes:
        if r["kind"] == "legal-basis" and r.get("sunset") and r.get("reauthorized") != "true" and r["sunset"] <= as_of:
            lapsed.setdefault(r["sunset"], {})[r["law"] or ""] = r.get("lawLabel") or r["law"] or ""
    for sunset, laws in sorted(lapsed.items()):
        names = "; ".join(sorted(laws.values()))
        out.append({"kind": "lapsed-legal-basis", "framework": slug, "iso2": None, "about": sorted(laws),
                    "date": sunset,
                    "text": f"The legal basis of {label} ({names}) terminated on {sunset} under its sunset provision, "
                            f"and no reauthorization is established in the sources: every standing in it is "
                            f"uncertain from that day."})
    for r in notes:
        if r["kind"] == "framework":
            for text in split_caveats(r.get("text")):
                out.append({"kind": "framework", "framework": slug, "iso2": None, "about": r["about"], "text": text})
    conflicts: dict[tuple[str | None, str | None], dict[str, Any]] = {}
    for r in notes:
        if r["kind"] != "source-conflict" or (iso2s is not None and r.get("aboutIso2") not in iso2s | {None}):
            continue
        key = (r.get("conflict"), r.get("aboutIso2"))
        entry = conflicts.setdefault(key, {"kind": "source-conflict", "framework": slug, "iso2": r.get("aboutIso2"),
                                           "about": [], "conflict": r.get("conflict"), "label": r.get("label"),
                                           "text": r.get("text")})
        if r["about"] not in entry["about"]:
            entry["about"].append(r["about"])
    out.extend(conflicts.values())
    return out


def participation_caveats(iso2: str, items: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """Conditional standings and caveats recorded on the participations behind an answer."""
    out: list[dict[str, Any]] = []
    for e in items:
        if e.get("condition"):
            out.append({"kind": "conditional", "framework": e["framework"], "iso2": iso2, "about": e["participation"],
                        "text": e["condition"]})
        for text in e.get("caveats", []):
            out.append({"kind": "participation", "framework": e["framework"], "iso2": iso2,
                        "about": e["participation"], "text": text})
    return out


KIND_ORDER = {"lapsed-legal-basis": 0, "conditional": 1, "source-conflict": 2, "exclusion": 3, "participation": 4,
              "framework": 5}


def sort_caveats(caveats: list[dict[str, Any]]) -> list[dict[str, Any]]:
    unique: list[dict[str, Any]] = []
    for c in caveats:
        if c not in unique:
            unique.append(c)
    return sorted(unique, key=lambda c: (KIND_ORDER.get(c["kind"], 9), c["framework"] or "", c.get("iso2") or ""))


def start_reason(st: int, fe: str | None, fl: str | None, as_of: str) -> str:
    if st == 2:
        return f"started on or before {as_of}: its start is certainly no later than {fl}"
    if st == 1:
        lo = fe or "an unknown day"
        hi = fl or "an unknown day"
        return f"may have started by {as_of}: its start lies between {lo} and {hi}"
    return f"had not started on {as_of}: its earliest possible start is {fe}"


def end_reason(en: int, ue: str | None, ul: str | None, as_of: str) -> str:
    if en == 2:
        return (f"had not ended on {as_of}: no end is recorded" if ue is None and ul is None
                else f"had not ended on {as_of}: its earliest possible end is {ue}, after that day")
    if en == 1:
        return (f"may have ended by {as_of}: its end lies between {ue or 'an unknown day'} and "
                f"{ul or 'an open bound (no latest end is known)'}")
    return f"had ended by {as_of}: it ended no later than {ul} (the standing does not hold on its end day)"


def verdict(state: int) -> str:
    return {2: "certain", 1: "uncertain"}.get(state, "not held")
