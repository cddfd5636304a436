"""Measure 14: trend analysis — the monthly bulletins and quarterly analyses live in the reports
(app/reports/); this measure's page leads there."""

from flask import redirect, url_for
from werkzeug.wrappers import Response

from app.blueprints.trend_analysis import bp
from app.policy import require


@bp.get("/reports")
@require("report.view")
def reports() -> Response:
    return redirect(url_for("reports.index"))
