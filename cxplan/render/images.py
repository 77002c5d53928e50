"""The logo, read once for every writer: its size checked before it is decoded, then decoded.

python-docx and reportlab read images their own ways and fail differently (a CMYK JPEG,
a PNG that is only a header); reading it here first means a logo either works in every
deliverable or is refused before any is written, at the plan's line.
"""

from __future__ import annotations

import io
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from cxplan.errors import InputError, Location, Problem

# A logo is printed a few centimetres wide: 2,000 pixels a side is plenty, 50 million in
# all is a photograph, and more is a decompression bomb (13000×13000 in 20 KB of PNG).
MAX_PIXELS = 50_000_000
MAX_SIDE = 2_000
KEPT = {("PNG", "RGB"), ("PNG", "RGBA"), ("PNG", "L"), ("JPEG", "RGB"), ("JPEG", "L")}


@dataclass(frozen=True)
class Logo:
    """A checked logo: ``data`` is a PNG to use instead of the file, when it needed one."""

    path: Path
    data: bytes | None = None


def read_logo(path: Path, where: Callable[[], Location]) -> Logo:
    """Check and decode the logo at ``path``; an InputError at ``where()`` when it cannot be
    (asked only then: a line number costs a second parse of the plan)."""
    from PIL import Image, UnidentifiedImageError

    def refused(message: str) -> InputError:
        return InputError([Problem(message, where(), "client.logo")], hint="Nothing was written.")

    try:
        with warnings.catch_warnings():
            # Pillow warns of a bomb but opens it; the size is refused below, in a sentence.
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            image = Image.open(path)
        with image:
            width, height = image.size  # from the header, before anything is decoded
            if width * height > MAX_PIXELS:
                raise refused(
                    f"the logo is {width:,} × {height:,} pixels; a logo needs far fewer (at "
                    f"most {MAX_PIXELS:,} in all; {MAX_SIDE:,} a side is plenty): scale it down"
                )
            image.load()
            if (image.format, image.mode) in KEPT and max(width, height) <= MAX_SIDE:
                return Logo(path)
            return Logo(path, _as_png(image))
    except InputError:
        raise
    except Image.DecompressionBombError:
        raise refused(
            f"the logo has hundreds of millions of pixels; a logo needs far fewer ({MAX_SIDE:,} "
            "a side is plenty): scale it down"
        ) from None
    except (OSError, UnidentifiedImageError, ValueError, SyntaxError) as err:
        detail = str(err) or type(err).__name__
        raise refused(
            f"the logo {path.name!r} cannot be read as an image ({detail}); save it again "
            "as a PNG or JPEG"
        ) from None


def _as_png(image: object) -> bytes:
    from PIL import Image

    assert isinstance(image, Image.Image)
    if image.mode not in ("RGB", "RGBA", "L"):
        # CMYK JPEGs, palettes, 16-bit greys: what every writer reads is RGB(A).
        has_alpha = "A" in image.getbands() or "transparency" in image.info
        image = image.convert("RGBA" if has_alpha else "RGB")
    if max(image.size) > MAX_SIDE:
        image = image.copy()
        image.thumbnail((MAX_SIDE, MAX_SIDE))
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=False)
    return out.getvalue()
