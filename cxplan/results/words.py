"""The words a filled checklist or an export uses for an answer, and for a date: one table each.

Result words (any case, surrounding blanks ignored):

============  ======================================================================
yes           yes y true 1 x ✓ ✔ ☑ pass passed ok compliant met done ja j erfüllt
              bestanden oui o conforme réussi sí si cumple cumplido
no            no n false 0 ✗ ✘ ☒ fail failed not ok non-compliant not met nein
              nicht erfüllt nicht bestanden non non conforme échoué no cumple
n.a.          n.a. na n/a not applicable - – — k.a. entf. entfällt nicht zutreffend s.o.
              sans objet non applicable no aplica n.d.
blank         an empty cell: not answered, never N.A.
============  ======================================================================
"""

from __future__ import annotations

import datetime as dt
import re

YES = (
    "yes y true 1 x ✓ ✔ ☑ pass passed ok compliant met done ja j erfüllt bestanden oui o "
    "conforme réussi sí si cumple cumplido checked ok"
)
NO = (
    "no n false 0 ✗ ✘ ☒ fail failed not_ok non-compliant noncompliant not_met nein "
    "nicht_erfüllt nicht_bestanden non non_conforme échoué no_cumple checked_not_ok"
)
NA = (
    "n.a. na n/a not_applicable - – — k.a. entfällt nicht_zutreffend sans_objet "
    "non_applicable no_aplica n.d. nd entf. s.o."
)


def _table() -> dict[str, str]:
    out: dict[str, str] = {}
    for result, words in (("yes", YES), ("no", NO), ("na", NA)):
        for word in words.split():
            out[word.replace("_", " ")] = result
    # "Checked OK" (QarmaInspect) is two words; so are "not ok" and the like above.
    out["checked ok"] = "yes"
    return out


RESULTS = _table()
SHOWN = "yes / no / n.a. (or pass / fail, compliant / non-compliant, ✓ / ✗, 1 / 0, ja / nein, "
SHOWN += "oui / non, sí / no)"


def result(text: str) -> str | None:
    """``yes``, ``no``, ``na`` or ``blank`` for an answer's word; None when it is not one."""
    word = " ".join(text.split()).lower()
    if not word:
        return "blank"
    return RESULTS.get(word) or RESULTS.get(word.rstrip("."))


MONTHS = {
    name: number
    for number, names in enumerate(
        (
            "january jan januar janvier enero ene",
            "february feb februar février fevrier febrero",
            "march mar märz maerz mars marzo",
            "april apr avril abril avr",
            "may mai mayo",
            "june jun juni juin junio",
            "july jul juli juillet julio juil",
            "august aug août aout agosto ago",
            "september sep sept septembre septiembre",
            "october oct oktober okt octobre octubre",
            "november nov novembre noviembre",
            "december dec dezember dez décembre decembre diciembre dic déc",
        ),
        start=1,
    )
    for name in names.split()
}
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ].*)?$")
_DAY_FIRST = re.compile(r"^(\d{1,2})[./](\d{1,2})[./](\d{4})(?:[ ,T].*)?$")
_WORDS = re.compile(r"^(\d{1,2})\.?\s+([^\W\d_]+)\.?,?\s+(\d{4})(?:[ ,T].*)?$")
_WORDS_US = re.compile(r"^([^\W\d_]+)\.?\s+(\d{1,2}),?\s+(\d{4})(?:[ ,T].*)?$")
DATES_SHOWN = "2027-03-01, 01.03.2027, 01/03/2027 (day first) or 1 March 2027"


def date(text: str) -> dt.date | None:
    """The day a date's text means, times of day ignored; None when it is not a date.

    ISO dates (and timestamps), day-first dates with dots or slashes, and dates with the
    month in words (``03 March 2017 03:45 AM``, as SafetyCulture writes them).
    """
    text = text.strip()
    try:
        if m := _ISO.match(text):
            return dt.date(int(m[1]), int(m[2]), int(m[3]))
        if m := _DAY_FIRST.match(text):
            return dt.date(int(m[3]), int(m[2]), int(m[1]))
        if m := _WORDS.match(text):
            month = MONTHS.get(m[2].lower())
            return dt.date(int(m[3]), month, int(m[1])) if month else None
        if m := _WORDS_US.match(text):
            month = MONTHS.get(m[1].lower())
            return dt.date(int(m[3]), month, int(m[2])) if month else None
    except ValueError:
        return None
    return None
