"""My work (我的待办): what the signed-in person owes, what waits for their decision, what was decided on their own
requests. Everyone who owes anything lands here after signing in."""

from __future__ import annotations

from flask_login import current_user

from app.blueprints.work import bp
from app.campaign import today
from app.obligations.work import my_work
from app.policy import require
from app.web import campaign_or_404, render


@bp.get("/")
@require("work.view")
def index() -> str:
    campaign = campaign_or_404()
    work = my_work(campaign, current_user._get_current_object(), today())
    return render("work/index.html", campaign=campaign, work=work)
