"""Measure 16: court leaders handle cases (院领导办案)."""

from app.blueprints.measures import measure_blueprint
from app.blueprints.measures.reversal_views import REVERSALS

bp = measure_blueprint("leaders_handle_cases", __name__, (REVERSALS,))
