"""The campaign's three phases on a timeline, with each phase's checklist."""

from flask import Blueprint
from flask_login import current_user, login_required

from app.campaign import current_campaign, today
from app.policy import require
from app.web import render

bp = Blueprint("phases", __name__, url_prefix="/phases")


@bp.get("/")
@login_required
@require("phase.view")
def index() -> str:
    campaign = current_campaign(current_user.department.court_id)
    return render("phases/index.html", campaign=campaign, day=today())
