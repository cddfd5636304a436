"""The campaign's three phases, each phase's checklist, and the opening of the year-end assessment."""

from flask import Blueprint

bp = Blueprint("phases", __name__, url_prefix="/phases")

from app.blueprints.phases import routes  # noqa: E402, F401 - routes attach to bp
