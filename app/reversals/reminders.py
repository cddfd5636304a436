"""Reminders for self-inspection reports: due soon and overdue, once per file and event."""

from __future__ import annotations

from datetime import date, timedelta
from functools import partial

from flask import url_for
from flask_babel import gettext as _
from sqlalchemy import select

from app.accounts import people_with_roles
from app.extensions import db
from app.models import Campaign, ReversalFile, Role
from app.notifications import notify
from app.registers.spec import hand_ins


def send_report_reminders(campaign: Campaign, today: date) -> int:
    """Remind the handling judge (or, without an account, the division head) of a report due within the
    plan's reminder window or overdue; commit. Runs in a request context (links)."""
    if not campaign.document.get("reversals"):
        return 0
    window = hand_ins(campaign).remind_days_before
    files = db.session.scalars(select(ReversalFile).where(ReversalFile.campaign_id == campaign.id,
                                                          ReversalFile.state == "awaiting_report",
                                                          ReversalFile.report_due <= today + timedelta(days=window)))
    added = 0
    for file in files:
        event = "overdue" if file.report_due < today else "due"
        people = ([file.judge_user] if file.judge_user
                  else people_with_roles(Role.DIVISION_HEAD, department_id=file.department_id))
        added += notify(people, partial(_message, event, file), link=url_for("reversals.detail", file_id=file.id),
                        key=f"report-{event}:{file.id}")
    db.session.commit()
    return added


def _message(event: str, file: ReversalFile) -> str:
    if event == "due":
        return _("Self-inspection report for %(case)s (%(result)s) is due %(date)s.", case=file.case.case_number,
                 result=file.result, date=file.report_due.isoformat())
    return _("Self-inspection report for %(case)s (%(result)s) is overdue since %(date)s.",
             case=file.case.case_number, result=file.result, date=file.report_due.isoformat())
