"""Dates as curated: a day, a month or a year, or bounds; and their earliest/latest days.

A month or year stands for any day in it. As-of questions compare a day D with the interval
[earliest, latest] in which a start or end lies (see ontology/README.md).
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

from rdflib import Literal
from rdflib.namespace import XSD

_DATE_RE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


@dataclass(frozen=True)
class PartialDate:
    """A date known to the day, month or year."""

    year: int
    month: int | None = None
    day: int | None = None

    @property
    def precision(self) -> str:
        return "day" if self.day else "month" if self.month else "year"

    @property
    def earliest(self) -> dt.date:
        return dt.date(self.year, self.month or 1, self.day or 1)

    @property
    def latest(self) -> dt.date:
        if self.day:
            return dt.date(self.year, self.month or 1, self.day)
        if self.month:
            return dt.date(self.year, self.month, calendar.monthrange(self.year, self.month)[1])
        return dt.date(self.year, 12, 31)

    def literal(self) -> Literal:
        """The date as an RDF literal of its own precision (xsd:date, xsd:gYearMonth, xsd:gYear)."""
        if self.day:
            return Literal(self.earliest.isoformat(), datatype=XSD.date)
        if self.month:
            return Literal(f"{self.year:04d}-{self.month:02d}", datatype=XSD.gYearMonth)
        return Literal(f"{self.year:04d}", datatype=XSD.gYear)

    def __str__(self) -> str:
        return str(self.literal())


def parse_partial_date(text: object) -> PartialDate:
    """Parse ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``.

    Raises:
        ValueError: with a reason when the text is not such a date or names an impossible day.
    """
    value = str(text).strip()
    m = _DATE_RE.match(value)
    if not m:
        raise ValueError(f"{value!r} is not a date of the form YYYY, YYYY-MM or YYYY-MM-DD")
    year, month, day = int(m[1]), int(m[2]) if m[2] else None, int(m[3]) if m[3] else None
    if month is not None and not 1 <= month <= 12:
        raise ValueError(f"{value!r} has no month {month}")
    if day is not None:
        try:
            dt.date(year, month or 1, day)
        except ValueError:
            raise ValueError(f"{value!r} is an impossible date") from None
    return PartialDate(year, month, day)


@dataclass(frozen=True)
class DateSpan:
    """When something happened: as stated (if a single partial date) and as an earliest/latest day.

    `earliest` None means no lower bound is known; `latest` None means no upper bound is known.
    """

    stated: PartialDate | None
    earliest: dt.date | None
    latest: dt.date | None

    @property
    def precision(self) -> str:
        return self.stated.precision if self.stated else "bounds"


def span_of(value: object) -> DateSpan:
    """Turn a curated date value (a partial date or ``{not_before, not_after}``) into a span.

    Raises:
        ValueError: when the value or a bound is malformed, or the bounds are reversed.
    """
    if isinstance(value, dict):
        unknown = set(value) - {"not_before", "not_after"}
        if unknown:
            raise ValueError(f"unknown bound key(s) {sorted(unknown)}; use not_before and not_after")
        if not value:
            raise ValueError("bounds need not_before, not_after or both")
        lo = parse_partial_date(value["not_before"]).earliest if "not_before" in value else None
        hi = parse_partial_date(value["not_after"]).latest if "not_after" in value else None
        if lo and hi and lo > hi:
            raise ValueError(f"not_before {lo} is after not_after {hi}")
        return DateSpan(None, lo, hi)
    p = parse_partial_date(value)
    return DateSpan(p, p.earliest, p.latest)
