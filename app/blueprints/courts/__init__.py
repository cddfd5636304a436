"""Multi-court mode: the intermediate court's basic courts side by side, and a basic court's own place."""

from flask import Blueprint

bp = Blueprint("courts", __name__, url_prefix="/courts")

from app.blueprints.courts import routes  # noqa: E402, F401 - routes attach to bp
