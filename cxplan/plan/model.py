"""The plan file as typed models: one class per section, the method's vocabularies as enums."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    model_validator,
)

from cxplan.plan import codecs
from cxplan.plan.codecs import ID_PATTERN
from cxplan.plan.vocab import (
    CHANNELS,
    FEEDBACK_KINDS,
    FREQUENCIES,
    ActionSource,
    ActionStatus,
    MeasureKind,
    MeasureScale,
    Method,
    Stage,
    Vocabulary,
)

FORMAT_VERSION = 1


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

# Values with a kind of their own are read by the kind's codec, so the plan file gives
# the same message for a mistake as the workshop and the workbook do.
Number = Annotated[float | None, BeforeValidator(codecs.NUMBER.validate)]
Day = Annotated[dt.date | None, BeforeValidator(codecs.DATE.validate)]
Flag = Annotated[bool, BeforeValidator(codecs.FLAG.validate)]
RatingField = Annotated[int | None, BeforeValidator(codecs.RATING.validate)]
StageField = Annotated[Stage | None, BeforeValidator(codecs.STAGE.validate)]
KindField = Annotated[MeasureKind | None, BeforeValidator(codecs.KIND.validate)]
MethodField = Annotated[Method | None, BeforeValidator(codecs.METHOD.validate)]
SourceField = Annotated[ActionSource | None, BeforeValidator(codecs.SOURCE.validate)]
StatusField = Annotated[ActionStatus, BeforeValidator(codecs.STATUS.validate)]
ScaleField = Annotated[MeasureScale | None, BeforeValidator(codecs.SCALE.validate)]
Weight = Annotated[float | None, BeforeValidator(codecs.WEIGHT.validate)]


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


LANGUAGE_PATTERN = r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$"


class Site(Model):
    """A location of the client, with an id that touchpoints and standards refer to."""

    id: Id
    name: Text = Field(min_length=1)


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
    locations: list[Text | Site] = Field(
        default_factory=list,
        description="Sites: names, or {id, name}. Checklists can be made per location, and "
        "touchpoints and standards can be tied to some of them.",
    )
    language: str | None = Field(
        None,
        pattern=LANGUAGE_PATTERN,
        description="The language of the deliverables, as a BCP 47 tag (en, de, fr-CH); "
        "default en.",
        examples=["de"],
    )

    def sites(self) -> list[Site]:
        """Every location as a Site; a bare name gets an id made from it."""
        from cxplan.plan.ids import site_ids

        return [
            location
            if isinstance(location, Site)
            else Site.model_construct(id=ident, name=location)
            for location, ident in zip(self.locations, site_ids(self.locations), strict=True)
        ]


class PreparedBy(Model):
    """Who prepared the plan."""

    firm: Text | None = None
    consultant: Text | None = None
    date: Day = Field(None, description="Date of the plan, YYYY-MM-DD.")
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
    date: Day = None


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
    stage: StageField = Field(None, description="before | during | after the purchase.")
    channel: Text | None = Field(None, description="Free text, e.g. " + ", ".join(CHANNELS) + ".")
    owner: Text | None = Field(None, description="The role that owns this touchpoint.")
    customers: list[Id] = Field(default_factory=list, description="Customer segment ids.")
    description: Text | None = None
    pain_points: TextList = Field(default_factory=list)
    moment_of_truth: Flag = False
    rating: RatingField = Field(
        None, ge=1, le=5, description="1–5: today's experience, seen with fresh eyes."
    )
    locations: list[Id] = Field(
        default_factory=list, description="Location ids where it exists (default: all)."
    )
    reviewed: Flag = Field(
        True, description="false on starter content until the team keeps or edits it."
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
    method: MethodField = None
    locations: list[Id] = Field(
        default_factory=list, description="Location ids where it applies (default: all)."
    )
    critical: Flag = Field(
        False, description="true: one No fails the whole audit (its score is still shown)."
    )
    weight: Weight = Field(None, description="How much it counts in a score (default 1).")
    reviewed: Flag = Field(
        True, description="false on starter content until the team keeps or edits it."
    )


class Measure(Model):
    """Step 6: how the business knows standards are met and how customers feel."""

    id: Id
    name: Text | None = None
    kind: KindField = None
    question: Text | None = None
    touchpoints: list[Id] = Field(default_factory=list)
    method: MethodField = None
    frequency: Text | None = None
    owner: Text | None = None
    baseline: Number = None
    target: Number = None
    scale: ScaleField = Field(
        None,
        description="How a CES (or a custom score) is given: mean (CES 1-7) or percent "
        "(the share of good answers).",
    )
    unit: Text | None = Field(None, description="The unit of a custom measure, e.g. minutes.")
    reviewed: Flag = Field(
        True, description="false on starter content until the team keeps or edits it."
    )


class Action(Model):
    """Step 7: one improvement action."""

    id: Id
    title: Text | None = None
    touchpoint: Id | None = None
    source: SourceField = None
    owner: Text | None = None
    due: Day = None
    status: StatusField = ActionStatus.OPEN


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
    plan_id: str | None = Field(
        None,
        pattern=r"^[A-Za-z0-9-]{4,64}$",
        description="Written by `cxplan new`: tells this plan's workbooks and results from "
        "another plan's.",
    )
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


__all__ = [
    "CHANNELS",
    "FEEDBACK_KINDS",
    "FORMAT_VERSION",
    "FREQUENCIES",
    "ID_PATTERN",
    "Action",
    "ActionSource",
    "ActionStatus",
    "Client",
    "Commitment",
    "Customer",
    "Experience",
    "Improvement",
    "Leadership",
    "Measure",
    "MeasureKind",
    "MeasureScale",
    "Method",
    "Model",
    "Person",
    "Plan",
    "PreparedBy",
    "SignOff",
    "Site",
    "StaffIdeas",
    "Stage",
    "Standard",
    "Touchpoint",
    "Vision",
    "Vocabulary",
    "filled",
    "model_for_path",
]
