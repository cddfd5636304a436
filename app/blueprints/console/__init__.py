"""The activity office's console: the sixteen measures × departments for a month."""

from flask import Blueprint

bp = Blueprint("console", __name__, url_prefix="/console")

from app.blueprints.console import routes  # noqa: E402, F401 - routes attach to bp
