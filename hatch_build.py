"""Package build hook: compile the message catalogs (templates/locale/*/LC_MESSAGES/*.po) to .mo."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface


class CatalogHook(BuildHookInterface):  # type: ignore[misc]
    """Puts a compiled .mo beside every .po in the wheel's cxplan/templates/locale."""

    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        from babel.messages.mofile import write_mo
        from babel.messages.pofile import read_po

        root = Path(self.root) / "templates" / "locale"
        out = Path(tempfile.mkdtemp(prefix="cxplan-mo-"))
        for po in sorted(root.glob("*/LC_MESSAGES/*.po")):
            with po.open("rb") as handle:
                catalog = read_po(handle, locale=po.parent.parent.name)
            mo = out / po.relative_to(root).with_suffix(".mo")
            mo.parent.mkdir(parents=True, exist_ok=True)
            with mo.open("wb") as handle:
                write_mo(handle, catalog, use_fuzzy=False)
            target = f"cxplan/templates/locale/{po.relative_to(root).with_suffix('.mo').as_posix()}"
            build_data["force_include"][str(mo)] = target
