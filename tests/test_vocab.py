"""The vocabulary: every label readers meet reads well, for everything the content uses."""

from __future__ import annotations

import pytest

from tumen_crossing import vocab
from tumen_crossing.validate import validate


@pytest.fixture(scope="module")
def content():
    content, problems = validate()
    assert not problems
    return content


def test_every_claim_attribute_has_a_label_in_sentence_case(content) -> None:
    attributes = {c.attribute for c in content.claims}
    assert sorted(attributes - set(vocab.ATTRIBUTE_LABELS)) == []
    for label in vocab.ATTRIBUTE_LABELS.values():
        assert label[0].isupper() and "-" not in label, label
    assert vocab.attribute_label("length-korean-section") == "Korean section length"
    assert vocab.attribute_label("distance-to-china") == "Distance to China"
    assert vocab.attribute_label("some-new-figure") == "Some new figure"  # a new one still reads


def test_labels_inside_a_sentence_keep_proper_words_only() -> None:
    assert vocab.inline("Length") == "length"
    assert vocab.inline("Russian section length") == "Russian section length"


def test_tabs_say_what_they_are_for_and_keep_their_link_ids() -> None:
    assert vocab.TAB_LABELS == {
        "details": "Details",
        "trade": "Trade",
        "timeline": "Timeline",
        "facts": "All claims",
        "sources": "Reading list",
    }
    assert vocab.TAB_IDS == ("details", "trade", "timeline", "facts", "sources")


def test_every_source_language_has_a_name(content) -> None:
    assert {s.language for s in content.sources.values()} <= set(vocab.LANGUAGE_NAMES)
