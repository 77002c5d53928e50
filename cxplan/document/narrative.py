"""The narrative texts of the plan documents: jinja2 templates, sandboxed, strict, overridable."""

from __future__ import annotations

import os
import time
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


# Limits on what a team's own templates (--templates) may make cxplan do: a narrative is
# a few paragraphs, so these are far beyond any real one and far below a hang.
MAX_TEMPLATE_BYTES = 256 * 1024
MAX_OUTPUT = 1_000_000  # characters one template may render
MAX_STEPS = 1_000_000  # loop steps over range() in one render
MAX_SECONDS = 10


class TemplateLimit(Exception):
    """A template went past one of the limits above."""


def _guarded_environment(loaders: list[Any]) -> Any:
    from jinja2 import ChoiceLoader, FileSystemLoader, StrictUndefined, TemplateNotFound
    from jinja2.sandbox import SandboxedEnvironment

    class Folder(FileSystemLoader):
        """Only regular files inside the folder (no symlink out of it), of a sane size."""

        def get_source(self, environment: Any, template: str) -> Any:
            root = os.path.realpath(self.searchpath[0])
            path = os.path.realpath(os.path.join(root, *template.split("/")))
            if not path.startswith(root + os.sep) or not os.path.isfile(path):
                raise TemplateNotFound(template)
            if os.path.getsize(path) > MAX_TEMPLATE_BYTES:
                raise TemplateLimit(f"{path} is over {MAX_TEMPLATE_BYTES:,} bytes")
            return super().get_source(environment, template)

    class Guarded(SandboxedEnvironment):
        intercepted_binops = frozenset(["*", "**", "+"])
        steps = 0
        deadline = 0.0

        def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
            if operator == "**" and isinstance(right, int) and abs(right) > 64:
                raise TemplateLimit(f"a power of {right}")
            if operator == "*":
                seq, times = (left, right) if isinstance(right, int) else (right, left)
                long = isinstance(seq, (str, list, tuple)) and isinstance(times, int)
                if long and len(seq) * times > MAX_OUTPUT:
                    raise TemplateLimit("a text or list repeated past the output limit")
            joined = isinstance(left, (str, list)) and isinstance(right, type(left))
            if operator == "+" and joined and len(left) + len(right) > MAX_OUTPUT:
                raise TemplateLimit("a text or list longer than the output limit")
            return super().call_binop(context, operator, left, right)

        def counted_range(self, *args: int) -> Any:
            for value in range(*args):
                self.steps += 1
                if self.steps > MAX_STEPS or (
                    self.steps % 1000 == 0 and time.monotonic() > self.deadline
                ):
                    raise TemplateLimit(f"more than {MAX_STEPS:,} loop steps, or {MAX_SECONDS} s")
                yield value

    env = Guarded(
        loader=ChoiceLoader([Folder(str(folder)) for folder in loaders]),
        undefined=StrictUndefined,
        autoescape=False,
        keep_trailing_newline=False,
        finalize=_flat,
    )
    env.globals["range"] = env.counted_range
    return env


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
        return _guarded_environment(self._folders())

    def render(self, name: str, context: Mapping[str, Any]) -> str:
        """The text of one template, or a CxplanError naming its file and line."""
        from jinja2 import TemplateError, TemplateNotFound, TemplateSyntaxError

        filename = f"{name}.txt.j2"
        env = self.env
        env.steps, env.deadline = 0, time.monotonic() + MAX_SECONDS
        try:
            template = env.get_template(filename)
            out: list[str] = []
            size = 0
            for chunk in template.generate(**context):
                size += len(chunk)
                if size > MAX_OUTPUT:
                    raise TemplateLimit(f"more than {MAX_OUTPUT:,} characters of text")
                if time.monotonic() > env.deadline:
                    raise TemplateLimit(f"more than {MAX_SECONDS} s")
                out.append(chunk)
            return "".join(out)
        except TemplateNotFound as err:
            if err.name not in (None, filename):
                raise CxplanError(
                    f"{self._where(filename)}: template error: it includes or extends "
                    f"{err.name!r}, which is not a file in the templates folder"
                ) from None
            raise CxplanError(f"the narrative template {filename} is missing") from None
        except TemplateSyntaxError as err:
            where = err.filename or filename
            raise CxplanError(f"{where}:{err.lineno}: template error: {err.message}") from None
        except TemplateLimit as err:
            raise CxplanError(
                f"{self._where(filename)}: template error: the template went past cxplan's "
                f"limits ({err}); a narrative is a few paragraphs"
            ) from None
        except RecursionError:
            raise CxplanError(
                f"{self._where(filename)}: template error: it includes, extends or calls "
                "itself without end"
            ) from None
        except UnicodeDecodeError:
            raise CxplanError(
                f"{self._where(filename)}: template error: a template file is not UTF-8 "
                "text; save it as UTF-8"
            ) from None
        except (TemplateError, TypeError, ValueError, OverflowError, MemoryError) as err:
            raise CxplanError(f"{self._where(filename)}: template error: {err}") from None

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
