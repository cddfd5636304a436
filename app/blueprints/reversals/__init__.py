"""The reversed-case file's own pages, the committee's meetings, the package and the circulations."""

from flask import Blueprint

bp = Blueprint("reversals", __name__, url_prefix="/reversals")

from app.blueprints.reversals import routes  # noqa: E402, F401 - routes attach to bp
