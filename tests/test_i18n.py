"""The client's language: catalogs found and compiled, dates and numbers in the locale's form."""

from __future__ import annotations

import datetime as dt

import pytest

from cxplan.i18n import language, shipped

DAY = dt.date(2026, 12, 2)


def test_the_shipped_languages() -> None:
    assert set(shipped()) >= {"en", "de", "fr", "es"}


@pytest.mark.parametrize(
    ("tag", "date", "percent", "number"),
    [
        (None, "2 December 2026", "95%", "1,250.5"),
        ("en", "2 December 2026", "95%", "1,250.5"),
        ("en-US", "December 2, 2026", "95%", "1,250.5"),
        ("de", "2. Dezember 2026", "95\xa0%", "1.250,5"),
        ("de-CH", "2. Dezember 2026", "95%", "1'250.5"),
        ("fr", "2 décembre 2026", "95\xa0%", "1\u202f250,5"),
        ("es", "2 de diciembre de 2026", "95\xa0%", "1.250,5"),
    ],
)
def test_dates_and_numbers_in_the_locales_form(
    tag: str | None, date: str, percent: str, number: str
) -> None:
    lang = language(tag)
    assert lang.date(DAY) == date
    assert lang.percent(95) == percent
    assert lang.number(1250.5, 1) == number


@pytest.mark.parametrize(
    ("tag", "text"),
    [("de", "Zusammenfassung"), ("fr", "Synthèse"), ("es", "Resumen ejecutivo")],
)
def test_catalogs_translate(tag: str, text: str) -> None:
    assert language(tag).translated
    assert language(tag).text("Executive summary") == text


def test_a_language_without_a_catalog_falls_back_to_english() -> None:
    ja = language("ja")
    assert not ja.translated
    assert ja.text("Executive summary") == "Executive summary"
    assert ja.date(DAY) == "2026年12月2日"
