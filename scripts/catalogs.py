"""Extract cxplan's fixed texts and bring every catalog up to date (new texts untranslated).

Run `python scripts/catalogs.py` after changing a text; then translate what it lists. The
same extraction is what tests/test_catalogs.py checks every catalog against.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
LOCALE = ROOT / "templates" / "locale"
# _("...") marks a text where it is defined (_n a text and its plural); lang.tr / lang.trn
# translate it where it is shown.
KEYWORDS = {"_": None, "_n": (1, 2), "tr": None, "trn": (1, 2)}
METHODS = [("**.py", "python")]


def extract() -> Catalog:
    """Every fixed text of cxplan's code, as a template catalog."""
    catalog = Catalog(project="cxplan", domain="cxplan")
    found = extract_from_dir(
        str(ROOT / "cxplan"), METHODS, keywords=KEYWORDS, comment_tags=("Translators:",)
    )
    for filename, lineno, message, comments, context in found:
        catalog.add(
            message, None, [(f"cxplan/{filename}", lineno)], auto_comments=comments, context=context
        )
    return catalog


def _done(message: Any) -> bool:
    """Whether a message has its translation (every plural form of it)."""
    strings = (message.string,) if isinstance(message.string, str) else message.string
    return bool(strings) and all(strings)


def update() -> list[str]:
    """Merge the extracted texts into each catalog; returns what is still untranslated."""
    template = extract()
    todo = []
    for po in sorted(LOCALE.glob("*/LC_MESSAGES/cxplan.po")):
        with po.open("rb") as handle:
            catalog = read_po(handle, locale=po.parent.parent.name, domain="cxplan")
        catalog.update(template, no_fuzzy_matching=True)
        with po.open("wb") as handle:
            write_po(handle, catalog, width=100, include_lineno=False, ignore_obsolete=True)
        todo += [f"{po.parent.parent.name}: {m.id!r}" for m in catalog if m.id and not _done(m)]
    return todo


if __name__ == "__main__":
    missing = update()
    print("\n".join(missing) or "every catalog is complete")
    sys.exit(1 if missing else 0)
