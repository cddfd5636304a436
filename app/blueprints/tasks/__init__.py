"""Following background jobs: a progress widget that polls itself, and retry for a failed job."""

from flask import Blueprint

bp = Blueprint("tasks", __name__, url_prefix="/tasks")

from app.blueprints.tasks import routes  # noqa: E402, F401 - routes attach to bp
