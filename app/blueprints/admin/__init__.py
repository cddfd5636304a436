from flask import Blueprint

from app.policy import require

bp = Blueprint("admin", __name__, url_prefix="/admin")


@bp.before_request
@require("admin.manage")
def _administrators_only() -> None:
    return None


from app.blueprints.admin import routes  # noqa: E402, F401 - routes attach to bp
