"""The method's fixed vocabularies (stage, kind, method, source, status) and suggested words."""

from __future__ import annotations

from enum import Enum

from cxplan.i18n import _


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
FREQUENCIES = (_("daily"), _("weekly"), _("monthly"), _("quarterly"), _("per visit"))
# Channel is free text too; suggested in the workshop and the workbook.
CHANNELS = (
    _("website"),
    _("phone"),
    _("in person"),
    _("email"),
    _("social media"),
    _("app"),
    _("advertising"),
    _("delivery"),
    _("mail"),
    _("chat"),
)


# The words of the fixed vocabularies as a reader sees them: each is translated where it
# is shown (a document's table, a workbook's dropdown), and read back in any language.
SHOWN = (
    _("before"),
    _("during"),
    _("after"),
    _("compliance"),
    _("custom"),
    _("mean"),
    _("percent"),
    _("audit"),
    _("mystery shop"),
    _("survey"),
    _("system report"),
    _("observation"),
    _("feedback"),
    _("staff idea"),
    _("walk-through"),
    _("open"),
    _("in progress"),
    _("done"),
)
