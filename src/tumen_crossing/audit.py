"""A random sample of records beside their sources and receipts, for a person to check by hand.

Why: a validator can prove that every record carries a receipt, not that the receipt is true.
Only a reader who opens the source can. This module picks records at random (the same ones for
the same seed, so two people can check one sample) and lays out, for each, what the record says,
every source it cites with where to read it, and the words that are meant to support it.
"""

from __future__ import annotations

import random
from collections.abc import Sequence

from tumen_crossing.content import Content
from tumen_crossing.models import Source
from tumen_crossing.receipts import describe
from tumen_crossing.validate import Receipted, receipted_records


def sample(content: Content, n: int, seed: int) -> list[Receipted]:
    """n records drawn without replacement from all claims, events, trade figures and statuses;
    deterministic for a seed, and every record when n is at least their number."""
    records = list(receipted_records(content))
    if n >= len(records):
        return records
    return random.Random(seed).sample(records, n)


def _source_lines(source: Source) -> list[str]:
    published = source.published or "undated"
    lines = [
        f"    {source.publisher}: {source.title}",
        f"    published {published}, read {source.accessed.isoformat()}, in {source.language}",
        f"    url: {source.url or '(none)'}",
    ]
    if source.copy_url:
        lines.append(f"    read in a copy at: {source.copy_url}")
    if source.trust == "low":
        lines.append(f"    low trust: {source.trust_reason}")
    if source.reader_note:
        lines.append(f"    note: {source.reader_note}")
    return lines


def render(records: Sequence[Receipted], content: Content) -> str:
    """Plain text, one block per record, ready to be checked line by line against the sources."""
    blocks = []
    for i, r in enumerate(records, 1):
        lines = [
            f"[{i}/{len(records)}] {r.kind} \u2014 {r.file}: {r.record}",
            f"  says: {r.statement}",
        ]
        receipts = {receipt.source: receipt for receipt in r.receipts}
        for sid in dict.fromkeys(r.cited):
            lines.append(f"  source {sid}:")
            source = content.sources.get(sid)
            lines += _source_lines(source) if source else ["    (not in sources.json)"]
            receipt = receipts.get(sid)
            receipt_text = describe(receipt, content.sources) if receipt else "(no receipt)"
            lines.append(f"    receipt: {receipt_text}")
        lines.append("  verdict: confirmed / corrected / misattributed / wrong / unverifiable")
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks) + "\n"
