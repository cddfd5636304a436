"""A hand-in's case checked against the case register: a document, a hearing or a typical case handed in must be a
case of the department that hands it in (of the judge himself, for the kinds each judge hands in), its judge is one
of the department's judges and the case's own, and a case number the register lacks is accepted only with the
reason it is not there."""

from __future__ import annotations

from typing import Any

from flask_babel import gettext as _
from sqlalchemy import select

from app.cases import CaseNumberError, parse_case_number
from app.extensions import db
from app.models import Case, Department, Judge, Role, User, UserRole
from app.plans.schema import ItemKindSpec


def department_judges(department_id: int) -> list[str]:
    """The judges a hand-in of the department may name: those its case data names, and its judges' accounts."""
    named = set(db.session.scalars(select(Judge.name).where(Judge.department_id == department_id)))
    named |= set(db.session.scalars(select(User.display_name).join(UserRole, UserRole.user_id == User.id).where(
        User.department_id == department_id, User.active.is_(True), UserRole.role == Role.JUDGE)))
    return sorted(named)


def case_field(kind: ItemKindSpec) -> str | None:
    return next((f.code for f in kind.fields if f.type == "case_number"), None)


def judge_field(kind: ItemKindSpec) -> str | None:
    return next((f.code for f in kind.fields if f.type == "judge"), None)


def check_case(department: Department, author: User, kind: ItemKindSpec, values: dict[str, Any],
               missing_reason: str | None) -> dict[str, str]:
    """What is wrong with the case a hand-in names, by field code (empty when nothing is): another department's
    case, another judge's (for a kind each judge hands in), a judge who is not the case's or not the department's,
    or a number the register lacks without the reason."""
    problems: dict[str, str] = {}
    number_field, name_field = case_field(kind), judge_field(kind)
    judge = (values.get(name_field) or "").strip() if name_field else ""
    if name_field and judge and judge not in department_judges(department.id):
        problems[name_field] = _("%(judge)s is not a judge of %(department)s: choose from the list.", judge=judge,
                                 department=department.name)
    if not number_field or not values.get(number_field):
        return problems
    try:
        number = str(parse_case_number(values[number_field]))
    except CaseNumberError:
        return problems  # the form has said so already
    case = db.session.scalar(select(Case).where(Case.court_id == department.court_id, Case.case_number == number))
    if case is None:
        if not (missing_reason or "").strip():
            problems[number_field] = _("%(case)s is not in the case register. Check the number, or give the reason "
                                       "it is not there (below).", case=number)
        return problems
    if case.department_id != department.id:
        problems[number_field] = _("%(case)s is a case of %(other)s, not of %(department)s.", case=number,
                                   other=case.department.name, department=department.name)
    elif kind.handed_in_by == "judge" and (case.judge is None or case.judge.user_id != author.id):
        problems[number_field] = _("%(case)s is handled by %(judge)s, not by you.", case=number,
                                   judge=case.judge.name if case.judge else "—")
    elif name_field and judge and case.judge is not None and judge != case.judge.name:
        problems.setdefault(name_field, _("The handling judge of %(case)s is %(judge)s.", case=number,
                                          judge=case.judge.name))
    return problems


def may_name_case(kind: ItemKindSpec, case: Case, author: User) -> bool:
    """Would check_case accept ``case`` on a hand-in of ``kind`` by ``author``: a case of the author's department,
    and his own for the kinds each judge hands in (so a "request" link is offered only where it can succeed)."""
    if case.department_id != author.department_id:
        return False
    return kind.handed_in_by != "judge" or (case.judge is not None and case.judge.user_id == author.id)
