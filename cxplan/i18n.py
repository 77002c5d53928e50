"""The client's language: translated fixed texts (gettext catalogs) and dates and numbers (Babel).

A plan's ``client.language`` (a BCP 47 tag) chooses the language of every fixed text in the
deliverables, the workshop and the findings. Texts are English in the code, marked with
``_()``, and translated by catalogs in ``templates/locale/<lang>/LC_MESSAGES/cxplan.po``:
a firm adds a language by adding a catalog. The wheel carries them compiled (.mo, by the
package build); a catalog without its .mo is compiled in memory when first used.
"""

from __future__ import annotations

import datetime as dt
import gettext
import io
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from cxplan.resources import template_path

DOMAIN = "cxplan"
DEFAULT = "en"
# English without a region is written the British way (2 December 2026), as cxplan's
# texts are; en-US and the others take their region's forms.
REGIONS = {"en": "en_GB"}


def catalog_dir() -> Path:
    """Where the message catalogs are: templates/locale/<lang>/LC_MESSAGES/."""
    return template_path("locale")


def shipped() -> tuple[str, ...]:
    """The languages cxplan has catalogs for (English needs none)."""
    folder = catalog_dir()
    found = {p.parent.parent.name for p in folder.glob(f"*/LC_MESSAGES/{DOMAIN}.po")}
    return tuple(sorted({DEFAULT, *found}))


def _normal(tag: str | None) -> tuple[str, str]:
    """A BCP 47 tag as (language, Babel locale id): ``de-CH`` -> ("de", "de_CH")."""
    if not tag or not tag.strip():
        return DEFAULT, REGIONS[DEFAULT]
    parts = tag.strip().replace("_", "-").split("-")
    lang = parts[0].lower()
    region = next((p.upper() for p in parts[1:] if len(p) == 2 and p.isalpha()), "")
    return lang, f"{lang}_{region}" if region else REGIONS.get(lang, lang)


def _translations(lang: str) -> gettext.NullTranslations:
    if lang == DEFAULT:
        return gettext.NullTranslations()
    folder = catalog_dir() / lang / "LC_MESSAGES"
    mo, po = folder / f"{DOMAIN}.mo", folder / f"{DOMAIN}.po"
    if mo.is_file() and (not po.is_file() or mo.stat().st_mtime >= po.stat().st_mtime):
        with mo.open("rb") as handle:
            return gettext.GNUTranslations(handle)
    if po.is_file():
        from babel.messages.mofile import write_mo
        from babel.messages.pofile import read_po

        with po.open("rb") as handle:
            catalog = read_po(handle, locale=lang, domain=DOMAIN)
        buffer = io.BytesIO()
        write_mo(buffer, catalog, use_fuzzy=False)
        buffer.seek(0)
        return gettext.GNUTranslations(buffer)
    return gettext.NullTranslations()


@dataclass(frozen=True)
class Language:
    """One language: its translations, and how it writes dates and numbers."""

    tag: str  # the primary language: "de"
    locale_id: str  # Babel's locale: "de_CH"
    translations: gettext.NullTranslations

    @property
    def translated(self) -> bool:
        """Whether cxplan has this language's texts (else they are English)."""
        return self.tag == DEFAULT or type(self.translations) is not gettext.NullTranslations

    def text(self, message: str, **values: Any) -> str:
        """``message`` in this language, with ``{name}`` placeholders filled in."""
        out = self.translations.gettext(message)
        return out.format(**values) if values else out

    # The short name the code calls (``self.tr("Owner")``); the catalogs' extraction looks
    # for ``tr``, ``trn`` (plurals) and ``_`` (a text marked where it is defined).
    tr = text

    def colon(self, label: str) -> str:
        """``label`` followed by a colon, as the language writes it ("Rôle :" in French)."""
        return self.tr("{label}:", label=label)

    def trn(self, singular: str, plural: str, count: int, **values: Any) -> str:
        """The singular or plural form for ``count`` (``{count}`` is filled in too)."""
        return self.plural(singular, plural, count, **values)

    def plural(self, singular: str, plural: str, count: int, **values: Any) -> str:
        """The singular or plural form for ``count`` (``{count}`` is filled in too)."""
        out = self.translations.ngettext(singular, plural, count)
        return out.format(count=self.number(count), **values)

    def context(self, context: str, message: str) -> str:
        """``message`` in this language where the same English has several meanings."""
        return self.translations.pgettext(context, message)

    @property
    def locale(self) -> Any:
        from babel import Locale

        try:
            return Locale.parse(self.locale_id)
        except (ValueError, LookupError):
            return Locale.parse(REGIONS[DEFAULT])

    def date(self, value: dt.date | None, form: str = "long") -> str:
        """A date as this language writes it: ``2. Dezember 2026``, ``2 December 2026``."""
        if value is None:
            return ""
        from babel.dates import format_date

        return str(format_date(value, form, locale=self.locale))

    def month(self, value: dt.date) -> str:
        """A month and year: ``Dezember 2026``."""
        from babel.dates import format_date

        return str(format_date(value, "LLLL y", locale=self.locale))

    def number(self, value: float, digits: int | None = None) -> str:
        """A number with this language's separators (``1.250,5``); whole numbers bare."""
        if digits is None and float(value).is_integer() and self.locale_id == REGIONS[DEFAULT]:
            return f"{int(value):,}"  # British English's own form, without loading Babel
        from babel.numbers import format_decimal

        if digits is None and float(value).is_integer():
            return str(format_decimal(int(value), locale=self.locale))
        pattern = None if digits is None else "#,##0." + "0" * digits if digits else "#,##0"
        return str(format_decimal(value, format=pattern, locale=self.locale))

    def percent(self, value: float, digits: int = 0) -> str:
        """A percentage given as 0-100: ``95 %`` in German, ``95%`` in English."""
        import copy

        # The locale's own pattern (its spacing: "95 %" in German), with ``digits`` decimals.
        pattern = copy.copy(self.locale.percent_formats[None])
        pattern.frac_prec = (digits, digits)
        return str(pattern.apply(value / 100, self.locale))


@cache
def language(tag: str | None = None) -> Language:
    """The language of a BCP 47 tag (a plan's ``client.language``); English when none."""
    lang, locale_id = _normal(tag)
    return Language(lang, locale_id, _translations(lang))


def resolve(tag: str | None) -> tuple[Language, str | None]:
    """The language to write in for ``tag``, and a warning when cxplan cannot write it
    (its texts would be English): then English, dates and numbers included."""
    found = language(tag)
    if found.translated:
        return found, None
    return language(DEFAULT), (
        f"cxplan has no texts in the language {tag!r} (it has {', '.join(shipped())}); "
        "the deliverables are in English"
    )


def _(message: str) -> str:
    """Mark an English text for the catalogs; it is translated where it is shown."""
    return message


def _n(singular: str, plural: str) -> tuple[str, str]:
    """Mark an English text with a plural for the catalogs; shown with ``lang.trn(*pair, n)``."""
    return singular, plural
