"""The audit trail, read-only: filter by person, department, measure, action, object and date; export to .xlsx.
Each reader sees the entries about what the policy lets him see.

There is no route that changes or deletes an entry (and the model refuses it, see app/models/audit.py).
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from flask import current_app, request
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import Select, select
from werkzeug.wrappers import Response

from app.blueprints.audit import bp
from app.campaign import current_campaign
from app.clock import local_time
from app.extensions import db
from app.labels import audit_action_label
from app.models import AuditEntry, Court, Department, User
from app.models.base import utcnow
from app.policy import require, visible_audit_entries
from app.web import int_arg, paginate, render
from app.xlsx import Column, Sheet, Title, workbook, xlsx_response


def _filtered() -> tuple[Select, dict]:
    args = {key: request.args.get(key, "").strip()
            for key in ("user", "department", "measure", "action", "object", "from", "to")}
    # Only entries about what the reader may see (policy.visible_audit_entries): not another department's drafts.
    query = select(AuditEntry).where(visible_audit_entries())
    if args["user"]:
        query = query.join(User, AuditEntry.user_id == User.id).where(
            (User.username == args["user"]) | (User.display_name == args["user"]))
    if (department_id := int_arg("department")) is not None:
        query = query.where(AuditEntry.department_id == department_id)
    if args["measure"]:
        query = query.where(AuditEntry.measure_code == args["measure"])
    if args["action"]:
        query = query.where(AuditEntry.action == args["action"])
    if args["object"]:
        query = query.where(AuditEntry.object_type == args["object"])
    # Days are the court's days (Asia/Shanghai), not UTC ones.
    zone = ZoneInfo(current_app.config["BABEL_DEFAULT_TIMEZONE"])
    for key, compare in (("from", AuditEntry.at.__ge__), ("to", AuditEntry.at.__lt__)):
        try:
            day = date.fromisoformat(args[key]) + timedelta(days=0 if key == "from" else 1)
        except ValueError:
            continue
        # Compared in UTC: SQLite keeps the stored moments as UTC text without their zone.
        query = query.where(compare(datetime.combine(day, time.min, zone).astimezone(UTC)))
    return query.order_by(AuditEntry.id.desc()), args


def _court_users() -> Select:
    return select(User).join(Department).where(Department.court_id == current_user.department.court_id)


@bp.get("/")
@require("audit.view")
def index() -> str:
    query, args = _filtered()
    departments = db.session.scalars(select(Department).where(
        Department.court_id == current_user.department.court_id).order_by(Department.position)).all()
    court = AuditEntry.court_id == current_user.department.court_id
    actions = db.session.scalars(select(AuditEntry.action).where(court).distinct().order_by(AuditEntry.action)).all()
    objects = db.session.scalars(
        select(AuditEntry.object_type).where(court).distinct().order_by(AuditEntry.object_type)).all()
    users = {u.id: u for u in db.session.scalars(_court_users())}
    campaign = current_campaign(current_user.department.court_id)
    return render("audit/index.html", "audit/_table.html", page=paginate(query), args=args, departments=departments,
                  actions=actions, objects=objects, users=users, measures=campaign.measures if campaign else [])


@bp.get("/export.xlsx")
@require("audit.view")
def export() -> Response:
    query, args = _filtered()
    users = {u.id: u.username for u in db.session.scalars(_court_users())}
    rows = ([local_time(e.at), users.get(e.user_id, ""), e.remote_addr, audit_action_label(e.action), e.object_type,
             e.object_id, e.summary, str(e.before or ""), str(e.after or "")] for e in db.session.scalars(query))
    columns = [Column(_("When"), "datetime"), Column(_("Who")), Column(_("From")), Column(_("Action")),
               Column(_("Object")), Column(_("Id"), "integer"), Column(_("Summary")), Column(_("Before")),
               Column(_("After"))]
    court = db.session.get(Court, current_user.department.court_id)
    period = " – ".join(filter(None, (args["from"], args["to"])))
    title = Title(court.name, _("Audit trail"), period, utcnow())
    return xlsx_response(workbook([Sheet(_("Audit trail"), columns, rows, title)]), "审计日志.xlsx")
