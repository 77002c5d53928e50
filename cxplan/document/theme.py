"""The look shared by every deliverable: brand colour, rating and status shades, stage titles."""

from __future__ import annotations

from cxplan.i18n import _
from cxplan.plan.model import MeasureKind, Stage

DEFAULT_BRAND = "#1F4E79"
STAGE_TITLES = {
    Stage.BEFORE: _("Before the purchase"),
    Stage.DURING: _("During the purchase"),
    Stage.AFTER: _("After the purchase"),
}
# Journey-map shading by today's rating, 1 (poor) to 5 (excellent).
RATING_COLOURS = {
    1: "#F4C7C3",
    2: "#FCE1C4",
    3: "#FFF2C2",
    4: "#DCEDC8",
    5: "#B9DDA5",
    None: "#EEEEEE",
}
RATING_WORDS = {1: _("poor"), 2: _("weak"), 3: _("fair"), 4: _("good"), 5: _("excellent")}
KIND_NAMES = {
    MeasureKind.NPS: "NPS",
    MeasureKind.CSAT: "CSAT",
    MeasureKind.CES: "CES",
    MeasureKind.COMPLIANCE: _("Compliance"),
    MeasureKind.CUSTOM: _("Custom"),
}

# The states of a step (method/status.py), translated where they are shown.
STATES = (_("done"), _("partly done"), _("not started"))
STATE_COLOURS = {"done": "#DCEDC8", "partly done": "#FFF2C2", "not started": "#F4C7C3"}
ACTION_COLOURS = {"done": "#DCEDC8", "in progress": "#FFF2C2", "open": "#E3ECF7"}
