"""Measure 11: hearing observation and review (庭审观摩评查)."""

from app.blueprints.measures import measure_blueprint

bp = measure_blueprint("hearing_review", __name__)
