"""Which figures a request asks for (period, court/department/judge) and whether the user may see them."""

from __future__ import annotations

from dataclasses import dataclass

from flask import abort, request
from flask_login import current_user

from app import policy
from app.campaign import today
from app.extensions import db
from app.indicators.dashboard import find_period
from app.indicators.periods import Period
from app.models import Campaign, Department, Judge
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


def default_scope(campaign: Campaign) -> Scope:
    """Where the user starts (policy.default_scope), with its name."""
    kind, scope_id = policy.default_scope()
    if kind == "court":
        return Scope("court", 0, campaign.court.name)
    if kind == "department":
        return Scope("department", scope_id, current_user.department.name)
    judge = db.session.get(Judge, scope_id) if scope_id else None
    # A judge whose account is not yet linked to a judge in the case data has no figures of his own.
    return Scope("judge", scope_id, judge.name if judge else current_user.display_name)


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
    if not policy.can_view_scope(scope.kind, scope.id, own_judge_id=policy.own_judge_id()):
        abort(403)
    return scope


def requested_period(campaign: Campaign) -> Period:
    return find_period(campaign, request.args.get("period"), today())
