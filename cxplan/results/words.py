"""The words a filled checklist or an export uses for an answer (dates: results/dates.py).

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
