"""The home page: the campaign at a glance."""

from flask import Blueprint
from flask_login import current_user, login_required

from app.campaign import current_campaign
from app.policy import require
from app.web import render

bp = Blueprint("main", __name__)


@bp.get("/")
@login_required
@require("dashboard.view")
def index() -> str:
    campaign = current_campaign(current_user.department.court_id)
    return render("main/index.html", campaign=campaign)
