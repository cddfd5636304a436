"""The month's judgment-document review report to the intermediate court (measure 3): who handed in what against
the quota, and every document with its review points, as a PDF and the same workbook as the measure's summary."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import select

from app.extensions import db
from app.indicators.periods import Period
from app.models import Campaign, Department, ItemStatus, Measure, RegisterItem
from app.plans.access import measure_spec
from app.registers.compliance import compliance
from app.xlsx import Column, Sheet, Title

TITLE = "裁判文书评查情况报告"
PERIOD_KIND = "month"
SECTIONS = ("findings", "recommendations")
TEMPLATE = "reports/_review_body.html"
MEASURE = "document_review"  # the measure's code, as its blueprint package is named (app/blueprints/)


def build(campaign: Campaign, period: Period, today: date, department: Department | None = None) -> dict[str, Any]:
    measure = db.session.scalar(select(Measure).where(Measure.campaign_id == campaign.id, Measure.code == MEASURE))
    spec = measure_spec(campaign, MEASURE) if measure else None
    quotas, items = [], []
    if measure is not None and spec is not None:
        for matrix in compliance(campaign, measure, spec, today, {department.id} if department else None):
            for row in matrix.rows:
                for cell in row.cells:
                    if cell.period.key == period.key:
                        quotas += [{"department": row.department.name_zh, "item": part.name,
                                    "handed_in": part.done, "required": part.required} for part in cell.parts]
        kinds = {k.code: k for k in spec.item_kinds}
        query = select(RegisterItem).where(RegisterItem.campaign_id == campaign.id,
                                           RegisterItem.measure_code == MEASURE, RegisterItem.period == period.key,
                                           RegisterItem.status != ItemStatus.DRAFT)
        if department is not None:
            query = query.where(RegisterItem.department_id == department.id)
        for item in db.session.scalars(query.order_by(RegisterItem.department_id, RegisterItem.kind, RegisterItem.id)):
            values = item.values or {}
            kind = kinds.get(item.kind)
            items.append({"department": item.department.name_zh, "kind": kind.name_zh if kind else item.kind,
                          "case_number": item.case_number or "", "judge": values.get("judge", ""),
                          "reasons": values.get("reasons", ""), "score": values.get("score"),
                          "points": [f"{f.name_zh}：{values[f.code]}" for f in (kind.fields if kind else [])
                                     if f.code in ("procedure", "facts", "law", "writing") and values.get(f.code)],
                          "late": item.late})
    return {"court": campaign.court.name_zh, "department": department.name_zh if department else None,
            "period": period.key, "quotas": quotas, "items": items}


def workbook_sheets(content: dict[str, Any], title: Title) -> list[Sheet]:
    return [
        Sheet("报送情况", [Column("部门"), Column("事项"), Column("已报送", "integer"), Column("应报送", "integer")],
              [[q["department"], q["item"], q["handed_in"], q["required"]] for q in content["quotas"]], title),
        Sheet("评查文书", [Column("部门"), Column("类别"), Column("案号"), Column("承办法官"), Column("理由"),
                       Column("得分", "number"), Column("评查要点"), Column("逾期")],
              [[i["department"], i["kind"], i["case_number"], i["judge"], i["reasons"], i["score"],
                "；".join(i["points"]), "是" if i["late"] else ""] for i in content["items"]], title),
    ]
