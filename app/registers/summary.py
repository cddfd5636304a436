"""A period's review summary as a workbook (measure 3's monthly report to the intermediate court):
who handed in what against the quota, and every item with its review fields and outcome."""

from __future__ import annotations

from datetime import date

from flask_babel import gettext as _
from sqlalchemy import select

from app.extensions import db
from app.models import Campaign, Measure, RegisterItem
from app.plans.schema import MeasureSpec
from app.registers.compliance import compliance
from app.registers.workflow import status_label
from app.xlsx import write_workbook


def summary_workbook(campaign: Campaign, measure: Measure, spec: MeasureSpec, period_key: str, today: date) -> bytes:
    quota_header = [_("Department"), _("Judge"), _("Item"), _("Handed in"), _("Required"), _("Late")]
    quota_rows = []
    for matrix in compliance(campaign, measure, spec, today):
        for row in matrix.rows:
            for cell in row.cells:
                if cell.period.key == period_key:
                    for part in cell.parts:
                        quota_rows.append([row.department.name, row.user.display_name if row.user else "",
                                           part.name, part.done, part.required, _("yes") if cell.late else ""])
    kinds = {k.code: k for k in spec.item_kinds}
    fields = [f for k in spec.item_kinds for f in k.fields]
    columns = list(dict.fromkeys(f.code for f in fields))
    names = {f.code: f.name for f in fields}
    item_header = [_("Department"), _("Item"), _("Period"), *[names[c] for c in columns], _("Status"), _("Late"),
                   _("Reason for lateness"), _("Handed in at"), _("In the case data"),
                   _("Why not in the case data")]
    items = db.session.scalars(
        select(RegisterItem).where(RegisterItem.campaign_id == campaign.id, RegisterItem.measure_code == spec.code,
                                   RegisterItem.period == period_key, RegisterItem.status != "draft")
        .order_by(RegisterItem.department_id, RegisterItem.kind, RegisterItem.id)
    )
    item_rows = [
        [item.department.name, kinds[item.kind].name if item.kind in kinds else item.kind, item.period,
         *[(item.values or {}).get(c, "") for c in columns], status_label(item.status),
         _("yes") if item.late else "", item.late_reason or "",
         item.submitted_at.strftime("%Y-%m-%d %H:%M") if item.submitted_at else "",
         _("yes") if item.case_id else _("no"), item.case_missing_reason or ""]
        for item in items
    ]
    return write_workbook([(_("Quotas"), quota_header, quota_rows), (_("Items"), item_header, item_rows)])
