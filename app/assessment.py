"""The year-end assessment (phase 3): each department's score, line by line with the evidence behind each line,
from the plan's scheme (``[assessment]``): points for each of the department's target figures for the year by
band, then the rules — quotas met and missed, self-inspection reports on time, hearings handed in, erroneous
cases, cases past their limit the supervision office has not cleared — each capped. ``score`` computes it for any
day, writing nothing (the standing, app/standing.py, shows it all year); ``run`` stores it, only once the office has
opened the assessment (app/phases.py); a department may object within the plan's days; the office decides."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import select

from app import audit
from app.extensions import db
from app.indicators.periods import Period, year_period
from app.labels import band_zh, format_value
from app.models import Assessment, Campaign, Department, Indicator, IndicatorValue, RegisterItem, ReversalFile, User
from app.models.base import utcnow
from app.obligations import State, Status, evaluate, owner_label
from app.pending import supervision_queue, without_statutory_cause
from app.plans.access import plan_of
from app.plans.schema import AssessmentSpec, ScoreRuleSpec
from app.registers.spec import HANDED_IN


class AssessmentError(ValueError):
    """A refused assessment action; the message says why."""


def scheme(campaign: Campaign) -> AssessmentSpec:
    spec = plan_of(campaign).assessment
    if spec is None:
        raise AssessmentError(_("The plan sets no scoring scheme."))
    return spec


# The hearing items the scheme's "hearings_handed_in" counts (and a hearing quota's missing items add to).
HEARING_KINDS = frozenset({"excellent_hearing", "flawed_hearing"})


@dataclass
class Score:
    """One department's score on a day: its lines (as stored and shown) and total, and what they were counted from,
    so that a what-if (app/standing.py) re-scores by the same rules."""

    department: Department
    lines: list[dict]
    total: float
    bands: dict[str, str]  # indicator code → its band for the year so far
    counts: dict[str, int]  # rule code → how many things the rule counted
    indicators: list[tuple[Indicator, IndicatorValue]]
    overdue_quotas: list[Status]  # the hand-in quotas "quota_periods_missed" counts


def rule_points(rule: ScoreRuleSpec, count: int) -> tuple[float, bool]:
    """A rule's points for ``count`` things, within its cap, and whether the cap cut them."""
    raw = rule.points * count
    return round(max(-rule.cap, min(rule.cap, raw)), 2), abs(raw) > rule.cap


def total_of(rules: AssessmentSpec, bands: Mapping[str, str], counts: Mapping[str, int]) -> float:
    """The total for these bands and counts: the one sum the score and every what-if use."""
    return round(sum(rules.band_points.get(band, 0.0) for band in bands.values())
                 + sum(rule_points(rule, counts.get(rule.code, 0))[0] for rule in rules.rules), 2)


def rank_key(total: float, department: Department) -> tuple[float, int]:
    """The ranking's order: the higher total first, then the plan's order of departments."""
    return -total, department.position


def score(campaign: Campaign, day: date) -> list[Score]:
    """Every department's score as the assessment would give it if run on ``day``, from the evidence as it stands:
    what fell due before that day and was not done counts as missed. Departments with nothing to score are left
    out. Writes nothing: ``run`` stores it, the standing (app/standing.py) shows it on any day of the campaign."""
    rules = scheme(campaign)
    year = year_period(campaign.year)
    statuses = [s for s in evaluate(campaign, day) if s.due is not None and s.due < day]
    queue = without_statutory_cause(campaign, supervision_queue(campaign, day))
    results = []
    for department in db.session.scalars(select(Department).where(Department.court_id == campaign.court_id,
                                                                  Department.active.is_(True))
                                         .order_by(Department.position)):
        indicators = _indicator_values(campaign, department, year)
        lines = [_indicator_line(indicator, value, year, rules) for indicator, value in indicators]
        counted, overdue_quotas = _counted(campaign, department, statuses, queue)
        for rule in rules.rules:
            things = counted[rule.code]
            points, capped = rule_points(rule, len(things))
            if things:
                lines.append({"code": rule.code, "name": rule.name_zh, "points": points,
                              "evidence": things, "capped": capped})
        if not lines:
            continue
        bands = {indicator.code: value.band for indicator, value in indicators}
        counts = {code: len(things) for code, things in counted.items()}
        results.append(Score(department, lines, total_of(rules, bands, counts), bands, counts, indicators,
                             overdue_quotas))
    return results


def run(campaign: Campaign, user: User, today: date) -> list[Assessment]:
    """Score every department that owes or is measured on anything (``score`` on ``today``); replaces earlier
    scores (and their objections), so it is meant to run once the year's data is complete. Commits."""
    if campaign.assessment_opened_at is None:
        raise AssessmentError(_("Open the year-end assessment on the phases page first (it opens in phase 3)."))
    rules = scheme(campaign)
    user_id = user.id  # read now: loading it later would flush a half-filled row
    results = []
    for scored in score(campaign, today):
        department = scored.department
        row = db.session.scalar(select(Assessment).where(Assessment.campaign_id == campaign.id,
                                                         Assessment.department_id == department.id))
        if row is None:
            row = Assessment(court_id=campaign.court_id, campaign_id=campaign.id, department_id=department.id)
            db.session.add(row)
        row.lines, row.total, row.computed_at, row.computed_by_id = scored.lines, scored.total, utcnow(), user_id
        row.objections_until = today + timedelta(days=rules.objection_days)
        row.objection = row.objection_at = row.objection_by_id = None
        row.decision = row.decided_total = row.decided_at = row.decided_by_id = None
        results.append(row)
    audit.record("assessment.run", "campaign", campaign.code, summary=campaign.code, user=user,
                 after={"departments": len(results)})
    db.session.commit()
    return results


def _indicator_values(campaign: Campaign, department: Department,
                      year: Period) -> list[tuple[Indicator, IndicatorValue]]:
    """The department's banded figures for the year of the plan's targets, by target number (2 before 10)."""
    values = db.session.scalars(select(IndicatorValue).where(
        IndicatorValue.court_id == campaign.court_id, IndicatorValue.scope_kind == "department",
        IndicatorValue.scope_id == department.id, IndicatorValue.period_key == year.key,
        IndicatorValue.band.isnot(None)))
    names = {i.code: i for i in campaign.indicators if i.target_number}
    found = [(names[value.indicator_code], value) for value in values if value.indicator_code in names]
    return sorted(found, key=lambda pair: pair[0].target_number)


def _indicator_line(indicator: Indicator, value: IndicatorValue, year: Period, rules: AssessmentSpec) -> dict:
    shown = format_value(value.value, indicator.unit)
    return {"code": f"indicator:{indicator.code}", "name": f"{indicator.target_number}. {indicator.name_zh}",
            "points": rules.band_points.get(value.band, 0.0),
            "evidence": [f"{year.start.year}年 {shown}（{band_zh(value.band)}）"
                         f"，分子 {value.numerator or 0:g} / 分母 {value.denominator or 0:g}"]}


def _evidence(status: Status) -> str:
    """A duty's status as an evidence line: the duty, whose, what for, when it was due and done."""
    who = f"{owner_label(status.owner)} " if status.owner.user_id else ""
    done = f"，{status.done_on.isoformat()} 完成" if status.done_on else ""
    return f"{status.duty.name_zh} {who}{status.subject}（应于 {status.due.isoformat()}{done}）"


def _counted(campaign: Campaign, department: Department, statuses: list[Status],
             queue: list) -> tuple[dict[str, list[str]], list[Status]]:
    """What each rule counts for the department, as evidence lines a person can check, and its overdue hand-in
    quotas: its quotas and its self-inspection reports are read from the obligations (app/obligations), as the
    console shows them."""
    own = [s for s in statuses if s.owner.department_id == department.id and not s.owner.court_wide]
    quotas = [s for s in own if s.duty.evidence == "quota"]
    overdue = [s for s in quotas if s.state == State.OVERDUE]
    reports = [s for s in own if s.duty.evidence == "file_step" and s.duty.step == "report"]
    files = list(db.session.scalars(select(ReversalFile).where(ReversalFile.campaign_id == campaign.id,
                                                               ReversalFile.department_id == department.id)))
    hearings = db.session.scalars(select(RegisterItem).where(
        RegisterItem.campaign_id == campaign.id, RegisterItem.department_id == department.id,
        RegisterItem.kind.in_(HEARING_KINDS), RegisterItem.status.in_(HANDED_IN)))
    counters: dict[str, Callable[[], list[str]]] = {
        "quota_periods_met": lambda: [_evidence(s) for s in quotas if s.state in (State.DONE, State.DONE_LATE)],
        "quota_periods_missed": lambda: [_evidence(s) for s in overdue],
        "reports_on_time": lambda: [_evidence(s) for s in reports if s.state == State.DONE],
        "hearings_handed_in": lambda: [f"{i.case_number or ''} {i.period}" for i in hearings],
        "erroneous_cases": lambda: [f"{f.case.case_number}（{f.result}）经审委会确认为错案"
                                    for f in files if f.erroneous],
        "overdue_without_reason": lambda: [f"{row.case.case_number} 审限届满 {row.case.deadline.isoformat()}"
                                           + (f"，{row.case.closed_on.isoformat()} 结案" if row.case.closed_on else "")
                                           for row in queue if row.case.department_id == department.id],
    }
    return {code: counter() for code, counter in counters.items()}, overdue


def object_to(row: Assessment, text: str, user: User, today: date) -> None:
    """The department raises an objection to its score, within the plan's days after the score was computed."""
    if user.department_id != row.department_id:
        raise AssessmentError(_("Only the department itself may object to its score."))
    if today > row.objections_until:
        raise AssessmentError(_("Objections could be raised until %(date)s.", date=row.objections_until.isoformat()))
    if row.objection:
        raise AssessmentError(_("The department has already objected; the office will decide."))
    if not text.strip():
        raise AssessmentError(_("Say what is wrong with the score and why."))
    row.objection, row.objection_at, row.objection_by_id = text.strip()[:5000], utcnow(), user.id
    audit.record("assessment.object", "assessment", row.id, summary=row.department.name_zh, user=user,
                 department_id=row.department_id, after={"objection": row.objection})
    db.session.commit()


def decide(row: Assessment, decision: str, total: float | None, user: User) -> None:
    """The office records its decision on an objection, and a changed total when it upholds it."""
    if not row.objection:
        raise AssessmentError(_("There is no objection to decide."))
    if not decision.strip():
        raise AssessmentError(_("Write the decision and its reasons."))
    before: dict[str, Any] = {"total": row.final_total}
    row.decision, row.decided_total = decision.strip()[:5000], total
    row.decided_at, row.decided_by_id = utcnow(), user.id
    audit.record("assessment.decide", "assessment", row.id, summary=row.department.name_zh, user=user,
                 department_id=row.department_id, before=before, after={"total": row.final_total,
                                                                       "decision": row.decision})
    db.session.commit()


def ranking(campaign: Campaign) -> list[Assessment]:
    rows = list(db.session.scalars(select(Assessment).where(Assessment.campaign_id == campaign.id)))
    return sorted(rows, key=lambda r: rank_key(r.final_total, r.department))
