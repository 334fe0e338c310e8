"""The audit draws the same records for the same seed and lays each beside its sources."""

from __future__ import annotations

import pytest

from tumen_crossing.audit import render, sample
from tumen_crossing.cli import main
from tumen_crossing.validate import receipted_records, validate


@pytest.fixture(scope="module")
def content():
    loaded, problems = validate()
    assert problems == []
    return loaded


def _names(records) -> list[str]:
    return [f"{r.file}: {r.record}: {r.field}" for r in records]


def test_same_seed_same_sample(content) -> None:
    assert _names(sample(content, 20, seed=7)) == _names(sample(content, 20, seed=7))


def test_other_seed_other_sample(content) -> None:
    assert _names(sample(content, 20, seed=7)) != _names(sample(content, 20, seed=8))


def test_sample_has_no_repeats_and_all_when_asked_for_more(content) -> None:
    drawn = sample(content, 30, seed=1)
    assert len(set(_names(drawn))) == 30
    everything = list(receipted_records(content))
    assert _names(sample(content, len(everything) + 5, seed=1)) == _names(everything)


def test_every_kind_of_record_can_be_drawn(content) -> None:
    kinds = {r.kind for r in sample(content, 10_000, seed=0)}
    assert kinds == {"claim", "event", "trade figure", "status", "chapter"}


def test_render_lays_each_source_beside_its_receipt(content) -> None:
    records = [r for r in receipted_records(content) if r.record == "russian-exports 2016"]
    text = render(records, content)
    assert "[1/1] trade figure — trade.json: russian-exports 2016" in text
    assert "source founding-article:" in text and "url: (none)" in text
    assert "source oec-prk-rus:" in text
    assert "not read directly" in text and "(via Smoothx:" in text
    assert "verdict:" in text


def test_render_shows_quote_where_and_copy(content) -> None:
    records = [
        r for r in receipted_records(content) if r.record.startswith("road-bridge/length (reuters")
    ]
    text = render(records, content)
    assert "850 m (claimed on 2025-03-27)" in text
    assert "read in a copy at: https://dunyanews.tv/" in text
    assert "“The road bridge, which has been under discussion for years" in text
    assert "(paragraph 6)" in text


def test_render_marks_low_trust(content) -> None:
    records = [r for r in receipted_records(content) if r.record == "june-target-missed"]
    assert "low trust: " in render(records, content)


def test_cli_prints_the_sample(capsys) -> None:
    assert main(["audit", "--sample", "3", "--seed", "42"]) == 0
    out = capsys.readouterr().out
    assert out.count("verdict:") == 3
    assert "[3/3]" in out


def test_cli_rejects_an_empty_sample() -> None:
    with pytest.raises(SystemExit):
        main(["audit", "--sample", "0"])
