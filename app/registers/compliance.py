"""What is owed and what has been handed in: the compliance matrix (departments × months, judges × quarters).

Quotas come from the plan (the Quota rows `flask plan load` writes). A cell counts the items handed in
(submitted or further) against what is required, kind by kind: four excellent documents do not make up for
a missing flawed one.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import func, select

from app.extensions import db
from app.indicators.periods import Period
from app.models import Campaign, Department, Measure, RegisterItem, Role, User, UserRole
from app.plans.schema import MeasureSpec
from app.registers.spec import HANDED_IN, deadline, periods_of


@dataclass
class Part:
    kind: str
    name: str
    handed_in: int
    required: int


@dataclass
class Cell:
    period: Period
    deadline: date
    today: date
    parts: list[Part] = field(default_factory=list)
    late: int = 0

    @property
    def handed_in(self) -> int:
        return sum(min(p.handed_in, p.required) for p in self.parts)

    @property
    def required(self) -> int:
        return sum(p.required for p in self.parts)

    @property
    def state(self) -> str:
        """done, late (done, some of it after the deadline), overdue, due (open, deadline ahead), future."""
        if self.handed_in >= self.required:
            return "late" if self.late else "done"
        if self.today > self.deadline:
            return "overdue"
        return "due" if self.period.start <= self.today else "future"


@dataclass
class Row:
    department: Department
    user: User | None  # the judge, for a judge matrix
    cells: list[Cell]

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
    """One matrix per (scope, period) among the measure's department and judge quotas, limited to
    ``department_ids`` when given (None: every department)."""
    kinds = {k.code: k for k in spec.item_kinds}
    groups: dict[tuple[str, str], list] = defaultdict(list)
    for quota in measure.quotas:
        if quota.scope in ("department", "judge") and quota.item_kind in kinds:
            groups[(quota.scope, quota.period)].append(quota)
    counts, late = _handed_in(campaign, measure.code)
    matrices = []
    for (scope, period_kind), quotas in groups.items():
        periods = periods_of(campaign, period_kind)
        # What each department (or each judge, the same for all) owes per period, by kind: (name, count).
        required: dict[int | None, dict[str, tuple[str, int]]] = defaultdict(dict)
        departments = {}
        for quota in quotas:
            if scope == "judge" or department_ids is None or quota.department_id in department_ids:
                required[quota.department_id][quota.item_kind] = (quota.name, quota.count)
                departments[quota.department_id] = quota.department
        if scope == "department":
            owners = [(departments[i], None) for i in sorted(departments, key=lambda i: departments[i].position)]
        else:
            owners = [(u.department, u) for u in _judges(measure, department_ids)]
        rows = []
        for department, user in owners:
            owed = required[department.id if scope == "department" else None]
            key = (department.id, user.id if user else None)
            cells = []
            for period in periods:
                cell = Cell(period, deadline(campaign, period), today)
                for kind, (name, count) in owed.items():
                    cell.parts.append(Part(kind, name, counts.get((*key, kind, period.key), 0), count))
                    cell.late += late.get((*key, kind, period.key), 0)
                cells.append(cell)
            rows.append(Row(department, user, cells))
        matrices.append(Matrix(scope, period_kind, periods, rows))
    return matrices


def _handed_in(campaign: Campaign, measure_code: str) -> tuple[dict, dict]:
    """Items handed in, and those handed in late, by (department, author, kind, period); the author is
    counted for judges' items (None stands for "any author" in a department's count)."""
    rows = db.session.execute(
        select(RegisterItem.department_id, RegisterItem.author_id, RegisterItem.kind, RegisterItem.period,
               func.count(), func.sum(func.cast(RegisterItem.late, db.Integer)))
        .where(RegisterItem.campaign_id == campaign.id, RegisterItem.measure_code == measure_code,
               RegisterItem.status.in_(HANDED_IN))
        .group_by(RegisterItem.department_id, RegisterItem.author_id, RegisterItem.kind, RegisterItem.period)
    )
    counts: dict = defaultdict(int)
    late: dict = defaultdict(int)
    for department_id, author_id, kind, period, count, late_count in rows:
        for author in {author_id, None}:
            counts[(department_id, author, kind, period)] += count
            late[(department_id, author, kind, period)] += late_count or 0
    return counts, late


def _judges(measure: Measure, department_ids: set[int] | None) -> list[User]:
    """Active judges' accounts in the measure's departments: each owes the judge quotas."""
    wanted = [d.id for d in measure.departments if department_ids is None or d.id in department_ids]
    query = (
        select(User).join(UserRole).join(Department)
        .where(UserRole.role == Role.JUDGE.value, User.active.is_(True), User.department_id.in_(wanted))
        .order_by(Department.position, User.display_name)
    )
    return list(db.session.scalars(query))
