"""Which figures a request asks for (period, court/department/judge) and whether the user may see them."""

from __future__ import annotations

from dataclasses import dataclass

from flask import abort, request
from flask_login import current_user
from sqlalchemy import select

from app.campaign import today
from app.extensions import db
from app.indicators.dashboard import find_period
from app.indicators.periods import Period
from app.models import Campaign, Department, Judge, Role
from app.policy import COURT_WIDE, can_view_scope
from app.web import int_arg


@dataclass(frozen=True)
class Scope:
    kind: str  # court, department, judge
    id: int
    label: str

    @property
    def query_args(self) -> dict[str, int]:
        return {"department": self.id} if self.kind == "department" else {"judge": self.id} if self.kind == "judge" \
            else {}


def own_judge_id() -> int | None:
    return db.session.scalar(select(Judge.id).where(Judge.user_id == current_user.id))


def default_scope(campaign: Campaign) -> Scope:
    """Court-wide roles start at the court, staff and heads at their department, a judge at his own figures."""
    if current_user.roles & COURT_WIDE:
        return Scope("court", 0, campaign.court.name)
    if current_user.roles & {Role.STAFF, Role.DIVISION_HEAD}:
        return Scope("department", current_user.department_id, current_user.department.name)
    judge = db.session.scalar(select(Judge).where(Judge.user_id == current_user.id))
    if judge is not None:
        return Scope("judge", judge.id, judge.name)
    # A judge whose account is not yet linked to a judge in the case data has no figures of his own.
    return Scope("judge", 0, current_user.display_name)


def requested_scope(campaign: Campaign) -> Scope:
    """The scope named by ?department= or ?judge=, else the user's default; 403 when it is not theirs."""
    department_id = int_arg("department")
    judge_id = int_arg("judge")
    if judge_id:
        judge = db.session.get(Judge, judge_id)
        if judge is None or judge.court_id != campaign.court_id:
            abort(404)
        scope = Scope("judge", judge.id, judge.name)
    elif department_id:
        department = db.session.get(Department, department_id)
        if department is None or department.court_id != campaign.court_id:
            abort(404)
        scope = Scope("department", department.id, department.name)
    elif "department" in request.args or "judge" in request.args:
        scope = Scope("court", 0, campaign.court.name)  # "whole court" chosen explicitly
    else:
        return default_scope(campaign)
    if not can_view_scope(scope.kind, scope.id, own_judge_id=own_judge_id()):
        abort(403)
    return scope


def requested_period(campaign: Campaign) -> Period:
    return find_period(campaign, request.args.get("period"), today())
