"""The campaign's people: the leading group, its office and each division's liaison."""

from flask import Blueprint

bp = Blueprint("directory", __name__, url_prefix="/directory")

from app.blueprints.directory import routes  # noqa: E402, F401 - routes attach to bp
