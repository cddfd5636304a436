"""Measure 8: consultation with the higher court (请示)."""

from app.blueprints.measures import measure_blueprint
from app.blueprints.measures.register import REGISTER

bp = measure_blueprint("higher_court_consultation", __name__, (REGISTER,))
