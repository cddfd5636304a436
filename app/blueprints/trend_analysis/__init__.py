"""Measure 14: trend analysis (审判运行态势分析)."""

from app.blueprints.measures import measure_blueprint

bp = measure_blueprint("trend_analysis", __name__)
