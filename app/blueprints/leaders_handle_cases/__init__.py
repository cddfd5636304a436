"""Measure 16: court leaders handle cases (院领导办案)."""

from app.blueprints.measures import measure_blueprint

bp = measure_blueprint("leaders_handle_cases", __name__)
