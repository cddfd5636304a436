"""The year-end assessment: the office runs it and decides objections; each department sees its own."""

from flask import Blueprint

bp = Blueprint("assessment", __name__, url_prefix="/assessment")

from app.blueprints.assessment import routes  # noqa: E402, F401 - routes attach to bp
