"""Static checks on untrusted SPARQL text before it reaches a worker: no updates, no SERVICE outside
the allow-list, and whether the query names its own dataset (FROM / FROM NAMED).

pyoxigraph executes ``SERVICE <url>`` over HTTP from the server, so an unchecked query is a
server-side request forgery. The check tokenises the text (comments, strings and IRIs are skipped as
units, \\u escapes are decoded first) and refuses any SERVICE whose target is not an absolute IRI on the
allow-list (a variable, a prefixed name or a relative IRI never is).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_TOKEN = re.compile(
    r"""(?P<comment>\#[^\n\r]*)
      | (?P<string>'''(?:[^'\\]|\\.|'(?!''))*'''|\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"|'(?:[^'\\\n\r]|\\.)*'|"(?:[^"\\\n\r]|\\.)*")
      | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
      | (?P<var>[?$][A-Za-z0-9_\u00B7-\uFFFF]+)
      | (?P<word>[A-Za-z_][A-Za-z0-9_\-.]*(?::[A-Za-z0-9_\-.:%]*)?|:[A-Za-z0-9_\-.:%]*)
      | (?P<other>\S)""",
    re.X | re.S,
)
UPDATE_WORDS = {"INSERT", "DELETE", "LOAD", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY", "WITH"}


class Refused(Exception):
    """The query is refused; `reason` says why (answered 403)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class Checked:
    """What the checks learned: whether the query sets its own dataset (FROM/FROM NAMED)."""

    has_dataset_clause: bool


def _unescape(text: str) -> str:
    def repl(m: re.Match[str]) -> str:
        try:
            return chr(int(m.group(1) or m.group(2), 16))
        except ValueError:
            return m.group(0)
    return re.sub(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})", repl, text)


def tokens(text: str) -> list[tuple[str, str]]:
    """(kind, text) tokens without comments."""
    return [(m.lastgroup or "", m.group()) for m in _TOKEN.finditer(_unescape(text)) if m.lastgroup != "comment"]


def check(text: str, service_allowlist: list[str] | tuple[str, ...] = ()) -> Checked:
    """Refuse updates and non-allow-listed SERVICE calls.

    Raises:
        Refused: naming what was refused.
    """
    toks = tokens(text)
    words = [(i, t.upper()) for i, (k, t) in enumerate(toks) if k == "word"]
    first = next((w for i, w in words if w not in ("PREFIX", "BASE") and ":" not in w), None)
    if first in UPDATE_WORDS:
        raise Refused(f"this endpoint is read-only: SPARQL Update ({first}) is not allowed")
    allowed = {s.strip() for s in service_allowlist}
    for i, w in words:
        if w != "SERVICE":
            continue
        j = i + 1
        if j < len(toks) and toks[j][0] == "word" and toks[j][1].upper() == "SILENT":
            j += 1
        target = toks[j][1] if j < len(toks) else ""
        iri = target[1:-1] if j < len(toks) and toks[j][0] == "iri" else None
        if iri is None or iri not in allowed:
            shown = target or "(nothing)"
            raise Refused(f"SERVICE {shown} is not allowed: federated queries may only call endpoints on the "
                          f"service_allowlist setting ({', '.join(sorted(allowed)) or 'empty'})")
    has_from = any(w == "FROM" for _, w in words)
    return Checked(has_from)
