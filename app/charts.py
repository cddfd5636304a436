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
    return Markup(  # noqa: S704 - only numbers are interpolated, and the label is escaped
        f'<svg class="sparkline" width="{width}" height="{height}" viewBox="0 0 {width} {height}" role="img" '
        f'aria-label="{escape(label)}">{goal}{lines}{dots}{end}</svg>'
    )
