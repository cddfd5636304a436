"""Measure 15: supervision by presidents (院庭长监督管理)."""

from app.blueprints.measures import measure_blueprint

bp = measure_blueprint("president_supervision", __name__)
