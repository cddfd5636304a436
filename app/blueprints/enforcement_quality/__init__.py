"""Measure 13: enforcement quality (执行)."""

from app.blueprints.measures import measure_blueprint

bp = measure_blueprint("enforcement_quality", __name__)
