"""HTTP helpers shared by the blueprints: full page or HTMX partial, pagination."""

from __future__ import annotations

from typing import Any

from flask import render_template, request


def is_htmx_partial_request() -> bool:
    """An HTMX request that wants a fragment: not a boosted navigation, not a history restore."""
    headers = request.headers
    return (
        headers.get("HX-Request") == "true"
        and headers.get("HX-Boosted") != "true"
        and headers.get("HX-History-Restore-Request") != "true"
    )


def render(page: str, partial: str | None = None, /, **context: Any) -> str:
    """Render ``page``, or only ``partial`` (which the page includes) for an HTMX fragment request."""
    if partial is not None and is_htmx_partial_request():
        return render_template(partial, **context)
    return render_template(page, **context)


def page_number() -> int:
    try:
        return max(1, int(request.args.get("page", 1)))
    except ValueError:
        return 1
