"""The quarterly trend analysis (季度审判运行态势分析): the twelve targets month by month to the quarter's end (with
charts), the departments compared for the quarter, and the committee's case-quality review of the quarter."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import select

from app.extensions import db
from app.indicators.measure_figures import department_figures
from app.indicators.periods import Period, month_period
from app.models import Campaign, CommitteeMeeting, Department, IndicatorValue, ReversalFile
from app.xlsx import Column, Sheet, Title, figure

TITLE = "季度审判运行态势分析"
PERIOD_KIND = "quarter"
SECTIONS = ("findings", "recommendations")
TEMPLATE = "reports/_quarterly_body.html"


def trends(campaign: Campaign, period: Period, scope: tuple[str, int]) -> tuple[list[str], list[dict[str, Any]]]:
    """The target figures month by month from January to the period's end, and for the period itself."""
    months = [month_period(period.start.year, m) for m in range(1, period.end.month + 1)]
    stored = {(v.indicator_code, v.period_key): v.value for v in db.session.scalars(select(IndicatorValue).where(
        IndicatorValue.court_id == campaign.court_id, IndicatorValue.scope_kind == scope[0],
        IndicatorValue.scope_id == scope[1], IndicatorValue.period_key.in_([m.key for m in months] + [period.key])))}
    return [f"{m.start.month}月" for m in months], [
        {"number": i.target_number, "name": i.name_zh, "unit": i.unit, "target": i.target,
         "direction": i.direction, "quarter": stored.get((i.code, period.key)),
         "months": [stored.get((i.code, m.key)) for m in months]} for i in campaign.indicators if i.target_number]


def build(campaign: Campaign, period: Period, today: date, department: Department | None = None) -> dict[str, Any]:
    indicators = [i for i in campaign.indicators if i.target_number]
    labels, trend_rows = trends(campaign, period, ("department", department.id) if department else ("court", 0))
    departments = []
    for other, values in department_figures(campaign, period, [i.code for i in indicators]):
        if department is not None and other.id != department.id:
            continue
        departments.append({"department": other.name_zh,
                            "values": {i.code: values[i.code].value if i.code in values else None
                                       for i in indicators},
                            "missed": sum(1 for i in indicators if i.code in values and values[i.code].met is False)})
    meetings = db.session.scalars(select(CommitteeMeeting).where(
        CommitteeMeeting.campaign_id == campaign.id, CommitteeMeeting.held_on.between(period.start, period.end))
        .order_by(CommitteeMeeting.held_on))
    review = [{"held_on": m.held_on.isoformat(), "problems": m.problems, "rectification": m.rectification,
               "files": len(m.files), "erroneous": sum(1 for f in m.files if f.erroneous),
               "contested": sum(1 for f in m.files if f.contested)} for m in meetings]
    reversed_count = len(list(db.session.scalars(select(ReversalFile.id).where(
        ReversalFile.campaign_id == campaign.id, ReversalFile.result_on.between(period.start, period.end)))))
    return {
        "court": campaign.court.name_zh, "department": department.name_zh if department else None,
        "campaign": campaign.name_zh, "period": period.key, "month_labels": labels,
        "indicator_columns": [{"code": i.code, "name": i.name_zh, "unit": i.unit} for i in indicators],
        "trends": trend_rows, "departments": departments, "review": review, "reversed": reversed_count,
    }


def workbook_sheets(content: dict[str, Any], title: Title) -> list[Sheet]:
    trend_rows = [[t["number"], t["name"], figure(t["target"], t["unit"]), figure(t["quarter"], t["unit"]),
                   *(figure(v, t["unit"]) for v in t["months"])] for t in content["trends"]]
    columns = content["indicator_columns"]
    department_rows = [[d["department"], *(figure(d["values"].get(c["code"]), c["unit"]) for c in columns),
                        d["missed"]] for d in content["departments"]]
    review_rows = [[r["held_on"], r["files"], r["erroneous"], r["contested"], r["problems"], r["rectification"]]
                   for r in content["review"]]
    return [
        Sheet("走势", [Column("目标", "integer"), Column("指标"), Column("目标值"), Column("本季度"),
                     *(Column(label) for label in content["month_labels"])], trend_rows, title),
        Sheet("部门比较", [Column("部门"), *(Column(c["name"]) for c in columns), Column("未达标项数", "integer")],
              department_rows, title),
        Sheet("审委会评析", [Column("日期", "date"), Column("评析案件", "integer"), Column("错案", "integer"),
                        Column("提出异议", "integer"), Column("发现的问题"), Column("整改措施")], review_rows, title,
              () if review_rows else ("本季度无审委会案件质量评析。",)),
    ]
