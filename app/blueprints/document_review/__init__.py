"""Measure 3: judgment-document review (裁判文书评查)."""

from app.blueprints.measures import measure_blueprint

bp = measure_blueprint("document_review", __name__)
