"""The year-end standing: each division's points and rank as if the year ended today."""

from flask import Blueprint

bp = Blueprint("standing", __name__, url_prefix="/standing")

from app.blueprints.standing import routes  # noqa: E402, F401 - routes attach to bp
