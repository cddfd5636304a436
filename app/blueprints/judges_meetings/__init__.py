"""Measure 7: professional judges' meetings — the register and where guidance is most needed."""

from app.blueprints.measures import measure_blueprint
from app.blueprints.measures.register import REGISTER

bp = measure_blueprint("judges_meetings", __name__, (REGISTER,))

from app.blueprints.judges_meetings import routes  # noqa: E402, F401 - routes attach to bp
