"""Error pages in the user's language; HTMX requests get a fragment the page can show inline."""

from flask import Blueprint

bp = Blueprint("errors", __name__)

from app.blueprints.errors import routes  # noqa: E402, F401 - routes attach to bp
