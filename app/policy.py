"""Who may see and do what. Views and templates ask here; nobody else decides.

Actions are dotted names. A rule is the set of roles that may take the action; where the answer
also depends on the object (another department's record), ``can`` checks that too.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import wraps
from typing import Any

from flask import abort
from flask_login import current_user
from sqlalchemy import ColumnElement, Integer, and_, cast, exists, false, or_, select, true
from sqlalchemy import case as when

from app.models import (
    Assessment,
    AuditEntry,
    Case,
    Department,
    ItemStatus,
    Judge,
    RegisterItem,
    Report,
    ReversalFile,
    Role,
    Selection,
    Task,
    User,
)
from app.models.register import APPROVED, WITH_DEPARTMENT
from app.plans.access import plan_of
from app.plans.schema import ItemKindSpec, ReversalsSpec

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
    # Reversed-case files: each move's own rule is below (is_files_judge, file_role, ...), app/reversals/ names them.
    "reversal.view": ALL_ROLES,
    "reversal.manage": frozenset({Role.OFFICE}),
    "meeting.record": frozenset({Role.COMMITTEE}),
    # Cases past their limit, and deducted or extension days without an approved request (measure 9); the
    # supervision office records what it did about each case on its queue.
    "pending.queue": frozenset({Role.OFFICE, Role.LEADER, Role.SUPERVISION, Role.ADMIN}),
    "pending.act": frozenset({Role.SUPERVISION}),
    # An approved extension of a case's time limit is filed with the intermediate court by the office (may_file).
    "extension.file": frozenset({Role.OFFICE}),
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
    # The year-end standing all year (app/standing.py): a division's people see their own division's, the office
    # and leaders every division's (may_see_standing; the query form is visible_standings).
    "standing.view": frozenset({Role.OFFICE, Role.LEADER, Role.STAFF, Role.DIVISION_HEAD, Role.JUDGE}),
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
    # The shared register: the office selects, publishes, draws and scores (may_score_item); see the item rules below.
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


@dataclass(frozen=True)
class CaseScope:
    """The cases a user may see, in the parts an index of cases by department can start from (app/search.py):
    the court's cases of ``department_ids`` (None: every department), only ``judge_user_id``'s own among them when
    set, and besides these the cases ``case_ids`` (those of the reversed-case files the user may see)."""

    court_id: int
    department_ids: frozenset[int] | None = None
    judge_user_id: int | None = None
    case_ids: frozenset[int] = frozenset()

    def condition(self, court: Any = Case.court_id, department: Any = Case.department_id) -> ColumnElement[bool]:
        """The scope as a condition on the case table; ``court`` and ``department`` may be given as expressions
        no index serves (the search steers SQLite's planner so)."""
        if self.department_ids is None:
            return court == self.court_id
        own = department.in_(sorted(self.department_ids))
        if self.judge_user_id is not None:
            own = and_(own, judged_by(self.judge_user_id))
        if self.case_ids:
            own = or_(own, Case.id.in_(sorted(self.case_ids)))
        return and_(court == self.court_id, own)

    def in_department(self, department_id: int) -> CaseScope:
        """The part of the scope in one department (the case list's department filter)."""
        from app.extensions import db

        departments = {department_id} if self.department_ids is None else self.department_ids & {department_id}
        found = db.session.scalars(select(Case.id).where(Case.id.in_(sorted(self.case_ids)),
                                                         Case.department_id == department_id)) if self.case_ids else []
        return replace(self, department_ids=frozenset(departments), case_ids=frozenset(found))


def case_scope(user: User | None = None) -> CaseScope:
    """Which cases ``user`` may see (the case list, the search and the case page ask here): the court-wide roles
    every case of the court; a judge with no other role his own cases, as in his ledger and figures
    (own_cases_only); the other roles their department's; and whoever may see a reversed-case file its case."""
    user = user if user is not None else current_user
    court_id = user.department.court_id
    if not can("case.view", user=user):
        return CaseScope(court_id, frozenset())
    departments = visible_department_ids(user)
    if departments is None:
        return CaseScope(court_id)
    from app.extensions import db

    through_files = db.session.scalars(select(ReversalFile.case_id).where(visible_files(user)))
    return CaseScope(court_id, frozenset(departments), user.id if own_cases_only(user) else None,
                     frozenset(through_files))


def may_see_case(case: Case, user: User | None = None) -> bool:
    """May ``user`` open the case's page (the rule is case_scope's; the query form is visible_cases)?"""
    user = user if user is not None else current_user
    scope = case_scope(user)
    if case.court_id != scope.court_id:
        return False
    if scope.department_ids is None or case.id in scope.case_ids:
        return True
    judge_ok = scope.judge_user_id is None or (case.judge is not None and case.judge.user_id == scope.judge_user_id)
    return case.department_id in scope.department_ids and judge_ok


def visible_cases(user: User | None = None) -> ColumnElement[bool]:
    """The query form of may_see_case: a condition on the case table."""
    return case_scope(user).condition()


def judged_by(user_id: int) -> ColumnElement[bool]:
    """The cases whose judge is the account's: a judge's own cases (the ledgers and the case list of a judge)."""
    return Case.judge_id.in_(select(Judge.id).where(Judge.user_id == user_id))


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
        return scope_id == user.department_id and bool(user.roles & SEES_OWN_DEPARTMENT_FIGURES)
    return False


# Staff and heads see their own department's figures (and start there); a judge with no other role his own.
SEES_OWN_DEPARTMENT_FIGURES = frozenset({Role.STAFF, Role.DIVISION_HEAD})


def own_judge_id(user: User | None = None) -> int | None:
    """The judge of the case data that ``user``'s account is, if it is linked to one."""
    from app.extensions import db

    user = user if user is not None else current_user
    return db.session.scalar(select(Judge.id).where(Judge.user_id == user.id))


def default_scope(user: User | None = None) -> tuple[str, int]:
    """The figures a user starts at (kind, id): the court-wide roles the court, staff and heads their department,
    a judge his own figures (id 0 while his account is not yet linked to a judge in the case data)."""
    user = user if user is not None else current_user
    if user.roles & COURT_WIDE:
        return "court", 0
    if user.roles & SEES_OWN_DEPARTMENT_FIGURES:
        return "department", user.department_id
    return "judge", own_judge_id(user) or 0


def visible_figure_departments(user: User | None = None) -> ColumnElement[bool]:
    """The query form of can_view_scope("department", ...): a condition on the departments table."""
    user = user if user is not None else current_user
    if user.roles & COURT_WIDE:
        return true()
    if user.roles & SEES_OWN_DEPARTMENT_FIGURES:
        return Department.id == user.department_id
    return false()


def visible_figure_judges(user: User | None = None) -> ColumnElement[bool]:
    """The query form of can_view_scope("judge", ...): a condition on the judges table."""
    user = user if user is not None else current_user
    return true() if user.roles & JUDGE_FIGURES else Judge.user_id == user.id


# Who sees every division's year-end score and their ranking; the others see their own division's.
SEES_EVERY_ASSESSMENT = COURT_WIDE


def sees_every_assessment(user: User | None = None) -> bool:
    user = user if user is not None else current_user
    return bool(user.roles & SEES_EVERY_ASSESSMENT)


def may_see_assessment(row: Assessment, user: User | None = None) -> bool:
    """A division's year-end score: its own people and the court-wide roles (the query form is
    visible_assessments)."""
    user = user if user is not None else current_user
    if row.court_id != user.department.court_id:
        return False
    return sees_every_assessment(user) or row.department_id == user.department_id


def visible_assessments(user: User | None = None) -> ColumnElement[bool]:
    """The query form of may_see_assessment: a condition on the assessments table."""
    user = user if user is not None else current_user
    own = true() if sees_every_assessment(user) else Assessment.department_id == user.department_id
    return and_(Assessment.court_id == user.department.court_id, own)


# Who sees every division's standing; the others who may see the standing see their own division's.
SEES_EVERY_STANDING = frozenset({Role.OFFICE, Role.LEADER})


def may_see_standing(department: Department, user: User | None = None) -> bool:
    """A division's year-end standing: its own people (staff, head, judges) and the office and leaders."""
    user = user if user is not None else current_user
    if not _same_court(user, department) or not can("standing.view", user=user):
        return False
    return bool(user.roles & SEES_EVERY_STANDING) or department.id == user.department_id


def visible_standings(user: User | None = None) -> set[int] | None:
    """The query form of may_see_standing: the departments whose standing ``user`` sees (None: every one of the
    court, an empty set: none)."""
    user = user if user is not None else current_user
    if not can("standing.view", user=user):
        return set()
    return None if user.roles & SEES_EVERY_STANDING else {user.department_id}


# Who hands in a department's items, and who may see every department's handed-in items.
HANDS_IN_FOR_DEPARTMENT = frozenset({Role.STAFF, Role.DIVISION_HEAD})
SEES_HANDED_IN = frozenset({Role.OFFICE, Role.LEADER, Role.COMMITTEE, Role.ADMIN})


def may_see_item(item: RegisterItem, user: User | None = None) -> bool:
    """Published items are for everyone in the court; handed-in items for their department and the court-wide
    roles that follow the registers; drafts and returned items for their department only (the query form is
    visible_items)."""
    user = user if user is not None else current_user
    if item.court_id != user.department.court_id:
        return False
    if item.department_id == user.department_id or item.published:
        return True
    return not item.with_department and bool(user.roles & SEES_HANDED_IN)


def visible_items(user: User | None = None) -> ColumnElement[bool]:
    """The query form of may_see_item: a condition on the register items table."""
    user = user if user is not None else current_user
    published = select(Selection.item_id).where(Selection.published_at.isnot(None))
    seen = [RegisterItem.department_id == user.department_id, RegisterItem.id.in_(published)]
    if user.roles & SEES_HANDED_IN:
        seen.append(RegisterItem.status.notin_(WITH_DEPARTMENT))
    return and_(RegisterItem.court_id == user.department.court_id, or_(*seen))


def may_see_report(report: Report, user: User | None = None) -> bool:
    """Published reports are everyone's; drafts the office's, who write them (the query form is visible_reports)."""
    user = user if user is not None else current_user
    return report.status == "published" or can("report.manage", user=user)


def visible_reports(user: User | None = None) -> ColumnElement[bool]:
    """The query form of may_see_report: a condition on the reports table."""
    user = user if user is not None else current_user
    return true() if can("report.manage", user=user) else Report.status == "published"


# The audit trail's objects that not every reader of the trail may see, and the query form of each one's rule.
# Entries about every other kind (accounts, departments, the plan, imports, lists, draws, meetings, circulations,
# assessments, appointments, checklist items, entered figures) are for every reader of the trail: they are the
# court-wide roles (audit.view), who see those records.
AUDITED_OBJECTS: dict[str, tuple[Any, Callable[[User], ColumnElement[bool]]]] = {
    "register_item": (RegisterItem, lambda user: visible_items(user)),
    "case": (Case, lambda user: visible_cases(user)),
    "reversal_file": (ReversalFile, lambda user: visible_files(user)),
    "report": (Report, lambda user: visible_reports(user)),
}


def visible_audit_entries(user: User | None = None) -> ColumnElement[bool]:
    """The audit entries ``user`` may read: of his court, and about things he may see (a draft item of another
    department is not, though its page is 404 for him). An entry about an object since deleted (only drafts are
    deleted) is shown to the department it names, as the draft was; one about no single object (the files an
    import opened) to every reader of the trail."""
    user = user if user is not None else current_user
    if not can("audit.view", user=user):
        return false()
    kinds = []
    for kind, (model, visible) in AUDITED_OBJECTS.items():
        # The id as a number only on this kind's entries (other kinds' ids are not numbers), so that each entry
        # finds its object by primary key.
        key = cast(when((AuditEntry.object_type == kind, AuditEntry.object_id)), Integer)
        kinds.append(and_(AuditEntry.object_type == kind, or_(
            exists().where(model.id == key, visible(user)),
            and_(~exists().where(model.id == key), AuditEntry.department_id == user.department_id))))
    return and_(AuditEntry.court_id == user.department.court_id,
                or_(AuditEntry.object_type.notin_(list(AUDITED_OBJECTS)), AuditEntry.object_id.is_(None), *kinds))


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


def may_object(department: Department, user: User | None = None) -> bool:
    """Object to a figure's case, or confirm the figures checked, for ``department``: its own people in the
    consultation (may_consult), never the office, which decides the objections."""
    user = user if user is not None else current_user
    return may_consult(department, user) and not can("consultation.decide", user=user)


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
    its retrial (the query form is visible_files)."""
    user = user if user is not None else current_user
    if file.court_id != user.department.court_id:
        return False
    return (bool(user.roles & COURT_WIDE) or file.department_id == user.department_id
            or user.id in (file.supervisor_id, file.retrial_holder_id))


def visible_files(user: User | None = None) -> ColumnElement[bool]:
    """The query form of may_see_file: a condition on the reversed-case files table."""
    user = user if user is not None else current_user
    condition = ReversalFile.court_id == user.department.court_id
    if user.roles & COURT_WIDE:
        return condition
    return and_(condition, or_(ReversalFile.department_id == user.department_id,
                               ReversalFile.supervisor_id == user.id, ReversalFile.retrial_holder_id == user.id))


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
    if not item.with_department or item.department_id != user.department_id:
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


# Who makes each move of an item (app/registers/workflow.py TRANSITIONS); ``kind`` is the item's kind in the plan.
def may_submit_item(item: RegisterItem, user: User, kind: ItemKindSpec) -> bool:
    return may_edit_item(item, kind.handed_in_by, user)


def may_approve_item(item: RegisterItem, user: User, kind: ItemKindSpec) -> bool:
    return may_review_item(item, kind.reviewed_by, user)


def may_return_item(item: RegisterItem, user: User, kind: ItemKindSpec) -> bool:
    """The reviewer sends back what was submitted, the office what was approved."""
    if item.status == ItemStatus.SUBMITTED:
        return may_review_item(item, kind.reviewed_by, user)
    return user.has_role(Role.OFFICE) and item.court_id == user.department.court_id


# Who makes each move of a reversed-case file (app/reversals/ MOVES and RECORDS): always someone of its court.
def is_files_judge(file: ReversalFile, user: User, rules: ReversalsSpec | None = None) -> bool:
    """The handling judge, or the division head for a judge who has no account."""
    if file.court_id != user.department.court_id:
        return False
    if file.judge_user is not None:
        return file.judge_user.id == user.id
    return user.has_role(Role.DIVISION_HEAD) and user.department_id == file.department_id


def file_role(*roles: Role) -> Callable[[ReversalFile, User, Any], bool]:
    """A move of a file made by one of ``roles`` (the office, the committee, the supervision office...)."""
    return lambda file, user, rules=None: file.court_id == user.department.court_id and user.has_role(*roles)


def may_record_exchange(file: ReversalFile, user: User, rules: ReversalsSpec | None = None) -> bool:
    """The remand exchange: the handling judge, or the court leader holding the retrial."""
    return is_files_judge(file, user) or (file.court_id == user.department.court_id
                                          and file.retrial_holder_id == user.id)


def may_record_retrial_outcome(file: ReversalFile, user: User, rules: ReversalsSpec | None = None) -> bool:
    return file.court_id == user.department.court_id and (user.has_role(Role.OFFICE)
                                                          or file.retrial_holder_id == user.id)


def may_score_item(item: RegisterItem, scored: bool, user: User | None = None) -> bool:
    """A scored review of an item (one of a draw the plan marks ``scored_review``; the caller says whether ``item``
    is) is the office's, in its own court."""
    user = user if user is not None else current_user
    return scored and item.court_id == user.department.court_id and can("register.manage", user=user)


def may_file(item: RegisterItem, on_approve: str | None, user: User | None = None) -> bool:
    """May ``user`` file ``item`` with the intermediate court: an approved extension of a case's time limit (its
    kind's ``on_approve`` extends it), by the office of its court (the query form is filers)."""
    user = user if user is not None else current_user
    return (on_approve == "extend_time_limit" and item.status in APPROVED
            and item.court_id == user.department.court_id and can("extension.file", user=user))


def filers(item: RegisterItem) -> list[User]:
    """The accounts that may file ``item``'s approved extension (the query form of may_file): whom to tell."""
    from app.accounts import people_with_roles

    return people_with_roles(*RULES["extension.file"], court_id=item.court_id)


def may_record_overrun_action(court_id: int, user: User | None = None) -> bool:
    """The supervision office records what it did about a case of its own court past its time limit."""
    user = user if user is not None else current_user
    return user.department.court_id == court_id and can("pending.act", user=user)


# The main menu's entries, in order. The campaign's pages (what the court owes, its measures, cases, phases, console,
# directory, reports, standing, assessment) need a campaign of the user's own court: an intermediate court in
# multi-court mode runs none (it compares its basic courts' figures and never sees their cases), so it is not
# offered them.
MENU = ("work", "dashboard", "measures", "cases", "phases", "compare", "place", "console", "directory", "reports",
        "standing", "assessment", "audit", "admin")


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
        # The standing needs the plan's scoring scheme.
        "standing": runs and plan_of(campaign).assessment is not None and can("standing.view", user=user),
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
