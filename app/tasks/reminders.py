"""Daily deadline reminders: every duty of the plan (app/obligations/) due soon or overdue."""

from __future__ import annotations

from datetime import date

from flask import current_app
from sqlalchemy import select

from app.campaign import current_campaign, today
from app.extensions import db
from app.models import Court
from app.obligations.reminders import send_reminders
from app.tasks import app_context, claim_once


def daily_reminders(day: date | None = None) -> int:
    """Run by `rq cron` each morning; once per day however many schedulers run (see claim_once). The notices
    link to pages, so they are built in a request context of their own."""
    with app_context(), current_app.test_request_context("/"):
        day = day or today()
        if not claim_once("daily-reminders", day):
            return 0
        added = 0
        for court_id in db.session.scalars(select(Court.id)):
            campaign = current_campaign(court_id)
            if campaign is not None:
                added += send_reminders(campaign, day)
        return added
