"""Who may see and do what. Views and templates ask here; nobody else decides.

Actions are dotted names. A rule is the set of roles that may take the action; where the answer
also depends on the object (another department's record), ``can`` checks that too.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from flask import abort
from flask_login import current_user

from app.models import Department, Role, Task, User

ALL_ROLES = frozenset(Role)
# Roles whose work spans the whole court rather than one department.
COURT_WIDE = frozenset({Role.OFFICE, Role.LEADER, Role.COMMITTEE, Role.SUPERVISION, Role.ADMIN})

RULES: dict[str, frozenset[Role]] = {
    "dashboard.view": ALL_ROLES,
    "measure.view": ALL_ROLES,
    "phase.view": ALL_ROLES,
    "report.view": ALL_ROLES,
    "admin.manage": frozenset({Role.ADMIN}),
    "plan.load": frozenset({Role.ADMIN}),
    "case.import": frozenset({Role.OFFICE}),
    "case.view": ALL_ROLES,
    "indicator.recompute": frozenset({Role.OFFICE}),
    "indicator.enter": frozenset({Role.OFFICE}),
    "audit.view": frozenset({Role.OFFICE, Role.ADMIN, Role.LEADER, Role.SUPERVISION}),
    "department.view": ALL_ROLES,
    # Following a background job; the task itself decides (see below).
    "task.view": ALL_ROLES,
    "task.retry": ALL_ROLES,
}


def can(action: str, target: Any = None, user: User | None = None) -> bool:
    """May ``user`` (by default the signed-in user) take ``action``, on ``target`` if given?"""
    user = user if user is not None else current_user
    if not getattr(user, "is_authenticated", False):
        return False
    roles = RULES.get(action)
    if roles is None:
        raise KeyError(f"no policy rule for action {action!r}")
    if not user.roles & roles:
        return False
    if isinstance(target, Department):
        return _same_court(user, target) and (bool(user.roles & COURT_WIDE) or target.id == user.department_id)
    if isinstance(target, User):
        return _same_court(user, target.department)
    if isinstance(target, Task):
        if target.court_id != user.department.court_id:
            return False
        may_start = can(target.permission, user=user)
        return may_start if action == "task.retry" else (target.user_id == user.id or may_start)
    return True


def visible_department_ids(user: User | None = None) -> set[int] | None:
    """Departments whose records ``user`` may see: None means every department of the court."""
    user = user if user is not None else current_user
    if user.roles & COURT_WIDE:
        return None
    return {user.department_id}


# Who may see a judge's own figures besides the judge: the office, the court's leaders, the administrator.
JUDGE_FIGURES = frozenset({Role.OFFICE, Role.LEADER, Role.ADMIN})


def can_view_scope(scope_kind: str, scope_id: int, user: User | None = None,
                   own_judge_id: int | None = None) -> bool:
    """May ``user`` see the figures of the court, a department or a judge?

    Staff and division heads see their department, a judge his own figures, the court-wide roles the
    court and every department; judges' figures only the office, leaders and the judge himself.
    """
    user = user if user is not None else current_user
    if scope_kind == "judge":
        return bool(user.roles & JUDGE_FIGURES) or (own_judge_id is not None and scope_id == own_judge_id)
    if user.roles & COURT_WIDE:
        return True
    if scope_kind == "department":
        return scope_id == user.department_id and bool(user.roles & {Role.STAFF, Role.DIVISION_HEAD})
    return False


def _same_court(user: User, department: Department) -> bool:
    return department.court_id == user.department.court_id


def require(action: str) -> Callable:
    """View decorator: 403 unless the signed-in user may take ``action`` (sign-in is asked first)."""

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            if not current_user.is_authenticated:
                from app.extensions import login_manager

                return login_manager.unauthorized()
            if not can(action):
                abort(403)
            return view(*args, **kwargs)

        return wrapped

    return decorator
