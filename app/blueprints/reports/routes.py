"""Reports: the archive, generation (an RQ job with a progress bar), the draft's commentary and preview,
publishing, and the published files."""

from __future__ import annotations

import io

from flask import abort, flash, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from werkzeug.wrappers import Response

from app import tasks
from app.blueprints.reports import bp
from app.campaign import current_campaign, today
from app.extensions import db
from app.models import Department, Report
from app.pdf import PdfError
from app.policy import can, consulting_department_id, may_see_report, require, visible_reports
from app.registers.spec import periods_of
from app.reports import consultation
from app.reports.service import KINDS, ReportError, publish, render_pdf, report_dir, save_commentary
from app.tasks.reports import start_report
from app.web import CsrfForm, campaign_or_404, db_int, in_court_or_404, paginate, render


def _report_or_404(report_id: int) -> Report:
    report = in_court_or_404(Report, report_id)
    if not may_see_report(report):
        abort(404)  # drafts are the office's until published
    return report


@bp.get("/")
@require("report.view")
def index() -> str:
    campaign = current_campaign(current_user.department.court_id)
    query = select(Report).where(Report.court_id == current_user.department.court_id, visible_reports())
    page = paginate(query.order_by(Report.period.desc(), Report.kind, Report.version.desc()))
    choices = {kind: list(reversed(periods_of(campaign, module.PERIOD_KIND))) if campaign else []
               for kind, module in KINDS.items()}
    departments = db.session.scalars(select(Department).where(
        Department.court_id == current_user.department.court_id, Department.active.is_(True))
        .order_by(Department.position)).all()
    # Open consultation windows, for whoever takes part in one: the office, a division's head, staff or liaison.
    consulting = can("consultation.decide") or consulting_department_id() is not None
    windows = consultation.open_windows(current_user.department.court_id, today()) if consulting else []
    return render("reports/index.html", page=page, choices=choices, form=CsrfForm(), args={},
                  departments=departments, windows=windows)


@bp.post("/generate")
@require("report.manage")
def generate_page() -> tuple[str, int] | str:
    campaign = campaign_or_404()
    kind, period = request.form.get("kind", ""), request.form.get("period", "")
    if kind not in KINDS or period not in {p.key for p in periods_of(campaign, KINDS[kind].PERIOD_KIND)}:
        abort(400)
    department = None
    if department_id := request.form.get("department", type=db_int):
        department = in_court_or_404(Department, department_id)
    try:
        task = start_report(campaign, kind, period, current_user._get_current_object(), department)
    except tasks.QueueUnavailable as error:
        return render("errors/error.html", "errors/_error.html", status=503, message=str(error)), 503
    return render("tasks/status.html", "tasks/_progress.html", task=task, progress=0, message=_("Queued"))


@bp.get("/<int:report_id>")
@require("report.view")
def detail(report_id: int) -> tuple[str, int]:
    return _page(_report_or_404(report_id))


def _page(report: Report, status: int = 200) -> tuple[str, int]:
    module = KINDS[report.kind]
    consulted = consultation.has_consultation(report)
    return render_template("reports/report.html", report=report, content=report.content,
                           commentary=report.commentary or {}, sections=module.SECTIONS, body=module.TEMPLATE,
                           form=CsrfForm(), consulted=consulted,
                           objections=consultation.objections(report) if consulted else [],
                           needs_reason=consultation.publish_needs_reason(report, today())), status


@bp.post("/<int:report_id>/commentary")
@require("report.manage")
def commentary(report_id: int) -> Response | tuple[str, int]:
    report = _report_or_404(report_id)
    try:
        save_commentary(report, {name: request.form.get(name, "") for name in KINDS[report.kind].SECTIONS},
                        current_user._get_current_object(), request.form.get("row_version", type=db_int))
    except ReportError as error:
        db.session.rollback()
        db.session.refresh(report)
        flash(str(error), "error")
        return _page(report, 422)
    flash(_("Saved. The preview below shows the bulletin as it will be published."), "success")
    return redirect(url_for("reports.detail", report_id=report.id))


@bp.post("/<int:report_id>/publish")
@require("report.manage")
def publish_page(report_id: int) -> Response:
    report = _report_or_404(report_id)
    try:
        publish(report, current_user._get_current_object(), today(), request.form.get("reason"))
        flash(_("Published. This version is now frozen."), "success")
    except (ReportError, PdfError) as error:
        db.session.rollback()
        flash(str(error), "error")
    return redirect(url_for("reports.detail", report_id=report.id))


@bp.get("/<int:report_id>.<fmt>")
@require("report.view")
def download(report_id: int, fmt: str) -> Response:
    report = _report_or_404(report_id)
    if fmt not in ("pdf", "xlsx"):
        abort(404)
    name = f"{report.title}（第{report.version}版）.{fmt}"
    if report.status == "published":
        stored = report.pdf_name if fmt == "pdf" else report.xlsx_name
        return send_file(report_dir() / stored, as_attachment=True, download_name=name)
    if fmt != "pdf":
        abort(404)
    try:
        draft = render_pdf(report)  # a draft's PDF is made on request, to check the layout before publishing
    except PdfError:
        abort(503)
    return send_file(io.BytesIO(draft), as_attachment=True, download_name=name, mimetype="application/pdf")
