"""The reversed-case file's own pages: the file with the forms for its next steps, opening a file by hand, the
committee's meetings, the face-to-face package and the monthly circulation. The measure pages (1, 2, 4, 5, 6,
15, 16) list the files at their step (app/blueprints/measures/reversal_views.py)."""

from __future__ import annotations

import io
from datetime import date

from flask import abort, flash, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from werkzeug.wrappers import Response

from app import reversals
from app.accounts import people_with_roles
from app.blueprints.reversals import bp
from app.campaign import today
from app.cases import CaseNumberError, parse_case_number
from app.extensions import db
from app.labels import field_label, state_label
from app.models import (
    AuditEntry,
    Campaign,
    Case,
    Circulation,
    CommitteeMeeting,
    ReversalFile,
    Role,
)
from app.pdf import PdfError
from app.plans.access import plan_of
from app.policy import may_see_file, require
from app.reversals import FileError, circulation, package
from app.web import CsrfForm, campaign_or_404, db_int, redirect_back
from app.xlsx import xlsx_response

# The form fields each move or record reads.
FIELDS = {
    "report": ("report", "objection", "objection_reasons"),
    "exclude": ("excluded_reason",),
    "review": ("meeting_id", "committee_opinion", "erroneous", "major_negative_impact", "contested"),
    "complete": ("report",),
    "conclude": ("outcome", "outcome_note"),
    "account": ("accountability_action", "accountability_on", "accountability_note"),
    "supervisor": ("supervisor_id",),
    "exchange": ("exchange_on", "exchange_with", "exchange_evidence", "exchange_facts", "exchange_law"),
    "retrial": ("retrial_holder_id", "retrial_case_number"),
    "retrial_outcome": ("retrial_outcome", "retrial_closed_on"),
}


def _reversal_campaign() -> Campaign:
    campaign = campaign_or_404()
    if plan_of(campaign).reversals is None:
        abort(404)  # the plan sets no rules for reversed cases
    return campaign


def _file_or_404(file_id: int) -> ReversalFile:
    file = db.session.get(ReversalFile, file_id)
    if file is None or not may_see_file(file):
        abort(404)  # another department's file looks like one that does not exist
    return file


def _file_page(file: ReversalFile, campaign: Campaign, status: int = 200) -> tuple[str, int]:
    history = db.session.scalars(select(AuditEntry).where(AuditEntry.object_type == "reversal_file",
                                                          AuditEntry.object_id == str(file.id)).order_by(AuditEntry.id))
    meetings = db.session.scalars(select(CommitteeMeeting).where(CommitteeMeeting.campaign_id == campaign.id)
                                  .order_by(CommitteeMeeting.held_on.desc()))
    return render_template(
        "reversals/file.html", file=file, campaign=campaign, rules=plan_of(campaign).reversals, history=list(history),
        allowed=reversals.allowed(file, current_user, campaign), meetings=list(meetings), form=CsrfForm(),
        supervisors=people_with_roles(Role.LEADER, Role.DIVISION_HEAD, court_id=file.court_id),
        leaders=people_with_roles(Role.LEADER, court_id=file.court_id),
    ), status


@bp.get("/<int:file_id>")
@require("reversal.view")
def detail(file_id: int) -> tuple[str, int]:
    return _file_page(_file_or_404(file_id), _reversal_campaign())


@bp.post("/<int:file_id>/<action>")
@require("reversal.view")
def act(file_id: int, action: str) -> Response | tuple[str, int]:
    campaign = _reversal_campaign()
    file = _file_or_404(file_id)
    if action not in FIELDS:
        abort(400)
    values = {name: request.form.get(name, "") for name in FIELDS[action]}
    try:
        reversals.act(file, campaign, action, current_user._get_current_object(), values,
                      version=request.form.get("version", type=db_int), today=today())
    except FileError as error:
        db.session.rollback()
        db.session.refresh(file)
        flash(str(error), "error")
        return _file_page(file, campaign, 422)
    flash(_("Recorded. The file is now: %(state)s.", state=state_label(file.state)), "success")
    return redirect(url_for("reversals.detail", file_id=file.id))


@bp.route("/open", methods=["GET", "POST"])
@require("reversal.manage")
def open_file() -> Response | tuple[str, int]:
    campaign = _reversal_campaign()
    form = CsrfForm()
    if request.method == "POST":
        text = request.form.get("case_number", "")
        try:
            number = str(parse_case_number(text))
            case = db.session.scalar(select(Case).where(Case.court_id == campaign.court_id,
                                                        Case.case_number == number))
            if case is None:
                raise FileError(_("%(case)s is not in the case register: import the case data first.", case=number))
            file = reversals.open_file(campaign, case, current_user._get_current_object())
        except (CaseNumberError, FileError) as error:
            db.session.rollback()
            flash(str(error), "error")
            return render_template("reversals/open.html", form=form, case_number=text), 422
        return redirect(url_for("reversals.detail", file_id=file.id))
    return render_template("reversals/open.html", form=form, case_number=""), 200


@bp.post("/meetings")
@require("meeting.record")
def record_meeting() -> Response:
    campaign = _reversal_campaign()
    try:
        held_on = date.fromisoformat(request.form.get("held_on", ""))
        reversals.record_meeting(campaign, current_user._get_current_object(), held_on,
                                 *(_text(name) for name in ("attendees", "problems", "rectification")))
        flash(_("The meeting is recorded; record the committee's opinion on each file it reviewed."), "success")
    except ValueError as error:  # FileError is a ValueError, and so is a bad date
        db.session.rollback()
        flash(str(error) if isinstance(error, FileError) else _("Give the meeting's date."), "error")
    return _back()


@bp.post("/package/send")
@require("reversal.manage")
def send_package() -> Response:
    campaign = _reversal_campaign()
    try:
        sent = reversals.send_package(campaign, current_user._get_current_object(), today())
        flash(_("%(count)d files sent as the package for %(quarter)s.", count=len(sent),
                quarter=sent[0].package_quarter), "success")
    except FileError as error:
        flash(str(error), "error")
    return _back()


@bp.get("/package/<quarter>.<fmt>")
@require("reversal.manage")
def package_download(quarter: str, fmt: str) -> Response:
    campaign = _reversal_campaign()
    if not package.package_files(campaign, quarter) or fmt not in ("xlsx", "pdf"):
        abort(404)
    name = f"面对面评析-{quarter}"
    if fmt == "xlsx":
        return xlsx_response(package.package_workbook(campaign, quarter, today()), f"{name}.xlsx")
    try:
        content = package.package_pdf(campaign, quarter)
    except PdfError:
        abort(503)
    return send_file(io.BytesIO(content), as_attachment=True, download_name=f"{name}.pdf", mimetype="application/pdf")


@bp.post("/circulations")
@require("reversal.manage")
def publish_circulation() -> Response:
    campaign = _reversal_campaign()
    try:
        published = circulation.publish(campaign, request.form.get("month", ""), _text("comment"),
                                        current_user._get_current_object())
    except (FileError, ValueError) as error:
        db.session.rollback()
        flash(str(error), "error")
        return _back()
    return redirect(url_for("reversals.circulation_page", circulation_id=published.id))


@bp.get("/circulations/<int:circulation_id>")
@require("reversal.view")
def circulation_page(circulation_id: int) -> str:
    campaign = _reversal_campaign()
    published = db.session.get(Circulation, circulation_id)
    if published is None or published.campaign_id != campaign.id:
        abort(404)
    by_id = {f.id: f for f in db.session.scalars(select(ReversalFile).where(ReversalFile.id.in_(published.file_ids)))}
    files = [by_id[i] for i in published.file_ids if i in by_id]  # in the circulation's order
    return render_template("reversals/circulation.html", circulation=published, files=files)


def _text(name: str) -> str:
    value = request.form.get(name, "").strip()
    if not value:
        raise FileError(_("Fill in: %(fields)s.", fields=field_label(name)))
    if len(value) > reversals.MAX_TEXT:
        raise FileError(_("%(field)s is longer than %(max)d characters.", field=field_label(name),
                          max=reversals.MAX_TEXT))
    return value


def _back() -> Response:
    """Back to the measure page the form was on (a path on this site only: no open redirect)."""
    return redirect_back(request.form.get("back"), url_for("main.index"))
