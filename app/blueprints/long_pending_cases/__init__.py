"""Measure 9: long-pending and overdue cases (长期未结、超审限)."""

from app.blueprints.measures import measure_blueprint

bp = measure_blueprint("long_pending_cases", __name__)
