"""Charts drawn at build time as static, accessible SVG, for the pages' templates.

No script and nothing fetched: each chart is an `<svg role="img">` whose `<title>` and `<desc>`
are what a screen reader announces, and the page puts the same data in a table beside it.
Axes and text use the text colour (currentColor); series use a palette that colour-blind
readers tell apart (Okabe and Ito), and lines also differ by dash pattern, so colour is never
the only cue.

The functions are Jinja globals: they receive the template's environment, so tick labels are
formatted by the page language's own filters (`integer`, `percent`).
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import jinja2
from markupsafe import Markup, escape

WIDTH, HEIGHT = 640, 320
LEFT, RIGHT, TOP, BOTTOM = 64, 16, 16, 84  # the plot area's margins: ticks, labels, legend
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#D55E00", "#56B4E9")
DASHES = ("none", "8 4", "2 4", "10 4 2 4")

ChartSeries = Sequence[tuple[str, Sequence[float | None]]]  # (name, one value per category)


@jinja2.pass_environment
def bar_chart(env: jinja2.Environment, chart_id: str, title: str, description: str,
              categories: Sequence[str], series: ChartSeries, ticks: str = "integer") -> Markup:
    """Stacked bars: one bar per category, one segment per series."""
    totals = [sum(values[index] or 0 for _, values in series)
              for index in range(len(categories))]
    top, steps = _scale(max(totals, default=0), whole=ticks == "integer")
    slot = _plot_width() / max(len(categories), 1)
    shapes = []
    for index in range(len(categories)):
        base = 0.0
        for number, (name, values) in enumerate(series):
            value = values[index] or 0
            if value:
                y_top, y_base = _y(base + value, top), _y(base, top)
                shapes.append(
                    f'<rect x="{_n(LEFT + slot * (index + 0.2))}" y="{_n(y_top)}" '
                    f'width="{_n(slot * 0.6)}" height="{_n(y_base - y_top)}" '
                    f'fill="{PALETTE[number % len(PALETTE)]}"/>')
            base += value
    legend = [(name, "bar", number) for number, (name, _) in enumerate(series)]
    return _svg(env, chart_id, title, description, categories, top, steps, ticks, shapes,
                legend)


@jinja2.pass_environment
def line_chart(env: jinja2.Environment, chart_id: str, title: str, description: str,
               categories: Sequence[str], series: ChartSeries, ticks: str = "percent") -> Markup:
    """One line per series; an undefined value (None) leaves a gap, never a drop to 0."""
    defined = [value for _, values in series for value in values if value is not None]
    top, steps = _scale(max((float(value) for value in defined), default=0))
    slot = _plot_width() / max(len(categories), 1)
    shapes = []
    for number, (name, values) in enumerate(series):
        colour = PALETTE[number % len(PALETTE)]
        points = [(LEFT + slot * (index + 0.5), _y(float(value), top)) if value is not None
                  else None for index, value in enumerate(values)]
        for run in _runs(points):
            if len(run) > 1:
                shapes.append(
                    f'<polyline points="{" ".join(f"{_n(x)},{_n(y)}" for x, y in run)}" '
                    f'fill="none" stroke="{colour}" stroke-width="2.5" '
                    f'stroke-dasharray="{DASHES[number % len(DASHES)]}"/>')
            shapes.extend(f'<circle cx="{_n(x)}" cy="{_n(y)}" r="3.5" fill="{colour}"/>'
                          for x, y in run)
    legend = [(name, "line", number) for number, (name, _) in enumerate(series)]
    return _svg(env, chart_id, title, description, categories, top, steps, ticks, shapes,
                legend)


def _svg(env, chart_id, title, description, categories, top, steps, ticks, shapes,
         legend) -> Markup:
    fmt = env.filters[ticks]
    slot = _plot_width() / max(len(categories), 1)
    lines = [
        (f'<svg xmlns="http://www.w3.org/2000/svg" role="img" viewBox="0 0 {WIDTH} {HEIGHT}" '
         f'width="{WIDTH}" height="{HEIGHT}" style="max-width:100%;height:auto" font-size="11" '
         f'aria-labelledby="{chart_id}-title {chart_id}-desc">'),
        f'<title id="{chart_id}-title">{escape(title)}</title>',
        f'<desc id="{chart_id}-desc">{escape(description)}</desc>',
    ]
    for step in range(steps + 1):
        value = top * step / steps
        y = _y(value, top)
        lines.append(f'<line x1="{LEFT}" y1="{_n(y)}" x2="{WIDTH - RIGHT}" y2="{_n(y)}" '
                     f'stroke="currentColor" stroke-opacity="{0.6 if step == 0 else 0.15}"/>')
        lines.append(f'<text x="{LEFT - 6}" y="{_n(y + 4)}" text-anchor="end" '
                     f'fill="currentColor">{escape(fmt(_tick_value(value)))}</text>')
    for index, category in enumerate(categories):
        x = _n(LEFT + slot * (index + 0.5))
        rows = "".join(f'<tspan x="{x}" dy="{0 if number == 0 else 13}">{escape(part)}</tspan>'
                       for number, part in enumerate(category.split("\n")))
        lines.append(f'<text y="{HEIGHT - BOTTOM + 16}" text-anchor="middle" '
                     f'fill="currentColor">{rows}</text>')
    lines.extend(shapes)
    x = LEFT
    y = HEIGHT - 18
    for name, kind, number in legend:
        colour = PALETTE[number % len(PALETTE)]
        if kind == "bar":
            lines.append(f'<rect x="{x}" y="{y - 9}" width="12" height="12" fill="{colour}"/>')
        else:
            lines.append(f'<line x1="{x}" y1="{y - 3}" x2="{x + 16}" y2="{y - 3}" '
                         f'stroke="{colour}" stroke-width="2.5" '
                         f'stroke-dasharray="{DASHES[number % len(DASHES)]}"/>')
        lines.append(f'<text x="{x + 20}" y="{y + 1}" fill="currentColor">{escape(name)}</text>')
        x += 28 + 7 * len(name)  # about the width of the name at this size
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


def _plot_width() -> float:
    return WIDTH - LEFT - RIGHT


def _y(value: float, top: float) -> float:
    return TOP + (HEIGHT - TOP - BOTTOM) * (1 - value / top)


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
