"""The year-end assessment's final table (年终考评): the departments ranked by their scores, each with its lines,
for the annual performance assessment."""

from __future__ import annotations

from datetime import date
from typing import Any

from app.assessment import ranking
from app.indicators.periods import Period
from app.models import Campaign, Department
from app.reports.quarterly import trends
from app.xlsx import Column, Sheet, Title, figure

TITLE = "年终考评结果"
PERIOD_KIND = "year"
SECTIONS = ("findings", "recommendations")
TEMPLATE = "reports/_year_end_body.html"
SECTION_LABELS = {"findings": "考评总结"}  # the workbook's heading of the office's commentary, as the PDF's


def build(campaign: Campaign, period: Period, today: date, department: Department | None = None) -> dict[str, Any]:
    """The ranked table (or one department's lines), with the year's target trends as charts."""
    labels, trend_rows = trends(campaign, period, ("department", department.id) if department else ("court", 0))
    rows = []
    for rank, row in enumerate(ranking(campaign), start=1):
        if department is not None and row.department_id != department.id:
            continue
        rows.append({"rank": rank, "department": row.department.name_zh, "computed": row.total,
                     "total": row.final_total, "decision": row.decision or "",
                     "lines": [{"name": line["name"], "points": line["points"], "evidence": line["evidence"][:20],
                                "more": max(0, len(line["evidence"]) - 20)} for line in row.lines]})
    return {"court": campaign.court.name_zh, "department": department.name_zh if department else None,
            "campaign": campaign.name_zh, "period": period.key, "rows": rows, "month_labels": labels,
            "trends": trend_rows}


def workbook_sheets(content: dict[str, Any], title: Title) -> list[Sheet]:
    ranked = [[r["rank"], r["department"], r["total"], r["computed"], r["decision"]] for r in content["rows"]]
    lines = [[r["department"], line["name"], line["points"],
              "；".join(line["evidence"]) + (f"（另 {line['more']} 项）" if line.get("more") else "")]
             for r in content["rows"] for line in r["lines"]]
    trend_rows = [[t["number"], t["name"], figure(t["target"], t["unit"]),
                   *(figure(v, t["unit"]) for v in t["months"])] for t in content.get("trends", [])]
    return [Sheet("排名", [Column("名次", "integer"), Column("部门"), Column("得分", "number"),
                         Column("计算得分", "number"), Column("异议处理")], ranked, title),
            Sheet("目标走势", [Column("目标", "integer"), Column("指标"), Column("目标值"),
                           *(Column(label) for label in content.get("month_labels", []))], trend_rows, title),
            Sheet("评分明细", [Column("部门"), Column("评分项"), Column("分值", "number"), Column("依据")],
                  lines, title)]
