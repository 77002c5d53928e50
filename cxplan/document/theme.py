"""The look shared by every deliverable: brand colour, rating and status shades, stage titles."""

from __future__ import annotations

from cxplan.plan.model import MeasureKind, Stage

DEFAULT_BRAND = "#1F4E79"
STAGE_TITLES = {
    Stage.BEFORE: "Before the purchase",
    Stage.DURING: "During the purchase",
    Stage.AFTER: "After the purchase",
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
RATING_WORDS = {1: "poor", 2: "weak", 3: "fair", 4: "good", 5: "excellent"}
KIND_NAMES = {
    MeasureKind.NPS: "NPS",
    MeasureKind.CSAT: "CSAT",
    MeasureKind.CES: "CES",
    MeasureKind.COMPLIANCE: "Compliance",
    MeasureKind.CUSTOM: "Custom",
}

STATE_COLOURS = {"done": "#DCEDC8", "partly done": "#FFF2C2", "not started": "#F4C7C3"}
ACTION_COLOURS = {"done": "#DCEDC8", "in progress": "#FFF2C2", "open": "#E3ECF7"}
