"""Rendering answers for the terminal and for pipes: tables, SPARQL JSON/CSV, explanations."""

from __future__ import annotations

from typing import Any, TextIO

import pyoxigraph as ox
from rich.console import Console
from rich.table import Table

from kg.vocab import ID


def short(term: ox.NamedNode | ox.Literal | ox.BlankNode | None) -> str:
    """A compact display form of a term: id paths for dckg IRIs, values for literals."""
    if term is None:
        return ""
    if isinstance(term, ox.NamedNode):
        return term.value[len(str(ID)):] if term.value.startswith(str(ID)) else term.value
    return term.value


WIDE = 8  # more columns than this are shown as an outline rather than a table


def _outline(rows: list[dict[str, str]], cols: list[str], console: Console, depth: int = 0) -> None:
    """Group rows by their first column; print what is constant in a group once, recurse on the rest."""
    groups: dict[str, list[dict[str, str]]] = {}
    for row in rows:
        groups.setdefault(row[cols[0]], []).append(row)
    for group in groups.values():
        const = [c for c in cols if len({r[c] for r in group}) == 1]
        line = " · ".join(f"{c}: {group[0][c]}" for c in const if group[0][c])
        console.print(("  " * depth) + ("• " if depth else "") + line, highlight=False, soft_wrap=True)
        rest = [c for c in cols if c not in const]
        if rest:
            _outline(group, rest, console, depth + 1)


def emit_result(result: Any, fmt: str, out: TextIO, hide: tuple[str, ...] = ()) -> None:
    """Write a query result: SELECT as a table (an outline when wide), SPARQL 1.1 JSON or CSV; ASK as
    true/false; graphs as N-Triples. `hide` names columns left out of the table (bound parameters)."""
    if isinstance(result, ox.QuerySolutions):
        if fmt == "table":
            names = [v.value for v in result.variables if v.value not in hide]
            rows = [{n: short(sol[n]) for n in names} for sol in result]
            console = Console(file=out, width=max(160, Console().width))
            if len(names) > WIDE and rows:
                _outline(rows, names, console)
            else:
                table = Table(*names, show_lines=False)
                for row in rows:
                    table.add_row(*(row[n] for n in names))
                console.print(table)
            console.print(f"{len(rows)} row(s)")
            return
        qfmt = ox.QueryResultsFormat.JSON if fmt == "json" else ox.QueryResultsFormat.CSV
        out.write((result.serialize(format=qfmt) or b"").decode("utf-8"))
        if fmt == "json":
            out.write("\n")
    elif isinstance(result, ox.QueryBoolean):
        if fmt == "json":
            out.write((result.serialize(format=ox.QueryResultsFormat.JSON) or b"").decode("utf-8") + "\n")
        else:
            out.write(("true" if bool(result) else "false") + "\n")
    else:
        out.write((ox.serialize(result, format=ox.RdfFormat.N_TRIPLES) or b"").decode("utf-8"))


def _short_iri(iri: str | None) -> str:
    return (iri or "")[len(str(ID)):] if (iri or "").startswith(str(ID)) else (iri or "")


def print_explanation(answer: dict[str, Any], console: Console) -> None:
    """Print an explanation (kg.service.explain): verdict, each participation with the reasons and
    sources, derived facts with their rule, legal basis and caveats."""
    say = lambda text="", indent=0: console.print("  " * indent + text, highlight=False, soft_wrap=True)  # noqa: E731
    say(f"[bold]{answer['summary']}[/]")
    for fact in answer.get("facts", []):
        verdict = fact.get("verdict", {})
        say()
        say(f"[bold]{fact['label']}[/] ({fact['status']}; {verdict.get('state', '')}) "
            f"from {fact.get('valid_from') or fact['start'].get('precision')}"
            + (f" until {fact['valid_until']}" if fact.get("valid_until") else "")
            + f"  [{_short_iri(fact['participation'])}, {fact['record']['file']}:{fact['record']['line']}]")
        if fact.get("instrument"):
            say(f"instrument: {fact['instrument']['label']}", 1)
        for reason in fact.get("reasons", []):
            say(f"• {reason}", 1)
        for caveat in fact.get("caveats", []):
            say(f"! {caveat}", 1)
        for src in fact.get("sources", []):
            say(f"source: {src['title']} — {src['locator']} ({src['confidence']})" + (f" {src['url']}" if src.get("url") else ""), 1)
    derived = [d for d in answer.get("derived", []) if d.get("rule_label")]
    if derived:
        say()
        say("[bold]derived by rules[/]")
        for d in derived:
            say(f"• {_short_iri(d['subject'])} {d['property'].rsplit('#', 1)[-1].rsplit('/', 1)[-1]} "
                f"{_short_iri(str(d['value']))[:120]}  (rule: {d['rule_label']})", 1)
    if answer.get("legal_basis"):
        say()
        say("[bold]legal basis[/]: " + "; ".join(
            lb["label"] + (f" ({lb['citation']})" if lb.get("citation") else "") for lb in answer["legal_basis"]))
    shown: set[tuple[str, str]] = set()
    for caveat in answer.get("caveats", []):
        key = (str(caveat.get("kind")), str(caveat.get("text")))
        if key not in shown:  # the same conflict can reach an answer through the framework and a participation
            shown.add(key)
            say(f"[bold]caveat[/] ({key[0]}): {key[1]}")
