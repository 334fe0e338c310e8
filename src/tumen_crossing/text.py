"""Safe text for Streamlit markdown: content and URLs never become markup or script."""

from __future__ import annotations

import re
from urllib.parse import quote, urlsplit

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$&])")


def md(text: str) -> str:
    """Escape every character markdown (or the HTML inside it) could read as syntax."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text).replace("\n", " ")


def safe_url(url: str) -> str | None:
    """The URL if it is plain http(s), with characters that would end a markdown link encoded."""
    parts = urlsplit(url.strip())
    if parts.scheme not in {"http", "https"} or not parts.netloc:
        return None
    return quote(url.strip(), safe=":/?#[]@!$&'*+,;=%-._~").replace("(", "%28").replace(")", "%29")


def md_link(text: str, url: str) -> str:
    """A markdown link with escaped text; plain escaped text when the URL is not http(s)."""
    href = safe_url(url)
    return f"[{md(text)}]({href})" if href else md(text)
