"""Measure 11: hearing observation and review (庭审观摩评查)."""

from app.blueprints.measures import measure_blueprint
from app.blueprints.measures.register import DRAWS, LISTS, REGISTER

bp = measure_blueprint("hearing_review", __name__, (REGISTER, LISTS, DRAWS))
