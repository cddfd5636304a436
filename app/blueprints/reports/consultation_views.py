"""Data consultation on a bulletin's draft (app/reports/consultation.py): a division's figures and the cases behind
them, its objections and its confirmation; the office's overview and decisions. HTTP only."""

from __future__ import annotations

from flask import abort, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

from app import tasks
from app.blueprints.reports import bp
from app.campaign import today
from app.extensions import db
from app.indicators.drilldown import side_columns, side_label
from app.models import Campaign, Case, Department, Indicator, Objection, Report
from app.policy import can, consulting_department_id, may_consult, may_object, require
from app.registers import attachments
from app.reports import consultation as domain
from app.tasks.indicators import start_recompute
from app.web import CsrfForm, db_int, in_court_or_404, int_arg, paginate, render

SIDES = ("numerator", "denominator")


def _consulted_or_404(report_id: int) -> tuple[Report, Campaign]:
    report = in_court_or_404(Report, report_id)
    if not domain.has_consultation(report):
        abort(404)
    return report, db.session.get(Campaign, report.campaign_id)


def _division_or_404(campaign: Campaign, department_id: int) -> Department:
    """A taking-part division the signed-in user may consult for; another division's is 404 (not even its name)."""
    department = db.session.get(Department, department_id)
    if department is None or department not in domain.taking_part(campaign) or not may_consult(department):
        abort(404)
    return department


def _figure_or_404(campaign: Campaign, code: str, side: str) -> Indicator:
    indicator = domain.indicator_of(campaign, code)
    if indicator is None or side not in SIDES:
        abort(404)
    return indicator


@bp.get("/<int:report_id>/consultation")
@require("report.view")
def consultation(report_id: int) -> str:
    report, campaign = _consulted_or_404(report_id)
    divisions = domain.taking_part(campaign)
    office = can("consultation.decide")
    own = consulting_department_id()
    chosen_id = int_arg("department") or own
    if not office and (own is None or chosen_id != own):
        abort(404)
    department = _division_or_404(campaign, chosen_id) if chosen_id else None
    return render("reports/consultation.html", report=report, campaign=campaign, department=department,
                  divisions=divisions, office=office, day=today(),
                  figures=domain.figures(campaign, report, department) if department else [],
                  objections=domain.objections(report, None if office and department is None else department.id),
                  checks=domain.checks(report), open=domain.window_open(report, today()), form=CsrfForm(),
                  names={i.code: i.name for i in campaign.indicators})


@bp.get("/<int:report_id>/consultation/<int:department_id>/<code>/<side>")
@require("report.view")
def consultation_cases(report_id: int, department_id: int, code: str, side: str) -> str:
    report, campaign = _consulted_or_404(report_id)
    department = _division_or_404(campaign, department_id)
    indicator = _figure_or_404(campaign, code, side)
    query = domain.cases_counted(campaign, report, indicator, side, department)
    return render("reports/consultation_cases.html", "reports/_consultation_cases.html", report=report,
                  department=department, indicator=indicator, side=side, label=side_label(indicator, side),
                  columns=side_columns(indicator, side), page=paginate(query),
                  open=domain.window_open(report, today()), office=can("consultation.decide"))


@bp.route("/<int:report_id>/consultation/<int:department_id>/objections/new", methods=["GET", "POST"])
@require("report.view")
def new_objection(report_id: int, department_id: int) -> Response | tuple[str, int] | str:
    report, campaign = _consulted_or_404(report_id)
    department = _division_or_404(campaign, department_id)
    if not may_object(department):
        abort(403)
    values = request.form if request.method == "POST" else request.args
    indicator = _figure_or_404(campaign, values.get("indicator", ""), values.get("side", ""))
    side = values.get("side", "")
    case = db.session.get(Case, values.get("case", type=db_int) or 0)
    if case is None or case.court_id != campaign.court_id or case.department_id != department.id:
        abort(404)
    form = CsrfForm()
    context = dict(report=report, department=department, indicator=indicator, side=side, case=case, form=form,
                   label=side_label(indicator, side), types=domain.ATTACHMENT_TYPES)
    if request.method == "GET":
        return render("reports/objection_form.html", **context)
    upload = request.files.get("file")
    try:
        objection = domain.raise_objection(campaign, report, department, indicator, side, case,
                                           request.form.get("reason", ""), upload.stream if upload else None,
                                           upload.filename if upload else None, current_user._get_current_object(),
                                           today())
    except domain.ConsultationError as error:
        db.session.rollback()
        flash(str(error), "error")
        return render("reports/objection_form.html", reason=request.form.get("reason", ""), **context), 422
    flash(_("Objection raised; the office decides it and you will be told."), "success")
    return redirect(url_for("reports.objection", report_id=report.id, objection_id=objection.id))


@bp.post("/<int:report_id>/consultation/<int:department_id>/check")
@require("report.view")
def consultation_check(report_id: int, department_id: int) -> Response:
    report, campaign = _consulted_or_404(report_id)
    department = _division_or_404(campaign, department_id)
    if not may_object(department):
        abort(403)
    try:
        domain.confirm_checked(report, department, current_user._get_current_object(), today())
        flash(_("Recorded: %(department)s has checked its figures.", department=department.name), "success")
    except domain.ConsultationError as error:
        db.session.rollback()
        flash(str(error), "error")
    return redirect(url_for("reports.consultation", report_id=report.id))


def _objection_or_404(report: Report, objection_id: int) -> Objection:
    objection = db.session.get(Objection, objection_id)
    if objection is None or objection.report_id != report.id or not may_consult(objection.department):
        abort(404)
    return objection


@bp.get("/<int:report_id>/objections/<int:objection_id>")
@require("report.view")
def objection(report_id: int, objection_id: int) -> str:
    report, campaign = _consulted_or_404(report_id)
    return _objection_page(report, campaign, _objection_or_404(report, objection_id))


def _objection_page(report: Report, campaign: Campaign, objection: Objection, status: int = 200,
                    values: dict[str, str] | None = None) -> tuple[str, int]:
    indicator = next((i for i in campaign.indicators if i.code == objection.indicator_code), None)
    return render("reports/objection.html", report=report, objection=objection, indicator=indicator,
                  label=side_label(indicator, objection.side) if indicator else objection.side,
                  fields=domain.correctable_fields(), values=values or domain.current_values(objection.case),
                  decide=can("consultation.decide") and objection.open and report.status == "draft",
                  form=CsrfForm()), status


@bp.post("/<int:report_id>/objections/<int:objection_id>/accept")
@require("consultation.decide")
def accept_objection(report_id: int, objection_id: int) -> Response | tuple[str, int]:
    report, campaign = _consulted_or_404(report_id)
    objection = _objection_or_404(report, objection_id)
    # Only the fields the form sent: a field left out is left as it is, never emptied.
    values = {header: request.form[header] for header, _attr in domain.correctable_fields() if header in request.form}
    try:
        changed = domain.accept(campaign, objection, values, request.form.get("note", ""),
                                current_user._get_current_object())
    except domain.ConsultationError as error:
        db.session.rollback()
        flash(str(error), "error")
        return _objection_page(report, campaign, objection, 422, values)
    try:
        start_recompute(campaign.court_id, current_user._get_current_object())
        flash(_("Corrected (%(fields)s); the division is told and the figures are being recomputed.",
                fields="、".join(changed) or _("Deadline")), "success")
    except tasks.QueueUnavailable:
        flash(_("Corrected; the figures will follow at the nightly recompute (the job queue cannot be reached "
                "now)."), "warning")
    return redirect(url_for("reports.objection", report_id=report.id, objection_id=objection.id))


@bp.post("/<int:report_id>/objections/<int:objection_id>/reject")
@require("consultation.decide")
def reject_objection(report_id: int, objection_id: int) -> Response | tuple[str, int]:
    report, campaign = _consulted_or_404(report_id)
    objection = _objection_or_404(report, objection_id)
    try:
        domain.reject(campaign, objection, request.form.get("reason", ""), current_user._get_current_object())
    except domain.ConsultationError as error:
        db.session.rollback()
        flash(str(error), "error")
        return _objection_page(report, campaign, objection, 422)
    flash(_("Rejected; the division is told."), "success")
    return redirect(url_for("reports.objection", report_id=report.id, objection_id=objection.id))


@bp.get("/<int:report_id>/objections/<int:objection_id>/file")
@require("report.view")
def objection_file(report_id: int, objection_id: int) -> Response:
    report, _campaign = _consulted_or_404(report_id)
    objection = _objection_or_404(report, objection_id)
    if not objection.attachment_stored:
        abort(404)
    return attachments.download(objection.attachment_stored, objection.attachment_name, objection.attachment_type)
