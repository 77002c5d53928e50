"""How a workbook sheet prints: paper, margins, and a scale of 80% or more across the page."""

from __future__ import annotations

from itertools import pairwise
from typing import Any

# Paper in points (landscape width, height) and openpyxl's paper-size codes.
PAPER = {"a4": ((842, 595), 9), "letter": ((792, 612), 1)}
SIDE, TOP = 0.25, 0.6  # margins in inches: narrow at the sides, room for header and footer
LEAST = 80  # the smallest print scale, in per cent, at which a sheet still reads well
POINTS_PER_WIDTH = 5.25  # a column width unit is 7 pixels of Calibri 11, 0.75 pt each
GAP_WIDTH = 2.0  # the empty column between two side-by-side tables


def printable(paper: str) -> float:
    """The width in points a landscape page of ``paper`` prints, inside its margins."""
    return PAPER[paper][0][0] - 2 * 72 * SIDE


def scale_for(width: float, paper: str) -> int:
    """The print scale (per cent, at most 100) that fits ``width`` points across a page."""
    return min(100, int(100 * printable(paper) / width))


def print_setup(ws: Any, widths: dict[int, float], parts: list[int], paper: str) -> None:
    """Landscape ``paper``, narrow margins, fitted to the page's width; a sheet of tables
    side by side too wide to fit at 80% prints each table from its own page across
    (``parts``: the first column of each table but the first)."""
    from openpyxl.worksheet.page import PageMargins
    from openpyxl.worksheet.pagebreak import Break, ColBreak
    from openpyxl.worksheet.properties import PageSetupProperties

    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = PAPER[paper][1]
    ws.page_margins = PageMargins(
        left=SIDE, right=SIDE, top=TOP, bottom=TOP, header=0.3, footer=0.3
    )
    last = max(widths)
    for column in range(1, last + 1):
        widths.setdefault(column, GAP_WIDTH)
    total = sum(widths.values()) * POINTS_PER_WIDTH
    if scale_for(total, paper) >= LEAST or not parts:
        ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
        ws.page_setup.fitToWidth = 1
        ws.page_setup.fitToHeight = 0
        return
    # Excel ignores manual page breaks on a sheet fitted to pages: a fixed scale instead.
    edges = [1, *parts, last + 1]
    widest = max(sum(widths[c] for c in range(a, b)) * POINTS_PER_WIDTH for a, b in pairwise(edges))
    ws.page_setup.scale = scale_for(widest, paper)
    breaks = ColBreak()
    for column in parts:
        breaks.append(Break(id=column - 1))
    ws.col_breaks = breaks
