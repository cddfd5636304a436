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
from sqlalchemy import ColumnElement, and_

from app.models import Case, Department, RegisterItem, ReversalFile, Role, Task, User

ALL_ROLES = frozenset(Role)
# Roles whose work spans the whole court rather than one department.
COURT_WIDE = frozenset({Role.OFFICE, Role.LEADER, Role.COMMITTEE, Role.SUPERVISION, Role.ADMIN})

RULES: dict[str, frozenset[Role]] = {
    "dashboard.view": ALL_ROLES,
    # Everyone's own list of what they owe and what waits for them (app/obligations/work.py).
    "work.view": ALL_ROLES,
    "measure.view": ALL_ROLES,
    "phase.view": ALL_ROLES,
    # Checklist progress and opening the year-end assessment.
    "phase.manage": frozenset({Role.OFFICE}),
    # The office's console (progress across all measures); leaders read it, the office reminds from it.
    "console.view": frozenset({Role.OFFICE, Role.LEADER, Role.ADMIN}),
    "console.remind": frozenset({Role.OFFICE}),
    "directory.view": ALL_ROLES,
    # Reversed-case files: each move's own rule is in app/reversals/ (the judge, the committee, ...).
    "reversal.view": ALL_ROLES,
    "reversal.manage": frozenset({Role.OFFICE}),
    "meeting.record": frozenset({Role.COMMITTEE}),
    # Cases past their limit, and deducted or extension days without an approved request (measure 9); the
    # supervision office records what it did about each case on its queue.
    "pending.queue": frozenset({Role.OFFICE, Role.LEADER, Role.SUPERVISION, Role.ADMIN}),
    "pending.act": frozenset({Role.SUPERVISION}),
    "directory.manage": frozenset({Role.OFFICE, Role.ADMIN}),
    "report.view": ALL_ROLES,
    # Generating, editing and publishing reports; everyone reads the published ones.
    "report.manage": frozenset({Role.OFFICE}),
    # Data consultation on a bulletin's draft: the office sees every division's figures and objections and decides
    # them; a division's own people are asked of may_consult below.
    "consultation.decide": frozenset({Role.OFFICE}),
    # The year-end assessment: the office runs it and decides objections; each department reads its own.
    "assessment.run": frozenset({Role.OFFICE}),
    "assessment.view": ALL_ROLES,
    # Multi-court mode: an intermediate court's office and leaders compare its basic courts' figures.
    "courts.compare": frozenset({Role.OFFICE, Role.LEADER, Role.ADMIN}),
    # ... and a basic court's office and leaders see their own court's place among them.
    "courts.place": frozenset({Role.OFFICE, Role.LEADER, Role.ADMIN}),
    "admin.manage": frozenset({Role.ADMIN}),
    "plan.load": frozenset({Role.ADMIN}),
    "case.import": frozenset({Role.OFFICE}),
    "case.view": ALL_ROLES,
    "indicator.recompute": frozenset({Role.OFFICE}),
    "indicator.enter": frozenset({Role.OFFICE}),
    "audit.view": frozenset({Role.OFFICE, Role.ADMIN, Role.LEADER, Role.SUPERVISION}),
    "department.view": ALL_ROLES,
    # The shared register: the office selects, publishes, draws and scores; see the item rules below.
    "register.manage": frozenset({Role.OFFICE}),
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


def may_see_case(case: Case, user: User | None = None) -> bool:
    """A case of the court: the court-wide roles see every one, the others their department's (the case list and
    the case page ask here; the query form is visible_cases)."""
    user = user if user is not None else current_user
    if case.court_id != user.department.court_id or not can("case.view", user=user):
        return False
    departments = visible_department_ids(user)
    return departments is None or case.department_id in departments


def visible_cases(user: User | None = None) -> ColumnElement[bool]:
    """The query form of may_see_case: a condition on the case table."""
    user = user if user is not None else current_user
    condition = Case.court_id == user.department.court_id
    departments = visible_department_ids(user)
    if departments is not None:
        condition = and_(condition, Case.department_id.in_(departments))
    return condition


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


# Who hands in a department's items, and who may see every department's handed-in items.
HANDS_IN_FOR_DEPARTMENT = frozenset({Role.STAFF, Role.DIVISION_HEAD})
SEES_HANDED_IN = frozenset({Role.OFFICE, Role.LEADER, Role.COMMITTEE, Role.ADMIN})


def may_see_item(item: RegisterItem, user: User | None = None) -> bool:
    """Published items are for everyone in the court; handed-in items for their department and the court-wide
    roles that follow the registers; drafts and returned items for their department only."""
    user = user if user is not None else current_user
    if item.court_id != user.department.court_id:
        return False
    if item.department_id == user.department_id or any(s.published_at for s in item.selections):
        return True
    return item.status not in ("draft", "returned") and bool(user.roles & SEES_HANDED_IN)


def may_see_status(status: Any, user: User | None = None) -> bool:
    """A duty's status (app/obligations): the court-wide roles see every one; the others what their own department
    owes (not a court-level body's duties, whose subjects are every division's cases) and what they owe themselves."""
    user = user if user is not None else current_user
    if user.roles & COURT_WIDE:
        return True
    owner = status.owner
    return owner.includes(user) or (not owner.court_wide and owner.department_id == user.department_id)


def may_consult(department: Department, user: User | None = None) -> bool:
    """A bulletin's data consultation for one division (its figures, the cases behind them, its objections): the
    office for every division; the division's own heads, staff and appointed liaison for theirs, and nothing of
    another division's. Whether the division takes part and the window is open is app/reports/consultation.py's."""
    user = user if user is not None else current_user
    if not getattr(user, "is_authenticated", False) or not _same_court(user, department):
        return False
    if can("consultation.decide", user=user):
        return True
    if department.id != user.department_id:
        return False
    return bool(user.roles & HANDS_IN_FOR_DEPARTMENT) or _holds_liaison_post(user)


def consulting_department_id(user: User | None = None) -> int | None:
    """The one division whose consultation ``user`` takes part in (None for the office, which sees all, and for
    those who take part in none: ask may_consult)."""
    user = user if user is not None else current_user
    if can("consultation.decide", user=user):
        return None
    return user.department_id if may_consult(user.department, user) else None


def _holds_liaison_post(user: User) -> bool:
    from app.campaign import current_campaign
    from app.directory import positions
    from app.extensions import db
    from app.models import Appointment

    campaign = current_campaign(user.department.court_id)
    if campaign is None:
        return False
    posts = [p.code for p in positions(campaign) if p.body == "liaisons"]
    return bool(posts) and db.session.query(Appointment.id).filter(
        Appointment.campaign_id == campaign.id, Appointment.position_code.in_(posts),
        Appointment.user_id == user.id).first() is not None


def own_cases_only(user: User | None = None) -> bool:
    """A judge with no other role sees his own cases in the ledgers; his division's staff and head see the
    division's, the court-wide roles everything (visible_department_ids)."""
    user = user if user is not None else current_user
    return user.roles == {Role.JUDGE}


def may_see_file(file: ReversalFile, user: User | None = None) -> bool:
    """A reversed-case file: the court-wide roles, its department, its case supervisor and the leader holding
    its retrial (the query form is app/reversals/views.visible_files)."""
    user = user if user is not None else current_user
    if file.court_id != user.department.court_id:
        return False
    return (bool(user.roles & COURT_WIDE) or file.department_id == user.department_id
            or user.id in (file.supervisor_id, file.retrial_holder_id))


def may_hand_in(handed_in_by: str, department: Department, user: User | None = None) -> bool:
    """May ``user`` write an item of a kind handed in by ``handed_in_by`` (department or judge) for ``department``?"""
    user = user if user is not None else current_user
    if department.id != user.department_id:
        return False
    roles = {Role.JUDGE} if handed_in_by == "judge" else HANDS_IN_FOR_DEPARTMENT
    return bool(user.roles & roles)


def may_edit_item(item: RegisterItem, handed_in_by: str, user: User | None = None) -> bool:
    """Drafts and returned items are edited by the author, or for a department's item by its staff and head."""
    user = user if user is not None else current_user
    if item.status not in ("draft", "returned") or item.department_id != user.department_id:
        return False
    if item.author_id == user.id:
        return True
    return handed_in_by == "department" and bool(user.roles & HANDS_IN_FOR_DEPARTMENT)


def may_review_item(item: RegisterItem, reviewed_by: str = "division_head", user: User | None = None) -> bool:
    """Who approves or returns a handed-in item, as its kind says: the division head of its department (the
    default), a court leader, the president alone (whoever holds the president's post in the directory), or the
    office; "none" means nobody (a record)."""
    user = user if user is not None else current_user
    if item.court_id != user.department.court_id:
        return False
    if reviewed_by == "division_head":
        return item.department_id == user.department_id and user.has_role(Role.DIVISION_HEAD)
    if reviewed_by == "leader":
        return user.has_role(Role.LEADER)
    if reviewed_by == "president":
        holder = _president_of(item)
        return holder is not None and holder.id == user.id
    if reviewed_by == "office":
        return user.has_role(Role.OFFICE)
    return False


# Who decides an item, by its kind's ``reviewed_by`` ("none": a record nobody reviews); the president is one leader.
REVIEWERS: dict[str, Role] = {"division_head": Role.DIVISION_HEAD, "leader": Role.LEADER, "president": Role.LEADER,
                              "office": Role.OFFICE}


def _president_of(item: RegisterItem) -> User | None:
    from app.directory import president
    from app.extensions import db
    from app.models import Campaign

    return president(db.session.get(Campaign, item.campaign_id))


def reviewers(item: RegisterItem, reviewed_by: str) -> list[User]:
    """The accounts that may approve or return ``item`` (the query form of may_review_item): whom to tell it waits."""
    from app.accounts import people_with_roles

    role = REVIEWERS.get(reviewed_by)
    if role is None:
        return []
    if reviewed_by == "president":
        holder = _president_of(item)
        return [holder] if holder is not None else []
    if role == Role.DIVISION_HEAD:
        return people_with_roles(role, department_id=item.department_id)
    return people_with_roles(role, court_id=item.court_id)


# The main menu's entries, in order. The campaign's pages (what the court owes, its measures, cases, phases, console,
# directory, reports, assessment) need a campaign of the user's own court: an intermediate court in multi-court mode
# runs none (it compares its basic courts' figures and never sees their cases), so it is not offered them.
MENU = ("work", "dashboard", "measures", "cases", "phases", "compare", "place", "console", "directory", "reports",
        "assessment", "audit", "admin")


def menu(user: User | None = None) -> list[str]:
    """The main menu entries ``user`` can use (the keys of MENU, in its order)."""
    from app.campaign import current_campaign
    from app.indicators.comparison import basic_courts

    user = user if user is not None else current_user
    if not getattr(user, "is_authenticated", False):
        return []
    court = user.department.court
    campaign = current_campaign(court.id)
    intermediate = bool(basic_courts(court.id))
    compares = intermediate and can("courts.compare", user=user)
    runs = campaign is not None
    offered = {
        "work": runs and can("work.view", user=user),
        # An intermediate court's dashboard is the comparison (the brand link leads there too).
        "dashboard": can("dashboard.view", user=user) and (runs or not intermediate),
        "measures": runs and can("measure.view", user=user),
        "cases": runs and can("case.view", user=user),
        "phases": runs and can("phase.view", user=user),
        "compare": compares,
        "place": not intermediate and court.parent_id is not None and can("courts.place", user=user),
        "console": runs and can("console.view", user=user),
        "directory": runs and can("directory.view", user=user),
        "reports": runs and can("report.view", user=user),
        "assessment": runs and campaign.assessment_opened_at is not None and can("assessment.view", user=user),
        "audit": can("audit.view", user=user),
        "admin": can("admin.manage", user=user),
    }
    return [entry for entry in MENU if offered[entry]]


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

        wrapped.required_action = action  # type: ignore[attr-defined]  # read by the route × role test
        return wrapped

    return decorator
