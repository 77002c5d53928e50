"""The plan file as typed models: one class per section, the method's vocabularies as enums."""

from __future__ import annotations

import datetime as dt
import re
from enum import Enum
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    model_validator,
)

FORMAT_VERSION = 1

ID_PATTERN = r"^[a-z0-9][a-z0-9-]*$"


class Vocabulary(str, Enum):
    """A fixed list of words; read case-insensitively, written as the canonical spelling."""

    @classmethod
    def _missing_(cls, value: object) -> Vocabulary | None:
        if isinstance(value, str):
            wanted = " ".join(value.split()).lower()
            for member in cls:
                if member.value == wanted:
                    return member
        return None

    def __str__(self) -> str:
        return str(self.value)


class Stage(Vocabulary):
    """Where in the customer's journey a touchpoint sits."""

    BEFORE = "before"
    DURING = "during"
    AFTER = "after"


class MeasureKind(Vocabulary):
    """What a measure measures; NPS, CSAT and CES are customer feedback."""

    NPS = "nps"
    CSAT = "csat"
    CES = "ces"
    COMPLIANCE = "compliance"
    CUSTOM = "custom"


FEEDBACK_KINDS = (MeasureKind.NPS, MeasureKind.CSAT, MeasureKind.CES)


class Method(Vocabulary):
    """How a standard or measure is checked."""

    AUDIT = "audit"
    MYSTERY_SHOP = "mystery shop"
    SURVEY = "survey"
    SYSTEM_REPORT = "system report"
    OBSERVATION = "observation"


class ActionSource(Vocabulary):
    """Where an improvement action came from."""

    AUDIT = "audit"
    FEEDBACK = "feedback"
    STAFF_IDEA = "staff idea"
    MYSTERY_SHOP = "mystery shop"
    WALK_THROUGH = "walk-through"


class ActionStatus(Vocabulary):
    """How far an improvement action has got."""

    OPEN = "open"
    IN_PROGRESS = "in progress"
    DONE = "done"


# Frequency is free text; these are the words the tools suggest and the workbook offers.
FREQUENCIES = ("daily", "weekly", "monthly", "quarterly", "per visit")
# Channel is free text too; suggested in the workshop and the workbook.
CHANNELS = (
    "website",
    "phone",
    "in person",
    "email",
    "social media",
    "app",
    "advertising",
    "delivery",
    "mail",
    "chat",
)

# Free text may hold a number a person typed bare (horizon: 2028); the schema says so, so
# editors do not flag it, and the model keeps it as the text the person meant.
Text = Annotated[str, Field(json_schema_extra={"type": ["string", "number"]})]
Id = Annotated[
    str,
    Field(
        pattern=ID_PATTERN,
        max_length=80,
        description="Lowercase letters, digits and '-', unique within its list.",
        examples=["check-in"],
    ),
]
TextList = list[Text]


def _percent(value: Any) -> Any:
    """Accept '95%' for a number: consultants write targets the way they say them."""
    if isinstance(value, str):
        m = re.fullmatch(r"\s*([-+]?\d+(?:[.,]\d+)?)\s*%?\s*", value)
        if m:
            return float(m.group(1).replace(",", "."))
    return value


Number = Annotated[float, BeforeValidator(_percent)]


class Model(BaseModel):
    """Shared settings: unknown keys are errors, bare numbers in free text stay text."""

    model_config = ConfigDict(
        extra="forbid",
        coerce_numbers_to_str=True,
        validate_default=False,
        use_enum_values=False,
    )

    @model_validator(mode="before")
    @classmethod
    def _empty_means_default(cls, data: Any) -> Any:
        # `touchpoints:` with nothing after it is YAML null; a person means "none yet".
        # (One validator per model, not one per field: it halves the models' build time.)
        if isinstance(data, dict) and None in data.values():
            data = dict(data)
            for name, value in list(data.items()):
                field = cls.model_fields.get(name) if value is None else None
                if field is not None and field.default_factory is not None:
                    data[name] = field.default_factory()  # type: ignore[call-arg]
        return data


class Client(Model):
    """Who the plan is for."""

    name: Text = Field(min_length=1, description="The client's name, as it appears on covers.")
    industry: Text | None = Field(
        None, description="Free text; starter libraries are keyed by it (e.g. hospitality)."
    )
    logo: Text | None = Field(None, description="Path to a PNG or JPEG, relative to the plan.")
    brand_color: str | None = Field(
        None,
        pattern=r"^#[0-9A-Fa-f]{6}$",
        description="Brand colour as #RRGGBB, used across all outputs.",
        examples=["#0B6E4F"],
    )
    locations: TextList = Field(
        default_factory=list, description="Sites; checklists can be made per location."
    )


class PreparedBy(Model):
    """Who prepared the plan."""

    firm: Text | None = None
    consultant: Text | None = None
    date: dt.date | None = Field(None, description="Date of the plan, YYYY-MM-DD.")
    docx_template: Text | None = Field(
        None,
        description="Optional: the firm's own .docx whose styles the Word plan uses, "
        "relative to the plan file.",
    )


class Person(Model):
    """A named person and their role."""

    name: Text | None = None
    role: Text | None = None


class Commitment(Model):
    """What one leader commits to, and the behaviours staff will see."""

    leader: Text | None = None
    role: Text | None = None
    commitment: Text | None = None
    behaviours: TextList = Field(
        default_factory=list,
        description="Visible things this leader will do: staff believe what leaders do.",
    )


class SignOff(Model):
    """A leader's signature on the plan."""

    name: Text | None = None
    role: Text | None = None
    date: dt.date | None = None


class Leadership(Model):
    """Step 1: committed leadership."""

    sponsor: Person = Field(default_factory=Person)
    commitments: list[Commitment] = Field(default_factory=list)
    signoff: list[SignOff] = Field(default_factory=list)


class Vision(Model):
    """Step 2: strategic vision."""

    statement: Text | None = None
    horizon: Text | None = Field(None, description="By when, e.g. 2028.")
    aims: TextList = Field(default_factory=list, description="The unifying aims.")


class Customer(Model):
    """A customer segment and what it really needs."""

    id: Id
    name: Text | None = None
    needs: TextList = Field(default_factory=list)
    wants: TextList = Field(default_factory=list)
    pain_points: TextList = Field(default_factory=list)
    challenges: TextList = Field(default_factory=list)
    expectations: TextList = Field(default_factory=list)


class Experience(Model):
    """Step 3: the customer-experience statement."""

    statement: Text | None = None
    promise: Text | None = None
    physical: TextList = Field(default_factory=list, description="What customers see and touch.")
    emotional: TextList = Field(default_factory=list, description="How customers should feel.")


class Touchpoint(Model):
    """Step 4: a point where a customer forms an opinion of the business."""

    id: Id
    name: Text | None = None
    stage: Stage | None = Field(None, description="before | during | after the purchase.")
    channel: Text | None = Field(None, description="Free text, e.g. " + ", ".join(CHANNELS) + ".")
    owner: Text | None = Field(None, description="The role that owns this touchpoint.")
    customers: list[Id] = Field(default_factory=list, description="Customer segment ids.")
    description: Text | None = None
    pain_points: TextList = Field(default_factory=list)
    moment_of_truth: bool = False
    rating: int | None = Field(
        None, ge=1, le=5, description="1–5: today's experience, seen with fresh eyes."
    )


class Standard(Model):
    """Step 5: what staff do at a touchpoint, measurably."""

    id: Id
    touchpoint: Id | None = None
    role: Text | None = None
    standard: Text | None = None
    measure: Text | None = None
    target: Text | None = None
    frequency: Text | None = Field(
        None, description="Free text, e.g. " + ", ".join(FREQUENCIES) + "."
    )
    method: Method | None = None


class Measure(Model):
    """Step 6: how the business knows standards are met and how customers feel."""

    id: Id
    name: Text | None = None
    kind: MeasureKind | None = None
    question: Text | None = None
    touchpoints: list[Id] = Field(default_factory=list)
    method: Method | None = None
    frequency: Text | None = None
    owner: Text | None = None
    baseline: Number | None = None
    target: Number | None = None


class Action(Model):
    """Step 7: one improvement action."""

    id: Id
    title: Text | None = None
    touchpoint: Id | None = None
    source: ActionSource | None = None
    owner: Text | None = None
    due: dt.date | None = None
    status: ActionStatus = ActionStatus.OPEN


class StaffIdeas(Model):
    """How staff ideas are collected and rewarded."""

    channel: Text | None = None
    reward: Text | None = None


class Improvement(Model):
    """Step 7: continuous improvement."""

    review_cadence: Text | None = None
    actions: list[Action] = Field(default_factory=list)
    staff_ideas: StaffIdeas = Field(default_factory=StaffIdeas)


class Plan(Model):
    """A whole CX plan: the contents of one cxplan.yaml (format version 1)."""

    model_config = ConfigDict(
        title="cxplan plan file",
        json_schema_extra={
            "description": "A sequenced customer-experience strategy, written by cxplan."
        },
    )

    cxplan: Literal[1] = Field(description="Format version of the plan file.")
    client: Client
    prepared_by: PreparedBy = Field(default_factory=PreparedBy)
    leadership: Leadership = Field(default_factory=Leadership)
    vision: Vision = Field(default_factory=Vision)
    customers: list[Customer] = Field(default_factory=list)
    experience: Experience = Field(default_factory=Experience)
    touchpoints: list[Touchpoint] = Field(default_factory=list)
    standards: list[Standard] = Field(default_factory=list)
    measures: list[Measure] = Field(default_factory=list)
    improvement: Improvement = Field(default_factory=Improvement)


def filled(value: object) -> bool:
    """True when a free-text field holds something other than blanks."""
    if value is None:
        return False
    if isinstance(value, str):
        return bool(value.strip())
    return True


def model_for_path(path: tuple[str | int, ...]) -> type[BaseModel] | None:
    """The model class that describes the mapping at ``path`` in a plan (None for non-models)."""
    current: Any = Plan
    for part in path:
        if isinstance(part, int):
            continue
        if not (isinstance(current, type) and issubclass(current, BaseModel)):
            return None
        field = current.model_fields.get(part)
        if field is None:
            return None
        current = _inner_model(field.annotation)
    if isinstance(current, type) and issubclass(current, BaseModel):
        return current
    return None


def _inner_model(annotation: Any) -> Any:
    args = getattr(annotation, "__args__", None)
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    if args:
        for arg in args:
            inner = _inner_model(arg)
            if isinstance(inner, type) and issubclass(inner, BaseModel):
                return inner
    return None
