"""A measure's hand-in quotas as matrices (departments × months, judges × quarters) for its pages, workbooks and
reports. The statuses are the obligations engine's (app/obligations/, evidence "quota"): a cell counts the items
approved against what is required, kind by kind — four excellent documents do not make up for a missing flawed
one — and is late when the quota was met only after its due day."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from app.extensions import db
from app.indicators.periods import Period
from app.models import Campaign, Department, Measure, User
from app.obligations import Part, State, Status, duties, evaluate
from app.plans.schema import MeasureSpec


@dataclass
class Cell:
    status: Status
    today: date

    @property
    def period(self) -> Period:
        return self.status.period

    @property
    def deadline(self) -> date:
        return self.status.due

    @property
    def parts(self) -> list[Part]:
        return self.status.parts

    @property
    def handed_in(self) -> int:
        return self.status.done_count

    @property
    def required(self) -> int:
        return self.status.required

    @property
    def late(self) -> bool:
        return self.status.state == State.DONE_LATE

    @property
    def state(self) -> str:
        """done, late (met after the due day), overdue, due (open, the period begun), future."""
        state = self.status.state
        if state == State.OPEN:
            return "due" if self.period.start <= self.today else "future"
        return {State.DONE: "done", State.DONE_LATE: "late"}.get(state, str(state))


@dataclass
class Row:
    department: Department
    user: User | None  # the judge, for a judge matrix
    cells: list[Cell] = field(default_factory=list)

    @property
    def outstanding(self) -> list[Cell]:
        return [c for c in self.cells if c.state in ("due", "overdue")]


@dataclass
class Matrix:
    scope: str  # department or judge
    period_kind: str
    periods: list[Period]
    rows: list[Row]


def compliance(campaign: Campaign, measure: Measure, spec: MeasureSpec, today: date,
               department_ids: set[int] | None = None) -> list[Matrix]:
    """One matrix per quota duty of the measure, limited to ``department_ids`` when given (None: every department)."""
    quota_duties = [d for d in duties(campaign) if d.measure == measure.number and d.evidence == "quota"]
    matrices = []
    for duty in quota_duties:
        rows: dict[tuple[int, int | None], Row] = {}
        periods: dict[str, Period] = {}
        for status in evaluate(campaign, today, codes=[duty.code]):
            owner = status.owner
            if department_ids is not None and owner.department_id not in department_ids:
                continue
            key = (owner.department_id, owner.user_id)
            if key not in rows:
                rows[key] = Row(db.session.get(Department, owner.department_id),
                                db.session.get(User, owner.user_id) if owner.user_id else None)
            rows[key].cells.append(Cell(status, today))
            periods.setdefault(status.period.key, status.period)
        matrices.append(Matrix("judge" if duty.owner == "judges" else "department", duty.cadence,
                               sorted(periods.values(), key=lambda p: p.start), list(rows.values())))
    return matrices
