"""Languages: the interface and the content in English, Russian and Korean.

Why gettext catalogues: translators and their tools (Poedit, Weblate) know `.po` files, Babel
reads, updates and compiles them, and a catalogue says by itself what is missing or stale.
Two catalogues per language live with the content, in `geodata/locale/<lang>/LC_MESSAGES/`:

- `interface.po`: every word of the vocabulary (`vocab`): interface text, kinds, statuses,
  base maps, measures, claim attributes, tabs. Each message has a context naming its place in
  the vocabulary (`ui.intro`, `kind.river`), so two identical English words can differ.
- `content.po`: every sentence of `geodata/` written in our own words (descriptions, status
  notes, events, story chapters, claim and trade notes, readers' notes on sources). The English
  text is the message id: when an editor changes it, the old translation no longer matches, so
  it is reported missing instead of shown stale. Each entry names the file, record and field it
  comes from. Source titles and quotes stay in their own language.

`python -m tumen_crossing i18n` rewrites both templates (`geodata/locale/*.pot`) from the code
and the content and merges them into every language's `.po` (Babel's update: a changed
sentence becomes fuzzy, that is untranslated until a translator checks it); `i18n --compile`
writes the `.mo` files. A catalogue without a fresh `.mo` is compiled in memory on first use.

Dates and numbers come from Babel (CLDR): '30 April 2025', '30 апреля 2025 г.', '2025년 4월 30일'.
"""

from __future__ import annotations

import dataclasses
import gettext
import io
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from functools import cache, cached_property
from pathlib import Path
from typing import Any

from babel import Locale
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po
from babel.numbers import format_compact_decimal, format_decimal, format_percent
from pydantic import BaseModel

from tumen_crossing import vocab
from tumen_crossing.content import Content, Feature, Layer, content_root
from tumen_crossing.dates import (
    format_date_range,
    format_day,
    format_in_year,
    format_partial_date,
    parse_partial_date,
)
from tumen_crossing.measurements import format_metres
from tumen_crossing.models import (
    AccuracyStretch,
    Chapter,
    Claim,
    Event,
    FeatureProperties,
    Receipt,
    Source,
    StatusEntry,
    TradeFigure,
)

Language = vocab.Language
LANGUAGES = vocab.LANGUAGES
TRANSLATED = tuple(lang for lang in LANGUAGES if lang != vocab.LANGUAGE)
"""The languages our English is translated into."""
LOCALES: dict[Language, str] = {"en": "en_GB", "ru": "ru", "ko": "ko"}
"""The CLDR locale of each language: British English writes '30 April 2025', as our copy does."""
DOMAINS = ("interface", "content")
LOCALE_FOLDER = "locale"
PROJECT = vocab.SITE_NAME
HEADER = (
    "# Tumen Crossing: words for readers, translated.\n"
    "# Written by `python -m tumen_crossing i18n` (see src/tumen_crossing/i18n.py); translators\n"
    "# fill in msgstr, keep every {placeholder} and clear the fuzzy flag once checked."
)
FIXED_DATE = datetime(2026, 1, 1, tzinfo=UTC)
"""The templates' creation date, fixed so that regenerating them changes only what changed."""

# --- the vocabulary as messages ---------------------------------------------------------------


@dataclass(frozen=True)
class Message:
    context: str
    text: str
    plural: str | None = None


PLURALS = {"claims_count": ("{count} claim", "{count} claims")}
"""Interface messages whose form follows a number (Russian has three forms, Korean one)."""


def interface_messages() -> tuple[Message, ...]:
    """Every word of the vocabulary a reader can see, each with its place as context."""
    found = [Message(f"ui.{f.name}", f.default) for f in dataclasses.fields(vocab.InterfaceText)]
    found += [Message(f"ui.{name}", one, many) for name, (one, many) in PLURALS.items()]
    found += [Message(f"kind.{k}", info.label) for k, info in vocab.KINDS.items()]
    found += [Message(f"status.{s}", label) for s, label in vocab.STATUS_LABELS.items()]
    found += [Message(f"legend.{i}", row.label) for i, row in enumerate(vocab.LEGEND)]
    found.append(Message("legend.title", vocab.LEGEND_TITLE))
    found += [Message(f"base.{b}", info.label) for b, info in vocab.BASE_MAPS.items()]
    found += [Message(f"measure.{m}", info.label) for m, info in vocab.TRADE_MEASURES.items()]
    found += [Message(f"attribute.{a}", label) for a, label in vocab.ATTRIBUTE_LABELS.items()]
    found += [Message(f"tab.{t}", label) for t, label in vocab.TAB_LABELS.items()]
    found += [Message(f"language.{c}", name) for c, name in vocab.LANGUAGE_NAMES.items()]
    found += [Message(f"qualifier.{q}", words) for q, words in vocab.QUALIFIERS.items() if words]
    found += [Message(f"unit.{u}", words) for u, words in vocab.UNIT_WORDS.items()]
    return tuple(found)


# --- the content's own words ------------------------------------------------------------------

TRANSLATED_FIELDS: dict[type[BaseModel], tuple[str, ...]] = {
    FeatureProperties: ("description", "method", "drawn_to"),
    StatusEntry: ("note",),
    AccuracyStretch: ("stretch", "method"),
    Source: ("reader_note", "trust_reason"),
    Event: ("title", "text"),
    TradeFigure: ("note", "annotation"),
    Claim: ("note", "value"),
    Chapter: ("title", "text"),
    Receipt: ("unread",),
}
"""The fields written in our own words, per record type. Names are already in three languages
(`Names`); titles, publishers and quotes of sources stay as their sources wrote them; a claim's
value is translated only when it is words ('not yet known'), never a figure or a date."""


@dataclass(frozen=True)
class Slot:
    """One translatable text of the content: where it is and what it says in English."""

    file: str
    record: str
    field: str
    text: str

    @property
    def where(self) -> str:
        return f"{self.file}: {self.record}: {self.field}"


Translate = Callable[[Slot], str]


def _is_words(name: str, value: object) -> bool:
    """A text to translate: not a figure, not a date (a claim's value may be either)."""
    if not isinstance(value, str) or not value.strip():
        return False
    if name == "value":
        try:
            parse_partial_date(value)
        except ValueError:
            return True
        return False
    return True


def _walk(model: BaseModel, at: tuple[str, str, str], translate: Translate) -> BaseModel:
    """The model with each of its own words passed through `translate` (nested records too)."""
    file, record, prefix = at
    fields = TRANSLATED_FIELDS.get(type(model), ())
    updates: dict[str, Any] = {}
    for name in type(model).model_fields:
        value = getattr(model, name)
        path = f"{prefix}{name}"
        if name in fields and isinstance(value, dict):
            updates[name] = {
                k: translate(Slot(file, record, f"{path}.{k}", v)) if _is_words(k, v) else v
                for k, v in value.items()
            }
        elif name in fields and _is_words(name, value):
            updates[name] = translate(Slot(file, record, path, value))
        elif isinstance(value, BaseModel):
            updates[name] = _walk(value, (file, record, f"{path}."), translate)
        elif isinstance(value, list) and any(isinstance(v, BaseModel) for v in value):
            updates[name] = [
                _walk(v, (file, record, f"{path}[{i}]."), translate)
                if isinstance(v, BaseModel)
                else v
                for i, v in enumerate(value)
            ]
    changed = {k: v for k, v in updates.items() if v != getattr(model, k)}
    return model.model_copy(update=changed) if changed else model


def trade_record(figure: TradeFigure) -> str:
    return f"{figure.year} {figure.measure}"


def claim_record(index: int, claim: Claim) -> str:
    return f"#{index} {claim.subject} {claim.attribute}"


def translate_content(content: Content, translate: Translate) -> Content:
    """The content with every text of its own passed through `translate`, record by record."""

    def feature(f: Feature) -> Feature:
        props = _walk(f.props, (f.file, f.id, ""), translate)
        return dataclasses.replace(f, props=props)  # type: ignore[arg-type]

    def layer(lay: Layer) -> Layer:
        return dataclasses.replace(lay, title=translate(Slot(lay.file, "-", "title", lay.title)))

    return dataclasses.replace(
        content,
        layers=tuple(layer(lay) for lay in content.layers),
        features=tuple(feature(f) for f in content.features),
        sources={
            i: _walk(s, ("sources.json", i, ""), translate)  # type: ignore[misc]
            for i, s in content.sources.items()
        },
        events=tuple(_walk(e, ("events.json", e.id, ""), translate) for e in content.events),  # type: ignore[misc]
        trade=tuple(
            _walk(t, ("trade.json", trade_record(t), ""), translate)  # type: ignore[misc]
            for t in content.trade
        ),
        claims=tuple(
            _walk(c, ("claims.json", claim_record(i, c), ""), translate)  # type: ignore[misc]
            for i, c in enumerate(content.claims)
        ),
        story=tuple(_walk(c, ("story.json", c.id, ""), translate) for c in content.story),  # type: ignore[misc]
    )


def content_slots(content: Content) -> list[Slot]:
    """Every translatable text of the content, in file order."""
    found: list[Slot] = []

    def keep(slot: Slot) -> str:
        found.append(slot)
        return slot.text

    translate_content(content, keep)
    return found


# --- catalogues -------------------------------------------------------------------------------


def locale_dir(root: Path | None = None) -> Path:
    return (root or content_root()) / LOCALE_FOLDER


def po_path(lang: str, domain: str, root: Path | None = None) -> Path:
    return locale_dir(root) / lang / "LC_MESSAGES" / f"{domain}.po"


def template(domain: str, content: Content | None = None) -> Catalog:
    """The `.pot` of a domain: the vocabulary's messages, or the content's sentences."""
    catalog = Catalog(
        project=PROJECT,
        version="1",
        fuzzy=False,
        header_comment=HEADER,
        creation_date=FIXED_DATE,
        msgid_bugs_address="",
        copyright_holder=PROJECT,
    )
    if domain == "interface":
        for m in interface_messages():
            catalog.add((m.text, m.plural) if m.plural else m.text, context=m.context)
    else:
        for slot in content_slots(content or Content()):
            existing = catalog.get(slot.text)
            comment = slot.where
            if existing is not None:
                existing.auto_comments.append(comment)
            else:
                catalog.add(slot.text, auto_comments=[comment], flags=())
        for message in catalog:  # prose, never a format string: '56% on 2017' is no '%o'
            message.flags.discard("python-format")
    return catalog


def read_catalog(path: Path, lang: str) -> Catalog:
    with path.open("rb") as handle:
        return read_po(handle, locale=LOCALES.get(lang, lang), domain=path.stem)


def write_catalog(catalog: Catalog, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as handle:
        write_po(handle, catalog, width=100, omit_header=False, sort_output=False)


def update_catalogs(content: Content, root: Path | None = None) -> list[Path]:
    """Rewrite both templates and merge them into every language's catalogue (new messages are
    added untranslated, changed ones become fuzzy, gone ones are dropped)."""
    written = []
    for domain in DOMAINS:
        pot = template(domain, content)
        pot_path = locale_dir(root) / f"{domain}.pot"
        write_catalog(pot, pot_path)
        written.append(pot_path)
        for lang in TRANSLATED:
            path = po_path(lang, domain, root)
            if path.exists():
                catalog = read_catalog(path, lang)
            else:
                catalog = Catalog(
                    locale=LOCALES[lang],
                    fuzzy=False,
                    project=PROJECT,
                    domain=domain,
                    header_comment=HEADER,
                    creation_date=FIXED_DATE,
                    revision_date=FIXED_DATE,
                    msgid_bugs_address="",
                    copyright_holder=PROJECT,
                    language_team=vocab.LANGUAGE_NAMES[lang],
                    last_translator=PROJECT,
                )
            catalog.update(pot, no_fuzzy_matching=False, update_creation_date=False)
            catalog.obsolete.clear()
            write_catalog(catalog, path)
            written.append(path)
    return written


def compile_catalogs(root: Path | None = None) -> list[Path]:
    """Write the `.mo` next to every `.po` (build output: kept out of git)."""
    written = []
    for lang in TRANSLATED:
        for domain in DOMAINS:
            path = po_path(lang, domain, root)
            if path.exists():
                mo = path.with_suffix(".mo")
                mo.write_bytes(_compiled(path, lang))
                written.append(mo)
    return written


def _compiled(path: Path, lang: str) -> bytes:
    buffer = io.BytesIO()
    write_mo(buffer, read_catalog(path, lang), use_fuzzy=False)
    return buffer.getvalue()


@cache
def translations(lang: str, domain: str, root: Path | None = None) -> gettext.NullTranslations:
    """A language's compiled catalogue, once per process: its `.mo` when it is newer than the
    `.po`, else the `.po` compiled in memory; English and a missing catalogue translate nothing."""
    path = po_path(lang, domain, root)
    if lang == vocab.LANGUAGE or not path.exists():
        return gettext.NullTranslations()
    mo = path.with_suffix(".mo")
    fresh = mo.exists() and mo.stat().st_mtime >= path.stat().st_mtime
    data = mo.read_bytes() if fresh else _compiled(path, lang)
    return gettext.GNUTranslations(io.BytesIO(data))


# --- missing translations ---------------------------------------------------------------------

PLACEHOLDER = re.compile(r"\{[a-z_]+\}")


@dataclass(frozen=True)
class Gap:
    """One message or sentence without a usable translation."""

    file: str
    record: str
    field: str
    message: str


def interface_gaps(lang: str, root: Path | None = None) -> list[Gap]:
    """Interface messages a language's catalogue lacks (or has fuzzy), or translates with
    other placeholders than the English (which would break the sentence or the page)."""
    path = po_path(lang, "interface", root)
    name = path.relative_to(locale_dir(root).parent).as_posix()
    if not path.exists():
        return [Gap(name, "-", "-", "catalogue is missing")]
    catalog = read_catalog(path, lang)
    gaps = []
    for m in interface_messages():
        entry = catalog.get((m.text, m.plural)[0] if m.plural else m.text, context=m.context)
        forms = [] if entry is None else entry.string
        forms = list(forms) if isinstance(forms, tuple | list) else [forms]
        if entry is None or entry.fuzzy or not all(forms):
            gaps.append(Gap(name, m.context, "msgstr", f"no translation of {m.text!r}"))
            continue
        wanted = set(PLACEHOLDER.findall(m.text + (m.plural or "")))
        for form in forms:
            if set(PLACEHOLDER.findall(form)) - wanted or (
                not m.plural and wanted - set(PLACEHOLDER.findall(form))
            ):
                gaps.append(Gap(name, m.context, "msgstr", f"placeholders differ from {m.text!r}"))
                break
    return gaps


def content_gaps(content: Content, lang: str, root: Path | None = None) -> list[Gap]:
    """Every text of the content with no translation in a language, by file, record and field."""
    catalog = translations(lang, "content", root)
    language = vocab.LANGUAGE_NAMES.get(lang, lang)
    return [
        Gap(slot.file, slot.record, slot.field, f"no {language} translation")
        for slot in content_slots(content)
        if catalog.gettext(slot.text) == slot.text
    ]


def all_gaps(content: Content, root: Path | None = None) -> list[Gap]:
    """Every missing translation, in every language: what `validate` reports."""
    return [
        gap
        for lang in TRANSLATED
        for gap in (*interface_gaps(lang, root), *content_gaps(content, lang, root))
    ]


# --- words in a language ----------------------------------------------------------------------


def negotiate(wanted: str | None) -> Language | None:
    """The language of ours a locale names ('ru-RU', 'ko_KR', 'en') by its language part;
    None if it is none of ours."""
    if not wanted:
        return None
    try:
        code = Locale.parse(wanted.strip(), sep="-" if "-" in wanted else "_").language
    except (ValueError, TypeError):
        return None
    return code if code in LANGUAGES else None  # type: ignore[return-value]


def negotiate_header(accept_language: str) -> Language | None:
    """The language of ours a browser's `Accept-Language` header prefers most, if any:
    'ko-KR,ko;q=0.9,en;q=0.8' -> 'ko'."""
    ranked = []
    for index, part in enumerate(accept_language.split(",")[:20]):
        tag, _, params = part.strip().partition(";")
        quality = 1.0
        if params.strip().startswith("q="):
            try:
                quality = float(params.strip()[2:])
            except ValueError:
                quality = 0.0
        if tag and quality > 0:
            ranked.append((-quality, index, tag.strip()))
    for _, _, tag in sorted(ranked):
        if found := negotiate(tag):
            return found
    return None


@dataclass(frozen=True)
class Words:
    """Everything written in one language: the interface text, the vocabulary's labels, and
    dates and numbers in its own format. Built once per language (`words`)."""

    lang: Language
    interface: gettext.NullTranslations

    @cached_property
    def locale(self) -> Locale:
        return Locale.parse(LOCALES[self.lang])

    def _(self, context: str, english: str) -> str:
        return self.interface.pgettext(context, english)

    @cached_property
    def ui(self) -> vocab.InterfaceText:
        return vocab.InterfaceText(
            **{
                f.name: self._(f"ui.{f.name}", f.default)
                for f in dataclasses.fields(vocab.InterfaceText)
            }
        )

    @staticmethod
    def fill(template: str, **values: object) -> str:
        """A sentence template filled in, with one full stop at its end: a value that ends the
        sentence may end in an abbreviation's own ('26 ноября 2026 г.'), which then ends the
        sentence too, as it would in print."""
        said = template.format(**values)
        return said[:-1] if said.endswith("..") and not said.endswith("...") else said

    def kind(self, kind: str) -> str:
        return self._(f"kind.{kind}", vocab.KINDS[kind].label)  # type: ignore[index]

    def status(self, status: str) -> str:
        return self._(f"status.{status}", vocab.STATUS_LABELS[status])  # type: ignore[index]

    def base(self, base: str) -> str:
        return self._(f"base.{base}", vocab.BASE_MAPS[base].label)  # type: ignore[index]

    def measure(self, measure: str) -> str:
        return self._(f"measure.{measure}", vocab.TRADE_MEASURES[measure].label)  # type: ignore[index]

    def tab(self, tab: str) -> str:
        return self._(f"tab.{tab}", vocab.TAB_LABELS[tab])  # type: ignore[index]

    @cached_property
    def tabs(self) -> dict[vocab.Tab, str]:
        return {t: self.tab(t) for t in vocab.TAB_IDS}

    def attribute(self, attribute: str) -> str:
        """A claim attribute's label: translated when the vocabulary has it, else in words."""
        if attribute in vocab.ATTRIBUTE_LABELS:
            return self._(f"attribute.{attribute}", vocab.ATTRIBUTE_LABELS[attribute])
        return vocab.attribute_label(attribute)

    def inline(self, label: str) -> str:
        """A label inside a sentence: its first letter in lower case, except for English
        proper words ('Russian section length'); Russian lowers it too, Korean has no case."""
        return vocab.inline(label) if self.lang == "en" else label[:1].lower() + label[1:]

    def language_name(self, code: str) -> str:
        english = vocab.LANGUAGE_NAMES.get(code, code)
        return self._(f"language.{code}", english) if code in vocab.LANGUAGE_NAMES else english

    def qualifier(self, qualifier: str) -> str:
        words = vocab.QUALIFIERS[qualifier]  # type: ignore[index]
        return self._(f"qualifier.{qualifier}", words) if words else ""

    def unit(self, unit: str) -> str:
        return self._(f"unit.{unit}", vocab.UNIT_WORDS[unit])

    def plural(self, name: str, count: int) -> str:
        one, many = PLURALS[name]
        return self.interface.npgettext(f"ui.{name}", one, many, count).format(
            count=self.number(count)
        )

    @cached_property
    def legend_title(self) -> str:
        return self._("legend.title", vocab.LEGEND_TITLE)

    @cached_property
    def legend(self) -> tuple[vocab.LegendRow, ...]:
        return tuple(
            dataclasses.replace(row, label=self._(f"legend.{i}", row.label))
            for i, row in enumerate(vocab.LEGEND)
        )

    # dates, at the precision the sources give them

    def day(self, day: date) -> str:
        """'30 April 2025', '30 апреля 2025 г.', '2025년 4월 30일'."""
        return format_day(day, LOCALES[self.lang])

    def partial_date(self, text: str, governed: bool = False) -> str:
        """A partial date at its own precision: '2024', 'June 2024', '19 June 2024'; with
        `governed`, in the form a preposition takes ('с июня 2024 г.')."""
        return format_partial_date(text, LOCALES[self.lang], governed)

    def in_year(self, text: str) -> str:
        """A partial date short, in a list grouped by year: '27 Feb', '27 февр.', '2월 27일'."""
        return format_in_year(text, LOCALES[self.lang])

    def date_range(self, first: str, last: str) -> str:
        """'June – December 2026', or 'June 2024 to 30 April 2025' in the language's words."""
        return format_date_range(first, last, LOCALES[self.lang], self.ui.range_to)

    # numbers

    def number(self, value: float, decimals: int | None = None) -> str:
        """'1,234.5' / '1 234,5': grouped, with exactly `decimals` decimals when given."""
        if decimals is None:
            return format_decimal(value, locale=self.locale)
        pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
        return format_decimal(value, format=pattern, locale=self.locale, decimal_quantization=True)

    def percent(self, rate: float) -> str:
        """A signed rate with one decimal: '−12.1%' / '−12,1 %'."""
        return format_percent(rate, "+#,##0.0%;-#,##0.0%", locale=self.locale)

    def metres(self, value_m: float, digits: int | None = None) -> str:
        """A length: '606 m', '4.7 km'; '606 м'; '606m' (see measurements.format_metres)."""
        return format_metres(value_m, digits, LOCALES[self.lang])

    def compact(self, value: float, decimals: int) -> str:
        """A large amount in words: '111 million', '111 миллионов', '1.11억'."""
        return format_compact_decimal(
            value, format_type="long", fraction_digits=decimals, locale=self.locale
        )


def words_for(content: Content) -> Words:
    """The words of the content's language: every view and renderer speaks the language its
    content is in (`localised` gives the content in Russian or Korean)."""
    return words(content.lang)


@cache
def words(lang: str = vocab.LANGUAGE, root: Path | None = None) -> Words:
    """The words of one language (an unknown code gets English)."""
    chosen: Language = lang if lang in LANGUAGES else vocab.LANGUAGE  # type: ignore[assignment]
    return Words(chosen, translations(chosen, "interface", root))


_LOCALISED: dict[tuple[int, str, Path | None], tuple[Content, Content]] = {}


def localised(content: Content, lang: str, root: Path | None = None) -> Content:
    """The content in a language: each of its own texts translated, or, where a translation is
    missing, the English followed by a marker saying so (never a blank). English is the
    content itself. Kept per content object and language: content is loaded once per process,
    so this runs once per language."""
    if lang not in TRANSLATED:
        return content
    key = (id(content), lang, root)
    if (kept := _LOCALISED.get(key)) and kept[0] is content:
        return kept[1]
    catalog = translations(lang, "content", root)
    marker = words(lang, root).ui.untranslated

    def translate(slot: Slot) -> str:
        found = catalog.gettext(slot.text)
        return found if found != slot.text else f"{slot.text} {marker}"

    result = dataclasses.replace(translate_content(content, translate), lang=lang)
    _LOCALISED[key] = (content, result)
    return result
