"""The office's console from the obligations: the sixteen measures × the departments that owe them for one month
(monthly duties of that month, quarterly ones of its quarter, per-file, per-case and per-item duties owed during
it), the court-level duties beside, and the one-click reminder."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime

from flask import url_for
from flask_babel import gettext as _
from sqlalchemy import func, select

from app import audit
from app.directory import liaisons
from app.extensions import db
from app.indicators.periods import Period, quarter_period, year_period
from app.models import Campaign, Department, Measure, Notification, User
from app.notifications import notify
from app.obligations import BODY_KINDS, URGENCY, State, Status, duties, evaluate


class ConsoleError(ValueError):
    """A refused console action; the message says why."""


@dataclass
class Cell:
    statuses: list[Status] = field(default_factory=list)

    @property
    def counted(self) -> list[Status]:
        """What the cell's figure counts: the hand-ins and other duties owed (items for a quota, one for each other
        duty); where there are none, the decisions (reviews, opinions). Counted-only duties stay out."""
        owed = [s for s in self.statuses if s.state != State.AS_NEEDED]
        return [s for s in owed if not s.is_decision] or owed

    @property
    def done(self) -> int:
        return sum(s.done_count for s in self.counted)

    @property
    def required(self) -> int:
        return sum(s.required for s in self.counted)

    @property
    def waiting(self) -> int:
        """Decisions still to make beside the cell's figure (a division head's reviews beside its hand-ins)."""
        counted = {id(s) for s in self.counted}
        return sum(1 for s in self.statuses if s.is_decision and s.outstanding and id(s) not in counted)

    @property
    def recorded(self) -> int:
        """How many records the as-needed duties counted."""
        return sum(s.done_count for s in self.statuses if s.state == State.AS_NEEDED)

    @property
    def counted_only(self) -> bool:
        return all(s.state == State.AS_NEEDED for s in self.statuses)

    @property
    def state(self) -> State:
        states = {s.state for s in self.statuses}
        return next((s for s in URGENCY if s in states), State.NOT_APPLICABLE)

    def count(self, state: State) -> int:
        return sum(1 for s in self.statuses if s.state == state)

    @property
    def url(self) -> str | None:
        return next((s.url for s in self.statuses if s.outstanding), None) or (
            self.statuses[0].url if self.statuses else None)


@dataclass
class Console:
    month: Period
    departments: list[Department]  # the columns: every department that owes something this month
    rows: list[tuple[Measure, dict[int, Cell]]]
    by_department: dict[int, Cell]
    by_measure: dict[int, Cell]
    court_level: list[Status]  # the office's, the committee's, the leaders' and the supervision office's duties

    def outstanding(self, department_id: int) -> list[Status]:
        return [s for s in self.by_department.get(department_id, Cell()).statuses if s.outstanding]

    def remindable(self, department: Department) -> bool:
        """A division that still owes something this month (a court-level body is not reminded by its liaison)."""
        return department.kind not in BODY_KINDS and bool(self.outstanding(department.id))


def in_month(status: Status, month: Period, today: date) -> bool:
    """Does the status count in ``month``'s view: a period's duty of the month, its quarter, or a year whose last
    month it is; a duty raised by a file, case or item while it was owed during the month."""
    if status.since is not None:
        return status.live_in(month.start, month.end, today)
    quarter = quarter_period(month.start.year, (month.start.month - 1) // 3 + 1)
    if status.period.kind == "year":
        return status.period.key == year_period(month.start.year).key and month.end == status.period.end
    return status.period.key in (month.key, quarter.key)


def console(campaign: Campaign, month: Period, today: date, *, department_ids: set[int] | None = None,
            sort_overdue: bool = False) -> Console:
    from app.obligations.evidence import Context

    statuses = [s for s in evaluate(campaign, today) if in_month(s, month, today)]
    # Who owes each measure's duties at all: a cell says "nothing due" there rather than "not applicable".
    context = Context(campaign, today)
    owing: dict[int, set[int]] = defaultdict(set)
    for entry in duties(campaign):
        if entry.measure is not None:
            owing[entry.measure] |= context.owing_departments(entry)
    departments = {d.id: d for d in db.session.scalars(
        select(Department).where(Department.court_id == campaign.court_id, Department.active.is_(True)))}
    cells: dict[tuple[int, int], Cell] = defaultdict(Cell)
    by_department: dict[int, Cell] = defaultdict(Cell)
    by_measure: dict[int, Cell] = defaultdict(Cell)
    court_level = []
    for status in statuses:
        if status.owner.court_wide:
            court_level.append(status)
        department_id = status.owner.department_id
        if status.measure is None or department_id not in departments:
            continue
        if department_ids is not None and department_id not in department_ids:
            continue
        cells[(status.measure, department_id)].statuses.append(status)
        by_department[department_id].statuses.append(status)
        by_measure[status.measure].statuses.append(status)
    wanted = set(by_department) | {d for owed in owing.values() for d in owed if d in departments
                                   and (department_ids is None or d in department_ids)}
    columns = sorted((departments[i] for i in wanted), key=lambda d: d.position)
    rows = [(m, {d.id: cells.get((m.number, d.id)) or Cell() for d in columns
                 if (m.number, d.id) in cells or d.id in owing[m.number]})
            for m in campaign.measures]
    if sort_overdue:
        def overdue(cell: Cell | None) -> int:
            return cell.count(State.OVERDUE) + cell.count(State.MISSED) if cell else 0

        columns.sort(key=lambda d: -overdue(by_department.get(d.id)))  # stable: plan order among equals
        rows.sort(key=lambda row: -overdue(by_measure.get(row[0].number)))
    court_level.sort(key=lambda s: (s.state != State.OVERDUE, s.due or date.max))
    return Console(month, columns, rows, by_department, by_measure, court_level)


def reminder_key(department: Department, month: Period, today: date) -> str:
    """One reminder a day per department and month: a second press the same day tells nobody twice."""
    return f"console-remind:{department.id}:{month.key}:{today.isoformat()}"


def reminded_today(campaign: Campaign, month: Period, today: date) -> dict[int, datetime]:
    """When each department was reminded about ``month`` today (the console says so instead of a second button)."""
    rows = db.session.execute(select(Notification.key, func.min(Notification.created_at)).where(
        Notification.key.like(f"console-remind:%:{month.key}:{today.isoformat()}")).group_by(Notification.key))
    return {int(key.split(":")[1]): moment for key, moment in rows}


def remind_department(campaign: Campaign, department: Department, month: Period, user: User,
                      today: date) -> list[User]:
    """The office's one-click reminder: tell the department's liaisons what it still owes for ``month``, and record
    it; commits. ConsoleError when it owes nothing, has nobody to remind, or was reminded today already."""
    view = console(campaign, month, today, department_ids={department.id})
    outstanding = view.outstanding(department.id)
    if not outstanding:
        raise ConsoleError(_("%(department)s owes nothing for %(period)s.", department=department.name,
                             period=month.key))
    people = liaisons(campaign, department)
    if not people:
        raise ConsoleError(_("%(department)s has no liaison or staff account to remind.", department=department.name))
    key = reminder_key(department, month, today)
    if department.id in reminded_today(campaign, month, today):
        raise ConsoleError(_("%(department)s was reminded about %(period)s today already.",
                             department=department.name, period=month.key))
    notify(people, lambda: _("Reminder from the campaign office: for %(period)s still due — %(items)s.",
                             period=month.key, items="; ".join(_line(s) for s in outstanding)),
           link=url_for("work.index"), key=key)
    audit.record("reminder.send", "department", department.id, summary=f"{department.name_zh} {month.key}",
                 after={"period": month.key, "to": [u.username for u in people],
                        "outstanding": [f"{s.duty.name_zh} {s.subject}" for s in outstanding]},
                 department_id=department.id, user=user)
    db.session.commit()
    return people


def _line(status: Status) -> str:
    due = status.due.isoformat() if status.due else "—"
    counts = f" {status.done_count}/{status.required}" if status.required > 1 else ""
    due_text = _("due %(date)s", date=due)
    return f"{status.duty.name} {status.subject}{counts} ({due_text})"
