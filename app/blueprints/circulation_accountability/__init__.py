"""Measure 6: circulation and accountability (发改案件通报问责)."""

from app.blueprints.measures import measure_blueprint
from app.blueprints.measures.reversal_views import REVERSALS

bp = measure_blueprint("circulation_accountability", __name__, (REVERSALS,))
