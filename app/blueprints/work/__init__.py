"""My work (我的待办): what the signed-in person owes and what waits for their decision."""

from flask import Blueprint

bp = Blueprint("work", __name__, url_prefix="/work")

from app.blueprints.work import routes  # noqa: E402, F401 - routes attach to bp
