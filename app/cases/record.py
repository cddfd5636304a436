"""Everything the app holds about one case, for the case page: its time limit with each extension and deduction
and who approved it, the register items that name it, its reversed-case file, the hearings held, what the
supervision office did about it, and the figures it counts in. Reads only; what the user may see is asked of
app/policy.py."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlalchemy import or_, select

from app.cases import CaseNumberError, add_months, parse_case_number
from app.extensions import db
from app.indicators.drilldown import Counted, counted_in
from app.indicators.periods import Period, year_period
from app.models import AuditEntry, Campaign, Case, Hearing, OverrunAction, RegisterItem, ReversalFile, User
from app.pending import time_limit_of
from app.plans.access import plan_of
from app.plans.schema import ItemKindSpec, TimeLimitSpec
from app.policy import may_see_file, may_see_item


def find_case(court_id: int, number: str) -> Case | None:
    """The court's case of this number, however it is written (half-width brackets, spaces); None if unknown."""
    try:
        number = str(parse_case_number(number))
    except CaseNumberError:
        number = number.strip()
    return db.session.scalar(select(Case).where(Case.court_id == court_id, Case.case_number == number))


@dataclass
class Request:
    """An approval request naming the case (extension, announcement, appraisal, procedure transfer)."""

    item: RegisterItem
    kind: ItemKindSpec
    approved_by: User | None = None
    approved_on: date | None = None

    @property
    def request(self) -> str:
        return (self.item.values or {}).get("request", "")

    @property
    def days(self) -> int | None:
        return (self.item.values or {}).get("days")

    @property
    def approved(self) -> bool:
        return self.item.approved

    @property
    def extends(self) -> bool:
        return self.request in self.kind.extension_requests

    @property
    def deducts(self) -> bool:
        return self.request in self.kind.deduction_requests


@dataclass
class TimeLimit:
    """How the case's deadline is made: filed + statutory limit + extension days + deducted days."""

    spec: TimeLimitSpec | None
    statutory_end: date | None
    extension_days: int  # as imported
    approved_extension_days: int  # approved in the app (the deadline uses the larger)
    deducted_days: int

    @property
    def counted_extension_days(self) -> int:
        return max(self.extension_days, self.approved_extension_days)


@dataclass
class CaseRecord:
    case: Case
    limit: TimeLimit
    period: Period  # the figures' period the page reads (the campaign's year)
    requests: list[Request] = field(default_factory=list)
    items: list[tuple[RegisterItem, ItemKindSpec | None]] = field(default_factory=list)
    reversal: ReversalFile | None = None
    hearings: list[Hearing] = field(default_factory=list)
    actions: list[OverrunAction] = field(default_factory=list)
    counted: list[Counted] = field(default_factory=list)

    def days_left(self, day: date) -> int | None:
        """Days to the deadline (negative: past it) while pending; None when closed or without a limit."""
        if self.case.closed_on is not None or self.case.deadline is None:
            return None
        return (self.case.deadline - day).days

    @property
    def days_late_at_closing(self) -> int | None:
        if self.case.closed_on is None or self.case.deadline is None:
            return None
        return (self.case.closed_on - self.case.deadline).days


def case_record(campaign: Campaign | None, case: Case, user: User) -> CaseRecord:
    """What ``user`` may see about ``case``. Items and the reversed-case file follow their own visibility rules."""
    spec = time_limit_of(campaign, case) if campaign is not None else None
    statutory_end = None
    if spec is not None:
        statutory_end = add_months(case.filed_on, spec.months) if spec.months else \
            case.filed_on + timedelta(days=spec.days or 0)
    limit = TimeLimit(spec, statutory_end, case.extension_days or 0, case.approved_extension_days or 0,
                      case.deducted_days or 0)
    record = CaseRecord(case, limit, year_period(campaign.year if campaign is not None else case.filed_on.year))
    record.hearings = list(db.session.scalars(select(Hearing).where(Hearing.case_id == case.id)
                                              .order_by(Hearing.held_on, Hearing.id)))
    file = db.session.scalar(select(ReversalFile).where(ReversalFile.case_id == case.id))
    record.reversal = file if file is not None and may_see_file(file, user) else None
    if campaign is None:
        return record
    kinds = {k.code: k for m in plan_of(campaign).measures for k in m.item_kinds}
    items = [i for i in db.session.scalars(
        select(RegisterItem).where(RegisterItem.campaign_id == campaign.id,
                                   or_(RegisterItem.case_id == case.id, RegisterItem.case_number == case.case_number))
        .order_by(RegisterItem.id)) if may_see_item(i, user)]
    requests = [Request(i, kinds[i.kind]) for i in items
                if i.kind in kinds and kinds[i.kind].on_approve == "extend_time_limit"]
    approvals = {int(e.object_id): e for e in db.session.scalars(select(AuditEntry).where(
        AuditEntry.object_type == "register_item", AuditEntry.action == "item.approve",
        AuditEntry.object_id.in_([str(r.item.id) for r in requests])).order_by(AuditEntry.id))} if requests else {}
    for r in requests:
        entry = approvals.get(r.item.id)
        if entry is not None and r.approved:
            r.approved_by, r.approved_on = entry.user, entry.at.date()
    record.requests = requests
    shown = {r.item.id for r in requests}
    record.items = [(i, kinds.get(i.kind)) for i in items if i.id not in shown]
    record.actions = list(db.session.scalars(select(OverrunAction).where(OverrunAction.case_id == case.id)
                                             .order_by(OverrunAction.acted_on, OverrunAction.id)))
    record.counted = counted_in(campaign, case, record.period)
    return record
