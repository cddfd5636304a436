"""One indicator: its trend, its breakdowns, its definition, and the cases behind every figure."""

from flask import Blueprint

bp = Blueprint("indicators", __name__, url_prefix="/indicators")

from app.blueprints.indicators import routes  # noqa: E402, F401 - routes attach to bp
