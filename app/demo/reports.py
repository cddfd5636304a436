"""The demo year's reports, made the way the court makes them: each month's bulletin drafted by the app on the 1st
(as `rq cron` does), the office writes its commentary and publishes it a few days later (one or two after the plan's
due day); each quarter's trend analysis likewise; and a draft of the year-end assessment table, scored on the first
day of the phase that opens the assessment, so a newcomer can open a year-end PDF without waiting for January.

Everything goes through app/reports/service.py, app/phases.py and app/assessment.py, as the office's clicks would
(the PDF and workbook of each published report are written by wkhtmltopdf and the app's workbook writer). A second
run leaves what is there: a published period is skipped, an opened assessment is not reopened nor re-scored."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy import select

from app.assessment import run as run_assessment
from app.clock import add_days
from app.extensions import db
from app.indicators.periods import Period, year_period
from app.models import Assessment, Campaign, Department, Report, Role, User, UserRole
from app.models.base import recorded_on
from app.phases import open_assessment
from app.plans.access import plan_of
from app.registers.spec import periods_of
from app.reports import consultation
from app.reports.service import generate, publish, save_commentary

RECOMMENDATIONS = [
    "各庭对照未达标指标逐项分析原因，制定整改措施，下月通报整改情况。",
    "加强长期未结案件清理，庭长逐案督办，院领导包案推进。",
    "严格审限管理，临近审限案件提前预警，杜绝非因法定事由超审限。",
    "强化发改案件评查，举一反三，提升裁判文书说理质量。",
]


@dataclass
class DemoReports:
    published: int = 0
    drafts: int = 0

    def __bool__(self) -> bool:
        return bool(self.published or self.drafts)


def create_demo_reports(campaign: Campaign, as_of: date, rng: random.Random, year_end: bool = True) -> DemoReports:
    """Publish the bulletins and quarterly analyses whose publication day is before ``as_of`` and not published yet,
    and (``year_end``) score the departments and draft the year-end table once. Returns what was made."""
    office = _office(campaign)
    made = DemoReports()
    if office is None:
        return made
    for kind, due_days in (("monthly", 10), ("quarterly", 15)):
        for period in periods_of(campaign, "month" if kind == "monthly" else "quarter"):
            drafted_on = period.end + timedelta(days=1)  # the 1st: the app drafts it (app/tasks/reports.py)
            published_on = period.end + timedelta(days=rng.randint(3, due_days + 2))
            if published_on > as_of or _published(campaign, kind, period):
                continue
            with recorded_on(drafted_on, hour=6):
                report = generate(campaign, kind, period.key, None, drafted_on)
            _divisions_check(campaign, report, add_days(drafted_on, 1, working=True))
            with recorded_on(published_on):
                save_commentary(report, _commentary(kind, report.content, rng), office, None)
                early = consultation.publish_needs_reason(report, published_on)
                publish(report, office, published_on, "各部门已在会商中核对确认，按期通报。" if early else None)
            made.published += 1
    if year_end and _year_end_draft(campaign, office):
        made.drafts += 1
    return made


def _divisions_check(campaign: Campaign, report: Report, day: date) -> None:
    """In the data consultation each division's head or liaison confirms its figures the day after the draft."""
    if not consultation.window_open(report, day):
        return
    with recorded_on(day, hour=10):
        for department in consultation.taking_part(campaign):
            people = consultation.division_people(campaign, department)
            if people and department.id not in consultation.checks(report):
                consultation.confirm_checked(report, department, people[0], day)


def _year_end_draft(campaign: Campaign, office: User) -> bool:
    """Open the assessment, score the departments and draft the year-end table on the first day of the phase that
    opens it (the data stay as they are: the figures are those of the demo's cut-off). Once only."""
    phase = campaign.phase_allowing("assessment")
    if phase is None or plan_of(campaign).assessment is None or db.session.scalar(select(Report.id).where(
            Report.campaign_id == campaign.id, Report.kind == "year_end").limit(1)) is not None:
        return False
    day = phase.start_date
    with recorded_on(day):
        if campaign.assessment_opened_at is None:
            open_assessment(campaign, office, day)
        if db.session.scalar(select(Assessment.id).where(Assessment.campaign_id == campaign.id).limit(1)) is None:
            run_assessment(campaign, office, day)
        generate(campaign, "year_end", year_period(campaign.year).key, office, day)
    return True


def _commentary(kind: str, content: dict[str, Any], rng: random.Random) -> dict[str, str]:
    """The office's findings, from what the report shows, and a recommendation."""
    if kind == "monthly":
        filings = content["filings"]["month"]
        missed = [t["name"] for t in content["targets"] if t["met"] is False]
        met = sum(1 for t in content["targets"] if t["met"])
        findings = (f"{content['period']} 全院收案 {_count(filings['received'])} 件，"
                    f"结案 {_count(filings['closed'])} 件；{len(content['targets'])} 项目标指标中 {met} 项达标"
                    + (f"，{'、'.join(missed)} 未达标" if missed else "")
                    + f"。超审限未结 {content['overdue']} 件，长期未结 {content['long_pending']} 件。")
    else:
        missing = [d["department"] for d in content["departments"] if d["missed"]]
        findings = (f"{content['period']} 发改案件 {content['reversed']} 件，审委会评析 {len(content['review'])} 次；"
                    + (f"{'、'.join(missing)} 存在未达标指标。" if missing else "各部门指标均达标。"))
    return {"findings": findings, "recommendations": rng.choice(RECOMMENDATIONS)}


def _count(value: float | None) -> str:
    return "—" if value is None else f"{value:g}"


def _published(campaign: Campaign, kind: str, period: Period) -> bool:
    return db.session.scalar(select(Report.id).where(
        Report.campaign_id == campaign.id, Report.kind == kind, Report.period == period.key,
        Report.department_id.is_(None), Report.status == "published").limit(1)) is not None


def _office(campaign: Campaign) -> User | None:
    """The court's activity office account that publishes (the demo's `office`)."""
    return db.session.scalar(select(User).join(UserRole).join(Department, User.department_id == Department.id).where(
        UserRole.role == Role.OFFICE.value, Department.court_id == campaign.court_id).order_by(User.id).limit(1))
