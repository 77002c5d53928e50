"""The Dashboard's stored results: compliance by touchpoint and by site, and the latest
customer feedback per measure, each with its n, beside baseline and target.

Written only when the plan has a results store with something in it, so without one the
workbook is byte for byte what it was.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from cxplan.i18n import _
from cxplan.render.common import cell_text

if TYPE_CHECKING:
    from cxplan.render.dashboard import DashboardWriter

SPAN = _("Results so far: {first} to {last}")
LINE_COLUMNS = (_("Compliance"), _("Answers (n)"), _("Audits"), _("Target"))
FEEDBACK_COLUMNS = (
    _("Measure"),
    _("Kind"),
    _("Latest"),
    _("n"),
    _("Margin (±)"),
    _("Period"),
    _("Baseline"),
    _("Target"),
)


class StoredResults:
    """Writes the stored results onto the Dashboard ``dashboard`` is writing."""

    def __init__(self, dashboard: DashboardWriter) -> None:
        self.dashboard = dashboard
        self.ws = dashboard.ws
        self.tr = dashboard.tr

    def compliance(self, row: int) -> int:
        """Compliance by touchpoint and by site from ``row`` down; the row below the last."""
        summary = self.dashboard.book.results
        if summary is None:
            return row
        self._note(row, self.tr(SPAN, first=summary.first, last=summary.last))
        row = self._lines(row + 1, _("Touchpoint"), summary.touchpoints)
        return self._lines(row + 1, _("Site"), summary.sites)

    def feedback(self, row: int) -> tuple[int, tuple[str, str] | None]:
        """The latest feedback figures from ``row`` down: the row below the last, and the
        ranges of their names and figures, for the charts to look them up."""
        figures = self.dashboard.book.feedback
        if not figures:
            return row, None
        end = self._feedback(row, figures)
        first, last = row + 2, row + 1 + len(figures)
        return end, (f"$A${first}:$A${last}", f"$C${first}:$C${last}")

    def _note(self, row: int, text: str) -> None:
        cell = self.ws.cell(row=row, column=1, value=text)
        cell.font = self.dashboard.book.label_font

    def _text(self, row: int, column: int, text: str) -> None:
        cell = self.ws.cell(row=row, column=column, value=cell_text(text))
        cell.data_type = "s"  # client text is text, never a formula

    def _lines(self, row: int, title: str, lines: tuple[Any, ...]) -> int:
        """Compliance by one split (touchpoint or site), with n; the row below."""
        ws = self.ws
        self.dashboard._heading(row, (title, *LINE_COLUMNS))
        for r, line in enumerate(lines, start=row + 1):
            self._text(r, 1, line.label)
            if line.compliance is not None:
                ws.cell(row=r, column=2, value=line.compliance / 100).number_format = "0.0%"
            ws.cell(row=r, column=3, value=line.answered)
            ws.cell(row=r, column=4, value=line.audits)
            if line.target is not None:
                ws.cell(row=r, column=5, value=line.target / 100).number_format = "0%"
        return row + len(lines) + 1

    def _feedback(self, row: int, figures: tuple[Any, ...]) -> int:
        """Each feedback measure's latest figure, n and margin, beside baseline and target."""
        ws = self.ws
        self._note(row, self.tr("Latest customer feedback"))
        self.dashboard._heading(row + 1, FEEDBACK_COLUMNS)
        for r, figure in enumerate(figures, start=row + 2):
            measure, score = figure.measure, figure.score
            self._text(r, 1, measure.name or measure.id)
            ws.cell(row=r, column=2, value=str(measure.kind or "").upper())
            digits = "0.0" if score.formula.startswith("mean") else "0"
            if score.value is not None:
                ws.cell(row=r, column=3, value=round(score.value, 1)).number_format = digits
            ws.cell(row=r, column=4, value=score.n)
            if score.margin is not None:
                ws.cell(row=r, column=5, value=round(score.margin, 1)).number_format = digits
            ws.cell(row=r, column=6, value=figure.period)
            for column, value in ((7, measure.baseline), (8, measure.target)):
                if value is not None:
                    ws.cell(row=r, column=column, value=value)
        return row + len(figures) + 2
