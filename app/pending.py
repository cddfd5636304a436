"""Measure 9: the ledger of long-pending cases, cases near and past their limit, the supervision office's queue,
and approved extensions moving a case's limit. Pure reads over the case table and the register, plus the one
write an approved extension makes."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import TYPE_CHECKING

from flask import url_for
from flask_babel import gettext as _
from sqlalchemy import ColumnElement, Select, func, select, union_all

from app import audit
from app.cases import CaseNumberError, add_months, parse_case_number
from app.extensions import db
from app.models import Campaign, Case, Judge, OverrunAction, RegisterItem, User
from app.notifications import notify
from app.plans.access import plan_of
from app.plans.schema import ItemKindSpec, TimeLimitSpec
from app.policy import filers, judged_by, may_file, may_record_overrun_action
from app.registers.hooks import ApprovalHook, register_approval_hook
from app.registers.spec import APPROVED, RegisterError
from app.registers.workflow import add_comment

if TYPE_CHECKING:
    from app.indicators.periods import Period


@dataclass
class LedgerRow:
    case: Case
    months: int  # calendar months pending
    net_months: int  # after deducted days
    band: str  # e.g. "12–18", "24+"
    threshold: int = 12  # the first band's months
    plans: list[RegisterItem] = field(default_factory=list)
    approvals: list[RegisterItem] = field(default_factory=list)
    actions: list[OverrunAction] = field(default_factory=list)  # the supervision office's, oldest first
    days_late: int = 0  # the queue: days past the limit, to today or to the closing day

    @property
    def hidden(self) -> bool:
        """Long-pending by the calendar, under the threshold once deducted days are taken off."""
        return self.net_months < self.threshold


def _pending_on(court_id: int, day: date, condition: ColumnElement[bool], department_ids: set[int] | None = None,
                judge_user_id: int | None = None) -> Select:
    """Cases pending on ``day`` that meet ``condition``, of the given departments (None: all) and, for a judge,
    his own.

    "Still open, or closed after the day" is read as two index ranges joined by UNION ALL: written as one OR,
    SQLite's planner walks every case filed before the day instead (120 ms against 14 ms on a million cases).
    """
    ids = union_all(
        select(Case.id).where(Case.court_id == court_id, Case.closed_on.is_(None), condition),
        select(Case.id).where(Case.court_id == court_id, Case.closed_on > day, condition),
    )
    query = select(Case).where(Case.id.in_(ids), Case.filed_on <= day)
    if department_ids is not None:
        query = query.where(Case.department_id.in_(department_ids))
    if judge_user_id is not None:
        query = query.where(judged_by(judge_user_id))
    return query


def _months_between(start: date, end: date) -> int:
    months = (end.year - start.year) * 12 + end.month - start.month
    return months - (1 if end.day < start.day else 0)


def case_search(search: str) -> ColumnElement[bool]:
    """The ledger's search: a whole case number by the index, else part of a case number or of the judge's name."""
    try:
        return Case.case_number == str(parse_case_number(search))
    except CaseNumberError:
        return Case.case_number.contains(search) | Case.judge_id.in_(
            select(Judge.id).where(Judge.name.contains(search)))


def ledger_query(campaign: Campaign, tab: str, day: date, department_ids: set[int] | None = None,
                 judge_user_id: int | None = None, search: str = "") -> Select:
    """The cases of one ledger tab in its order: ``long`` pending longer than the first band (oldest first),
    ``near`` their limit within the plan's days, ``past`` their limit (soonest deadline first); of the given
    departments, and matching ``search`` (case_search) when given."""
    spec = plan_of(campaign).pending
    if tab == "long":
        condition, order = Case.filed_on <= add_months(day, -spec.long_pending_months[0]), Case.filed_on
    elif tab == "near":
        condition, order = Case.deadline.between(day, day + timedelta(days=spec.near_limit_days)), Case.deadline
    elif tab == "past":
        condition, order = Case.deadline < day, Case.deadline
    else:
        raise ValueError(f"no ledger tab {tab!r}")
    query = _pending_on(campaign.court_id, day, condition, department_ids, judge_user_id)
    if search:
        query = query.where(case_search(search))
    return query.order_by(order, Case.id)


def ledger_count(query: Select) -> int:
    """How many cases a ledger tab's query lists (the count on its tab)."""
    return db.session.scalar(select(func.count()).select_from(query.order_by(None).subquery())) or 0


def narrow(rows: list, department_ids: set[int] | None, search: str) -> list:
    """The rows (of the queue or the unsupported days, read in Python) of the given departments matching
    ``search``, by the same condition as the other tabs."""
    if department_ids is not None:
        rows = [r for r in rows if r.case.department_id in department_ids]
    if search and rows:
        found = set(db.session.scalars(select(Case.id).where(Case.id.in_([r.case.id for r in rows]),
                                                             case_search(search))))
        rows = [r for r in rows if r.case.id in found]
    return rows


def ledger_rows(campaign: Campaign, tab: str, day: date, cases: Iterable[Case]) -> list[LedgerRow]:
    """Ledger rows for these cases of one tab: months pending and band (long), with their plans and approvals."""
    if tab != "long":
        rows = [LedgerRow(case, _months_between(case.filed_on, day), 0, "") for case in cases]
    else:
        bands = plan_of(campaign).pending.long_pending_months
        rows = []
        for case in cases:
            months = _months_between(case.filed_on, day)
            net = _months_between(case.filed_on + timedelta(days=case.deducted_days or 0), day)
            upper = next((b for b in bands[1:] if months < b), None)
            lower = max(b for b in bands if b <= months)
            rows.append(LedgerRow(case, months, net, f"{lower}–{upper}" if upper else f"{lower}+", bands[0]))
    _attach_items(campaign, rows)
    return rows


def long_pending(campaign: Campaign, day: date, department_ids: set[int] | None = None,
                 judge_user_id: int | None = None) -> list[LedgerRow]:
    """Cases pending on ``day`` for longer than the first band's months by the calendar, oldest first."""
    query = ledger_query(campaign, "long", day, department_ids, judge_user_id)
    return ledger_rows(campaign, "long", day, db.session.scalars(query))


def near_limit(campaign: Campaign, day: date, department_ids: set[int] | None = None,
               judge_user_id: int | None = None) -> list[Case]:
    return list(db.session.scalars(ledger_query(campaign, "near", day, department_ids, judge_user_id)))


def past_limit(campaign: Campaign, day: date, department_ids: set[int] | None = None,
               judge_user_id: int | None = None) -> list[LedgerRow]:
    query = ledger_query(campaign, "past", day, department_ids, judge_user_id)
    return ledger_rows(campaign, "past", day, db.session.scalars(query))


def newly_long_pending(campaign: Campaign, month: Period, department_ids: set[int] | None = None,
                       judge_user_id: int | None = None) -> dict[int, int]:
    """边清边积: per department, the cases that passed the first long-pending band (12 months) during ``month`` while
    still pending — the month's new long-pending cases, however many old ones were cleared."""
    months = plan_of(campaign).pending.long_pending_months[0]
    # Filed from the day whose anniversary is the month's first to the one whose anniversary is its last.
    first, last = add_months(month.start, -months), add_months(month.end, -months)
    query = select(Case.department_id, Case.filed_on, Case.closed_on).where(
        Case.court_id == campaign.court_id, Case.filed_on.between(first, last))
    if department_ids is not None:
        query = query.where(Case.department_id.in_(department_ids))
    if judge_user_id is not None:
        query = query.where(judged_by(judge_user_id))
    found: dict[int, int] = defaultdict(int)
    for department_id, filed_on, closed_on in db.session.execute(query):
        reached = add_months(filed_on, months)
        if month.start <= reached <= month.end and (closed_on is None or closed_on > reached):
            found[department_id] += 1
    return dict(found)


def supervision_queue(campaign: Campaign, day: date) -> list[LedgerRow]:
    """The supervision office's queue ("非因法定事由超审限案件，由监察室按照相关规定处理"): every case pending past its
    limit on ``day`` (soonest deadline first), then every case of the campaign that closed past its limit (latest
    first), with what the office recorded about each.

    An approved request never takes a case off: an approved extension has already moved the limit the case is
    past, and an announcement, appraisal or transfer approval does not excuse running past it. Whether the cause was
    a statutory one is the office's to judge; it records no action with the reason."""
    rows = past_limit(campaign, day)
    for row in rows:
        row.days_late = (day - row.case.deadline).days
    late = db.session.scalars(_closed_late(campaign, day).order_by(Case.closed_on.desc(), Case.id))
    closed = ledger_rows(campaign, "past", day, late)
    for row in closed:
        row.days_late = (row.case.closed_on - row.case.deadline).days
    rows += closed
    actions = db.session.scalars(select(OverrunAction).where(
        OverrunAction.campaign_id == campaign.id, OverrunAction.case_id.in_([r.case.id for r in rows]))
        .order_by(OverrunAction.acted_on, OverrunAction.id)) if rows else []
    by_case: dict[int, list[OverrunAction]] = defaultdict(list)
    for action in actions:
        by_case[action.case_id].append(action)
    for row in rows:
        row.actions = by_case[row.case.id]
    return rows


def _closed_late(campaign: Campaign, day: date) -> Select:
    """The campaign's cases closed by ``day`` past their limit (the queue's second part)."""
    return select(Case).where(
        Case.court_id == campaign.court_id, Case.closed_on.between(campaign.start_date, day),
        Case.deadline.is_not(None), Case.closed_on > Case.deadline)


def queue_count(campaign: Campaign, day: date, department_ids: set[int] | None = None, search: str = "") -> int:
    """How many cases supervision_queue lists (of the departments, matching ``search``), counted by the database."""
    late = _closed_late(campaign, day)
    if department_ids is not None:
        late = late.where(Case.department_id.in_(department_ids))
    if search:
        late = late.where(case_search(search))
    return ledger_count(ledger_query(campaign, "past", day, department_ids, search=search)) + ledger_count(late)


def awaiting_action(rows: list[LedgerRow]) -> list[LedgerRow]:
    """The queue's cases the supervision office has recorded nothing about yet."""
    return [row for row in rows if not row.actions]


def without_statutory_cause(campaign: Campaign, rows: list[LedgerRow]) -> list[LedgerRow]:
    """The queue's cases not cleared by the supervision office: its latest word on them is not the plan's
    ``no_action`` (which it records with the statutory cause it found). The assessment deducts these."""
    cleared = plan_of(campaign).pending.no_action
    return [row for row in rows if not row.actions or row.actions[-1].action != cleared]


def record_action(campaign: Campaign, case: Case, user: User, action: str, acted_on: date | None, note: str,
                  today: date) -> OverrunAction:
    """The supervision office records what it did about a case on its queue, and the case's judge is told; commits.
    RegisterError (nothing changes) for anyone else, a case not on the queue, an action the plan does not name,
    a day in the future, or no action without the reason."""
    spec = plan_of(campaign).pending
    if not may_record_overrun_action(campaign.court_id, user):
        raise RegisterError(_("Only the supervision office records what was done about a case past its limit."))
    if case.deadline is None or not ((case.closed_on or today) > case.deadline):
        raise RegisterError(_("%(case)s is not past its time limit.", case=case.case_number))
    if action not in spec.supervision_actions:
        raise RegisterError(_("Choose one of: %(actions)s.", actions="、".join(spec.supervision_actions)))
    if acted_on is None or acted_on > today:
        raise RegisterError(_("Give the day it was done (today or earlier)."))
    note = note.strip()
    if action == spec.no_action and not note:
        raise RegisterError(_("%(action)s needs the reason: the statutory cause found, or why nothing is done.",
                              action=action))
    entry = OverrunAction(court_id=campaign.court_id, campaign_id=campaign.id, case=case, action=action, note=note,
                          acted_on=acted_on, recorded_by_id=user.id)
    db.session.add(entry)
    db.session.flush()
    audit.record("case.overrun_action", "case", case.id, summary=case.case_number, user=user,
                 department_id=case.department_id, measure_code="long_pending_cases",
                 after={"action": action, "acted_on": acted_on, "note": note})
    judge = case.judge.user if case.judge is not None else None
    if judge is not None:
        notify([judge], lambda: _("The supervision office on %(case)s, past its time limit: %(action)s.",
                                  case=case.case_number, action=action),
               link=url_for("cases.case", number=case.case_number), key=f"overrun-action:{entry.id}")
    db.session.commit()
    return entry


@dataclass
class UnsupportedDays:
    """A case whose imported deducted or extension days no approved request accounts for."""

    case: Case
    extension_days: int  # imported extension days beyond the approved ones
    deducted_days: int  # imported deducted days with no approved announcement or appraisal request

    @property
    def deadline_without(self) -> date | None:
        """The limit the case would have without the unsupported days."""
        if self.case.deadline is None:
            return None
        return self.case.deadline - timedelta(days=self.extension_days + self.deducted_days)

    def late_without(self, day: date) -> bool:
        """Within its limit (to today, or to its closing) only thanks to the unsupported days."""
        limit, end = self.deadline_without, self.case.closed_on or day
        return limit is not None and limit < end <= self.case.deadline


def unsupported_days(campaign: Campaign, day: date, department_ids: set[int] | None = None,
                     closed_in: Period | None = None) -> list[UnsupportedDays]:
    """"防止非因法定事由随意扣审或延长审限": the cases, pending on ``day`` or closed in the campaign (or in
    ``closed_in``), whose imported extension days exceed the approved ones, or whose imported deducted days have no
    approved announcement or appraisal request (the kinds' ``deduction_requests``). The figures count the days as
    imported; this list is for the office to look into."""
    kinds = [k for m in plan_of(campaign).measures for k in m.item_kinds if k.on_approve == "extend_time_limit"]
    deducing = {request for kind in kinds for request in kind.deduction_requests}
    query = _with_imported_days(campaign, day, department_ids, closed_in)
    cases = list(db.session.scalars(query.order_by(Case.filed_on, Case.id)))
    approved = set()
    if cases and deducing:
        items = db.session.scalars(select(RegisterItem).where(
            RegisterItem.campaign_id == campaign.id, RegisterItem.kind.in_([k.code for k in kinds]),
            RegisterItem.status.in_(APPROVED), RegisterItem.case_number.in_([c.case_number for c in cases])))
        approved = {i.case_number for i in items if (i.values or {}).get("request") in deducing}
    rows = [UnsupportedDays(case, max(0, (case.extension_days or 0) - (case.approved_extension_days or 0)),
                            0 if case.case_number in approved else case.deducted_days or 0) for case in cases]
    return [row for row in rows if row.extension_days or row.deducted_days]


def _with_imported_days(campaign: Campaign, day: date, department_ids: set[int] | None = None,
                        closed_in: Period | None = None) -> Select:
    """unsupported_days' candidates: imported extension days beyond the approved ones, or any deducted days."""
    query = select(Case).where(
        Case.court_id == campaign.court_id, Case.filed_on <= day,
        (Case.extension_days > func.coalesce(Case.approved_extension_days, 0)) | (Case.deducted_days > 0))
    if closed_in is not None:
        query = query.where(Case.closed_on.between(closed_in.start, closed_in.end))
    else:
        query = query.where(Case.closed_on.is_(None) | (Case.closed_on >= campaign.start_date))
    if department_ids is not None:
        query = query.where(Case.department_id.in_(department_ids))
    return query


def unsupported_count(campaign: Campaign, day: date, department_ids: set[int] | None = None,
                      search: str = "") -> int:
    """How many cases unsupported_days lists (of the departments, matching ``search``), counted by the database:
    the cases whose deducted days an approved announcement or appraisal request covers count only for their
    extension days."""
    kinds = [k for m in plan_of(campaign).measures for k in m.item_kinds if k.on_approve == "extend_time_limit"]
    deducing = {request for kind in kinds for request in kind.deduction_requests}
    covered = {i.case_number for i in db.session.scalars(select(RegisterItem).where(
        RegisterItem.campaign_id == campaign.id, RegisterItem.kind.in_([k.code for k in kinds]),
        RegisterItem.status.in_(APPROVED), RegisterItem.case_number.is_not(None)))
        if (i.values or {}).get("request") in deducing} if deducing else set()
    deducted = Case.deducted_days > 0
    if covered:
        deducted = deducted & Case.case_number.not_in(covered)
    query = _with_imported_days(campaign, day, department_ids).where(
        (Case.extension_days > func.coalesce(Case.approved_extension_days, 0)) | deducted)
    if search:
        query = query.where(case_search(search))
    return ledger_count(query)



def _attach_items(campaign: Campaign, rows: list[LedgerRow]) -> None:
    """The resolution plans and approved requests handed in for each row's case."""
    by_number = {row.case.case_number: row for row in rows}
    if not by_number:
        return
    items = db.session.scalars(select(RegisterItem).where(
        RegisterItem.campaign_id == campaign.id, RegisterItem.case_number.in_(list(by_number)),
        RegisterItem.kind.in_(("resolution_plan", "approval_request"))).order_by(RegisterItem.id))
    found: dict[str, dict[str, list[RegisterItem]]] = defaultdict(lambda: defaultdict(list))
    for item in items:
        found[item.case_number][item.kind].append(item)
    for number, row in by_number.items():
        row.plans = found[number]["resolution_plan"]
        row.approvals = [i for i in found[number]["approval_request"] if i.approved]


def time_limit_of(campaign: Campaign, case: Case) -> TimeLimitSpec | None:
    """The plan's statutory limit for the case: its type under its procedure, else its type (as the import reads it)."""
    limits = plan_of(campaign).time_limits
    return next((t for t in limits if t.type_code == case.type_code and t.procedure == case.procedure), None) or \
        next((t for t in limits if t.type_code == case.type_code and t.procedure is None), None)


def check_extension(item: RegisterItem, kind: ItemKindSpec, campaign: Campaign, today: date) -> None:
    """Refuse approving an extension the law or the plan does not allow (RegisterError, nothing changes): after the
    case closed, after its time limit passed (it would turn a late closing into an on-time one), or beyond the
    statutory maximum for its kind of case ([[time_limits]] extension_months)."""
    values = item.values or {}
    if kind.on_approve != "extend_time_limit" or values.get("request") not in kind.extension_requests:
        return
    case = item.case or _case_by_number(item.court_id, item.case_number)
    if case is None:
        return
    if case.closed_on is not None:
        raise RegisterError(_("%(case)s closed on %(date)s: a time limit cannot be extended after the case has closed.",
                              case=case.case_number, date=case.closed_on.isoformat()))
    if case.deadline is not None and case.deadline < today:
        raise RegisterError(_("The time limit of %(case)s had already passed on %(date)s: an extension cannot be "
                              "approved after the fact.", case=case.case_number, date=case.deadline.isoformat()))
    limit = time_limit_of(campaign, case)
    if limit is None or not limit.extension_months or case.deadline is None:
        raise RegisterError(_("The law allows no extension of the time limit for %(case)s.", case=case.case_number))
    # The statutory maximum runs from the limit before any extension.
    base = case.deadline - timedelta(days=max(case.extension_days or 0, case.approved_extension_days or 0))
    most = (add_months(base, limit.extension_months) - base).days
    asked = int(values.get("days") or 0)
    if (case.approved_extension_days or 0) + asked > most:
        raise RegisterError(_("%(case)s may be extended by at most %(most)d days in all (%(months)d months); "
                              "%(already)d are approved already, %(asked)d are asked.", case=case.case_number,
                              most=most, months=limit.extension_months,
                              already=case.approved_extension_days or 0, asked=asked))


def apply_extension(item: RegisterItem, kind: ItemKindSpec, user: User) -> bool:
    """An approved extension request adds its days to the case's approved extension and moves its deadline (in the
    caller's transaction). True when a case changed, so the figures are recomputed."""
    values = item.values or {}
    if kind.on_approve != "extend_time_limit" or values.get("request") not in kind.extension_requests:
        return False
    days = int(values.get("days") or 0)
    case = item.case or _case_by_number(item.court_id, item.case_number)
    if days <= 0 or case is None:
        return False
    before = {"approved_extension_days": case.approved_extension_days, "deadline": case.deadline}
    effective_before = max(case.extension_days or 0, case.approved_extension_days or 0)
    case.approved_extension_days = (case.approved_extension_days or 0) + days
    effective_after = max(case.extension_days or 0, case.approved_extension_days)
    if case.deadline is not None:
        case.deadline += timedelta(days=effective_after - effective_before)
    audit.record("case.extend", "case", case.id, summary=case.case_number, before=before,
                 after={"approved_extension_days": case.approved_extension_days, "deadline": case.deadline},
                 department_id=case.department_id, measure_code=item.measure_code, user=user)
    # Filed with the office: the office sees every approved extension, to file it with the intermediate court.
    notify(filers(item),
           lambda: _("Extension approved: %(case)s, %(days)d days. File it with the intermediate court.",
                     case=case.case_number, days=days),
           link=url_for(f"{item.measure_code}.item_detail", item_id=item.id), key=f"extension-filed:{item.id}")
    return True


register_approval_hook("extend_time_limit", ApprovalHook(check=check_extension, apply=apply_extension))


def mark_filed_with_higher_court(item: RegisterItem, kind: ItemKindSpec, user: User) -> None:
    """The office records that an approved extension was filed with the intermediate court; commits."""
    if not may_file(item, kind.on_approve, user):
        raise RegisterError(_("Only the office marks an approved extension as filed with the intermediate court."))
    if item.filed_with_higher_court:
        raise RegisterError(_("Already marked as filed with the intermediate court."))
    add_comment(item, user, _("Filed with the intermediate court."), kind="filing")
    db.session.commit()


def _case_by_number(court_id: int, number: str | None) -> Case | None:
    try:
        canonical = str(parse_case_number(number or ""))
    except CaseNumberError:
        return None
    return db.session.scalar(select(Case).where(Case.court_id == court_id, Case.case_number == canonical))
