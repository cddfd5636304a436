"""The signed-in user's notifications (reminders, returned hand-ins, ...)."""

from flask import abort, redirect, url_for
from flask_login import current_user, login_required
from sqlalchemy import select
from werkzeug.wrappers import Response

from app.blueprints.notifications import bp
from app.extensions import db
from app.models import Notification
from app.models.base import utcnow
from app.web import paginate, render


@bp.get("/")
@login_required
def index() -> str:
    page = paginate(
        select(Notification).where(Notification.user_id == current_user.id).order_by(Notification.created_at.desc())
    )
    return render("notifications/index.html", "notifications/_list.html", page=page)


@bp.post("/<int:notification_id>/read")
@login_required
def mark_read(notification_id: int) -> Response | str:
    notification = db.session.get(Notification, notification_id)
    if notification is None or notification.user_id != current_user.id:
        abort(404)
    if notification.read_at is None:
        notification.read_at = utcnow()
        db.session.commit()
    if notification.link:
        return redirect(notification.link)
    return redirect(url_for("notifications.index"))
