"""The PDFs' fonts: the shipped DejaVu family, then a fallback per character (``--font``, a
CJK font found on the system), and the warning, by field, where no font has a character.

reportlab has no glyph fallback of its own: a character its font lacks prints as an empty
box. Here each line is cut into runs, each drawn in the first font that has its
characters, and every font is embedded as a subset. reportlab reads TrueType outlines
only (not the CFF-flavoured OpenType of Noto CJK), so a font it cannot read is skipped.
"""

from __future__ import annotations

import os
import shutil
import struct
import subprocess
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

FONT = "CxSans"
BOLD = "CxSans-Bold"
ITALIC = "CxSans-Oblique"
FONT_FILES = {
    FONT: "DejaVuSans.ttf",
    BOLD: "DejaVuSans-Bold.ttf",
    ITALIC: "DejaVuSans-Oblique.ttf",
}
# Where Windows and macOS keep fonts with Chinese, Japanese and Korean in TrueType form
# (fontconfig finds the rest, and these too where it is installed).
KNOWN_FILES = (
    "C:/Windows/Fonts/msgothic.ttc",
    "C:/Windows/Fonts/YuGothM.ttc",
    "C:/Windows/Fonts/msyh.ttc",
    "C:/Windows/Fonts/malgun.ttf",
    "/System/Library/Fonts/Supplemental/Arial Unicode.ttf",
    "/Library/Fonts/Arial Unicode.ttf",
    "/usr/share/fonts/truetype/fonts-japanese-gothic.ttf",
    "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf",
)
# What to install where no font has a script's characters (TrueType, which reportlab reads).
PACKAGES = "fonts-ipafont-gothic (Japanese), fonts-wqy-zenhei (Chinese) or fonts-nanum (Korean)"
SAFE = 0x250  # Latin, Latin-1 and Latin Extended: DejaVu has every one of them


@dataclass
class Fonts:
    """The fonts a PDF may draw with: the DejaVu family first, then the fallbacks."""

    fallbacks: list[str] = field(default_factory=list)  # registered reportlab font names
    tried: set[str] = field(default_factory=set)  # files looked at (found or not)
    searched: set[int] = field(default_factory=set)  # code-point blocks fontconfig was asked

    def face_for(self, char: str, primary: str) -> str | None:
        """The first font that has ``char``: ``primary``, a fallback, or one found now."""
        code = ord(char)
        if code < SAFE or code in coverage(primary):
            return primary
        for name in self.fallbacks:
            if code in coverage(name):
                return name
        block = code >> 8
        if block not in self.searched:
            self.searched.add(block)
            for path in _system_fonts(code):
                added = self.add(path)
                if added and code in coverage(added):
                    return added
        return None

    def add(self, path: str | Path) -> str | None:
        """Register a font file as a fallback; its name, or None if reportlab cannot read it."""
        key = str(path)
        if key in self.tried:
            return _names.get(key)
        self.tried.add(key)
        name = _register(key)
        if name:
            self.fallbacks.append(name)
        return name


_names: dict[str, str | None] = {}
FONTS = Fonts()


@cache
def register_fonts() -> None:
    """Register the shipped DejaVu family (Latin, Greek, Cyrillic, Hebrew, Arabic, more)."""
    from reportlab.pdfbase import pdfmetrics, ttfonts
    from reportlab.pdfbase.ttfonts import TTFont

    # reportlab writes a character beyond U+FFFF (an emoji) into the font's ToUnicode map
    # as five hex digits, which readers reject: the text could not be searched or copied.
    ttfonts.makeToUnicodeCMap = _to_unicode_cmap
    folder = Path(__file__).resolve().parent.parent / "fonts"
    for name, file in FONT_FILES.items():
        pdfmetrics.registerFont(TTFont(name, str(folder / file)))
    # Nothing is set in bold italic; the family maps it to bold rather than ship a face.
    pdfmetrics.registerFontFamily(FONT, normal=FONT, bold=BOLD, italic=ITALIC, boldItalic=BOLD)


def _to_unicode_cmap(fontname: str, subset: Sequence[int]) -> str:
    """reportlab's ToUnicode CMap of a font subset, with UTF-16 for every character."""

    def utf16(code: int) -> str:
        return chr(code).encode("utf-16-be", "surrogatepass").hex().upper()

    return "\n".join(
        [
            "/CIDInit /ProcSet findresource begin",
            "12 dict begin",
            "begincmap",
            "/CIDSystemInfo",
            f"<< /Registry ({fontname})",
            f"/Ordering ({fontname})",
            "/Supplement 0",
            ">> def",
            f"/CMapName /{fontname} def",
            "/CMapType 2 def",
            "1 begincodespacerange",
            f"<00> <{len(subset) - 1:02X}>",
            "endcodespacerange",
            f"{len(subset)} beginbfchar",
            *(f"<{i:02X}> <{utf16(v)}>" for i, v in enumerate(subset)),
            "endbfchar",
            "endcmap",
            "CMapName currentdict /CMap defineresource pop",
            "end",
            "end",
        ]
    )


def use_fonts(extra: Sequence[Path] = ()) -> Fonts:
    """The fonts for one PDF: the shipped family, then ``--font`` files, then the system's."""
    register_fonts()
    for path in extra:
        if FONTS.add(path) is None:
            from cxplan.errors import CxplanError

            raise CxplanError(
                f"{path}: not a TrueType font cxplan can embed (--font)",
                hint="Give a .ttf or .ttc file with TrueType outlines; "
                "OpenType fonts with PostScript (CFF) outlines cannot be embedded.",
            )
    return FONTS


def _register(path: str) -> str | None:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFError, TTFont

    name = f"CxFallback{len(_names) + 1}"
    try:
        if not Path(path).is_file():
            raise OSError(path)
        pdfmetrics.registerFont(TTFont(name, path, subfontIndex=0))
    except (TTFError, OSError, ValueError, KeyError, IndexError, struct.error):
        _names[path] = None
        return None
    _names[path] = name
    return name


@cache
def coverage(name: str) -> frozenset[int]:
    """The code points a registered font has glyphs for."""
    from reportlab.pdfbase.pdfmetrics import getFont

    face = getFont(name).face
    return frozenset(code for code, glyph in face.charToGlyph.items() if glyph)


def _system_fonts(code: int) -> Iterator[str]:
    """Font files that may have ``code``: fontconfig's answer, then the usual places."""
    command = shutil.which("fc-list")
    if command and not os.environ.get("CXPLAN_NO_SYSTEM_FONTS"):
        try:
            run = subprocess.run(
                [command, f":charset={code:x}", "file"],
                capture_output=True,
                text=True,
                timeout=20,
                check=False,
            )
            files = sorted(
                {line.split(":")[0].strip() for line in run.stdout.splitlines() if line.strip()},
                key=_preference,
            )
            yield from files
        except (OSError, subprocess.SubprocessError):
            pass
    if not os.environ.get("CXPLAN_NO_SYSTEM_FONTS"):
        yield from (p for p in KNOWN_FILES if Path(p).is_file())


def _preference(path: str) -> tuple[int, str]:
    # A sans face first (the plan is set in a sans), and TrueType before other kinds.
    name = path.lower()
    sans = any(w in name for w in ("gothic", "sans", "hei", "ipag", "fallback", "nanumgothic"))
    return (0 if sans else 1) + (0 if name.endswith((".ttf", ".ttc")) else 2), name


def runs(text: str, primary: str, fonts: Fonts) -> list[tuple[str, str]]:
    """``text`` as (font, text) runs, each in the first font that has its characters;
    a character no font has stays in ``primary`` (and prints as a box)."""
    out: list[tuple[str, str]] = []
    for char in text:
        face = fonts.face_for(char, primary) or primary
        if out and out[-1][0] == face:
            out[-1] = (face, out[-1][1] + char)
        else:
            out.append((face, char))
    return out


def lacking(text: str, extra: Sequence[Path] = ()) -> set[str]:
    """The characters of ``text`` that no font here has (the shipped ones, ``extra``, the
    system's); a Latin text is answered without loading a font."""
    if not text or text.isascii():
        return set()
    wide = {c for c in set(text) if ord(c) >= SAFE}
    if not wide:
        return set()
    fonts = use_fonts(extra)
    return {c for c in wide if _printable(c) and fonts.face_for(c, FONT) is None}


def missing(texts: Iterable[tuple[str, str]], extra: Sequence[Path] = ()) -> list[str]:
    """Warnings for the fields whose characters no font has: (field, text) pairs in."""
    pairs = list(texts)
    absent = lacking("".join(t for _, t in pairs), extra)
    if not absent:
        return []
    found: dict[str, list[str]] = {}
    for where, text in pairs:
        chars = absent.intersection(text)
        if chars:
            found.setdefault(where, []).extend(sorted(chars - set(found.get(where, []))))
    return [
        f"{where}: {''.join(sample[:8])} cannot be printed in the PDF plan and checklists "
        f"(no font here has these characters); give a font with --font FILE, or install "
        f"one ({PACKAGES})"
        for where, sample in list(found.items())[:10]
    ]


def _printable(char: str) -> bool:
    import unicodedata

    # Marks that join or vary others (ZWJ, variation selectors) have no glyph of their own.
    return unicodedata.category(char) not in ("Cf", "Mn", "Me", "Cc", "Co", "Cs", "Zs")


def walk(data: Any, path: str = "") -> Iterator[tuple[str, str]]:
    """(field, text) for every string in a plan's data, with its path (touchpoints[3].name)."""
    if isinstance(data, str):
        yield path, data
    elif isinstance(data, dict):
        for key, value in data.items():
            yield from walk(value, f"{path}.{key}" if path else str(key))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            yield from walk(value, f"{path}[{i}]")
