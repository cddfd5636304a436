"""Deadline reminders: quota due soon and overdue, once per owner, period and event (re-runs add nothing)."""

from __future__ import annotations

from datetime import date, timedelta
from functools import partial

from flask import url_for
from flask_babel import gettext as _
from sqlalchemy import select

from app import audit
from app.accounts import people_with_roles
from app.directory import liaisons
from app.extensions import db
from app.indicators.periods import Period
from app.models import Campaign, Department, Measure, Role, User
from app.models.base import utcnow
from app.notifications import notify
from app.registers.compliance import Cell, compliance
from app.registers.progress import progress
from app.registers.spec import RegisterError, hand_ins, measure_spec

# Overdue reminders go out for deadlines missed in this many days before today, not for the whole year
# (a court that starts using the app in June is not told about March).
OVERDUE_LOOKBACK_DAYS = 31


def send_reminders(campaign: Campaign, today: date) -> int:
    """Remind every owner whose quota falls due within the plan's reminder window or is overdue; commit.
    Returns how many notifications were added. Links are built with url_for: run inside a request context."""
    window = hand_ins(campaign).remind_days_before
    added = 0
    for measure in db.session.scalars(select(Measure).where(Measure.campaign_id == campaign.id)):
        spec = measure_spec(campaign, measure.code)
        if spec is None or not spec.item_kinds:
            continue
        for matrix in compliance(campaign, measure, spec, today):
            for row in matrix.rows:
                owners = [row.user] if row.user else _department_people(row.department.id)
                for cell in row.outstanding:
                    days = (cell.deadline - today).days
                    who = f"u{row.user.id}" if row.user else f"d{row.department.id}"
                    if cell.state == "due" and days <= window:
                        event = "due"
                    elif cell.state == "overdue" and cell.deadline >= today - timedelta(days=OVERDUE_LOOKBACK_DAYS):
                        event = "overdue"
                    else:
                        continue
                    added += notify(owners, partial(_message, event, measure, cell, days),
                                    link=url_for(f"{measure.code}.compliance_page"),
                                    key=f"{event}:{measure.code}:{who}:{cell.period.key}")
    db.session.commit()
    return added


def _message(event: str, measure: Measure, cell: Cell, days: int) -> str:
    if event == "due":
        return _("%(measure)s: %(handed)d of %(required)d handed in for %(period)s; due %(deadline)s (in %(days)d "
                 "days).", measure=measure.name, handed=cell.handed_in, required=cell.required,
                 period=cell.period.key, deadline=cell.deadline.isoformat(), days=days)
    return _("%(measure)s: overdue for %(period)s (deadline %(deadline)s); %(handed)d of %(required)d handed in.",
             measure=measure.name, period=cell.period.key, deadline=cell.deadline.isoformat(),
             handed=cell.handed_in, required=cell.required)


def _department_people(department_id: int) -> list[User]:
    """A department's hand-ins are its staff's (the liaison's) and its division head's to see to."""
    return people_with_roles(Role.STAFF, Role.DIVISION_HEAD, department_id=department_id)


def remind_department(campaign: Campaign, department: Department, month: Period, user: User,
                      today: date) -> list[User]:
    """The office's one-click reminder: tell the department's liaisons what it still owes for ``month``, and record
    it; commits. RegisterError when it owes nothing or has nobody to remind. Returns who was reminded."""
    outstanding = progress(campaign, month, today, {department.id}).outstanding(department.id)
    if not outstanding:
        raise RegisterError(_("%(department)s owes nothing for %(period)s.", department=department.name,
                              period=month.key))
    people = liaisons(campaign, department)
    if not people:
        raise RegisterError(_("%(department)s has no liaison or staff account to remind.",
                              department=department.name))
    notify(people, lambda: _("Reminder from the campaign office: for %(period)s still due — %(items)s.",
                             period=month.key, items="; ".join(
                                 f"{m.number}. {m.name} {c.handed_in}/{c.required}" for m, c in outstanding)),
           link=url_for(f"{outstanding[0][0].code}.compliance_page"),
           key=f"console-remind:{department.id}:{month.key}:{utcnow().isoformat()}")  # each press is its own
    audit.record("reminder.send", "department", department.id, summary=f"{department.name_zh} {month.key}",
                 after={"period": month.key, "to": [u.username for u in people],
                        "outstanding": [f"{m.number}. {m.name_zh} {c.handed_in}/{c.required}"
                                        for m, c in outstanding]},
                 department_id=department.id, user=user)
    db.session.commit()
    return people
