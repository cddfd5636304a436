"""A period's review summary as a workbook (measure 3's monthly report to the intermediate court):
who handed in what against the quota, and every item with its review fields and outcome."""

from __future__ import annotations

from datetime import date

from flask_babel import gettext as _
from sqlalchemy import select

from app.clock import local_time
from app.extensions import db
from app.indicators.periods import parse_period
from app.labels import period_label, status_label
from app.models import Campaign, ItemStatus, Measure, RegisterItem
from app.plans.schema import MeasureSpec
from app.registers.compliance import compliance
from app.xlsx import Column, Sheet, Title, workbook

# A field's type in the plan and the kind of column its values are written as.
FIELD_KINDS = {"date": "date", "score": "number", "days": "days"}


def _field_value(value: object, kind: str) -> object:
    """A value as the form stored it (text) turned into the number or date its field holds, where it is one."""
    if kind in ("number", "days") and isinstance(value, str):
        try:
            return float(value) if "." in value else int(value)
        except ValueError:
            return value
    return value


def summary_workbook(campaign: Campaign, measure: Measure, spec: MeasureSpec, period_key: str, today: date) -> bytes:
    """Both sheets under the court, the measure, the period and the day it was taken (the register is live)."""
    subject = _("Hand-in summary")
    title = Title(campaign.court.name, f"{measure.name} · {subject}", period_label(parse_period(period_key)), today)
    quota_columns = [Column(_("Department")), Column(_("Judge")), Column(_("Item")), Column(_("Handed in"), "integer"),
                     Column(_("Required"), "integer"), Column(_("Late"))]
    quota_rows = []
    for matrix in compliance(campaign, measure, spec, today):
        for row in matrix.rows:
            for cell in row.cells:
                if cell.period.key == period_key:
                    for part in cell.parts:
                        quota_rows.append([row.department.name, row.user.display_name if row.user else "",
                                           part.name, part.done, part.required, _("yes") if cell.late else ""])
    kinds = {k.code: k for k in spec.item_kinds}
    fields = {f.code: f for k in spec.item_kinds for f in k.fields}
    item_columns = [Column(_("Department")), Column(_("Item")), Column(_("Period")),
                    *[Column(f.name, FIELD_KINDS.get(f.type, "text")) for f in fields.values()],
                    Column(_("Status")), Column(_("Late")), Column(_("Reason for lateness")),
                    Column(_("Handed in at"), "datetime"), Column(_("In the case data")),
                    Column(_("Why not in the case data"))]
    items = db.session.scalars(
        select(RegisterItem).where(RegisterItem.campaign_id == campaign.id, RegisterItem.measure_code == spec.code,
                                   RegisterItem.period == period_key, RegisterItem.status != ItemStatus.DRAFT)
        .order_by(RegisterItem.department_id, RegisterItem.kind, RegisterItem.id)
    )
    item_rows = [
        [item.department.name, kinds[item.kind].name if item.kind in kinds else item.kind,
         period_label(parse_period(item.period)),
         *[_field_value((item.values or {}).get(c, ""), FIELD_KINDS.get(f.type, "text")) for c, f in fields.items()],
         status_label(item.status), _("yes") if item.late else "", item.late_reason or "",
         local_time(item.submitted_at) if item.submitted_at else None,
         bool(item.case_id), item.case_missing_reason or ""]
        for item in items
    ]
    return workbook([Sheet(_("Quotas"), quota_columns, quota_rows, title),
                     Sheet(_("Items"), item_columns, item_rows, title)])
