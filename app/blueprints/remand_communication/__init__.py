"""Measure 5: remand communication (发回重审沟通)."""

from app.blueprints.measures import measure_blueprint
from app.blueprints.measures.reversal_views import REVERSALS

bp = measure_blueprint("remand_communication", __name__, (REVERSALS,))
