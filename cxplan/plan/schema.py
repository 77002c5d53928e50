"""The JSON Schema of the plan file, in the draft-07 form YAML editor extensions understand."""

from __future__ import annotations

from typing import Any

from cxplan import __version__
from cxplan.plan.model import Plan

DRAFT_07 = "http://json-schema.org/draft-07/schema#"


def plan_schema() -> dict[str, Any]:
    """A draft-07 JSON Schema of the plan file, generated from the model."""
    schema = Plan.model_json_schema(ref_template="#/definitions/{model}", mode="validation")
    definitions = schema.pop("$defs", {})
    out: dict[str, Any] = {"$schema": DRAFT_07, **schema}
    out["$comment"] = f"Plan file format version 1, written by cxplan {__version__}."
    if definitions:
        out["definitions"] = definitions
    converted: dict[str, Any] = _draft07(out)
    return converted


def _draft07(node: Any) -> Any:
    # pydantic writes draft 2020-12; the few keywords that differ are rewritten here.
    if isinstance(node, dict):
        out = {k: _draft07(v) for k, v in node.items()}
        if "const" in out and "enum" not in out:
            out["enum"] = [out["const"]]
        return out
    if isinstance(node, list):
        return [_draft07(v) for v in node]
    return node
