"""Text for Streamlit markdown: content never becomes markup, links are http(s) only."""

from __future__ import annotations

import pytest

from tumen_crossing.text import md, md_link, safe_url


def test_markdown_syntax_in_content_is_escaped() -> None:
    hostile = "**bold** [x](javascript:alert(1)) <b>1.</b> # _u_ `c` $m$ ~s~"
    escaped = md(hostile)
    for token in ("**", "](", "<b>", "`", "$m$", "~s~"):
        assert token not in escaped.replace("\\", "") or f"\\{token[0]}" in escaped
    assert "\\*\\*bold\\*\\*" in escaped and "\\<b\\>" in escaped
    assert "\n" not in md("two\nlines")


@pytest.mark.parametrize(
    "url", ["javascript:alert(1)", "data:text/html,x", "//evil.example/x", "ftp://x.org/f", " "]
)
def test_only_http_links_are_kept(url: str) -> None:
    assert safe_url(url) is None
    assert md_link("Title", url) == "Title"


def test_link_parentheses_cannot_end_the_markdown_link_early() -> None:
    url = "https://en.wikipedia.org/wiki/Tumen_(river)"
    assert safe_url(url) == "https://en.wikipedia.org/wiki/Tumen_%28river%29"
    assert md_link("Tumen (river)", url) == (
        "[Tumen \\(river\\)](https://en.wikipedia.org/wiki/Tumen_%28river%29)"
    )
