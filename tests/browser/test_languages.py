"""The explainer in Russian and Korean, as a reader meets it: every tab in the language, no
English interface word left, dates in the language's own form, the selected feature described
in it, the switcher, and a browser's own language followed when the link names none."""

from __future__ import annotations

import re
from datetime import date

import pytest
from playwright.sync_api import expect

from tumen_crossing import i18n, views, vocab
from tumen_crossing.validate import validate

from .conftest import (
    ARTIFACTS,
    DESKTOP,
    RERUN_TIMEOUT,
    assert_clean,
    open_watched,
    tap_tab,
    violations,
)

pytestmark = pytest.mark.browser

VISIBLE_TEXT = """() => {
  // What a reader reads: visible text outside links (links are the sources' own titles and
  // publishers, which stay in their own language).
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const out = [];
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const el = node.parentElement;
    if (!el || el.closest("a, script, style, noscript, code, [hidden]")) continue;
    if (!el.checkVisibility()) continue;
    out.push(node.textContent);
  }
  return out.join("\\n");
}"""


@pytest.fixture(scope="module")
def content():
    content, problems = validate()
    assert not problems
    return content


def english_words(lang: str) -> list[str]:
    """The English interface texts (whole phrases, split at their placeholders) that read
    differently in `lang`: none of them may be on a page in that language."""
    w = i18n.words(lang)
    pairs = [
        (getattr(vocab.UI, name), getattr(w.ui, name)) for name in vocab.UI.__dataclass_fields__
    ]
    pairs += [(label, w.tab(t)) for t, label in vocab.TAB_LABELS.items()]
    pairs += [(info.label, w.kind(k)) for k, info in vocab.KINDS.items()]
    pairs += [(label, w.status(s)) for s, label in vocab.STATUS_LABELS.items()]
    pairs += [(label, w.attribute(a)) for a, label in vocab.ATTRIBUTE_LABELS.items()]
    pairs += [(row.label, mine.label) for row, mine in zip(vocab.LEGEND, w.legend, strict=True)]
    found = set()
    for english, translated in pairs:
        if english == translated:
            continue
        for piece in re.split(r"\{\w+\}", english):
            piece = piece.strip(" .,:;·()—–-*\u201c\u201d")
            if len(piece) >= 8 and " " in piece:
                found.add(piece)
    return sorted(found)


def opened(browser, app_url: str, size, query: str, locale: str = "en-GB"):
    context, watched = open_watched(browser, size, locale=locale)
    watched.page.goto(f"{app_url}/{query}")
    watched.map_frame()
    return context, watched


@pytest.mark.parametrize("lang", i18n.TRANSLATED)
def test_every_tab_in_the_language_with_a_feature_selected(
    browser, app_url: str, content, lang: str, axe_source: str
) -> None:
    """At a laptop's size: what is checked here (every word in the language, dates in its
    form) is the same text on a phone, whose layout test_layout and test_story check."""
    size = DESKTOP
    w = i18n.words(lang)
    there = i18n.localised(content, lang)
    road = there.feature("road-bridge")
    context, watched = opened(browser, app_url, size, f"?lang={lang}&feature=road-bridge")
    page = watched.page
    try:
        assert page.evaluate("document.documentElement.lang") == lang
        details = page.get_by_role("tabpanel", name=w.tab("details"), exact=True)
        expect(details.locator("h3").first).to_have_text(road.props.name.__dict__[lang])
        lead = views.split_first_sentence(road.props.description)[0]
        expect(details.get_by_text(lead, exact=False).first).to_be_visible()
        began = w.ui.since.format(
            status=w.status("under-construction"), date=w.day(date(2025, 2, 27))
        )
        expect(details.get_by_text(views.sentence(began), exact=False).first).to_be_visible()
        legend = watched.map_frame().get_by_text(w.legend_title, exact=True)
        expect(legend).to_have_count(1)
        left_over, found = {}, {}
        # Korean is also the accessibility check of a translated page: axe on every tab here
        # spares test_accessibility a second load of the same page
        with_axe = lang == "ko"
        for tab in vocab.TAB_IDS:
            panel = tap_tab(page, w.tab(tab))
            expect(panel.locator("h3").first).to_be_visible(timeout=RERUN_TIMEOUT)
            text = page.evaluate(VISIBLE_TEXT)
            left_over[tab] = [e for e in english_words(lang) if e in text]
            if with_axe:
                found[tab] = violations(watched, axe_source)
            if tab == "timeline":  # dates in the language's own form
                expect(panel.get_by_text(w.day(date(2025, 4, 30))).first).to_be_visible()
        assert left_over == {tab: [] for tab in vocab.TAB_IDS}
        assert found == ({tab: [] for tab in vocab.TAB_IDS} if with_axe else {})
        tap_tab(page, w.tab("details"))
        expect(details.locator("h3").first).to_be_visible()
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=ARTIFACTS / f"lang-{lang}-{size['width']}.png")
        assert_clean(watched, app_url)
    finally:
        context.close()


def test_the_switcher_changes_the_language_in_place_and_the_link_keeps_it(
    browser, app_url: str, content
) -> None:
    ru = i18n.words("ru")
    context, watched = opened(browser, app_url, DESKTOP, "?feature=friendship-bridge")
    page = watched.page
    try:
        heading = page.get_by_role("tabpanel", name=vocab.TAB_LABELS["details"]).locator("h3")
        expect(heading.first).to_have_text(content.feature("friendship-bridge").props.name.en)
        page.evaluate("window.__notReloaded = true")
        page.get_by_role("radio", name=vocab.LANGUAGE_CODES["ru"], exact=True).or_(
            page.get_by_role("button", name=vocab.LANGUAGE_CODES["ru"], exact=True)
        ).first.click()
        page.wait_for_function(
            "() => new URLSearchParams(location.search).get('lang') === 'ru'",
            timeout=RERUN_TIMEOUT,
        )
        heading = page.get_by_role("tabpanel", name=ru.tab("details")).locator("h3")
        expect(heading.first).to_have_text(content.feature("friendship-bridge").props.name.ru)
        page.wait_for_function("() => document.documentElement.lang === 'ru'")
        assert page.evaluate("window.__notReloaded === true")  # no reload: the same page
        assert "feature=friendship-bridge" in page.evaluate("location.search")
        assert_clean(watched, app_url)
    finally:
        context.close()


def test_a_link_without_a_language_follows_the_browser_and_shares_it(
    browser, app_url: str, content
) -> None:
    ko = i18n.words("ko")
    context, watched = opened(browser, app_url, DESKTOP, "?feature=road-bridge", locale="ko-KR")
    page = watched.page
    try:
        heading = page.get_by_role("tabpanel", name=ko.tab("details")).locator("h3")
        expect(heading.first).to_have_text(content.feature("road-bridge").props.name.ko)
        assert page.evaluate("document.documentElement.lang") == "ko"
        assert "lang=" not in page.evaluate("location.search")  # the link stays as it came
        page.get_by_role("button", name=ko.ui.share).click()
        link = page.locator('[data-testid="stCode"] code').first
        expect(link).to_contain_text("lang=ko")  # whoever opens the shared link reads Korean
        assert_clean(watched, app_url)
    finally:
        context.close()
