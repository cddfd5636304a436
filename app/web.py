"""HTTP helpers shared by the blueprints: full page or HTMX partial, pagination, safe redirects, bounded integers,
no caching of what a signed-in user sees."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from typing import Any, TypeVar
from urllib.parse import urlsplit

from flask import abort, current_app, redirect, render_template, request
from flask_login import current_user
from flask_sqlalchemy.pagination import Pagination
from flask_wtf import FlaskForm
from sqlalchemy import Select, func, select
from werkzeug.exceptions import HTTPException
from werkzeug.routing import IntegerConverter, Map, RequestRedirect
from werkzeug.wrappers import Response

from app.extensions import db
from app.models import Campaign
from app.models.base import DB_INT_MAX, db_int

T = TypeVar("T")


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


class CsrfForm(FlaskForm):
    """For forms whose fields a view reads from request.form itself (they vary with the action): checks the
    CSRF token, nothing else."""


def campaign_or_404() -> Campaign:
    """The signed-in user's court's current campaign; 404 when no plan is loaded."""
    from app.campaign import current_campaign

    campaign = current_campaign(current_user.department.court_id)
    if campaign is None:
        abort(404)
    return campaign


def in_court_or_404(model: type[T], object_id: int) -> T:
    """The row with this id when it belongs to the signed-in user's court; 404 otherwise, so that a guessed
    id from another court looks the same as one that does not exist."""
    row = db.session.get(model, object_id)
    if row is None or row.court_id != current_user.department.court_id:
        abort(404)
    return row


def paginate(query: Select, count_cap: int | None = None) -> Pagination:
    """One page of ``query`` by the ``page`` argument, PAGE_SIZE rows a page; a bad page number is page 1 and a
    page past the end the last one (a link kept from before some rows went away still shows something).

    With ``count_cap`` the rows are counted only up to the cap (``page.capped`` says the total is more): a
    search over a million cases that matches half of them is not worth a full count on every page.
    """
    page = max(1, int_arg("page", 1) or 1)
    per_page = current_app.config["PAGE_SIZE"]
    if count_cap is None:
        pagination = db.paginate(query, page=page, per_page=per_page, error_out=False)
        if pagination.page > pagination.pages >= 1:
            pagination = db.paginate(query, page=pagination.pages, per_page=per_page, error_out=False)
        return pagination
    counted = db.session.scalar(select(func.count()).select_from(query.order_by(None).limit(count_cap + 1)
                                                                 .subquery()))
    total = min(counted, count_cap)
    page = min(page, max(1, -(-total // per_page)))
    pagination = db.paginate(query, page=page, per_page=per_page, error_out=False, count=False)
    pagination.total = total
    pagination.capped = counted > count_cap
    return pagination


@dataclass
class ListPage:
    """One page of a list already in memory, shaped like Flask-SQLAlchemy's Pagination for _pagination.html."""

    items: list
    page: int
    per_page: int
    total: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))

    @property
    def has_prev(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.pages

    @property
    def prev_num(self) -> int:
        return self.page - 1

    @property
    def next_num(self) -> int:
        return self.page + 1


def paginate_list(items: list) -> ListPage:
    """One page of ``items`` by the ``page`` argument, PAGE_SIZE a page; a page past the end is the last."""
    per_page = current_app.config["PAGE_SIZE"]
    pages = max(1, -(-len(items) // per_page))
    page = min(max(1, int_arg("page", 1) or 1), pages)
    return ListPage(items[(page - 1) * per_page: page * per_page], page, per_page, len(items))


# ---------------------------------------------------------------------- redirects to a place the request names


def safe_path(target: str | None) -> str | None:
    """``target`` when it is a path on this site, else None: the ``next`` and ``back`` a request carries must not
    send anyone elsewhere. Browsers drop tabs and newlines from a URL and read a backslash as a slash, so
    "/<TAB>/evil.example" and "/\\evil.example" both mean "//evil.example": any control character or backslash is
    refused, as is anything that is not a single-slash path."""
    if not target or len(target) > 2000:
        return None
    if "\\" in target or any(unicodedata.category(c) == "Cc" for c in target):
        return None
    if not target.startswith("/") or target.startswith("//"):
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc:
        return None
    return target


def redirect_back(target: str | None, default: str) -> Response:
    """A redirect to ``target`` when it is a path on this site (``safe_path``), else to ``default``."""
    return redirect(safe_path(target) or default)


def referrer_path() -> str | None:
    """The page the request came from, as a path on this site; None when the browser sent none or another site's."""
    parts = urlsplit(request.referrer or "")
    if parts.scheme not in ("http", "https") or parts.netloc != request.host:
        return None
    return safe_path(parts.path + (f"?{parts.query}" if parts.query else ""))


# ---------------------------------------------------------------------- integers from the URL


class BoundedIntConverter(IntegerConverter):
    """``<int:...>`` that matches only what an Integer column holds: /reports/99999999999999999999 is a 404, not a
    database overflow (a 500 on PostgreSQL). Registered as the app's ``int`` converter."""

    def __init__(self, map: Map, fixed_digits: int = 0, min: int | None = None,  # werkzeug's argument names
                 max: int | None = None, signed: bool = False) -> None:
        super().__init__(map, fixed_digits, min, DB_INT_MAX if max is None else max, signed)


def int_arg(name: str, default: int | None = None) -> int | None:
    """The query parameter ``name`` as an int an Integer column can hold; ``default`` when it is absent, not a
    number, or out of range (a number no row can have is treated like any other bad number)."""
    return request.args.get(name, default, type=db_int)


# ---------------------------------------------------------------------- POST-only URLs opened by GET


def page_above(path: str) -> str | None:
    """The nearest page above ``path`` (``/items/5/attachments`` → ``/items/5``), for a GET on a URL that takes only
    POST: htmx puts a refused form's URL in the address bar, and reloading it then asks for that URL by GET. A file
    download (an endpoint named ``*download``) is no page to land on."""
    adapter = current_app.url_map.bind_to_environ(request.environ)
    parts = path.rstrip("/").split("/")
    while len(parts) > 1:
        parts.pop()
        candidate = "/".join(parts) or "/"
        try:
            endpoint, _args = adapter.match(candidate, method="GET")
        except RequestRedirect as moved:  # /notifications → /notifications/
            return urlsplit(moved.new_url).path
        except HTTPException:
            continue
        if not endpoint.endswith("download") and endpoint != "static":
            return candidate
    return None


# ---------------------------------------------------------------------- caching


def forbid_caching_when_signed_in(response: Response) -> Response:
    """Whatever a signed-in user is shown (pages, fragments, downloads) stays out of the browser's and any proxy's
    cache: a shared computer's next user must not find it by Back or in the cache. Static files and the sign-in
    page stay cacheable."""
    if request.endpoint != "static" and current_user.is_authenticated:
        response.headers["Cache-Control"] = "no-store"
        response.headers.pop("Expires", None)
        response.headers.pop("Pragma", None)
    return response
