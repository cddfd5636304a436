"""My work (我的待办): what a person owes, what waits for their decision, and what was decided on their own
requests — everyone's landing page, read from the one engine."""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlalchemy import func, select

from app.extensions import db
from app.models import AuditEntry, Campaign, CaseImport, ItemStatus, RegisterItem, Role, User
from app.obligations import BODIES, Status, duties, evaluate
from app.plans.access import measure_spec
from app.policy import REVIEWERS

# Decisions on one's own requests stay on the page this long.
DECIDED_DAYS = 30
# Rows shown per duty; the rest are counted, with a link to where they are listed in full.
ROWS_PER_DUTY = 10


@dataclass
class Group:
    """One duty's outstanding statuses on the page (the first few shown, the rest counted)."""

    name: str
    statuses: list[Status]

    @property
    def shown(self) -> list[Status]:
        return self.statuses[:ROWS_PER_DUTY]

    @property
    def more(self) -> int:
        return max(0, len(self.statuses) - ROWS_PER_DUTY)

    @property
    def overdue(self) -> int:
        return sum(1 for s in self.statuses if s.state == "overdue")


def grouped(statuses: list[Status]) -> list[Group]:
    """By duty, in the order of each duty's most pressing status (overdue first, then the soonest due)."""
    groups: dict[str, Group] = {}
    for status in statuses:
        groups.setdefault(status.duty.code, Group(status.duty.name, [])).statuses.append(status)
    return list(groups.values())


@dataclass
class MyWork:
    owed: list[Status]  # hand-ins and other duties, overdue first, then by due day
    decisions: list[Status]  # what waits for this person's approval, opinion or action
    # Own hand-ins decided lately, with their kind's name as the plan gives it.
    decided: list[tuple[RegisterItem, str]] = field(default_factory=list)
    queue: int = 0  # cases on the supervision office's queue (supervision only)

    @property
    def owed_groups(self) -> list[Group]:
        return grouped(self.owed)

    @property
    def decision_groups(self) -> list[Group]:
        return grouped(self.decisions)

    @property
    def count(self) -> int:
        return len(self.owed) + len(self.decisions) + self.queue

    @property
    def empty(self) -> bool:
        return not (self.count or self.decided)


def _might_owe(campaign: Campaign, user: User) -> list[str]:
    """The duties whose owners this user can be among, by role and department (so that nobody's page evaluates
    every duty: a civil judge's never reads the enforcement bureau's 终本 cases)."""
    from app.obligations.evidence import Context

    context = Context(campaign, today=campaign.start_date)
    roles = user.roles
    codes = []
    for entry in duties(campaign):
        owner = entry.owner
        if owner in BODIES:
            mine = BODIES[owner][0] in roles
        elif owner == "reviewer":
            reviewers = {REVIEWERS.get(context.kind_measures[k].item_kind(k).reviewed_by)
                         for k in entry.kinds if k in context.kind_measures}
            mine = bool(roles & reviewers)
        else:
            wanted = {"departments": {Role.STAFF, Role.DIVISION_HEAD}, "case_department": {Role.STAFF,
                      Role.DIVISION_HEAD}, "judges": {Role.JUDGE}, "file_judge": {Role.JUDGE, Role.DIVISION_HEAD},
                      "case_judge": {Role.JUDGE, Role.DIVISION_HEAD, Role.STAFF}}
            mine = bool(roles & wanted[owner]) and user.department_id in context.owing_departments(entry)
        if mine:
            codes.append(entry.code)
    return codes


def my_work(campaign: Campaign, user: User, today: date) -> MyWork:
    statuses = [s for s in evaluate(campaign, today, codes=_might_owe(campaign, user),
                                    departments={user.department_id}, outstanding_only=True)
                if s.outstanding and s.owner.includes(user) and s.begun(today)]
    statuses.sort(key=lambda s: (s.state != "overdue", s.due or date.max, s.subject))
    decided_items = list(db.session.scalars(
        select(RegisterItem).where(RegisterItem.campaign_id == campaign.id, RegisterItem.author_id == user.id,
                                   RegisterItem.status.notin_((ItemStatus.DRAFT, ItemStatus.SUBMITTED)),
                                   RegisterItem.updated_at >= today - timedelta(days=DECIDED_DAYS))
        .order_by(RegisterItem.updated_at.desc()).limit(20)))
    queue = 0
    if Role.SUPERVISION in user.roles:
        from app.pending import awaiting_action, supervision_queue

        queue = len(awaiting_action(supervision_queue(campaign, today)))
    decided = [(item, _kind_name(campaign, item)) for item in decided_items]
    return MyWork([s for s in statuses if not s.is_decision], [s for s in statuses if s.is_decision], decided,
                  queue)


def _kind_name(campaign: Campaign, item: RegisterItem) -> str:
    spec = measure_spec(campaign, item.measure_code)
    kind = spec.item_kind(item.kind) if spec else None
    return kind.name if kind else item.kind


# The header's count on every page, per worker process: recomputed when anything was recorded since (every change
# writes an audit entry; an import its own row) or the day turned, not on every page.
_COUNTS: OrderedDict[tuple, int] = OrderedDict()
_COUNTS_SIZE = 2048
_COUNTS_LOCK = threading.Lock()


def my_work_count(campaign: Campaign, user: User, today: date) -> int:
    latest = (db.session.scalar(select(func.max(AuditEntry.id))),
              db.session.scalar(select(func.max(CaseImport.finished_at)).where(
                  CaseImport.court_id == campaign.court_id)))
    key = (campaign.id, campaign.source_sha256, user.id, latest, today)
    with _COUNTS_LOCK:
        if key in _COUNTS:
            return _COUNTS[key]
    count = my_work(campaign, user, today).count
    with _COUNTS_LOCK:
        _COUNTS[key] = count
        while len(_COUNTS) > _COUNTS_SIZE:
            _COUNTS.popitem(last=False)
    return count
