"""The campaign's three phases on a timeline, each phase's checklist with its progress, and the opening of the
year-end assessment (only in the phase the plan allows it)."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

from app.blueprints.phases import bp
from app.blueprints.phases.forms import ChecklistForm
from app.campaign import current_campaign, today
from app.extensions import db
from app.models import ChecklistItem
from app.phases import PhaseError, mark_checklist_item, open_assessment
from app.policy import require
from app.web import CsrfForm, campaign_or_404


def _page(status: int = 200) -> tuple[str, int]:
    campaign = current_campaign(current_user.department.court_id)
    day = today()
    return render_template("phases/index.html", campaign=campaign, day=day, checklist_form=ChecklistForm(),
                           open_form=CsrfForm(),
                           assessment_allowed=campaign is not None and campaign.phase_allows("assessment", day)), status


@bp.get("/")
@require("phase.view")
def index() -> tuple[str, int]:
    return _page()


@bp.post("/checklist/<int:item_id>")
@require("phase.manage")
def checklist(item_id: int) -> Response | tuple[str, int]:
    item = db.session.get(ChecklistItem, item_id)
    campaign = campaign_or_404()
    if item is None or item.phase.campaign_id != campaign.id:
        abort(404)
    form = ChecklistForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        mark_checklist_item(item, current_user._get_current_object(), done=form.done.data == "1",
                            note=form.evidence.data)
    except PhaseError as error:
        flash(str(error), "error")
        return _page(422)
    return redirect(url_for("phases.index"))


@bp.post("/assessment/open")
@require("phase.manage")
def assessment() -> Response | tuple[str, int]:
    campaign = current_campaign(current_user.department.court_id)
    if campaign is None:
        abort(400)
    try:
        open_assessment(campaign, current_user._get_current_object(), today())
    except PhaseError as error:
        flash(str(error), "error")
        return _page(422)
    flash(_("The year-end assessment is open."), "success")
    return redirect(url_for("phases.index"))
