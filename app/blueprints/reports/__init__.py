"""The report archive (monthly bulletins, quarterly analyses, year-end assessments)."""

from flask import Blueprint
from flask_login import login_required

from app.policy import require
from app.web import render

bp = Blueprint("reports", __name__, url_prefix="/reports")


@bp.get("/")
@login_required
@require("report.view")
def index() -> str:
    # No report has been generated until the reporting capability lands; the page says so plainly.
    return render("reports/index.html", reports=[])
