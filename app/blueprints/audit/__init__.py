"""The audit trail, read-only: filter by person, department, measure, action, object and date; export to .xlsx."""

from flask import Blueprint

bp = Blueprint("audit", __name__, url_prefix="/audit")

from app.blueprints.audit import routes  # noqa: E402, F401 - routes attach to bp
