"""Measure 13: enforcement quality — the shared register and the enforcement figures."""

from app.blueprints.measures import measure_blueprint
from app.blueprints.measures.register import REGISTER

bp = measure_blueprint("enforcement_quality", __name__, (REGISTER,))

from app.blueprints.enforcement_quality import routes  # noqa: E402, F401 - routes attach to bp
