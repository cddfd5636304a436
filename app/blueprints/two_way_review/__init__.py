"""Measure 4: face-to-face two-way review (发改案件“面对面”双向评析)."""

from app.blueprints.measures import measure_blueprint
from app.blueprints.measures.reversal_views import REVERSALS

bp = measure_blueprint("two_way_review", __name__, (REVERSALS,))
