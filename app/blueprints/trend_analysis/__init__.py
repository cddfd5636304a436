"""Measure 14: trend analysis — the bulletins and analyses live in the reports."""

from app.blueprints.measures import measure_blueprint

bp = measure_blueprint("trend_analysis", __name__)

from app.blueprints.trend_analysis import routes  # noqa: E402, F401 - routes attach to bp
