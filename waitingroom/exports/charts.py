"""Bar charts drawn on the server as inline SVG: no script, no outside request.

A chart is decoration for the eye: it is `role="img"` with a short title, and the
figures themselves are in a data table beside it for screen readers. A hidden
figure is drawn as an outlined, hatched bar with the words "fewer than N",
never as a length. Right to left mirrors the chart: labels on the right, bars
growing leftwards.
"""

from __future__ import annotations

from markupsafe import Markup, escape

WIDTH = 360
ROW = 18
LABEL = 150
NUMBER = 70
MAX_LABEL = 24


def _short(text: str) -> str:
    return text if len(text) <= MAX_LABEL else text[: MAX_LABEL - 1] + "…"


def bar_chart(
    chart_id: str,
    title: str,
    bars: list[tuple[str, int | None]],
    hidden_text: str,
    direction: str = "ltr",
) -> Markup:
    """Horizontal bars, one per (label, n); n None is drawn as hidden."""
    rtl = direction == "rtl"
    height = ROW * max(len(bars), 1) + 4
    track = WIDTH - LABEL - NUMBER
    largest = max([n for _, n in bars if n] or [1])

    def x(start: float, width: float = 0) -> float:
        """A position measured from the start edge, mirrored for right to left."""
        return round(WIDTH - start - width, 1) if rtl else round(start, 1)

    parts = [
        f'<svg class="chart" id="{escape(chart_id)}" role="img" '
        f'aria-labelledby="{escape(chart_id)}-title" viewBox="0 0 {WIDTH} {height}" '
        f'width="{WIDTH}" height="{height}" direction="{direction}" '
        f'xmlns="http://www.w3.org/2000/svg">',
        f'<title id="{escape(chart_id)}-title">{escape(title)}</title>',
    ]
    for index, (label, n) in enumerate(bars):
        top = 2 + index * ROW
        middle = top + ROW / 2 + 4
        parts.append(
            f'<text class="chart-label" x="{x(LABEL - 4)}" y="{middle}" '
            f'text-anchor="end">{escape(_short(label))}</text>'
        )
        if n is None:
            parts.append(
                f'<rect class="chart-hidden" x="{x(LABEL, track / 4)}" y="{top + 3}" '
                f'width="{round(track / 4, 1)}" height="{ROW - 6}"/>'
            )
            parts.append(
                f'<text class="chart-figure" x="{x(LABEL + track / 4 + 4)}" y="{middle}" '
                f'text-anchor="start">{escape(hidden_text)}</text>'
            )
            continue
        width = max(track * n / largest, 1 if n else 0)
        parts.append(
            f'<rect class="chart-bar" x="{x(LABEL, width)}" y="{top + 3}" '
            f'width="{round(width, 1)}" height="{ROW - 6}"/>'
        )
        parts.append(
            f'<text class="chart-figure" x="{x(LABEL + width + 4)}" y="{middle}" '
            f'text-anchor="start">{n}</text>'
        )
    parts.append("</svg>")
    return Markup("".join(parts))  # noqa: S704 - every text above is escaped
