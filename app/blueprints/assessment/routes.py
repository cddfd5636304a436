"""The year-end assessment's pages: the office runs it (in phase 3) and decides objections; each department sees
its score line by line with the evidence and may object; the court-wide roles see the ranking. The final table
goes out through the reports (kind year_end) as PDF and .xlsx."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from werkzeug.wrappers import Response

from app import assessment
from app.blueprints.assessment import bp
from app.campaign import today
from app.extensions import db
from app.models import Assessment
from app.policy import may_see_assessment, require, sees_every_assessment, visible_assessments
from app.web import CsrfForm, campaign_or_404


def _row_or_404(row_id: int) -> Assessment:
    row = db.session.get(Assessment, row_id)
    if row is None or not may_see_assessment(row):
        abort(404)  # another department's score looks like one that does not exist
    return row


@bp.get("/")
@require("assessment.view")
def index() -> str | Response:
    campaign = campaign_or_404()
    if not sees_every_assessment():
        own = db.session.scalar(select(Assessment).where(Assessment.campaign_id == campaign.id,
                                                         visible_assessments()))
        if own is not None:
            return redirect(url_for("assessment.detail", row_id=own.id))
        return render_template("assessment/index.html", campaign=campaign, rows=[], form=CsrfForm(),
                               phase=campaign.phase_allowing("assessment"))
    return render_template("assessment/index.html", campaign=campaign, rows=assessment.ranking(campaign),
                           form=CsrfForm(), phase=campaign.phase_allowing("assessment"))


@bp.post("/run")
@require("assessment.run")
def run() -> Response:
    campaign = campaign_or_404()
    try:
        rows = assessment.run(campaign, current_user._get_current_object(), today())
        flash(_("Scored %(count)d departments. Each can see its lines and object within the plan's days.",
                count=len(rows)), "success")
    except assessment.AssessmentError as error:
        flash(str(error), "error")
    return redirect(url_for("assessment.index"))


@bp.get("/<int:row_id>")
@require("assessment.view")
def detail(row_id: int) -> str:
    row = _row_or_404(row_id)
    return render_template("assessment/detail.html", row=row, form=CsrfForm())


@bp.post("/<int:row_id>/object")
@require("assessment.view")
def object_to(row_id: int) -> Response | tuple[str, int]:
    row = _row_or_404(row_id)
    try:
        assessment.object_to(row, request.form.get("objection", ""), current_user._get_current_object(), today())
    except assessment.AssessmentError as error:
        flash(str(error), "error")
        return render_template("assessment/detail.html", row=row, form=CsrfForm()), 422
    flash(_("Your objection is with the office."), "success")
    return redirect(url_for("assessment.detail", row_id=row.id))


@bp.post("/<int:row_id>/decide")
@require("assessment.run")
def decide(row_id: int) -> Response:
    row = _row_or_404(row_id)
    total = request.form.get("total", type=float)
    try:
        assessment.decide(row, request.form.get("decision", ""), total, current_user._get_current_object())
    except assessment.AssessmentError as error:
        flash(str(error), "error")
    return redirect(url_for("assessment.detail", row_id=row.id))
