"""Charts drawn at build time as static, accessible SVG, for the pages' templates.

No script and nothing fetched: each chart is an `<svg role="img">` whose `<title>` and `<desc>`
are what a screen reader announces, and the page puts the same data in a table beside it.
Axes and text use the text colour (currentColor); series take the brand's colours, then a
palette that colour-blind readers tell apart (Okabe and Ito), and lines also differ by dash
pattern, so colour is never the only cue. Each chart has a wide layout and a narrow one (for
phones): its text stays at least 11 px high once drawn.

The functions are Jinja globals: they receive the template's environment, so tick labels are
formatted by the page language's own filters (`integer`, `percent`).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import jinja2
from markupsafe import Markup, escape


@dataclass(frozen=True)
class Layout:
    """A chart's drawing size, in the viewBox's units, and its text size. A page shows the
    wide layout on a desktop and the narrow one on a phone (theme's CSS), so that text is
    drawn at about its own size on both: a 640-unit chart shrunk onto a phone would write
    its labels 5 px high."""

    width: int
    height: int
    left: int  # the plot area's margins: ticks, labels, legend
    right: int
    top: int
    font: int  # text size, in units
    label_room: int  # the least width, in units, one x-axis label needs

    @property
    def char(self) -> float:  # about the width of a character at this size
        return self.font * 0.62


LAYOUTS = {
    "wide": Layout(width=640, height=320, left=64, right=16, top=16, font=11, label_room=40),
    "narrow": Layout(width=320, height=300, left=44, right=8, top=12, font=12, label_room=44),
}
# Series take the brand's colours first (brand.css), then a palette colour-blind readers tell
# apart (Okabe and Ito); lines also differ by dash pattern.
PALETTE = ("var(--hb-primary, #0072B2)", "var(--hb-accent, #E69F00)", "#009E73", "#CC79A7",
           "#D55E00", "#56B4E9")
DASHES = ("none", "8 4", "2 4", "10 4 2 4")

ChartSeries = Sequence[tuple[str, Sequence[float | None]]]  # (name, one value per category)


@jinja2.pass_environment
def bar_chart(env: jinja2.Environment, chart_id: str, title: str, description: str,
              categories: Sequence[str], series: ChartSeries, ticks: str = "integer",
              size: str = "wide") -> Markup:
    """Stacked bars: one bar per category, one segment per series."""
    layout = LAYOUTS[size]
    legend = _legend(layout, [(name, "bar", number) for number, (name, _) in enumerate(series)])
    bottom = _bottom(layout, legend)
    totals = [sum(values[index] or 0 for _, values in series)
              for index in range(len(categories))]
    top, steps = _scale(max(totals, default=0), whole=ticks == "integer")
    slot = _plot_width(layout) / max(len(categories), 1)
    shapes = []
    for index in range(len(categories)):
        base = 0.0
        for number, (name, values) in enumerate(series):
            value = values[index] or 0
            if value:
                y_top, y_base = (_y(layout, bottom, base + value, top),
                                 _y(layout, bottom, base, top))
                shapes.append(
                    f'<rect x="{_n(layout.left + slot * (index + 0.2))}" y="{_n(y_top)}" '
                    f'width="{_n(slot * 0.6)}" height="{_n(y_base - y_top)}" '
                    f'style="fill:{PALETTE[number % len(PALETTE)]}"/>')
            base += value
    return _svg(env, layout, bottom, chart_id, title, description, categories, top, steps,
                ticks, shapes, legend)


@jinja2.pass_environment
def line_chart(env: jinja2.Environment, chart_id: str, title: str, description: str,
               categories: Sequence[str], series: ChartSeries, ticks: str = "percent",
               size: str = "wide") -> Markup:
    """One line per series; an undefined value (None) leaves a gap, never a drop to 0."""
    layout = LAYOUTS[size]
    legend = _legend(layout, [(name, "line", number) for number, (name, _) in enumerate(series)])
    bottom = _bottom(layout, legend)
    defined = [value for _, values in series for value in values if value is not None]
    top, steps = _scale(max((float(value) for value in defined), default=0))
    slot = _plot_width(layout) / max(len(categories), 1)
    shapes = []
    for number, (name, values) in enumerate(series):
        colour = PALETTE[number % len(PALETTE)]
        points = [(layout.left + slot * (index + 0.5), _y(layout, bottom, float(value), top))
                  if value is not None else None for index, value in enumerate(values)]
        for run in _runs(points):
            if len(run) > 1:
                shapes.append(
                    f'<polyline points="{" ".join(f"{_n(x)},{_n(y)}" for x, y in run)}" '
                    f'fill="none" style="stroke:{colour}" stroke-width="2.5" '
                    f'stroke-dasharray="{DASHES[number % len(DASHES)]}"/>')
            shapes.extend(f'<circle cx="{_n(x)}" cy="{_n(y)}" r="3.5" style="fill:{colour}"/>'
                          for x, y in run)
    return _svg(env, layout, bottom, chart_id, title, description, categories, top, steps,
                ticks, shapes, legend)


def _legend(layout: Layout, entries):
    """Legend entries with their place, (name, kind, number, x, row): a row is full when the
    next name would pass the right edge."""
    placed, x, row = [], layout.left, 0
    for name, kind, number in entries:
        width = 20 + layout.char * len(name) + 8
        if x > layout.left and x + width > layout.width - layout.right:
            x, row = layout.left, row + 1
        placed.append((name, kind, number, x, row))
        x += width
    return placed


def _bottom(layout: Layout, legend) -> float:
    """The margin under the plot: two lines of axis labels, then the legend's rows."""
    rows = 1 + max((row for *_, row in legend), default=0)
    return layout.font * 3.6 + rows * layout.font * 1.6 + 6


def _svg(env, layout, bottom, chart_id, title, description, categories, top, steps, ticks,
         shapes, legend) -> Markup:
    fmt = env.filters[ticks]
    slot = _plot_width(layout) / max(len(categories), 1)
    # On a narrow chart, one label every few categories: never two labels over each other.
    every = max(1, math.ceil(layout.label_room / slot))
    lines = [
        (f'<svg xmlns="http://www.w3.org/2000/svg" role="img" '
         f'viewBox="0 0 {layout.width} {layout.height}" width="{layout.width}" '
         f'height="{layout.height}" style="max-width:100%;height:auto" '
         f'font-size="{layout.font}" aria-labelledby="{chart_id}-title {chart_id}-desc">'),
        f'<title id="{chart_id}-title">{escape(title)}</title>',
        f'<desc id="{chart_id}-desc">{escape(description)}</desc>',
    ]
    for step in range(steps + 1):
        value = top * step / steps
        y = _y(layout, bottom, value, top)
        lines.append(f'<line x1="{layout.left}" y1="{_n(y)}" x2="{layout.width - layout.right}" '
                     f'y2="{_n(y)}" stroke="currentColor" '
                     f'stroke-opacity="{0.6 if step == 0 else 0.15}"/>')
        lines.append(f'<text x="{layout.left - 6}" y="{_n(y + layout.font * 0.35)}" '
                     f'text-anchor="end" fill="currentColor">'
                     f'{escape(fmt(_tick_value(value)))}</text>')
    axis_y = layout.height - bottom + layout.font * 1.45
    for index, category in enumerate(categories):
        if index % every:
            continue
        x = _n(layout.left + slot * (index + 0.5))
        rows = "".join(f'<tspan x="{x}" dy="{0 if number == 0 else _n(layout.font * 1.2)}">'
                       f'{escape(part)}</tspan>'
                       for number, part in enumerate(category.split("\n")))
        lines.append(f'<text y="{_n(axis_y)}" text-anchor="middle" '
                     f'fill="currentColor">{rows}</text>')
    lines.extend(shapes)
    legend_top = layout.height - bottom + layout.font * 3.6 + 6
    for name, kind, number, x, row in legend:
        colour = PALETTE[number % len(PALETTE)]
        y = legend_top + row * layout.font * 1.6 + layout.font
        if kind == "bar":
            lines.append(f'<rect x="{_n(x)}" y="{_n(y - layout.font * 0.85)}" width="12" '
                         f'height="12" style="fill:{colour}"/>')
        else:
            lines.append(f'<line x1="{_n(x)}" y1="{_n(y - 4)}" x2="{_n(x + 16)}" '
                         f'y2="{_n(y - 4)}" style="stroke:{colour}" stroke-width="2.5" '
                         f'stroke-dasharray="{DASHES[number % len(DASHES)]}"/>')
        lines.append(f'<text x="{_n(x + 20)}" y="{_n(y)}" fill="currentColor">'
                     f'{escape(name)}</text>')
    lines.append("</svg>")
    return Markup("\n".join(lines))


def _scale(highest: float, whole: bool = False) -> tuple[float, int]:
    """A round top for the axis and its number of steps: 1, 2 or 5 times a power of ten
    (at least 1 for `whole` counts: no tick at half a post)."""
    if highest <= 0:
        return 1.0, 1
    rough = highest / 4
    power = 10 ** math.floor(math.log10(rough))
    step = next(m * power for m in (1, 2, 5, 10) if m * power >= rough)
    if whole:
        step = max(step, 1)
    steps = math.ceil(highest / step - 1e-9)
    return step * steps, steps


def _tick_value(value: float) -> float:
    # Integers stay integers (42, not 42.0); decimals lose float noise (0.30000000000000004).
    return round(value) if abs(value - round(value)) < 1e-9 else round(value, 10)


def _plot_width(layout: Layout) -> float:
    return layout.width - layout.left - layout.right


def _y(layout: Layout, bottom: float, value: float, top: float) -> float:
    return layout.top + (layout.height - layout.top - bottom) * (1 - value / top)


def _runs(points):
    """Consecutive defined points, split where a value is undefined."""
    run = []
    for point in points:
        if point is None:
            if run:
                yield run
            run = []
        else:
            run.append(point)
    if run:
        yield run


def _n(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")
