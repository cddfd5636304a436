"""Who holds the campaign's posts (the plan's ``positions``): the leading group, its office, the liaisons."""

from __future__ import annotations

from collections import defaultdict

from flask_babel import gettext as _
from sqlalchemy import select

from app import audit
from app.accounts import people_with_roles
from app.extensions import db
from app.models import Appointment, Campaign, Department, Role, User
from app.plans.access import plan_of
from app.plans.schema import PositionSpec


class DirectoryError(ValueError):
    """A refused appointment; the message says why."""


def positions(campaign: Campaign) -> list[PositionSpec]:
    return plan_of(campaign).positions


def position(campaign: Campaign, code: str) -> PositionSpec:
    found = next((p for p in positions(campaign) if p.code == code), None)
    if found is None:
        raise DirectoryError(_("The plan has no post %(code)s.", code=code))
    return found


def position_departments(campaign: Campaign, entry: PositionSpec) -> list[str]:
    """Department codes that each name a holder of a per-department post."""
    return plan_of(campaign).expand_departments(entry.departments)


def holders(campaign: Campaign) -> dict[str, list[Appointment]]:
    rows = db.session.scalars(select(Appointment).where(Appointment.campaign_id == campaign.id)
                              .order_by(Appointment.position_code, Appointment.id))
    found: dict[str, list[Appointment]] = defaultdict(list)
    for row in rows:
        found[row.position_code].append(row)
    return found


def appoint(campaign: Campaign, code: str, user: User, by: User) -> Appointment:
    """Give ``user`` the post: a single post changes hands, a per-department post changes hands within the user's
    department, a post for many adds a holder. Commits."""
    entry = position(campaign, code)
    if user.department.court_id != campaign.court_id or not user.active:
        raise DirectoryError(_("Only an active account of this court can hold a post."))
    current = [a for a in holders(campaign)[code]]
    if any(a.user_id == user.id for a in current):
        raise DirectoryError(_("%(name)s already holds this post.", name=user.display_name))
    if entry.president and not user.has_role(Role.LEADER):
        raise DirectoryError(_("The president's post is held by a court leader's account."))
    if entry.holders == "per_department":
        if user.department.code not in position_departments(campaign, entry):
            raise DirectoryError(_("%(department)s does not name a holder of this post.",
                                   department=user.department.name))
        replaced = [a for a in current if a.user.department_id == user.department_id]
    else:
        replaced = current if entry.holders == "one" else []
    for old in replaced:
        _remove(old, by)
    appointment = Appointment(campaign_id=campaign.id, position_code=code, user_id=user.id, appointed_by_id=by.id)
    db.session.add(appointment)
    db.session.flush()
    audit.record("appointment.create", "appointment", appointment.id, summary=f"{code}: {user.display_name}",
                 after={"position": code, "user": user.username}, department_id=user.department_id, user=by)
    db.session.commit()
    return appointment


def dismiss(appointment: Appointment, by: User) -> None:
    _remove(appointment, by)
    db.session.commit()


def _remove(appointment: Appointment, by: User) -> None:
    audit.record("appointment.remove", "appointment", appointment.id,
                 summary=f"{appointment.position_code}: {appointment.user.display_name}",
                 before={"position": appointment.position_code, "user": appointment.user.username},
                 department_id=appointment.user.department_id, user=by)
    db.session.delete(appointment)


def president(campaign: Campaign) -> User | None:
    """Who holds the post the plan marks as the president's, if anyone does (the president's approvals are his)."""
    codes = {p.code for p in positions(campaign) if p.president}
    held = [a.user for code in codes for a in holders(campaign)[code] if a.user.active]
    return held[0] if held else None


def liaisons(campaign: Campaign, department: Department) -> list[User]:
    """Whom to remind about a department's hand-ins: its appointed liaisons, else its staff (the liaison role)."""
    liaison_posts = {p.code for p in positions(campaign) if p.body == "liaisons"}
    appointed = [a.user for code in liaison_posts for a in holders(campaign)[code]
                 if a.user.department_id == department.id and a.user.active]
    if appointed:
        return appointed
    return people_with_roles(Role.STAFF, department_id=department.id)
