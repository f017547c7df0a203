"""Error types. Each says what broke and where; `str()` is written once in the base class.

Exit codes used by the CLI: 0 ok, 1 the graph does not conform (SHACL / OWL), 2 bad input.
"""

from __future__ import annotations

from dataclasses import dataclass


class DckgError(Exception):
    """Base class of dckg errors; `exit_code` is what the CLI returns for it."""

    exit_code = 2

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


@dataclass(frozen=True)
class RecordProblem:
    """One problem in one curated record: file (relative to the data dir), line, field, reason."""

    file: str
    line: int
    field: str
    reason: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.field}: {self.reason}"


class RecordErrors(DckgError):
    """Curated records that could not be loaded; all problems of one pass, in file order."""

    exit_code = 2

    def __init__(self, problems: list[RecordProblem]) -> None:
        self.problems = sorted(problems, key=lambda p: (p.file, p.line, p.field))
        lines = "\n".join(str(p) for p in self.problems)
        super().__init__(f"{len(self.problems)} record error(s):\n{lines}")


class ValidationFailed(DckgError):
    """The graph does not conform to the SHACL shapes; `violations` name file and record."""

    exit_code = 1

    def __init__(self, violations: list[str]) -> None:
        self.violations = violations
        super().__init__(f"{len(violations)} SHACL violation(s):\n" + "\n".join(violations))


class Inconsistent(DckgError):
    """The ontology plus data is inconsistent under OWL (HermiT)."""

    exit_code = 1


class QueryError(DckgError):
    """A named query or a query parameter was rejected; `param` names the parameter when there is one."""

    exit_code = 2

    def __init__(self, message: str, param: str | None = None) -> None:
        super().__init__(message)
        self.param = param


class StoreMissing(DckgError):
    """No built store exists where one was expected."""

    exit_code = 2
