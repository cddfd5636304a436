"""Measure 3: judgment-document review (裁判文书评查)."""

from app.blueprints.measures import measure_blueprint
from app.blueprints.measures.register import DRAWS, LISTS, REGISTER

bp = measure_blueprint("document_review", __name__, (REGISTER, LISTS, DRAWS))
