"""The campaign's people: the leading group, its office and each division's liaison (the plan's posts, held by
accounts); the office and the administrator appoint."""

from __future__ import annotations

from flask import abort, flash, redirect, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from werkzeug.wrappers import Response

from app import directory
from app.blueprints.directory import bp
from app.extensions import db
from app.models import Appointment, Department, User
from app.policy import can, require
from app.web import CsrfForm, campaign_or_404, render

from .forms import AppointForm


@bp.get("/")
@require("directory.view")
def index() -> str:
    campaign = campaign_or_404()
    positions = directory.positions(campaign)
    users: list[User] = []
    if can("directory.manage"):
        users = list(db.session.scalars(
            select(User).join(Department).where(Department.court_id == campaign.court_id, User.active.is_(True))
            .order_by(Department.position, User.display_name)))
    eligible = {p.code: [u for u in users if p.holders != "per_department"
                         or u.department.code in directory.position_departments(campaign, p)] for p in positions}
    return render("directory/index.html", campaign=campaign, positions=positions, holders=directory.holders(campaign),
                  eligible=eligible, appoint_form=AppointForm(), dismiss_form=CsrfForm())


@bp.post("/appoint")
@require("directory.manage")
def appoint() -> Response:
    campaign = campaign_or_404()
    form = AppointForm()
    if not form.validate_on_submit():
        abort(400)
    user = db.session.get(User, form.user_id.data)
    if user is None or user.department.court_id != campaign.court_id:
        abort(404)  # another court's account looks like one that does not exist
    try:
        directory.appoint(campaign, form.position.data, user, current_user._get_current_object())
    except directory.DirectoryError as error:
        db.session.rollback()
        flash(str(error), "error")
        return redirect(url_for("directory.index"))
    flash(_("%(name)s appointed.", name=user.display_name), "success")
    return redirect(url_for("directory.index"))


@bp.post("/<int:appointment_id>/dismiss")
@require("directory.manage")
def dismiss(appointment_id: int) -> Response:
    campaign = campaign_or_404()
    appointment = db.session.get(Appointment, appointment_id)
    if appointment is None or appointment.campaign_id != campaign.id:
        abort(404)
    name = appointment.user.display_name
    directory.dismiss(appointment, current_user._get_current_object())
    flash(_("%(name)s no longer holds the post.", name=name), "success")
    return redirect(url_for("directory.index"))
