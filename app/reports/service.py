"""Generating, editing and publishing reports. A report is a draft first (its figures refreshed by each
generation); publishing freezes it — content, commentary, definition version, data cut-off and its files — and
a re-issue is a new version, the old one kept."""

from __future__ import annotations

import secrets
from datetime import date, datetime
from pathlib import Path

from flask import current_app, render_template
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import func, select
from sqlalchemy.orm.exc import StaleDataError

from app import audit
from app.clock import local_day
from app.extensions import db
from app.indicators.periods import parse_period
from app.labels import period_label
from app.models import Campaign, CaseImport, Department, Report, User
from app.models.base import utcnow
from app.pdf import report_pdf
from app.reports import consultation, monthly, quarterly, review, year_end
from app.xlsx import Column, Sheet, Title, workbook

# Each kind of report is a module with TITLE, PERIOD_KIND, SECTIONS, TEMPLATE, build() and workbook_sheets().
KINDS = {"monthly": monthly, "quarterly": quarterly, "year_end": year_end, "review": review}


class ReportError(ValueError):
    """A refused report action; the message says why."""


def generate(campaign: Campaign, kind: str, period_key: str, user: User | None, today: date,
             department: Department | None = None) -> Report:
    """Build the report's content now (court-wide, or for one department): into the open draft of that report, or
    a new draft version after the published ones. Commits."""
    if kind not in KINDS:
        raise ReportError(_("There is no report of kind %(kind)s.", kind=kind))
    module = KINDS[kind]
    period = parse_period(period_key)
    if period.kind != module.PERIOD_KIND:
        raise ReportError(_("This report is made for a %(kind)s (e.g. 2021-05 or 2021Q2).", kind=module.PERIOD_KIND))
    content = module.build(campaign, period, today, department)
    same = (Report.campaign_id == campaign.id, Report.kind == kind, Report.period == period.key,
            Report.department_id.is_(None) if department is None else Report.department_id == department.id)
    draft = db.session.scalar(select(Report).where(*same, Report.status == "draft"))
    if draft is None:
        latest = db.session.scalar(select(func.max(Report.version)).where(*same)) or 0
        draft = Report(court_id=campaign.court_id, campaign_id=campaign.id, kind=kind, period=period.key,
                       department_id=department.id if department else None, version=latest + 1, status="draft",
                       commentary={}, title=title(campaign, module, period.key, department))
        db.session.add(draft)
    draft.content = content
    draft.definition_version = campaign.definition_version
    draft.data_cutoff = data_cutoff(campaign.court_id)
    draft.generated_by_id = user.id if user else None
    draft.generated_at = utcnow()
    db.session.flush()
    audit.record("report.generate", "report", draft.id, summary=draft.title, user=user, court_id=campaign.court_id,
                 measure_code="trend_analysis", after={"version": draft.version})
    consultation.open_window(campaign, draft, today, user)
    _commit()
    return draft


def title(campaign: Campaign, module: object, period_key: str, department: Department | None) -> str:
    who = f"{campaign.court.name_zh}{department.name_zh}" if department else campaign.court.name_zh
    return f"{who} {period_key} {module.TITLE}"


def save_commentary(report: Report, values: dict[str, str], user: User, row_version: int | None) -> None:
    if report.status != "draft":
        raise ReportError(_("A published report is frozen; generate a new version to change it."))
    if row_version is not None and row_version != report.row_version:
        raise ReportError(_("Someone else changed this report while you were editing it. The page now shows their "
                            "text; make your change again."))
    sections = KINDS[report.kind].SECTIONS
    before = dict(report.commentary or {})
    report.commentary = {name: (values.get(name) or "").strip()[:20000] for name in sections}
    old, new = audit.changes(before, report.commentary)
    if new:
        audit.record("report.comment", "report", report.id, summary=report.title, before=old, after=new, user=user)
    _commit()


def publish(report: Report, user: User, today: date | None = None, reason: str | None = None) -> None:
    """Freeze the draft and store its PDF and workbook. Commits; the files are written before, removed on failure.
    A consulted version (app/reports/consultation.py) needs ``reason`` while its window runs or an objection is
    undecided, and takes the figures after the corrections and the objections as decided."""
    if report.status != "draft":
        raise ReportError(_("This version is already published."))
    campaign = db.session.get(Campaign, report.campaign_id)
    try:
        consultation.before_publish(
            campaign, report, today or local_day(utcnow()), reason,
            lambda: KINDS[report.kind].build(campaign, parse_period(report.period), today or local_day(utcnow()),
                                             report.department))
    except consultation.ConsultationError as error:
        raise ReportError(str(error)) from None
    folder = report_dir()
    pdf_name, xlsx_name = secrets.token_hex(16) + ".pdf", secrets.token_hex(16) + ".xlsx"
    (folder / pdf_name).write_bytes(render_pdf(report))
    (folder / xlsx_name).write_bytes(render_xlsx(report))
    report.pdf_name, report.xlsx_name = pdf_name, xlsx_name
    report.status, report.published_at, report.published_by_id = "published", utcnow(), user.id
    audit.record("report.publish", "report", report.id, summary=report.title, user=user,
                 measure_code="trend_analysis", after={"version": report.version, "reason": report.publish_reason,
                                                       "consultation_closed_at": report.consultation_closed_at})
    try:
        _commit()
    except Exception:
        for name in (pdf_name, xlsx_name):
            (folder / name).unlink(missing_ok=True)
        raise


def render_html(report: Report, for_pdf: bool = False) -> str:
    with force_locale("zh_CN"):  # the court's documents are in Chinese, whoever opens them
        return render_template("reports/document.html", report=report, content=report.content,
                               commentary=report.commentary or {}, body=KINDS[report.kind].TEMPLATE,
                               for_pdf=for_pdf)


def render_pdf(report: Report) -> bytes:
    return report_pdf(render_html(report, for_pdf=True), report.title)


# The office's commentary as the documents head it (the year-end table calls its findings a summary).
SECTION_LABELS = {"findings": "存在问题", "recommendations": "意见建议"}


def render_xlsx(report: Report) -> bytes:
    """The report's workbook: what its PDF holds, sheet by sheet, each under the court, period and cut-off."""
    module = KINDS[report.kind]
    content = report.content
    with force_locale("zh_CN"):  # like the PDF: the court's documents are in Chinese, whoever makes them
        title = Title(f"{content['court']}{content.get('department') or ''}", module.TITLE,
                      period_label(parse_period(report.period)), report.data_cutoff)
        sheets = module.workbook_sheets(content, title)
        labels = {**SECTION_LABELS, **getattr(module, "SECTION_LABELS", {})}
        commentary = report.commentary or {}
        if (consulted := content.get("consultation")) and consulted["objections"]:
            decided = {"open": "未处理", "accepted": "已更正数据", "rejected": "不予采纳"}
            sheets.append(Sheet("数据会商", [Column("案号"), Column("部门"), Column("指标"), Column("计入"),
                                          Column("异议理由"), Column("处理结果"), Column("处理意见"),
                                          Column("处理日期", "date")],
                                [[o["case_number"], o["department"], o["figure"], o["side"], o["reason"],
                                  decided.get(o["status"], o["status"]), o["decision"],
                                  date.fromisoformat(o["decided_on"]) if o["decided_on"] else None]
                                 for o in consulted["objections"]], title,
                                [f"会商期至 {consulted['until']}，异议截止 {consulted['closed_at']}。"]
                                + ([f"提前或带未处理异议公布的理由：{consulted['reason']}"]
                                   if consulted["reason"] else [])))
        sheets.append(Sheet("问题与建议", [Column("部分"), Column("内容")],
                            [[labels.get(name, name), commentary.get(name) or "（待审管办填写）"]
                             for name in module.SECTIONS], title))
        return workbook(sheets)


def data_cutoff(court_id: int) -> datetime | None:
    """When the court's latest successful case import finished: the data a report's figures stand on."""
    return db.session.scalar(select(func.max(CaseImport.finished_at)).where(
        CaseImport.court_id == court_id, CaseImport.status == "done"))


def report_dir() -> Path:
    folder = Path(current_app.config.get("REPORT_DIR") or Path(current_app.instance_path) / "reports")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _commit() -> None:
    try:
        db.session.commit()
    except StaleDataError:
        db.session.rollback()
        raise ReportError(_("Someone else changed this report at the same time; reload and try again.")) from None
