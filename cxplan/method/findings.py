"""Everything `cxplan check` reports about a plan: broken integrity, every rule, the sequence."""

from __future__ import annotations

from cxplan.errors import Problem
from cxplan.i18n import resolve
from cxplan.method.rules import evaluate, findings
from cxplan.method.status import Status, sequence_message, status
from cxplan.plan.integrity import integrity_problems
from cxplan.plan.model import Plan


def all_findings(plan: Plan) -> tuple[list[Problem], Status]:
    """Errors (integrity) first, then every rule's warnings, then work out of sequence;
    and the status they give (worked out once, from the same rules)."""
    evaluated = evaluate(plan)
    st = status(plan, evaluated)
    out = integrity_problems(plan) + findings(plan, evaluated=evaluated)
    if st.out_of_sequence:
        out.append(
            Problem(
                sequence_message(st.out_of_sequence, resolve(plan.client.language)[0]),
                code="out-of-sequence",
                severity="warning",
            )
        )
    return out, st
