"""The dashboard: the twelve targets for a period and a department, from the stored figures."""

from flask import Blueprint

bp = Blueprint("main", __name__)

from app.blueprints.main import routes  # noqa: E402, F401 - routes attach to bp
