"""Strict YAML reading: duplicate keys rejected, line numbers kept, dates left as text.

A curated file is a mapping ``{recorded: DATE, records: [mapping, ...]}``. Every mapping is read
as a `LineDict` that knows the line of each key, so an error can name ``file:line: field``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from kg.errors import RecordProblem


class LineDict(dict):  # type: ignore[type-arg]
    """A mapping that remembers the line where it starts and where each key is."""

    line: int = 0
    key_lines: dict[str, int]

    def line_of(self, key: str) -> int:
        return self.key_lines.get(key, self.line)


class _DuplicateKey(yaml.MarkedYAMLError):
    pass


class _StrictLoader(yaml.SafeLoader):
    """SafeLoader without timestamp/float resolution, building LineDicts and refusing duplicate keys."""


_DROP = {"tag:yaml.org,2002:timestamp", "tag:yaml.org,2002:float"}
_StrictLoader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag not in _DROP]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def _construct_mapping(loader: _StrictLoader, node: yaml.MappingNode) -> LineDict:
    mapping = LineDict()
    mapping.line = node.start_mark.line + 1
    mapping.key_lines = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if key == "<<":
            raise _DuplicateKey(None, None, "merge keys (<<) are not allowed", key_node.start_mark)
        if key in mapping:
            raise _DuplicateKey(
                None, None,
                f"duplicate key {key!r} (first at line {mapping.key_lines[key]})", key_node.start_mark,
            )
        mapping[key] = loader.construct_object(value_node, deep=True)
        mapping.key_lines[str(key)] = key_node.start_mark.line + 1
    return mapping


_StrictLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


@dataclass
class Record:
    """One curated record: where it is and its raw fields."""

    file: str
    line: int
    fields: LineDict

    def line_of(self, name: str) -> int:
        return self.fields.line_of(name)


@dataclass
class CuratedFile:
    """A parsed curated file: its path relative to the data dir, compile date and records."""

    rel: str
    recorded: str
    records: list[Record] = field(default_factory=list)


def read_curated(path: Path, rel: str) -> tuple[CuratedFile | None, list[RecordProblem]]:
    """Read one curated YAML file; return it, or None and the problems that stopped it."""
    try:
        data: Any = yaml.load(path.read_text(encoding="utf-8"), Loader=_StrictLoader)  # noqa: S506
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        line = mark.line + 1 if mark else 0
        return None, [RecordProblem(rel, line, "yaml", f"{exc.problem or exc}")]
    except (OSError, UnicodeDecodeError) as exc:
        return None, [RecordProblem(rel, 0, "file", str(exc))]
    if not isinstance(data, LineDict) or set(data) != {"recorded", "records"}:
        return None, [RecordProblem(rel, 1, "file", "must be a mapping with exactly 'recorded' and 'records'")]
    if not isinstance(data["records"], list):
        return None, [RecordProblem(rel, data.line_of("records"), "records", "must be a list of mappings")]
    out = CuratedFile(rel, str(data["recorded"]))
    problems: list[RecordProblem] = []
    for item in data["records"]:
        if not isinstance(item, LineDict):
            problems.append(RecordProblem(rel, data.line_of("records"), "records", "every record must be a mapping"))
            continue
        out.records.append(Record(rel, item.line, item))
    return out, problems
