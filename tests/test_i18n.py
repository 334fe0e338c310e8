"""Languages: the catalogues are complete and current, dates and numbers follow each language's
own format, a missing translation shows English with a marker, and a broken one is caught."""

from __future__ import annotations

import dataclasses
import re
import shutil
from datetime import date
from pathlib import Path

import pytest

from tumen_crossing import i18n, views, viewstate, vocab
from tumen_crossing.content import PACKAGED_ROOT, load_content
from tumen_crossing.i18n import interface_messages
from tumen_crossing.validate import validate


@pytest.fixture(scope="module")
def content():
    content, problems = validate()
    assert not problems
    return content


@pytest.mark.parametrize("lang", i18n.TRANSLATED)
def test_every_interface_message_and_content_text_is_translated(content, lang) -> None:
    assert i18n.interface_gaps(lang) == []
    assert i18n.content_gaps(content, lang) == []


@pytest.mark.parametrize("domain", i18n.DOMAINS)
def test_the_templates_in_the_repository_match_the_code_and_the_content(content, domain) -> None:
    """`python -m tumen_crossing i18n` was run after the last change of a word: a new
    interface string or a changed sentence cannot reach readers untranslated unnoticed."""
    committed = i18n.read_catalog(PACKAGED_ROOT / "locale" / f"{domain}.pot", "en")
    fresh = i18n.template(domain, content)
    assert sorted((m.context or "", str(m.id)) for m in committed if m.id) == sorted(
        (m.context or "", str(m.id)) for m in fresh if m.id
    )


def test_every_vocabulary_word_is_a_message() -> None:
    contexts = {m.context for m in interface_messages()}
    assert {f"ui.{f.name}" for f in dataclasses.fields(vocab.InterfaceText)} <= contexts
    assert {f"kind.{k}" for k in vocab.KINDS} <= contexts
    assert {f"status.{s}" for s in vocab.STATUS_LABELS} <= contexts
    assert {f"attribute.{a}" for a in vocab.ATTRIBUTE_LABELS} <= contexts
    assert {f"tab.{t}" for t in vocab.TAB_IDS} <= contexts
    assert "legend.title" in contexts


@pytest.mark.parametrize("lang", i18n.TRANSLATED)
def test_no_interface_word_stays_english(lang) -> None:
    """Every interface text differs from the English (the few that are the same in every
    language, like a bare placeholder pattern, are named here)."""
    same_everywhere = {"ui.trade_point"} if lang == "ru" else set()
    w = i18n.words(lang)
    english = vocab.InterfaceText()
    unchanged = [
        f.name
        for f in dataclasses.fields(vocab.InterfaceText)
        if getattr(w.ui, f.name) == getattr(english, f.name)
        and f"ui.{f.name}" not in same_everywhere
        and re.search(r"[A-Za-z]{3}", re.sub(r"\{\w+\}", "", getattr(english, f.name)))
    ]
    assert unchanged == []
    assert all(w.kind(k) != info.label for k, info in vocab.KINDS.items())
    assert all(w.tab(t) != label for t, label in vocab.TAB_LABELS.items())


def test_dates_in_each_languages_own_form() -> None:
    en, ru, ko = (i18n.words(lang) for lang in ("en", "ru", "ko"))
    assert (en.day(date(2025, 4, 30)), ru.day(date(2025, 4, 30)), ko.day(date(2025, 4, 30))) == (
        "30 April 2025",
        "30 апреля 2025\u202fг.",
        "2025년 4월 30일",
    )
    assert (en.partial_date("2025-03"), ru.partial_date("2025-03"), ko.partial_date("2025-03")) == (
        "March 2025",
        "март 2025\u202fг.",
        "2025년 3월",
    )
    assert ru.partial_date("2024-06", governed=True) == "июня 2024\u202fг."  # 'с июня 2024 г.'
    assert en.partial_date("2024-06", governed=True) == "June 2024"
    assert ko.partial_date("2020") == "2020년"
    assert ko.date_range("2026-06", "2026-12") == "2026년 6월~12월"
    assert en.date_range("2024-06", "2025-04-30") == "June 2024 to 30 April 2025"


def test_numbers_lengths_and_plurals_in_each_language() -> None:
    en, ru, ko = (i18n.words(lang) for lang in ("en", "ru", "ko"))
    assert (en.number(1234.5, 1), ru.number(1234.5, 1)) == ("1,234.5", "1\xa0234,5")
    assert (en.metres(850, 0), ru.metres(850, 0), ko.metres(4700, 0)) == ("850 m", "850 м", "4.7km")
    assert en.percent(-0.121) == "-12.1%"
    assert [ru.plural("claims_count", n) for n in (1, 3, 5, 21)] == [
        ru.interface.npgettext("ui.claims_count", "{count} claim", "{count} claims", n).format(
            count=n
        )
        for n in (1, 3, 5, 21)
    ]
    forms = {ru.plural("claims_count", n).split()[-1] for n in (1, 3, 5)}
    assert len(forms) == 3  # Russian: one, few, many
    assert en.plural("claims_count", 1) == "1 claim" and en.plural("claims_count", 2) == "2 claims"


def test_the_content_in_russian_and_korean(content) -> None:
    for lang in i18n.TRANSLATED:
        there = i18n.localised(content, lang)
        assert there.lang == lang
        road = there.feature("road-bridge")
        assert road.props.description != content.feature("road-bridge").props.description
        assert vocab.UI.untranslated not in road.props.description
        details = views.details(there, road)
        assert details.name == getattr(road.props.name, lang)
        assert [code for code, _ in details.other_names] == [
            c for c in vocab.LANGUAGES if c != lang
        ]
        # sources' own words stay as their sources wrote them
        assert [s.title for s in there.sources.values()] == [
            s.title for s in content.sources.values()
        ]
    assert i18n.localised(content, "en") is content


def test_a_missing_translation_shows_english_with_a_marker(tmp_path: Path) -> None:
    root = tmp_path / "geodata"
    shutil.copytree(PACKAGED_ROOT, root, ignore=shutil.ignore_patterns("__pycache__", "*.mo"))
    bridges = root / "bridges.geojson"
    text = bridges.read_text(encoding="utf-8")
    before = load_content(root)[0].feature("road-bridge").props.description
    bridges.write_text(text.replace(before, "A sentence nobody translated."), encoding="utf-8")
    content, _ = load_content(root)
    gaps = i18n.content_gaps(content, "ru", root)
    assert [(g.file, g.record, g.field) for g in gaps] == [
        ("bridges.geojson", "road-bridge", "description")
    ]
    marker = i18n.words("ru", root).ui.untranslated
    shown = i18n.localised(content, "ru", root).feature("road-bridge").props.description
    assert shown == f"A sentence nobody translated. {marker}"


def test_a_translation_that_breaks_a_placeholder_is_reported(tmp_path: Path) -> None:
    root = tmp_path / "geodata"
    shutil.copytree(PACKAGED_ROOT / "locale", root / "locale")
    po = root / "locale" / "ru" / "LC_MESSAGES" / "interface.po"
    text = po.read_text(encoding="utf-8")
    start = text.index('msgctxt "ui.since"')
    end = text.index("\n\n", start)
    entry = text[start:end]
    broken = re.sub(r'msgstr ".*"', 'msgstr "{status} с {day}"', entry)
    po.write_text(text.replace(entry, broken), encoding="utf-8")
    gaps = i18n.interface_gaps("ru", root)
    assert [(g.record, g.message) for g in gaps] == [
        ("ui.since", "placeholders differ from '{status} since {date}'")
    ]


def test_languages_are_negotiated_from_browsers_and_links() -> None:
    assert i18n.negotiate("ru-RU") == "ru" and i18n.negotiate("ko_KR") == "ko"
    assert i18n.negotiate("de-DE") is None and i18n.negotiate("<script>") is None
    assert i18n.negotiate_header("de-DE,de;q=0.9,ko;q=0.8,en;q=0.5") == "ko"
    assert i18n.negotiate_header("fr;q=0, en;q=0.1") == "en"
    assert i18n.negotiate_header("") is None
    assert viewstate.parse_language({"lang": "ko"}) == "ko"
    assert viewstate.parse_language({"lang": ["ru", "ko"]}) is None
    assert viewstate.parse_language({"lang": "xx"}) is None


def test_a_links_notices_are_written_in_its_language() -> None:
    ui = i18n.words("ru").ui
    state, notices = viewstate.parse({"lang": "ru", "feature": "atlantis"}, {"road-bridge"}, ui=ui)
    assert state.lang == "ru" and notices == [ui.notice_unknown_feature]
    state, notices = viewstate.parse({"lang": "xx"}, {"road-bridge"})
    assert state.lang is None and notices == [vocab.UI.notice_unknown_lang]
    assert viewstate.to_query(state.with_(lang="ko")) == {"lang": "ko"}


def test_a_sentence_ending_in_an_abbreviated_date_has_one_full_stop(content) -> None:
    """Russian dates end in 'г.': a sentence they end takes no second full stop."""
    there = i18n.localised(content, "ru")
    copy = views.page_copy(there)
    said = [copy.as_of, copy.checked]
    for feature in there.features:
        details = views.details(there, feature)
        said += [part.text for line in details.summary for part in line]
    assert [s for s in said if s and s.endswith("..")] == []
    assert copy.checked and copy.checked.endswith("г.")
    assert i18n.Words.fill("{x}.", x="…and so on...") == "…and so on...."  # an ellipsis stays
