"""Measure 2: quarterly committee review (审委会专题评析会)."""

from app.blueprints.measures import measure_blueprint
from app.blueprints.measures.reversal_views import REVERSALS

bp = measure_blueprint("committee_review", __name__, (REVERSALS,))
