"""The library behind the commands: one function per command, returning what it found or made."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cxplan.errors import InputError, Problem
from cxplan.method.rules import Finding, all_findings
from cxplan.method.steps import Status, render_status, status
from cxplan.plan.load import DEFAULT_PLAN, LoadedPlan, load, read_source, validate


def notice_severity(notice: Problem) -> str:
    """Cleaned control characters are a note (the text prints); anything else a warning."""
    return "note" if notice.code == "control-characters" else "warning"


def plural(count: int, noun: str) -> str:
    """``3 touchpoints``, ``1 touchpoint``."""
    return f"{count:,} {noun}{'' if count == 1 else 's'}"


def resolve_plan(path: Path | None) -> Path:
    """The plan file a command works on: PLAN, PLAN/cxplan.yaml, or ./cxplan.yaml."""
    if path is None:
        return Path(DEFAULT_PLAN)
    if path.is_dir() and (path / DEFAULT_PLAN).is_file():
        return path / DEFAULT_PLAN
    return path


@dataclass
class StatusReport:
    """What `cxplan status` shows."""

    loaded: LoadedPlan
    status: Status

    def text(self) -> str:
        return render_status(
            self.status, client=self.loaded.plan.client.name, file=str(self.loaded.path)
        )

    def as_json(self) -> dict[str, Any]:
        return {
            "file": str(self.loaded.path),
            "client": self.loaded.plan.client.name,
            **self.status.as_json(),
        }


def plan_status(path: Path | None) -> StatusReport:
    """Where the plan at ``path`` stands on the seven steps."""
    loaded = load(resolve_plan(path))
    return StatusReport(loaded, status(loaded.plan))


@dataclass
class CheckReport:
    """What `cxplan check` found: validation notices, integrity errors and lint warnings."""

    loaded: LoadedPlan
    findings: list[Finding]

    @property
    def ok(self) -> bool:
        return not self.findings and not any(
            notice_severity(n) == "warning" for n in self.loaded.notices
        )

    def lines(self) -> list[str]:
        out = [
            f"{n.where}: {notice_severity(n)}: {n.field}: {n.message} [{n.code}]"
            for n in self.loaded.notices
        ]
        for f in self.findings:
            out.append(f"{self.loaded.where(f.path)}: {f.severity}: {f.message} [{f.code}]")
        return out

    def summary(self) -> str:
        plan = self.loaded.plan
        size = ", ".join(
            plural(len(items), noun)
            for items, noun in (
                (plan.touchpoints, "touchpoint"),
                (plan.standards, "standard"),
                (plan.measures, "measure"),
            )
        )
        if self.ok:
            return f"{self.loaded.path}: all checks passed ({size})."
        errors = sum(1 for f in self.findings if f.severity == "error")
        warnings = len(self.findings) - errors
        warnings += sum(1 for n in self.loaded.notices if notice_severity(n) == "warning")
        return (
            f"{self.loaded.path}: {plural(errors, 'error')}, {plural(warnings, 'warning')} "
            f"({size})."
        )

    def as_json(self) -> dict[str, Any]:
        notices = [
            {
                "file": str(self.loaded.path),
                "line": int(n.where.rsplit(":", 1)[1]),
                "severity": notice_severity(n),
                "code": n.code,
                "id": "",
                "field": n.field,
                "message": n.message,
            }
            for n in self.loaded.notices
        ]
        return {
            "file": str(self.loaded.path),
            "ok": self.ok,
            "findings": notices + [f.as_json(self.loaded) for f in self.findings],
        }


def check_plan(path: Path | None) -> CheckReport:
    """Validate the plan at ``path`` and lint it; invalid input raises InputError."""
    plan_path = resolve_plan(path)
    source, fmt = read_source(plan_path)
    plan, notices = validate(source, plan_path)
    loaded = LoadedPlan(path=plan_path, source=source, fmt=fmt, plan=plan, notices=notices)
    return CheckReport(loaded, all_findings(plan))


def plan_schema_text() -> str:
    """The JSON Schema of the plan file."""
    from cxplan.plan.new import schema_text

    return schema_text()


__all__ = [
    "CheckReport",
    "InputError",
    "StatusReport",
    "check_plan",
    "plan_schema_text",
    "plan_status",
    "resolve_plan",
]
