"""Measure 15: supervision by presidents — supervisors' files, the register and the watch list."""

from app.blueprints.measures import measure_blueprint
from app.blueprints.measures.register import LISTS, REGISTER
from app.blueprints.measures.reversal_views import REVERSALS

bp = measure_blueprint("president_supervision", __name__, (REGISTER, LISTS, REVERSALS))

from app.blueprints.president_supervision import routes  # noqa: E402, F401 - routes attach to bp
