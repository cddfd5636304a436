"""Measure 12: legal explanation and petitions (释法答疑、涉诉信访)."""

from app.blueprints.measures import measure_blueprint
from app.blueprints.measures.register import REGISTER

bp = measure_blueprint("explanation_petitions", __name__, (REGISTER,))
