"""The monthly bulletin (月度通报): what it says, as plain data, so a published bulletin can be stored whole and
rendered again unchanged (HTML, PDF, .xlsx) whatever happens to the data afterwards."""

from __future__ import annotations

from dataclasses import asdict
from datetime import date
from typing import Any

from sqlalchemy import select

from app.extensions import db
from app.indicators.comparison import city_place
from app.indicators.dashboard import Goal, cards, overall_goal
from app.indicators.periods import Period, ytd_period
from app.labels import band_zh
from app.models import Campaign, Department, IndicatorValue
from app.obligations.console import Cell, console
from app.pending import long_pending, newly_long_pending, past_limit
from app.plans.access import measure_spec, plan_of
from app.registers.selections import board
from app.reversals.circulation import files_of_month
from app.xlsx import Column, Sheet, Title, figure

TITLE = "月度通报"
PERIOD_KIND = "month"
SECTIONS = ("findings", "recommendations")  # the office's commentary
TEMPLATE = "reports/_monthly_body.html"


def build(campaign: Campaign, period: Period, today: date, department: Department | None = None) -> dict[str, Any]:
    """Everything the bulletin shows for ``period`` (a month), from the stored figures and the registers; for one
    department when given (its figures, its hand-ins, its cases)."""
    as_of = min(period.end, today)
    scope = ("department", department.id) if department else ("court", 0)
    departments = {department.id} if department else None
    shown = cards(campaign, period, *scope)
    reversals = files_of_month(campaign, period.key) if plan_of(campaign).reversals else []
    return {
        "court": campaign.court.name_zh,
        "department": department.name_zh if department else None,
        "campaign": campaign.name_zh,
        "period": period.key,
        "filings": {"month": _filings(campaign, period, scope), "year_to_date": _filings(
            campaign, ytd_period(period.start.year, period.start.month), scope)},
        "targets": [_target(card) for card in shown if card.indicator.target_number],
        "goal": _goal(overall_goal(shown)),
        "city_place": asdict(place) if department is None and (place := city_place(campaign.court, period)) else None,
        "compliance": [row for row in _compliance(campaign, period, today)
                       if department is None or row["department"] == department.name_zh],
        "reversals": [{"case_number": f.case.case_number, "department": f.department.name_zh,
                       "judge": f.judge.name if f.judge else "", "result": f.result,
                       "result_on": f.result_on.isoformat()} for f in reversals
                      if department is None or f.department_id == department.id],
        "published": [row for row in _published(campaign, period)
                      if department is None or row["department"] == department.name_zh],
        "overdue": len(past_limit(campaign, as_of, departments)),
        "long_pending": len(long_pending(campaign, as_of, departments)),
        "newly_long_pending": [{"department": db.session.get(Department, d).name_zh, "count": n} for d, n in
                               sorted(newly_long_pending(campaign, period, departments).items())],
        "as_of": as_of.isoformat(),
    }


def _filings(campaign: Campaign, period: Period, scope: tuple[str, int]) -> dict[str, float | None]:
    """Cases received and closed (the counted cases of the filing-closing balance)."""
    value = db.session.scalar(select(IndicatorValue).where(
        IndicatorValue.court_id == campaign.court_id, IndicatorValue.indicator_code == "filing_closing_balance",
        IndicatorValue.period_key == period.key, IndicatorValue.scope_kind == scope[0],
        IndicatorValue.scope_id == scope[1]))
    return {"received": value.denominator if value else None, "closed": value.numerator if value else None}


def _target(card: Any) -> dict[str, Any]:
    indicator, value = card.indicator, card.value
    return {"number": indicator.target_number, "code": indicator.code, "name": indicator.name_zh,
            "unit": indicator.unit, "direction": indicator.direction, "target": indicator.target,
            "definition": indicator.definition_zh,
            "value": value.value if value else None, "band": value.band if value else None,
            "met": value.met if value else None, "change": card.change, "improved": card.improved}


def _goal(goal: Goal) -> dict[str, Any]:
    """The plan's overall goal for the month, as the bulletin states it (a published bulletin keeps it as it was)."""
    return {"met": goal.met, "short": [f"{c.indicator.name_zh}（{band_zh(c.value.band)}）" for c in goal.short]}


def _compliance(campaign: Campaign, period: Period, today: date) -> list[dict[str, Any]]:
    """Each department's hand-ins of the month against its quotas (the console's quota statuses)."""
    matrix = console(campaign, period, today)
    rows = []
    for department in matrix.departments:
        quotas = Cell([s for s in matrix.by_department[department.id].statuses if s.duty.evidence == "quota"])
        if quotas.required:
            rows.append({"department": department.name_zh, "handed_in": quotas.done, "required": quotas.required,
                         "state": str(quotas.state)})
    return rows


def _published(campaign: Campaign, period: Period) -> list[dict[str, Any]]:
    """Items published on the measures' boards for the month (the court's selected documents, the draws)."""
    rows = []
    for measure in campaign.measures:
        spec = measure_spec(campaign, measure.code)
        if spec is None or not spec.item_kinds:
            continue
        for entry in board(campaign, spec):
            if entry.period == period.key:
                for selection in entry.selections:
                    item = selection.item
                    rows.append({"list": entry.name, "case_number": item.case_number or "",
                                 "department": item.department.name_zh,
                                 "judge": (item.values or {}).get("judge", "")})
    return rows


def workbook_sheets(content: dict[str, Any], title: Title) -> list[Sheet]:
    """The bulletin's tables as sheets, in the PDF's order; the goal, the city place and what each target counts
    (in words) as footnotes."""
    filings = content["filings"]
    counts = [["收案", filings["month"]["received"], filings["year_to_date"]["received"]],
              ["结案", filings["month"]["closed"], filings["year_to_date"]["closed"]],
              [f"超审限未结案件（截至 {content['as_of']}）", content["overdue"], None],
              [f"长期未结案件（截至 {content['as_of']}）", content["long_pending"], None]]
    counts += [[f"本月新增一年以上未结案件：{row['department']}", row["count"], None]
               for row in content.get("newly_long_pending", [])]
    targets = [[t["number"], t["name"], figure(t["value"], t["unit"]),
                ("不低于" if t["direction"] == "higher" else "不高于") if t["target"] is not None else None,
                figure(t["target"], t["unit"]), band_zh(t["band"]) if t["band"] else None, t["met"],
                figure(t.get("change"), t["unit"], change=True),
                None if t.get("improved") is None else ("向好" if t["improved"] else "退步")]
               for t in content["targets"]]
    notes = []
    goal = content.get("goal") or {}
    if goal.get("met") is not None:
        notes.append("总体目标（考核指标全部达到“优”，分析指标达到“优”或“良”）：" + (
            "已达成。" if goal["met"] else f"未达成——{'、'.join(goal['short'])}。"))
    if place := content.get("city_place"):
        courts = f"（共 {place['courts']} 个基层法院）" if place.get("courts") else ""
        entered = "，审管办录入" if place.get("entered") else ""
        notes.append(f"全市位次：第 {place['place']} 位{courts}{entered}。")
    notes += [f"{t['number']}. {t['name']}：{t['definition']}" for t in content["targets"] if t.get("definition")]
    return [
        Sheet("收结案", [Column("项目"), Column("本月", "integer"), Column("年初至本月", "integer")], counts, title),
        Sheet("十二项目标", [Column("目标", "integer"), Column("指标"), Column("本月"), Column("要求"),
                          Column("目标值"), Column("档次"), Column("达标"), Column("较上月"), Column("变化")],
              targets, title, notes),
        Sheet("报送情况", [Column("部门"), Column("已报送", "integer"), Column("应报送", "integer")],
              [[row["department"], row["handed_in"], row["required"]] for row in content["compliance"]], title,
              () if content["compliance"] else ("本月无报送任务。",)),
        Sheet("发改案件", [Column("案号"), Column("部门"), Column("承办人"), Column("结果"), Column("日期", "date")],
              [[r["case_number"], r["department"], r["judge"], r["result"], r["result_on"]]
               for r in content["reversals"]], title,
              () if content["reversals"] else ("本月无改判、发回重审等发改案件。",)),
        Sheet("公布事项", [Column("名单"), Column("案号"), Column("部门"), Column("承办法官")],
              [[p["list"], p["case_number"], p["department"], p["judge"]] for p in content.get("published", [])],
              title, () if content.get("published") else ("本月无公布事项。",)),
    ]
