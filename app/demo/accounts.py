"""Demo accounts for a court, derived from its plan departments (named by role, never real people)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from app.extensions import db
from app.models import Court, Department, Role, User

# Departments whose people hand in items and try cases.
DIVISION_KINDS = ("filing", "trial", "tribunal", "enforcement")
# One account for each court-wide department kind: (department kind, username, roles, Chinese title).
COURT_WIDE_ACCOUNTS = (
    ("office", "admin", (Role.ADMIN,), "系统管理员"),
    ("office", "office", (Role.OFFICE,), "审管办干警"),
    ("leadership", "president", (Role.LEADER,), "院长"),
    ("leadership", "vice-president", (Role.LEADER,), "分管副院长"),
    ("committee", "committee", (Role.COMMITTEE,), "审委会秘书"),
    ("supervision", "supervision", (Role.SUPERVISION,), "监察室干警"),
)
# Display names match the judges the demo case data names (app/demo/cases.py), so imports link them.
DIVISION_ACCOUNTS = (
    ("head", (Role.DIVISION_HEAD, Role.JUDGE), "庭长"),
    ("judge1", (Role.JUDGE,), "法官01"),
    ("judge2", (Role.JUDGE,), "法官02"),
    ("staff", (Role.STAFF,), "联络员"),
)


@dataclass(frozen=True)
class DemoAccount:
    username: str
    display_name: str
    department: str
    roles: tuple[Role, ...]
    created: bool


def create_demo_users(court: Court, password: str) -> list[DemoAccount]:
    """Create the demo accounts that are missing; existing ones are left as they are."""
    departments = list(
        db.session.scalars(select(Department).where(Department.court_id == court.id).order_by(Department.position))
    )
    wanted: list[tuple[str, str, Department, tuple[Role, ...]]] = []
    for kind, username, roles, title_zh in COURT_WIDE_ACCOUNTS:
        department = next((d for d in departments if d.kind == kind), None)
        if department is not None:
            wanted.append((username, title_zh, department, roles))
    for department in departments:
        if department.kind in DIVISION_KINDS:
            for suffix, roles, title_zh in DIVISION_ACCOUNTS:
                wanted.append((f"{department.code}.{suffix}", department.name_zh + title_zh, department, roles))

    accounts = []
    for username, display_name, department, roles in wanted:
        user = db.session.scalar(select(User).where(User.username == username))
        created = user is None
        if created:
            user = User(username=username, display_name=display_name, department=department)
            user.roles = list(roles)
            user.set_password(password)
            db.session.add(user)
        accounts.append(DemoAccount(username, user.display_name, department.name_zh, roles, created))
    db.session.commit()
    return accounts


# Demo holders of the plan's posts (by position code): the president leads, the vice-president directs the
# office, the office's account works in it, division heads are members and each division's liaison account
# is its liaison.
DEMO_POSTS = (
    ("group_leader", ("president",)),
    ("group_deputy", ("vice-president",)),
    ("office_director", ("vice-president",)),
    ("office_member", ("office",)),
)


def appoint_demo_posts(court: Court) -> int:
    """Fill the campaign's empty posts with demo accounts; returns how many appointments were made."""
    from app.campaign import current_campaign
    from app.directory import appoint, holders, position_departments, positions

    campaign = current_campaign(court.id)
    admin = db.session.scalar(select(User).where(User.username == "admin"))
    if campaign is None or admin is None:
        return 0
    wanted = list(DEMO_POSTS)
    for post in positions(campaign):
        if post.code == "group_member":
            wanted.append((post.code, tuple(f"{code}.head" for code in _division_codes(court))))
        if post.holders == "per_department":
            wanted.append((post.code, tuple(f"{code}.staff" for code in position_departments(campaign, post))))
    known = {p.code for p in positions(campaign)}
    made = 0
    for code, usernames in wanted:
        if code not in known or holders(campaign).get(code):
            continue
        for username in usernames:
            user = db.session.scalar(select(User).where(User.username == username))
            if user is not None:
                appoint(campaign, code, user, admin)
                made += 1
    return made


def _division_codes(court: Court) -> list[str]:
    return [d.code for d in db.session.scalars(select(Department).where(
        Department.court_id == court.id, Department.kind.in_(DIVISION_KINDS)).order_by(Department.position))]
