"""Server-side SVG charts: the same markup serves the pages and the PDF reports (no script, no inline style)."""

from __future__ import annotations

from markupsafe import Markup, escape


def sparkline(values: list[float | None], target: float | None = None, width: int = 120, height: int = 28,
              label: str = "") -> Markup:
    """A small line of the values (gaps where None), with the target as a dashed line."""
    points = [(i, v) for i, v in enumerate(values) if v is not None]
    if not points:
        return Markup("")
    known = [v for _i, v in points] + ([target] if target is not None else [])
    low, high = min(known), max(known)
    span = (high - low) or 1.0
    step = (width - 4) / max(1, len(values) - 1)

    def y(v: float) -> float:
        return round(height - 3 - (v - low) / span * (height - 6), 1)

    segments: list[list[str]] = [[]]
    for i, v in enumerate(values):
        if v is None:
            segments.append([])
        else:
            segments[-1].append(f"{round(2 + i * step, 1)},{y(v)}")
    lines = "".join(f'<polyline points="{" ".join(s)}" fill="none" stroke="#1a4f8b" stroke-width="1.5"/>'
                    for s in segments if len(s) > 1)
    dots = "".join(f'<circle cx="{s[0].split(",")[0]}" cy="{s[0].split(",")[1]}" r="1.5" fill="#1a4f8b"/>'
                   for s in segments if len(s) == 1)
    last_i, last_v = points[-1]
    end = f'<circle cx="{round(2 + last_i * step, 1)}" cy="{y(last_v)}" r="2.5" fill="#9b1c1c"/>'
    goal = (f'<line x1="0" x2="{width}" y1="{y(target)}" y2="{y(target)}" stroke="#b7791f" '
            f'stroke-dasharray="3 2" stroke-width="1"/>' if target is not None else "")
    return Markup(  # nosec  # noqa: S704 - only numbers are interpolated, and the label is escaped
        f'<svg class="sparkline" width="{width}" height="{height}" viewBox="0 0 {width} {height}" role="img" '
        f'aria-label="{escape(label)}">{goal}{lines}{dots}{end}</svg>'
    )


def trend_chart(labels: list[str], values: list[float | None], target: float | None, percent: bool,
                title: str = "", width: int = 640, height: int = 220) -> Markup:
    """Monthly values as a line against the target (dashed), with month labels and a value axis."""
    left, right, top, bottom = 48, 12, 14, 28
    known = [v for v in values if v is not None] + ([target] if target is not None else [])
    if not known:
        return Markup("")
    low, high = min([*known, 0.0]), max(known)
    high = high + (high - low) * 0.1 or 1.0
    plot_w, plot_h = width - left - right, height - top - bottom
    step = plot_w / max(1, len(values) - 1)

    def x(i: int) -> float:
        return round(left + i * step, 1)

    def y(v: float) -> float:
        return round(top + plot_h - (v - low) / ((high - low) or 1) * plot_h, 1)

    def fmt(v: float) -> str:
        return f"{v * 100:.0f}%" if percent else f"{v:g}"

    parts = [f'<line x1="{left}" x2="{left}" y1="{top}" y2="{top + plot_h}" stroke="#9aa5b1"/>',
             f'<line x1="{left}" x2="{width - right}" y1="{top + plot_h}" y2="{top + plot_h}" stroke="#9aa5b1"/>']
    for tick in (low, (low + high) / 2, high):
        parts.append(f'<text x="{left - 4}" y="{y(tick) + 4}" font-size="10" text-anchor="end" fill="#616e7c">'
                     f'{escape(fmt(tick))}</text>')
    for i, label in enumerate(labels):
        parts.append(f'<text x="{x(i)}" y="{height - 8}" font-size="10" text-anchor="middle" fill="#616e7c">'
                     f'{escape(label)}</text>')
    if target is not None:
        parts.append(f'<line x1="{left}" x2="{width - right}" y1="{y(target)}" y2="{y(target)}" stroke="#b7791f" '
                     f'stroke-dasharray="5 3"/>')
    path = " ".join(f"{x(i)},{y(v)}" for i, v in enumerate(values) if v is not None)
    if path:
        parts.append(f'<polyline points="{path}" fill="none" stroke="#1a4f8b" stroke-width="2"/>')
    for i, v in enumerate(values):
        if v is not None:
            parts.append(f'<circle cx="{x(i)}" cy="{y(v)}" r="3" fill="#1a4f8b"><title>{escape(labels[i])}: '
                         f'{escape(fmt(v))}</title></circle>')
    return Markup(  # nosec  # noqa: S704 - every text is escaped, the rest are numbers
        f'<svg class="trend" width="100%" viewBox="0 0 {width} {height}" role="img" aria-label="{escape(title)}">'
        + "".join(parts) + "</svg>"
    )
