"""The method's fixed vocabularies (stage, kind, method, source, status) and suggested words."""

from __future__ import annotations

from enum import Enum


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


class MeasureScale(Vocabulary):
    """How a score is given: a mean of the answers, or the percentage of good answers."""

    MEAN = "mean"
    PERCENT = "percent"


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
