"""The narrative texts of the plan documents: jinja2 templates, sandboxed, strict, overridable."""

from __future__ import annotations

from collections.abc import Mapping
from functools import cached_property
from pathlib import Path
from typing import Any

from cxplan.errors import CxplanError
from cxplan.resources import template_path


def _flat(value: Any) -> Any:
    # Client text may hold line breaks; inside a narrative sentence they would split
    # paragraphs or start bullets, so a value always renders on one line.
    if isinstance(value, str):
        return " ".join(value.split())
    return value


class Narrative:
    """Renders the narrative texts in one language, from ``--templates DIR`` first, then the
    shipped ones; each folder's ``<lang>/`` subfolder (``de/``) before the folder itself,
    which holds the English texts."""

    def __init__(self, override: Path | None = None, language: str = "en") -> None:
        if override is not None and not override.is_dir():
            raise CxplanError(f"{override}: no such folder of templates (--templates)")
        self.override = override
        self.language = language

    @cached_property
    def env(self) -> Any:
        from jinja2 import ChoiceLoader, FileSystemLoader, StrictUndefined
        from jinja2.sandbox import SandboxedEnvironment

        loaders = []
        for folder in self._folders():
            loaders.append(FileSystemLoader(str(folder)))
        return SandboxedEnvironment(
            loader=ChoiceLoader(loaders),
            undefined=StrictUndefined,
            autoescape=False,
            keep_trailing_newline=False,
            finalize=_flat,
        )

    def render(self, name: str, context: Mapping[str, Any]) -> str:
        """The text of one template, or a CxplanError naming its file and line."""
        from jinja2 import TemplateError, TemplateNotFound, TemplateSyntaxError

        filename = f"{name}.txt.j2"
        try:
            template = self.env.get_template(filename)
            return str(template.render(**context))
        except TemplateNotFound:
            raise CxplanError(f"the narrative template {filename} is missing") from None
        except TemplateSyntaxError as err:
            where = err.filename or filename
            raise CxplanError(f"{where}:{err.lineno}: template error: {err.message}") from None
        except TemplateError as err:
            source = self._where(filename)
            raise CxplanError(f"{source}: template error: {err}") from None

    def _folders(self) -> list[Path]:
        """Where templates are looked for, in order."""
        roots = [] if self.override is None else [self.override]
        roots.append(template_path("narrative"))
        out = []
        for root in roots:
            if self.language != "en" and (root / self.language).is_dir():
                out.append(root / self.language)
            out.append(root)
        return out

    def _where(self, filename: str) -> str:
        for folder in self._folders():
            if (folder / filename).is_file():
                return str(folder / filename)
        return str(template_path("narrative", filename))


def paragraphs(text: str) -> list[tuple[str, list[str]]]:
    """Split rendered text into ("p", [text]) paragraphs and ("ul", items) bullet lists."""
    out: list[tuple[str, list[str]]] = []
    for block in text.replace("\r\n", "\n").split("\n\n"):
        lines = [line.strip() for line in block.split("\n") if line.strip()]
        if not lines:
            continue
        bullets = [line[2:].strip() for line in lines if line.startswith("- ")]
        if len(bullets) == len(lines):
            out.append(("ul", bullets))
            continue
        prose: list[str] = []
        for line in lines:
            if line.startswith("- "):
                if prose:
                    out.append(("p", [" ".join(prose)]))
                    prose = []
                if out and out[-1][0] == "ul":
                    out[-1][1].append(line[2:].strip())
                else:
                    out.append(("ul", [line[2:].strip()]))
            else:
                prose.append(line)
        if prose:
            out.append(("p", [" ".join(prose)]))
    return out
