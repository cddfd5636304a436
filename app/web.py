"""HTTP helpers shared by the blueprints: full page or HTMX partial, pagination."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, TypeVar

from flask import abort, current_app, render_template, request
from flask_login import current_user
from flask_sqlalchemy.pagination import Pagination
from flask_wtf import FlaskForm
from sqlalchemy import Select, func, select

from app.extensions import db
from app.models import Campaign

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
    page = max(1, request.args.get("page", 1, type=int) or 1)
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
    page = min(max(1, request.args.get("page", 1, type=int) or 1), pages)
    return ListPage(items[(page - 1) * per_page: page * per_page], page, per_page, len(items))
