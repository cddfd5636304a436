"""Measure 10: triage and fast track — the register and the fast-track figures."""

from app.blueprints.measures import measure_blueprint
from app.blueprints.measures.register import REGISTER

bp = measure_blueprint("triage_fast_track", __name__, (REGISTER,))

from app.blueprints.triage_fast_track import routes  # noqa: E402, F401 - routes attach to bp
