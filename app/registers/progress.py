"""Progress at a glance: the sixteen measures × the departments for one month (monthly hand-ins of that month,
quarterly ones of its quarter), built from the same compliance cells the measure pages show."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select

from app.extensions import db
from app.indicators.periods import Period
from app.models import Campaign, Department
from app.registers.compliance import Cell, compliance
from app.registers.spec import measure_spec, period_containing

# When several cells meet in one (a department's own quota and its judges'), the most pressing state shows.
_URGENCY = ("overdue", "due", "late", "done", "future")


@dataclass
class ProgressCell:
    handed_in: int = 0
    required: int = 0
    states: set[str] = field(default_factory=set)
    period: str | None = None  # the hand-in period behind the cell (the month, or its quarter)

    def add(self, cell: Cell) -> None:
        self.handed_in += cell.handed_in
        self.required += cell.required
        self.states.add(cell.state)
        self.period = self.period or cell.period.key

    @property
    def state(self) -> str:
        if not self.required:
            return "na"
        if self.handed_in >= self.required:
            return "late" if "late" in self.states else "done"
        return next(s for s in _URGENCY if s in self.states)


@dataclass
class Progress:
    month: Period
    departments: list[Department]
    rows: list[tuple]  # (measure, {department id: ProgressCell})
    by_department: dict[int, ProgressCell]
    by_measure: dict[int, ProgressCell]

    def outstanding(self, department_id: int) -> list[tuple]:
        """(measure, cell) pairs a department still owes this month."""
        return [(m, cells[department_id]) for m, cells in self.rows
                if department_id in cells and cells[department_id].state in ("due", "overdue")]


def progress(campaign: Campaign, month: Period, today: date, department_ids: set[int] | None = None) -> Progress:
    departments = [d for d in db.session.scalars(
        select(Department).where(Department.court_id == campaign.court_id, Department.active.is_(True))
        .order_by(Department.position)) if department_ids is None or d.id in department_ids]
    rows = []
    by_department: dict[int, ProgressCell] = defaultdict(ProgressCell)
    by_measure: dict[int, ProgressCell] = defaultdict(ProgressCell)
    for measure in campaign.measures:
        cells: dict[int, ProgressCell] = defaultdict(ProgressCell)
        spec = measure_spec(campaign, measure.code)
        if spec is not None and spec.item_kinds:
            for matrix in compliance(campaign, measure, spec, today, department_ids):
                key = period_containing(matrix.period_kind, month.start).key
                for row in matrix.rows:
                    cell = next((c for c in row.cells if c.period.key == key), None)
                    if cell is not None:
                        for total in (cells[row.department.id], by_department[row.department.id],
                                      by_measure[measure.id]):
                            total.add(cell)
        rows.append((measure, cells))
    return Progress(month, departments, rows, by_department, by_measure)
