"""The signed-in user's notifications (reminders, returned hand-ins, ...)."""

from flask import Blueprint

bp = Blueprint("notifications", __name__, url_prefix="/notifications")

from app.blueprints.notifications import routes  # noqa: E402, F401 - routes attach to bp
