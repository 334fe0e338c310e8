"""Streamlit's icon font, cut down to the icons a page of ours can show.

Why: Streamlit draws its own controls' icons (the chevron of an expander or a popover, the
check of a copied link…) with one font, Material Symbols Rounded, whose 4,000 icons weigh
366 KiB: the largest file a phone downloads for our page, more than all of Streamlit's
JavaScript compressed. Streamlit names every icon it draws in its bundles as
`:material/<name>:` (and our code would name its own the same way), and the font turns each
name into its icon with a ligature. So the font a page needs is the one whose ligatures are
exactly those names: about 80 icons, 10 KiB.

The names are read from the installed Streamlit's files, not listed here, so a Streamlit
upgrade that draws a new icon brings that icon with it.
"""

from __future__ import annotations

import hashlib
import io
import re
import subprocess
import sys
from collections.abc import Iterable
from pathlib import Path

import fontTools
from fontTools import subset
from fontTools.ttLib import TTFont

ICON_NAME = re.compile(r":material/([a-z0-9_]+):")
"""How Streamlit, and an `icon=` argument of ours, name an icon of the font."""
FONT_GLOB = "MaterialSymbols-*.woff2"
"""The font's file under Streamlit's `static/media/` (its name carries a content hash)."""


def names_in(texts: Iterable[str]) -> set[str]:
    """Every icon named as `:material/<name>:` in these texts."""
    return {name for text in texts for name in ICON_NAME.findall(text)}


def names_in_files(paths: Iterable[Path]) -> set[str]:
    """Every icon named in these files (JavaScript bundles, our Python sources)."""
    return names_in(path.read_text(encoding="utf-8", errors="replace") for path in paths)


def _letters(font: TTFont) -> dict[str, str]:
    """Glyph → letter for the ASCII characters the font maps: what its ligatures are made of."""
    return {glyph: chr(code) for code, glyph in font.getBestCmap().items() if code < 128}


def _ligatures(font: TTFont) -> dict[str, str]:
    """Word → glyph for every ligature of the font ('access_time' → 'schedule': some names
    are aliases of another icon's glyph)."""
    letters = _letters(font)
    words: dict[str, str] = {}
    for lookup in font["GSUB"].table.LookupList.Lookup:
        for table in lookup.SubTable:
            table = getattr(table, "ExtSubTable", table)  # extension lookups wrap the table
            for first, ligatures in getattr(table, "ligatures", {}).items():
                for ligature in ligatures:
                    word = letters.get(first, "") + "".join(
                        letters.get(glyph, "") for glyph in ligature.Component
                    )
                    words[word] = ligature.LigGlyph
    return words


def subset_font(font_bytes: bytes, names: Iterable[str]) -> bytes:
    """The font (woff2) with only the icons whose ligature words are `names`.

    The letters stay, since the ligatures are made of them; with layout closure off, the
    ligature table keeps only the rules whose icon is kept. Names the font lacks are left out
    (Streamlit names a few icons its font does not have)."""
    # the original's timestamp kept: the same input gives the same bytes, so every replica
    # behind a load balancer serves one file under one ETag
    font = TTFont(io.BytesIO(font_bytes), recalcTimestamp=False)
    ligatures = _ligatures(font)
    options = subset.Options()
    options.layout_closure = False
    options.layout_features = ["*"]
    options.name_IDs = ["*"]
    options.name_languages = ["*"]
    options.notdef_outline = True
    options.glyph_names = True
    options.flavor = "woff2"
    subsetter = subset.Subsetter(options)
    subsetter.populate(
        glyphs=sorted({ligatures[name] for name in names if name in ligatures}),
        text="".join(_letters(font).values()),
    )
    subsetter.subset(font)
    out = io.BytesIO()
    font.save(out)
    return out.getvalue()


def recipe(names: Iterable[str]) -> str:
    """Names what `subset_font` makes of a font, for the server's disk store: the icons kept,
    the fontTools that cut them and this module's own code (a change to either is a new
    recipe, so a kept cut never outlives the code that made it)."""
    code = hashlib.sha256(Path(__file__).read_bytes()).hexdigest()[:16]
    return f"iconfont {code} fonttools-{fontTools.version} {' '.join(sorted(set(names)))}"


def subset_font_apart(font_bytes: bytes, names: Iterable[str]) -> bytes:
    """`subset_font` in a Python process of its own (font in on stdin, cut font out on stdout).

    Why: fontTools is pure Python and holds the interpreter's lock for the ~2 s the cut
    takes; run on a server thread, it would stall every reader's page meanwhile (a page load
    measured 3.6 s -> 5.1 s right after a start). A process of its own leaves the server's
    threads alone and takes its memory with it when it exits."""
    done = subprocess.run(
        [sys.executable, "-m", __name__, *sorted(set(names))],
        input=font_bytes,
        capture_output=True,
        check=True,
        timeout=300,
    )
    return done.stdout


def ligatures(font_bytes: bytes) -> dict[str, str]:
    """Word → glyph: the words a font (woff2) draws as icons, what a page may name."""
    return _ligatures(TTFont(io.BytesIO(font_bytes)))


if __name__ == "__main__":  # subset_font_apart's child: font on stdin, icon names as arguments
    sys.stdout.buffer.write(subset_font(sys.stdin.buffer.read(), sys.argv[1:]))
