"""Bar charts for the reports, drawn on the server as inline SVG: no script, nothing
from another host, and nothing the admin's Content-Security-Policy refuses (the bars
are sized by SVG attributes, not by style attributes)."""

from dataclasses import dataclass

from django import template

register = template.Library()


@dataclass(frozen=True)
class Bar:
    label: str
    share: float  # 0 to 1
    text: str  # the figure in words, shown beside the bar: the chart's text alternative
    url: str = ""

    @property
    def percent(self):
        return f"{max(0.0, min(1.0, self.share)) * 100:.1f}"


@register.inclusion_tag("reports/includes/share_chart.html")
def share_chart(bars, labelledby):
    """A list of labelled bars, one a line, each with its figure written out."""
    return {"bars": bars, "labelledby": labelledby}
