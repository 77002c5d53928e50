"""Where the files cxplan ships (templates, libraries, fonts) are, installed or in a checkout."""

from __future__ import annotations

from functools import cache
from pathlib import Path


@cache
def templates_dir() -> Path:
    """The templates folder: inside the installed package, or at the top of a checkout."""
    package = Path(__file__).resolve().parent
    installed = package / "templates"
    if installed.is_dir():
        return installed
    checkout = package.parent / "templates"
    if checkout.is_dir():
        return checkout
    raise FileNotFoundError(  # pragma: no cover - a broken installation
        f"cxplan's templates are missing (looked in {installed} and {checkout}); reinstall cxplan"
    )


def template_path(*parts: str) -> Path:
    """A file under the templates folder."""
    return templates_dir().joinpath(*parts)
