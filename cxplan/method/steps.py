"""The seven steps of the method, in their order: what the team answers and why it comes there."""

from __future__ import annotations

from dataclasses import dataclass

from cxplan.i18n import _


@dataclass(frozen=True)
class Step:
    """One step of the sequence: what the team answers and why it comes where it does."""

    number: int
    key: str
    title: str
    question: str
    why: str
    done_when: str
    sections: tuple[str, ...]  # the plan's top-level sections that hold this step's answers


STEPS: tuple[Step, ...] = (
    Step(
        1,
        "leadership",
        _("Committed leadership"),
        _("Who sponsors this, and what will each leader visibly do?"),
        _(
            "Staff believe what leaders do, not what they say. Without a sponsor and behaviours "
            "people can see, a CX strategy becomes a poster on the wall, so it starts here: "
            "everything that follows needs someone accountable for it."
        ),
        _("a sponsor, and at least one commitment with a visible behaviour"),
        ("leadership",),
    ),
    Step(
        2,
        "vision",
        _("Strategic vision"),
        _("Where are we heading, by when, and with which unifying aims?"),
        _(
            "A vision gives every team the same destination. A horizon and a few aims that unite "
            "departments let you test every later choice of touchpoint and standard against them."
        ),
        _("a vision statement, a horizon and at least one aim"),
        ("vision",),
    ),
    Step(
        3,
        "experience",
        _("Customer-experience statement"),
        _(
            "What experience will we deliver, physically and emotionally? What do we promise, "
            "and what do customers really need?"
        ),
        _(
            "Customers remember how you made them feel. Write the experience you will deliver, "
            "what customers see and touch and how they should feel, from what your customer "
            "segments really need, want and struggle with, not from what is easy to offer."
        ),
        _("a statement, a physical and an emotional element, and a customer segment with a need"),
        ("customers", "experience"),
    ),
    Step(
        4,
        "touchpoints",
        _("Touchpoints"),
        _(
            "Where does a customer form an opinion of us, before, during and after the purchase, "
            "in every channel?"
        ),
        _(
            "Every contact shapes an opinion, including the ones nobody owns: the website, the "
            "car park, the invoice. Walk the journey with fresh eyes as a new customer would, "
            "and give every touchpoint an owner."
        ),
        _("a touchpoint before, during and after the purchase; every touchpoint has an owner"),
        ("touchpoints",),
    ),
    Step(
        5,
        "standards",
        _("Service standards"),
        _("What exactly do staff do at each touchpoint, measurably?"),
        _(
            "A standard turns the promise into something staff can do and a manager can check: "
            "who does what, how well and how often. 'Promptly' and 'friendly' cannot be trained "
            "or audited; numbers can."
        ),
        _(
            "every touchpoint has a standard; every standard has a role, measure, target "
            "and frequency"
        ),
        ("standards",),
    ),
    Step(
        6,
        "measures",
        _("Measurement"),
        _("How do we know each standard is met, and how customers feel?"),
        _(
            "What gets measured gets done. Measure both sides: whether standards are met (audits, "
            "system reports, mystery shops) and how customers feel (NPS, CSAT, CES), at the "
            "touchpoints where the feedback is given."
        ),
        _("every touchpoint is covered by a measure; at least one NPS, CSAT or CES measure"),
        ("measures",),
    ),
    Step(
        7,
        "improvement",
        _("Continuous improvement"),
        _("How do we keep exceeding expectations: review rhythm, actions, staff ideas?"),
        _(
            "Expectations rise each time you meet them. Keep a review rhythm, turn what audits "
            "and feedback find into owned actions, and give staff, who see problems first, a "
            "channel for ideas and a reward when one is adopted."
        ),
        _("a review cadence, and an action or a channel for staff ideas"),
        ("improvement",),
    ),
)


def step_of(key: str) -> Step:
    """The step whose key is ``key`` ("touchpoints")."""
    return next(s for s in STEPS if s.key == key)
