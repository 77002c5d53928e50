"""`cxplan new`: write a fresh plan whose comments explain each step, seeded from a library."""

from __future__ import annotations

import datetime as dt
import json
import textwrap
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ruamel.yaml.comments import CommentedMap

from cxplan import __version__
from cxplan.errors import CxplanError, RefusedError
from cxplan.i18n import _, resolve
from cxplan.library import Library, available, find, starter
from cxplan.method.steps import STEPS
from cxplan.plan.load import DEFAULT_PLAN
from cxplan.textfile import atomic_write
from cxplan.yamlio.style import dump, styled

SCHEMA_FILE = "cxplan.schema.json"

# Where each step's answers live: the comment that explains a step goes above its first key.
STEP_SECTIONS = {
    "leadership": "leadership",
    "vision": "vision",
    "experience": "customers",
    "touchpoints": "touchpoints",
    "standards": "standards",
    "measures": "measures",
    "improvement": "improvement",
}


@dataclass(frozen=True)
class NewPlan:
    """What `cxplan new` wrote."""

    plan: Path
    schema: Path
    library: Library | None


def _wrap(text: str) -> list[str]:
    return textwrap.wrap(text, width=86)


def plan_text(
    client: str,
    *,
    library: Library | None = None,
    industry: str | None = None,
    firm: str | None = None,
    consultant: str | None = None,
    today: dt.date | None = None,
    plan_id: str | None = None,
    language: str | None = None,
) -> str:
    """The YAML text of a new plan for ``client`` (in ``language``, when given)."""
    seeded = starter(library, client, language) if library else {}
    data: dict[str, Any] = {
        "cxplan": 1,
        # Tells this plan's workbooks and results from those of another plan.
        "plan_id": plan_id or f"cx-{uuid.uuid4().hex[:12]}",
        "client": {
            "name": client,
            "industry": industry or (library.key if library else None),
            **({"language": language} if language else {}),
            "logo": None,
            "brand_color": None,
            "locations": [],
        },
        "prepared_by": {"firm": firm, "consultant": consultant, "date": today or dt.date.today()},
        "leadership": {"sponsor": {"name": None, "role": None}, "commitments": [], "signoff": []},
        "vision": {"statement": None, "horizon": None, "aims": []},
        "customers": [],
        "experience": {"statement": None, "promise": None, "physical": [], "emotional": []},
        "touchpoints": seeded.get("touchpoints", []),
        "standards": seeded.get("standards", []),
        "measures": seeded.get("measures", []),
        "improvement": {
            "review_cadence": None,
            "actions": [],
            "staff_ideas": {"channel": None, "reward": None},
        },
    }
    doc: CommentedMap = styled(data)
    # The comments explain the plan to its team: in the plan's language.
    tr = resolve(language)[0].tr
    head = tr(
        "CX plan for {client}, started with cxplan {version}.", client=client, version=__version__
    )
    about = tr(
        "Work through the seven steps in order. `cxplan workshop` asks the questions and saves "
        "every answer here; you can also edit this file by hand. `cxplan status` shows what is "
        "missing, `cxplan check` checks the plan and `cxplan build` makes the Word, Excel and "
        "PDF deliverables."
    )
    lines = [f"yaml-language-server: $schema={SCHEMA_FILE}", *_wrap(head), *_wrap(about)]
    doc.yaml_set_start_comment("\n".join(lines))
    client_map: CommentedMap = doc["client"]
    for key, comment in (
        ("industry", _("starter libraries are keyed by it")),
        ("logo", _("optional: a PNG or JPEG, relative to this file")),
        ("brand_color", _('optional: "#RRGGBB", used in every deliverable')),
        ("locations", _("optional: sites, for per-location checklists")),
    ):
        width = len(str(client_map[key] or ""))
        client_map.yaml_add_eol_comment(tr(comment), key, column=max(26, width + 17))
    for step in STEPS:
        title = tr("Step {number}: {title}", number=step.number, title=tr(step.title))
        lines = ["", title, *_wrap(tr(step.question))]
        lines += _wrap(tr(step.why))
        lines += _wrap(tr("Done when: {condition}.", condition=tr(step.done_when)))
        if library and step.key in ("touchpoints", "standards", "measures"):
            said = tr(
                "Starter content from the library “{library}”: review and adapt it when you "
                "reach this step.",
                library=library.title,
            )
            lines += _wrap(said)
        if step.key == "experience":
            lines += _wrap(
                tr("Customer segments (who we serve and what they really need) come first.")
            )
        doc.yaml_set_comment_before_after_key(STEP_SECTIONS[step.key], before="\n".join(lines))
    doc.yaml_set_comment_before_after_key(
        "experience", before=tr("The experience statement itself (step 3 continued).")
    )
    return dump(doc)


def create(
    directory: Path,
    client: str,
    *,
    industry: str | None = None,
    firm: str | None = None,
    consultant: str | None = None,
    today: dt.date | None = None,
    language: str | None = None,
) -> NewPlan:
    """Write ``directory/cxplan.yaml`` (and the schema beside it); never overwrite a plan."""
    if not client.strip():
        raise CxplanError("the client's name must not be empty (--client NAME)")
    library = None
    if industry:
        library = find(industry, language)
        if library is None:
            raise CxplanError(
                f"no starter library for the industry {industry!r}",
                hint="Known industries: "
                + ", ".join(available())
                + ". Leave out --industry to start with an empty plan.",
            )
    plan_path = directory / DEFAULT_PLAN
    if plan_path.exists():
        raise RefusedError(
            f"{plan_path} already exists; cxplan never overwrites a plan",
            hint=f"Choose another folder, or continue the plan with `cxplan workshop {plan_path}`.",
        )
    if directory.exists() and not directory.is_dir():
        raise CxplanError(f"{directory} is a file, not a folder")
    try:
        directory.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise CxplanError(f"{directory}: cannot create the folder: {err.strerror}") from None
    text = plan_text(
        client,
        library=library,
        industry=industry,
        firm=firm,
        consultant=consultant,
        today=today,
        language=language,
    )
    schema_path = directory / SCHEMA_FILE
    atomic_write(schema_path, schema_text().encode("utf-8"))
    atomic_write(plan_path, text.encode("utf-8"))
    return NewPlan(plan=plan_path, schema=schema_path, library=library)


def schema_text() -> str:
    """The JSON Schema of the plan file as indented JSON text."""
    from cxplan.plan.schema import plan_schema

    return json.dumps(plan_schema(), indent=2, ensure_ascii=False) + "\n"
