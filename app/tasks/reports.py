"""Report generation as background jobs: on demand from the reports page, and on the 1st of each month."""

from __future__ import annotations

from datetime import timedelta

from flask_babel import gettext as _
from sqlalchemy import select

from app.campaign import current_campaign, today
from app.extensions import db
from app.indicators.periods import month_period, quarter_period
from app.models import Campaign, Court, Department, Task, User
from app.reports.service import KINDS, generate, title
from app.tasks import app_context, claim_once, job, report_progress, submit


@job
def generate_report(task_id: str, campaign_id: int, kind: str, period: str, user_id: int | None,
                    department_id: int | None = None) -> dict:
    report_progress(10, 100, _("Reading the figures"))
    campaign = db.session.get(Campaign, campaign_id)
    user = db.session.get(User, user_id) if user_id else None
    department = db.session.get(Department, department_id) if department_id else None
    report = generate(campaign, kind, period, user, today(), department)
    report_progress(100, 100, None)
    return {"report_id": report.id, "version": report.version, "title": report.title}


def start_report(campaign: Campaign, kind: str, period: str, user: User | None,
                 department: Department | None = None) -> Task:
    return submit(generate_report, campaign.id, kind, period, user.id if user else None,
                  department.id if department else None, kind="report",
                  description=_("Generate %(title)s", title=title(campaign, KINDS[kind], period, department)),
                  permission="report.manage", court_id=campaign.court_id, user=user, queue="reports")


def monthly_reports() -> None:
    """Run by `rq cron` on the 1st: drafts of the month's bulletin (and, after a quarter, its trend analysis) for
    each court, once (claim_once)."""
    with app_context():
        day = today()
        if not claim_once("monthly-reports", day):
            return
        last_month = day.replace(day=1) - timedelta(days=1)
        for court_id in db.session.scalars(select(Court.id)):
            campaign = current_campaign(court_id)
            if campaign is None or not campaign.start_date <= last_month <= campaign.end_date:
                continue
            start_report(campaign, "monthly", month_period(last_month.year, last_month.month).key, None)
            if day.month in (1, 4, 7, 10):  # a quarter has just ended: its trend analysis too
                start_report(campaign, "quarterly", quarter_period(last_month.year, (last_month.month - 1) // 3 + 1)
                             .key, None)


