"""Reports: the archive, generation, commentary, publishing, and the data consultation on a draft."""

from flask import Blueprint

bp = Blueprint("reports", __name__, url_prefix="/reports")

from app.blueprints.reports import consultation_views, routes  # noqa: E402, F401 - routes attach to bp
