from flask import Blueprint
from flask_login import login_required

bp = Blueprint("cases", __name__, url_prefix="/cases")


@bp.before_request
@login_required
def _signed_in() -> None:
    return None


from app.blueprints.cases import routes  # noqa: E402, F401 - routes attach to bp
