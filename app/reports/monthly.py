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
from app.registers.selections import board
from app.registers.spec import measure_spec
from app.reversals.circulation import files_of_month

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
    reversals = files_of_month(campaign, period.key) if campaign.document.get("reversals") else []
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


def workbook_sheets(content: dict[str, Any]) -> list[tuple[str, list[str], list[list[Any]]]]:
    targets = [[t["number"], t["name"], t["value"], t["target"], t["band"] or "",
                "" if t["met"] is None else ("是" if t["met"] else "否")] for t in content["targets"]]
    compliance = [[row["department"], row["handed_in"], row["required"]] for row in content["compliance"]]
    reversals = [[r["case_number"], r["department"], r["judge"], r["result"], r["result_on"]]
                 for r in content["reversals"]]
    filings = content["filings"]
    counts = [["收案", filings["month"]["received"], filings["year_to_date"]["received"]],
              ["结案", filings["month"]["closed"], filings["year_to_date"]["closed"]],
              ["超审限未结", content["overdue"], ""], ["长期未结", content["long_pending"], ""]]
    return [
        ("收结案", ["项目", "本月", "年初至本月"], counts),
        ("十二项目标", ["目标", "指标", "数值", "目标值", "档次", "达标"], targets),
        ("报送情况", ["部门", "已报送", "应报送"], compliance),
        ("发改案件", ["案号", "部门", "承办人", "结果", "日期"], reversals),
    ]
