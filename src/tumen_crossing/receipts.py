"""Receipts as plain text: one line per cited source, for the CSV downloads and the audit.

The renderers show receipts their own way; this is the flat form that travels in a table cell
or a terminal, so a reader can check a figure without opening the page.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from tumen_crossing.models import Receipt, Source


def describe(receipt: Receipt, sources: Mapping[str, Source]) -> str:
    """'Reuters: "the words" (paragraph 4)', or 'OEC: not read directly (via Smoothx: ...)'."""
    source = sources.get(receipt.source)
    name = source.publisher if source else receipt.source
    if receipt.quote is not None:
        return f"{name}: \u201c{receipt.quote}\u201d ({receipt.where})"
    via = sources.get(receipt.via) if receipt.via else None
    through = f" (via {via.publisher}: {via.title})" if via else ""
    return f"{name}: {receipt.unread}{through}"


def describe_all(receipts: Iterable[Receipt], sources: Mapping[str, Source]) -> str:
    """Every receipt of a record on one line, separated by ' | '."""
    return " | ".join(describe(r, sources) for r in receipts)
