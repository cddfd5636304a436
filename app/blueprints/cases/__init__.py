from flask import Blueprint

bp = Blueprint("cases", __name__, url_prefix="/cases")

from app.blueprints.cases import routes  # noqa: E402, F401 - routes attach to bp
