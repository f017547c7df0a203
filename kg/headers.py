"""`#+` YAML headers of .rq files (the grlc convention): metadata lines at the top keep the file valid SPARQL."""

from __future__ import annotations

from typing import Any

import yaml


def split_header(text: str) -> tuple[dict[str, Any], str]:
    """Return the parsed ``#+`` header and the query text (header lines removed).

    Raises:
        ValueError: when the header is not a YAML mapping.
    """
    header_lines, body_lines = [], []
    for line in text.splitlines():
        if line.startswith("#+"):
            header_lines.append(line[3:] if line.startswith("#+ ") else line[2:])
        else:
            body_lines.append(line)
    header = yaml.safe_load("\n".join(header_lines)) if header_lines else {}
    if header is None:
        header = {}
    if not isinstance(header, dict):
        raise ValueError("the #+ header must be a YAML mapping")
    return header, "\n".join(body_lines).strip() + "\n"
