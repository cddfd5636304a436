"""Measure 9: long-pending and overdue cases — the shared register and the live ledger."""

from app.blueprints.measures import measure_blueprint
from app.blueprints.measures.register import FILING, REGISTER

bp = measure_blueprint("long_pending_cases", __name__, (REGISTER, FILING))

from app.blueprints.long_pending_cases import routes  # noqa: E402, F401 - routes attach to bp
