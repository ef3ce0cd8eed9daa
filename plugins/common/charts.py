"""Inline SVG charts drawn at build time: readable with no JavaScript.

Horizontal bars, because labels (class years, names) read best on a narrow
phone screen to the left of their bar.  The SVG scales with its container
through ``viewBox``; each bar carries a ``<title>`` and the chart a text
alternative, and pages also give the numbers as a table.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from html import escape


@dataclass(frozen=True)
class Bar:
    label: str
    value: Decimal
    text: str  # what is written at the end of the bar, e.g. "12.5%"


def bar_chart_svg(
    bars: Sequence[Bar], title: str, description: str, row: int = 28, label_width: int = 64, share: int = 70
) -> str:
    """A horizontal bar chart as wide as its column; the longest bar spans ``share`` % of it.

    No ``viewBox``: text keeps its CSS pixel size (13 px) at every width, while the
    bars are percentages of the width, so on a desktop the chart uses the column
    (a scaled 360-unit chart used a third of it, or blew its text up).
    """
    top = 8
    height = top * 2 + row * len(bars)
    largest = max((b.value for b in bars), default=Decimal(0)) or Decimal(1)
    parts = [
        f'<svg class="chart" width="100%" height="{height}" role="img" '
        f'aria-labelledby="chart-title chart-desc" xmlns="http://www.w3.org/2000/svg">',
        f'<title id="chart-title">{escape(title)}</title><desc id="chart-desc">{escape(description)}</desc>',
    ]
    for index, bar in enumerate(bars):
        y = top + index * row
        length = (
            (Decimal(share) * bar.value / largest).quantize(Decimal("0.1")) if bar.value > 0 else Decimal(0)
        )
        # A zero is written, muted, with no bar: a sliver of colour would read as "a little".
        drawn = (
            f'<rect x="{label_width}" y="{y + 5}" width="{length}%" height="{row - 10}" rx="3" class="chart-bar"/>'
            if length
            else ""
        )
        value_class = "chart-value" if length else "chart-value chart-zero"
        # The value follows the bar: x is the bar's share of the width, dx the label column and a gap.
        parts.append(
            f"<g><title>{escape(bar.label)}：{escape(bar.text)}</title>"
            f'<text x="{label_width - 8}" y="{y + row * 0.65:.0f}" text-anchor="end" class="chart-label">{escape(bar.label)}</text>'
            f"{drawn}"
            f'<text x="{length}%" dx="{label_width + 6}" y="{y + row * 0.65:.0f}" class="{value_class}">{escape(bar.text)}</text></g>'
        )
    parts.append("</svg>")
    return "".join(parts)
