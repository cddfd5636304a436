"""Measure 1: judicial responsibility (司法责任制)."""

from app.blueprints.measures import measure_blueprint
from app.blueprints.measures.reversal_views import REVERSALS

bp = measure_blueprint("judicial_responsibility", __name__, (REVERSALS,))
