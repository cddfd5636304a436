"""The year-end standing, all year: each department's points and rank as if the year ended today — as the year-end
assessment would score it if run today, by its very code (app/assessment.score) — and beside its lines what would
gain (or cost) the most points: overdue hand-ins, targets not reached, cases about to pass their limit. Each such
figure is a re-score by the same rules (assessment.total_of) with one thing mended, never a guess the scheme does
not back."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import func, select

from app import assessment
from app.assessment import HEARING_KINDS, Score, rank_key, total_of
from app.extensions import db
from app.labels import band_zh, format_value
from app.models import Campaign, Case, Department, ItemStatus, RegisterItem
from app.obligations import Status, link_url
from app.pending import ledger_count, ledger_query
from app.plans.access import plan_of
from app.plans.schema import AssessmentSpec
from app.reports.service import data_cutoff

# A hand-in quota's items handed in and waiting for the reviewer: already counted as handed in, not yet as met.
AWAITING_APPROVAL = (ItemStatus.SUBMITTED,)


@dataclass(frozen=True)
class Gain:
    """What mending one thing would change the total by (negative: points at stake), beside the line it belongs
    to, with where to act."""

    line: str  # the score line's code: a rule's code, or "indicator:<code>"
    text: str
    points: float
    link: tuple[str, dict[str, Any]] | None = None

    @property
    def url(self) -> str | None:
        return link_url(self.link)


@dataclass
class Standing:
    score: Score
    rank: int
    gains: list[Gain] = field(default_factory=list)

    def gains_for(self, line: str) -> list[Gain]:
        return [g for g in self.gains if g.line == line]

    @property
    def best_gain(self) -> Gain | None:
        """The one thing that would gain the most (the gains are largest first; points at stake are not gains)."""
        return next((g for g in self.gains if g.points > 0), None)

    @property
    def other_gains(self) -> list[Gain]:
        """Gains for lines the score does not show yet (a rule that counted nothing so far)."""
        shown = {line["code"] for line in self.score.lines}
        return [g for g in self.gains if g.line not in shown]


@dataclass
class Table:
    as_of: date
    cutoff: datetime | None  # when the latest case import finished: the data the figures stand on
    ranked: list[Department]  # every department ranked, in rank order (a division sees its own row, among them all)
    rows: list[Standing]


def standing_day(campaign: Campaign, today: date) -> date:
    """The day the standing is scored on: today, as if the assessment ran today; after the campaign, its last day."""
    return min(today, campaign.end_date)


def standings(campaign: Campaign, today: date, department_ids: set[int] | None = None) -> Table:
    """Every department's standing as if the year ended today, ranked among all; rows for ``department_ids`` only
    (None: all), each with its gains, largest first."""
    as_of = standing_day(campaign, today)
    rules = assessment.scheme(campaign)
    ranked = sorted(assessment.score(campaign, as_of), key=lambda s: rank_key(s.total, s.department))
    rows = [Standing(scored, rank) for rank, scored in enumerate(ranked, start=1)
            if department_ids is None or scored.department.id in department_ids]
    for row in rows:
        row.gains = sorted(gains(campaign, rules, row.score, as_of), key=lambda g: -abs(g.points))
    return Table(as_of, data_cutoff(campaign.court_id), [scored.department for scored in ranked], rows)


def gains(campaign: Campaign, rules: AssessmentSpec, scored: Score, as_of: date) -> list[Gain]:
    """What would move the department's total if the assessment ran on ``as_of``, each by re-scoring with one thing
    mended."""
    codes = {rule.code for rule in rules.rules}
    found = [gain for gain in _quota_gains(campaign, rules, scored) if gain.points > 0]
    found += [gain for gain in _target_gains(rules, scored) if gain.points > 0]
    if "overdue_without_reason" in codes:
        risk = _near_limit_risk(campaign, rules, scored, as_of)
        if risk is not None and risk.points < 0:
            found.append(risk)
    return found


def _rescored(rules: AssessmentSpec, scored: Score, bands: dict[str, str] | None = None,
              **changes: int) -> float:
    """The change in the total with the bands replaced and the rule counts moved by ``changes``."""
    counts = dict(scored.counts)
    for code, change in changes.items():
        counts[code] = max(0, counts.get(code, 0) + change)
    return round(total_of(rules, {**scored.bands, **(bands or {})}, counts) - scored.total, 2)


def _quota_gains(campaign: Campaign, rules: AssessmentSpec, scored: Score) -> list[Gain]:
    """Per duty, its overdue periods handed in and approved: missed turns into met (a late hand-in still meets the
    quota), and hearing items handed in count as such."""
    by_duty: dict[str, list[Status]] = defaultdict(list)
    for status in scored.overdue_quotas:
        by_duty[status.duty.code].append(status)
    found = []
    items_waiting = _waiting(campaign, scored.department.id) if by_duty else Counter()
    for statuses in by_duty.values():
        duty = statuses[0].duty
        missing = sum(max(0, p.required - p.done) for s in statuses for p in s.parts)
        waiting = _awaiting_approval(items_waiting, statuses)
        to_hand_in = max(0, missing - waiting)
        hearings = to_hand_in if set(duty.kinds) <= HEARING_KINDS else 0
        points = _rescored(rules, scored, quota_periods_missed=-len(statuses), quota_periods_met=len(statuses),
                           hearings_handed_in=hearings)
        if to_hand_in:
            text = _("Hand in %(n)d overdue items of “%(duty)s”, overdue periods: %(periods)d "
                     "(they count once approved)", n=to_hand_in, duty=duty.name, periods=len(statuses))
        else:
            text = _("Approve the %(n)d items of “%(duty)s” waiting for review, overdue periods: %(periods)d",
                     n=waiting, duty=duty.name, periods=len(statuses))
        found.append(Gain("quota_periods_missed", text, points, statuses[0].link))
    return found


def _waiting(campaign: Campaign, department_id: int) -> Counter[tuple[int | None, str, str]]:
    """The department's items handed in and not yet approved, by (author, kind, period): read once per department."""
    rows = db.session.execute(select(RegisterItem.author_id, RegisterItem.kind, RegisterItem.period, func.count())
                              .where(RegisterItem.campaign_id == campaign.id,
                                     RegisterItem.department_id == department_id,
                                     RegisterItem.status.in_(AWAITING_APPROVAL))
                              .group_by(RegisterItem.author_id, RegisterItem.kind, RegisterItem.period))
    return Counter({(author, kind, period): count for author, kind, period, count in rows})


def _awaiting_approval(waiting: Counter[tuple[int | None, str, str]], statuses: list[Status]) -> int:
    """Of what the quotas miss, the items already handed in and waiting for the reviewer: a judge's own, or anyone's
    of the department for a department's quota (as the quota's evidence counts them)."""
    found = 0
    for status in statuses:
        kinds, period, author = set(status.duty.kinds), status.period.key, status.owner.user_id
        handed = sum(count for (by, kind, at), count in waiting.items()
                     if kind in kinds and at == period and (author is None or by == author))
        found += min(handed, sum(max(0, p.required - p.done) for p in status.parts))
    return found


def _target_gains(rules: AssessmentSpec, scored: Score) -> list[Gain]:
    """Each figure short of its best band brought to it (优 sits at the target, or inside the reference range)."""
    found = []
    for indicator, value in scored.indicators:
        best = "inside" if "range" in indicator.bands else "excellent"
        if value.band == best:
            continue
        points = _rescored(rules, scored, {indicator.code: best})
        if "range" in indicator.bands:
            low, high = indicator.bands["range"]
            goal = f"{format_value(low, indicator.unit)}–{format_value(high, indicator.unit)}"
        else:
            goal = format_value(indicator.bands[best], indicator.unit)
        text = _("Bring %(name)s from %(value)s to %(goal)s (%(band)s)", name=indicator.name,
                 value=format_value(value.value, indicator.unit), goal=goal, band=band_zh(best))
        found.append(Gain(f"indicator:{indicator.code}", text, points,
                          ("indicators.detail", {"code": indicator.code, "department": value.scope_id,
                                                 "period": value.period_key})))
    return found


def _near_limit_risk(campaign: Campaign, rules: AssessmentSpec, scored: Score, as_of: date) -> Gain | None:
    """The department's pending cases the ledger lists as near their limit (within the plan's days): the points
    they would cost if they passed it unclosed — those whose limit passes before the campaign's last day, when the
    assessment runs at the latest."""
    days = plan_of(campaign).pending.near_limit_days
    query = ledger_query(campaign, "near", as_of, {scored.department.id}).where(Case.deadline < campaign.end_date)
    count = ledger_count(query)
    if not count:
        return None
    text = _("%(n)d cases within %(days)d days of their limit: this much if they pass it unclosed", n=count,
             days=days)
    return Gain("overdue_without_reason", text, _rescored(rules, scored, overdue_without_reason=count),
                ("long_pending_cases.ledger", {"tab": "near", "department": scored.department.id}))
