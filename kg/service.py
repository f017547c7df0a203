"""The one query service behind the REST API and the CLI: qualify, explain, changes, profiles, search.

Every fact comes from a named query in ``queries/`` run through `kg.queries.run` (parameters bound as
RDF terms, never pasted into text). Functions take the open store and the named queries, validate
their inputs (raising `QueryError` naming the parameter), and return plain JSON-ready dicts.

`Lookups` caches the date-independent answers (country table, framework list, framework caveats) of
one store; a build's store never changes, so the API keeps one per app. The CLI may pass none.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Mapping, Sequence
from typing import Any

import pyoxigraph as ox

from kg import answers as A
from kg.errors import QueryError
from kg.queries import NamedQuery, Param, parse_date, run, term_for
from kg.vocab import ID, PREFIXES

Queries = Mapping[str, NamedQuery]
MODES = ("all", "any")


class UnknownResource(QueryError):
    """A path names a country or framework that is not in the graph (the API answers 404)."""


class Lookups:
    """Date-independent answers of one store, computed on first use and kept (thread-safe enough:
    a race computes the same value twice)."""

    def __init__(self, store: ox.Store, queries: Queries) -> None:
        self.store, self.queries = store, queries
        self._cache: dict[tuple[str, ...], Any] = {}
        self._lock = threading.Lock()

    def _get(self, key: tuple[str, ...], compute: Any) -> Any:
        if key not in self._cache:
            value = compute()
            with self._lock:
                self._cache[key] = value
        return self._cache[key]

    def countries(self) -> dict[str, dict[str, Any]]:
        """iso2 → {iso2, iso3, label, iri, aliases, frameworks}."""
        def compute() -> dict[str, dict[str, Any]]:
            rows = A.plain_rows(run(self.store, self.queries["countries"], {}))
            return {r["iso2"]: {"iso2": r["iso2"], "iso3": r["iso3"], "label": r["label"], "iri": r["country"],
                                "aliases": A.split_caveats(r["aliases"]), "frameworks": int(r["frameworks"] or 0)}
                    for r in rows if r["iso2"]}
        return self._get(("countries",), compute)  # type: ignore[no-any-return]

    def frameworks(self) -> dict[str, dict[str, Any]]:
        """slug → {slug, label, iri, definition, caveats}."""
        def compute() -> dict[str, dict[str, Any]]:
            rows = A.plain_rows(run(self.store, self.queries["frameworks"], {"as_of": "today"}))
            return {r["slug"]: {"slug": r["slug"], "label": r["label"], "iri": r["framework"],
                                "definition": r["definition"], "caveats": A.split_caveats(r["caveat"])}
                    for r in rows if r["slug"]}
        return self._get(("frameworks",), compute)  # type: ignore[no-any-return]

    def framework_notes(self, slug: str) -> list[A.Row]:
        """The framework-caveats rows of one framework (legal basis, caveats, conflicts)."""
        return self._get(("notes", slug), lambda: A.plain_rows(  # type: ignore[no-any-return]
            run(self.store, self.queries["framework-caveats"], {"framework": slug})))


def _lookups(store: ox.Store, queries: Queries, lookups: Lookups | None) -> Lookups:
    return lookups if lookups is not None and lookups.store is store else Lookups(store, queries)


def _date(value: str | dt.date | None, param: str) -> str:
    if isinstance(value, dt.date):
        return value.isoformat()
    return parse_date((value or "today").strip(), param).isoformat()


def _slugs(values: Sequence[str] | str | None, param: str, store: ox.Store, required: bool) -> list[str]:
    """Framework slugs from a list or comma-separated string, checked against the graph, in order, once each."""
    items = [values] if isinstance(values, str) else list(values or [])
    slugs: list[str] = []
    for item in items:
        for s in item.split(","):
            s = s.strip()
            if s and s not in slugs:
                term_for(Param(param, "framework", ""), s, store)  # rejects a malformed or unknown slug
                slugs.append(s)
    if required and not slugs:
        raise QueryError(f"{param}: give at least one framework slug", param)
    return slugs


def _country(value: str, param: str, store: ox.Store) -> str:
    code = value.strip().upper()
    try:
        term_for(Param(param, "country", ""), code, store)
    except QueryError as exc:
        if code.isalpha() and len(code) == 2:
            raise UnknownResource(exc.message, param) from None
        raise
    return code


def _standings(store: ox.Store, queries: Queries, slugs: list[str], as_of: str) -> dict[str, dict[str, Any]]:
    """iso2 → {iso2, label, iri, by: {slug: [participation evidence]}} for every country holding a standing
    in one of `slugs` on `as_of` (one framework-members query per framework)."""
    out: dict[str, dict[str, Any]] = {}
    for slug in slugs:
        rows = A.plain_rows(run(store, queries["framework-members"], {"framework": slug, "as_of": as_of}))
        _collect(out, rows, slug)
    return out


def _collect(out: dict[str, dict[str, Any]], rows: list[A.Row], slug: str | None) -> None:
    by_country: dict[str, list[A.Row]] = {}
    for r in rows:
        by_country.setdefault(r["iso2"] or "", []).append(r)
    for iso2, crow in by_country.items():
        entry = out.setdefault(iso2, {"iso2": iso2, "label": crow[0]["label"], "iri": crow[0]["country"], "by": {}})
        for item in A.participations(crow).values():
            entry["by"].setdefault(slug or item["framework"], []).append(item)


def qualify(store: ox.Store, queries: Queries, frameworks: Sequence[str] | str, as_of: str | dt.date | None = None,
            mode: str = "all", exclude: Sequence[str] | str | None = None,
            lookups: Lookups | None = None) -> dict[str, Any]:
    """Countries holding a standing in all (``mode="all"``) or any (``"any"``) of `frameworks` on `as_of`
    (default today), less those certainly in any of `exclude` (a country only possibly in one stays,
    uncertain, with an ``exclusion`` caveat). Each country carries its certainty (certain only when every
    standing it needs is certain) and the evidence behind each standing; ``caveats`` lists lapsed legal
    bases, conditional standings, source conflicts and the participations' and frameworks' caveats.

    Raises:
        QueryError: naming ``frameworks``, ``exclude``, ``as_of`` or ``mode``.
    """
    look = _lookups(store, queries, lookups)
    day = _date(as_of, "as_of")
    if mode not in MODES:
        raise QueryError(f"mode: {mode!r} is not one of {', '.join(MODES)}", "mode")
    slugs = _slugs(frameworks, "frameworks", store, required=True)
    excluded = _slugs(exclude, "exclude", store, required=False)
    if mode == "all" and len(slugs) == 2:
        # the flagship named question answers exactly this, in one query
        rows = A.plain_rows(run(store, queries["in-both-frameworks"], {"a": slugs[0], "b": slugs[1], "as_of": day}))
        held: dict[str, dict[str, Any]] = {}
        _collect(held, rows, None)
    else:
        held = _standings(store, queries, slugs, day)
    out_of = _standings(store, queries, excluded, day) if excluded else {}
    notes = {s: look.framework_notes(s) for s in slugs}
    basis = {s: A.legal_basis(n) for s, n in notes.items()}
    table = look.countries()
    countries, caveats = [], []
    for iso2, entry in sorted(held.items()):
        have = [s for s in slugs if s in entry["by"]]
        if (mode == "all" and len(have) < len(slugs)) or not have:
            continue
        per = [A.best(i["certainty"] for i in entry["by"][s]) for s in have]
        certainty = "certain" if (all(c == "certain" for c in per) if mode == "all" else "certain" in per) else "uncertain"
        ex = out_of.get(iso2, {"by": {}})["by"]
        if any(A.best(i["certainty"] for i in ex[s]) == "certain" for s in ex):
            continue
        for s in ex:
            certainty = "uncertain"
            caveats.append({"kind": "exclusion", "framework": s, "iso2": iso2, "about": [i["participation"] for i in ex[s]],
                            "text": f"{entry['label']} may hold a standing in the excluded framework {s} on {day}."})
        evidence = [dict(item, legal_basis=basis[s]) for s in have for item in entry["by"][s]]
        info = table.get(iso2, {})
        countries.append({"iso2": iso2, "iso3": info.get("iso3"), "label": entry["label"], "iri": entry["iri"],
                          "certainty": certainty, "evidence": evidence})
        caveats.extend(A.participation_caveats(iso2, evidence))
    answer_iso = {c["iso2"] for c in countries}
    fw = look.frameworks()
    for s in slugs:
        caveats.extend(A.framework_caveats(s, fw.get(s, {}).get("label", s), notes[s], day, answer_iso))
    return {"as_of": day, "frameworks": slugs, "mode": mode, "exclude": excluded, "countries": countries,
            "caveats": A.sort_caveats(caveats)}


def explain(store: ox.Store, queries: Queries, country: str, framework: str, as_of: str | dt.date | None = None,
            lookups: Lookups | None = None) -> dict[str, Any]:
    """Why `country` does or does not hold a standing in `framework` on `as_of`: each participation with
    the facts the as-of rule reads and its verdict in words, the triples derived by build rules about it
    (with the rule), the framework's legal basis, the caveats and every citation.

    Raises:
        QueryError: naming ``country``, ``framework`` or ``as_of``.
    """
    look = _lookups(store, queries, lookups)
    day = _date(as_of, "as_of")
    iso2 = _country(country, "country", store)
    slug = _slugs([framework], "framework", store, required=True)[0]
    rows = A.plain_rows(run(store, queries["explain-standing"], {"country": iso2, "framework": slug, "as_of": day}))
    facts: list[dict[str, Any]] = []
    by_p: dict[str, list[A.Row]] = {}
    for r in rows:
        by_p.setdefault(r["participation"] or "", []).append(r)
    for p, prow in by_p.items():
        r = prow[0]
        st, en, state = int(r["st"] or 0), int(r["en"] or 0), int(r["state"] or 0)
        reasons = [A.start_reason(st, r["fe"], r["fl"], day), A.end_reason(en, r["ue"], r["ul"], day)]
        if r["conditional"] == "true":
            reasons.append(f"the standing is conditional, so at best uncertain: {r['condition']}")
        if r["confers"] != "true":
            reasons.append(f"its status '{r['status']}' does not confer the standing")
        sources = []
        for x in prow:
            src = dict(A.source_of(x), curation_ref=x.get("curationRef"), note=x.get("note"))
            if src not in sources:
                sources.append(src)
        facts.append({
            "participation": p, "label": r["participationLabel"], "status": r["status"],
            "confers_standing": r["confers"] == "true", "valid_from": r["validFrom"], "valid_until": r["validUntil"],
            "start": {"earliest": r["fe"], "latest": r["fl"], "precision": r["fromPrecision"]},
            "end": {"earliest": r["ue"], "latest": r["ul"], "precision": r["untilPrecision"]},
            "conditional": r["conditional"] == "true", "condition": r["condition"],
            "caveats": A.split_caveats(r["caveat"]),
            "instrument": {"iri": r["instrument"], "label": r["instrumentLabel"]} if r["instrument"] else None,
            "ended_by": {"iri": r["endedBy"], "label": r["endedByLabel"]} if r["endedBy"] else None,
            "record": {"file": r["recordFile"], "line": int(r["recordLine"])} if r["recordFile"] else None,
            "verdict": {"start": A.verdict(st), "end": A.verdict(en), "state": A.verdict(state)},
            "reasons": reasons, "sources": sources,
        })
    derived: list[dict[str, Any]] = []
    targets = [(p, None) for p in by_p] + [(f"{ID}country/{iso2}", f"{ID}framework/{slug}")]
    for resource, only_value in targets:
        for d in A.plain_rows(run(store, queries["derived-facts"], {"resource": resource})):
            if only_value is None or d["value"] == only_value or d["value"].startswith(PREFIXES["dckg"]):
                derived.append({"subject": resource, "property": d["property"], "value": d["value"],
                                "rule": d["rule"], "rule_label": d["ruleLabel"], "graph": d["graph"]})
    best_state = max((f for f in facts), key=lambda f: A.CERTAINTY_RANK.get(f["verdict"]["state"], 0), default=None)
    certainty = best_state["verdict"]["state"] if best_state and best_state["verdict"]["state"] != "not held" else None
    notes = look.framework_notes(slug)
    fw = look.frameworks().get(slug, {"slug": slug, "label": slug, "iri": f"{ID}framework/{slug}"})
    info = look.countries().get(iso2, {"iso2": iso2, "label": iso2, "iri": f"{ID}country/{iso2}"})
    held = [f for f in facts if f["verdict"]["state"] != "not held"]
    caveats = A.framework_caveats(slug, fw["label"], notes, day, {iso2})
    caveats += A.participation_caveats(iso2, [{"framework": slug, "participation": f["participation"],
                                                "condition": f["condition"], "caveats": f["caveats"]} for f in held])
    if certainty is None:
        summary = (f"{info['label']} does not hold the standing '{fw['label']}' on {day}: " +
                   ("; ".join(f["reasons"][0] if f["verdict"]["start"] == "not held" else "; ".join(f["reasons"][1:])
                              for f in facts) if facts else "no participation in it is recorded."))
    else:
        summary = f"{info['label']} holds the standing '{fw['label']}' on {day} ({certainty})."
    citations: list[dict[str, Any]] = []
    for f in facts:
        citations.extend(s for s in f["sources"] if s not in citations)
    return {"country": {k: info.get(k) for k in ("iso2", "iso3", "label", "iri")},
            "framework": {k: fw.get(k) for k in ("slug", "label", "iri")}, "as_of": day,
            "holds": certainty is not None, "certainty": certainty, "summary": summary, "facts": facts,
            "derived": derived, "legal_basis": A.legal_basis(notes), "caveats": A.sort_caveats(caveats),
            "citations": citations}


def changes(store: ox.Store, queries: Queries, start: str | dt.date, end: str | dt.date,
            frameworks: Sequence[str] | str | None = None) -> dict[str, Any]:
    """Who gained or lost which standing between `start` and `end` (both inclusive), optionally only in
    `frameworks`. An event whose day is known only within bounds is ``uncertain``.

    Raises:
        QueryError: naming ``from``, ``to`` or ``frameworks``.
    """
    first, last = _date(start, "from"), _date(end, "to")
    if last < first:
        raise QueryError(f"to: {last} is before from {first}", "to")
    slugs = _slugs(frameworks, "frameworks", store, required=False)
    rows = A.plain_rows(run(store, queries["changes-between"], {"start": first, "end": last}))
    events: dict[tuple[str | None, str | None], dict[str, Any]] = {}
    for r in rows:
        if slugs and r["slug"] not in slugs:
            continue
        key = (r["participation"], r["change"])
        ev = events.get(key)
        if ev is None:
            date = r["date"] or (r["earliest"] if r["earliest"] and r["earliest"] == r["latest"] else None)
            ev = events[key] = {"iso2": r["iso2"], "label": r["label"], "framework": r["slug"], "change": r["change"],
                                "date": date, "earliest": r["earliest"], "latest": r["latest"],
                                "certainty": r["certainty"], "status": r["status"], "participation": r["participation"],
                                "evidence": []}
        src = A.source_of(r)
        if src not in ev["evidence"]:
            ev["evidence"].append(src)
    ordered = sorted(events.values(), key=lambda e: (e["earliest"] or e["latest"] or "", e["iso2"], e["framework"], e["change"]))
    return {"from": first, "to": last, "frameworks": slugs or None, "changes": ordered}


def country_profile(store: ox.Store, queries: Queries, iso2: str, as_of: str | dt.date | None = None,
                    lookups: Lookups | None = None) -> dict[str, Any]:
    """A country on `as_of`: its standings with evidence, privileges, agreements, caveats and sources.

    Raises:
        UnknownResource: when no such country is in the graph; QueryError for a malformed code or date.
    """
    look = _lookups(store, queries, lookups)
    day = _date(as_of, "as_of")
    code = _country(iso2, "iso2", store)
    rows = A.plain_rows(run(store, queries["country-standings"], {"country": code, "as_of": day}))
    by_fw: dict[str, list[A.Row]] = {}
    for r in rows:
        by_fw.setdefault(r["slug"] or "", []).append(r)
    standings, caveats, sources = [], [], []
    for slug, frows in by_fw.items():
        items = list(A.participations(frows).values())
        basis = A.legal_basis(look.framework_notes(slug))
        items = [dict(i, legal_basis=basis) for i in items]
        standings.append({"framework": slug, "label": frows[0]["frameworkLabel"], "iri": frows[0]["framework"],
                          "certainty": A.best(i["certainty"] for i in items), "evidence": items})
        caveats += A.participation_caveats(code, items)
        caveats += A.framework_caveats(slug, frows[0]["frameworkLabel"] or slug, look.framework_notes(slug), day, {code})
        for i in items:
            sources.extend(s for s in i["sources"] if s not in sources)
    privileges = [{"privilege": r["privilege"], "label": r["privilegeLabel"], "framework": A.slug_of(r["framework"]),
                   "relaxes": r["relaxes"], "relaxes_label": r["relaxesLabel"], "certainty": r["certainty"]}
                  for r in A.plain_rows(run(store, queries["country-privileges"], {"country": code, "as_of": day}))]
    agreements = [{"agreement": r["agreement"], "label": r["label"], "kind": r["kind"], "signed": r["signed"],
                   "in_force": r["inForce"], "ended": r["ended"],
                   "parties": [p.strip() for p in (r["parties"] or "").split(",") if p.strip()]}
                  for r in A.plain_rows(run(store, queries["country-agreements"], {"country": code}))]
    info = look.countries().get(code, {"iso2": code})
    return {"country": {k: info.get(k) for k in ("iso2", "iso3", "label", "iri", "aliases")}, "as_of": day,
            "standings": standings, "privileges": privileges, "agreements": agreements,
            "caveats": A.sort_caveats(caveats), "sources": sources}


def countries_list(store: ox.Store, queries: Queries, lookups: Lookups | None = None) -> dict[str, Any]:
    """Every country: codes, label, IRI, aliases and how many frameworks it has ever held a standing in."""
    return {"countries": list(_lookups(store, queries, lookups).countries().values())}


def frameworks_list(store: ox.Store, queries: Queries, as_of: str | dt.date | None = None) -> dict[str, Any]:
    """Every framework with its definition, caveats and member counts (certain, uncertain) on `as_of`."""
    day = _date(as_of, "as_of")
    rows = A.plain_rows(run(store, queries["frameworks"], {"as_of": day}))
    return {"as_of": day, "frameworks": [
        {"slug": r["slug"], "label": r["label"], "iri": r["framework"], "definition": r["definition"],
         "caveats": A.split_caveats(r["caveat"]),
         "members": {"certain": int(r["certain"] or 0), "uncertain": int(r["uncertain"] or 0)}} for r in rows]}


def members(store: ox.Store, queries: Queries, slug: str, as_of: str | dt.date | None = None,
            lookups: Lookups | None = None) -> dict[str, Any]:
    """The countries holding a standing in one framework on `as_of`, with evidence and caveats.

    Raises:
        UnknownResource: when no such framework is in the graph.
    """
    try:
        _slugs([slug], "slug", store, required=True)
    except QueryError as exc:
        raise UnknownResource(exc.message, "slug") from None
    look = _lookups(store, queries, lookups)
    answer = qualify(store, queries, [slug], as_of, "all", None, look)
    fw = look.frameworks().get(slug, {})
    return {"framework": {"slug": slug, "label": fw.get("label"), "iri": fw.get("iri")}, "as_of": answer["as_of"],
            "members": answer["countries"], "caveats": answer["caveats"]}


def search(store: ox.Store, queries: Queries, q: str, limit: int = 20) -> dict[str, Any]:
    """Resources whose label, alias, code or slug contains `q` (case-insensitive), best matches first.

    Raises:
        QueryError: naming ``q`` when it is empty or longer than 100 characters, ``limit`` when out of range.
    """
    text = (q or "").strip()
    if not text or len(text) > 100:
        raise QueryError("q: give 1 to 100 characters", "q")
    if not 1 <= limit <= 50:
        raise QueryError("limit: between 1 and 50", "limit")
    rows = A.plain_rows(run(store, queries["search-labels"], {"q": text}))
    results = []
    for r in rows[:limit]:
        iri = r["resource"] or ""
        kind, _, ident = iri[len(str(ID)):].partition("/") if iri.startswith(str(ID)) else ("", "", iri)
        results.append({"iri": iri, "kind": kind, "id": ident, "label": r["label"], "matched": r["matched"]})
    return {"q": text, "results": results}
