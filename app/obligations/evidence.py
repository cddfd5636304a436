"""Where "done" is read from, one reader per kind of evidence the plan's duties name (ObligationSpec.evidence).

Each reader turns the records (register items, lists, draws, meetings, circulations, reports, reversed-case files,
cases, figures, the phases' checklist) into Status rows for every owner and period, file, case or item. Reads
only; a handful of grouped queries per duty.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from datetime import date, timedelta
from functools import cached_property

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from app.clock import add_days, local_day
from app.extensions import db
from app.indicators.periods import Period
from app.models import (
    AuditEntry,
    Campaign,
    Case,
    ChecklistItem,
    Circulation,
    CommitteeMeeting,
    ConsultationCheck,
    Department,
    Draw,
    FileState,
    IndicatorValue,
    ItemComment,
    ItemStatus,
    Judge,
    Measure,
    Objection,
    Phase,
    Quota,
    RegisterItem,
    Report,
    ReversalFile,
    Role,
    Selection,
    User,
    UserRole,
)
from app.obligations.status import (
    BODIES,
    BODY_KINDS,
    Owner,
    Part,
    State,
    Status,
    due_month,
    state_of,
)
from app.plans.access import measure_spec, plan_of
from app.plans.schema import MeasureSpec, ObligationSpec, PlanSpec
from app.policy import REVIEWERS
from app.registers.spec import APPROVED, HANDED_IN, period_containing, periods_of


class Context:
    """One evaluation: the campaign, today, and what several readers share (read once)."""

    def __init__(self, campaign: Campaign, today: date, departments: set[int] | None = None,
                 outstanding_only: bool = False) -> None:
        self.campaign = campaign
        self.today = today
        # For "my work": where a duty is owed for many cases, read only those not yet done.
        self.outstanding_only = outstanding_only
        # Only the duties these departments owe themselves (a division's own hand-ins, its cases, its judges'
        # files), read in SQL; None: every department's. The court-level bodies' and reviewers' duties are whole.
        self.scope = departments
        self.plan: PlanSpec = plan_of(campaign)
        self.readers: dict[str, Callable[[ObligationSpec], list[Status]]] = {
            "quota": self.quota, "list": self.lists, "meeting": self.meeting, "circulation": self.circulation,
            "report": self.report, "draw": self.draw, "draw_hand_in": self.draw_hand_in, "file_step": self.file_step,
            "item_review": self.item_review, "extension_filing": self.extension_filing,
            "case_review": self.case_review, "indicator": self.indicator, "checklist": self.checklist,
            "count": self.count, "consultation_check": self.consultation_check,
            "objection_decision": self.objection_decision,
        }

    def evaluate(self, duty: ObligationSpec) -> list[Status]:
        return self.readers[duty.evidence](duty)

    # ---------------------------------------------------------------- shared lookups

    @cached_property
    def departments(self) -> dict[str, Department]:
        rows = db.session.scalars(select(Department).where(Department.court_id == self.campaign.court_id,
                                                           Department.active.is_(True)))
        return {d.code: d for d in rows}

    @cached_property
    def measure_codes(self) -> dict[int, str]:
        return {m.number: m.code for m in self.plan.measures}

    @cached_property
    def kind_measures(self) -> dict[str, MeasureSpec]:
        """Each register item kind's measure (kind codes are unique across a plan's measures)."""
        return {k.code: m for m in self.plan.measures for k in m.item_kinds}

    def spec(self, duty: ObligationSpec) -> MeasureSpec | None:
        return measure_spec(self.campaign, self.measure_codes[duty.measure]) if duty.measure else None

    def periods(self, duty: ObligationSpec) -> list[Period]:
        return periods_of(self.campaign, duty.cadence)

    def period_due(self, duty: ObligationSpec, period: Period) -> date:
        return add_days(period.end, duty.due_days, duty.working_days)

    def body(self, name: str) -> Owner:
        role, kind = BODIES[name]
        department = next((d for d in self.departments.values() if d.kind == kind), None)
        return Owner(department.id if department else None, roles=frozenset({role}), court_wide=True)

    def owner_departments(self, duty: ObligationSpec) -> list[Department]:
        """The departments that owe a department's, a judge's or a case's duty: those it names, else its measure's —
        divisions only (the office, committee, leaders and supervision office owe their own duties as bodies)."""
        refs = duty.departments or (self.spec(duty).departments if duty.measure else [])
        codes = self.plan.expand_departments(refs)
        return [self.departments[c] for c in codes if c in self.departments
                and self.departments[c].kind not in BODY_KINDS]

    def owing_departments(self, duty: ObligationSpec) -> set[int]:
        """The departments a duty can fall to, whether or not anything is owed now (the console's columns)."""
        if duty.owner in BODIES:
            owner = self.body(duty.owner)
            return {owner.department_id} if owner.department_id else set()
        if duty.owner == "reviewer":
            return set()
        if duty.evidence == "quota" and duty.owner == "departments":
            return {q.department_id for q in db.session.scalars(select(Quota).join(Measure).where(
                Measure.campaign_id == self.campaign.id, Quota.item_kind.in_(duty.kinds),
                Quota.department_id.isnot(None)))}
        return {d.id for d in self.owner_departments(duty)}

    @cached_property
    def files(self) -> list[ReversalFile]:
        # Each status names its file's case: loaded with the files, not one by one.
        return list(db.session.scalars(select(ReversalFile).where(ReversalFile.campaign_id == self.campaign.id)
                                       .options(selectinload(ReversalFile.case))
                                       .order_by(ReversalFile.result_on, ReversalFile.id)))

    @cached_property
    def meetings(self) -> dict[int, CommitteeMeeting]:
        return {m.id: m for m in db.session.scalars(select(CommitteeMeeting).where(
            CommitteeMeeting.campaign_id == self.campaign.id).order_by(CommitteeMeeting.held_on))}

    @cached_property
    def judge_users(self) -> dict[int, int]:
        """Judge id → the account it is linked to, for the campaign's files."""
        ids = {f.judge_id for f in self.files if f.judge_id}
        if not ids:
            return {}
        return dict(db.session.execute(select(Judge.id, Judge.user_id).where(Judge.id.in_(ids),
                                                                            Judge.user_id.isnot(None))).all())

    def file_judge(self, file: ReversalFile) -> Owner:
        """The handling judge; the division head for a judge who has no account."""
        user_id = self.judge_users.get(file.judge_id) if file.judge_id else None
        if user_id is not None:
            return Owner(file.department_id, user_id=user_id)
        return Owner(file.department_id, roles=frozenset({Role.DIVISION_HEAD}))

    def audit_days(self, object_type: str, *actions: str, latest: bool = False) -> dict[str, date]:
        """The day of the first (or ``latest``) audit entry of these actions per object: when a record was made."""
        moment = func.max(AuditEntry.at) if latest else func.min(AuditEntry.at)
        rows = db.session.execute(select(AuditEntry.object_id, moment).where(
            AuditEntry.court_id == self.campaign.court_id, AuditEntry.action.in_(actions),
            AuditEntry.object_type == object_type).group_by(AuditEntry.object_id))
        return {object_id: local_day(at) for object_id, at in rows if object_id is not None}

    def status(self, duty: ObligationSpec, owner: Owner, period: Period, due: date | None, subject: str,
               done_on: date | None, **extra) -> Status:
        if done_on is not None and done_on > self.today:
            # Nothing is done after today: where "today" is pinned (AS_OF_DATE, the demo's year), what people
            # record now counts as done today, as the workflow's own lateness check sees it.
            done_on = self.today
        return Status(duty=duty, owner=owner, state=state_of(done_on, due, self.today), period=period, due=due,
                      subject=subject, measure=extra.pop("measure", duty.measure), done_on=done_on,
                      done_count=1 if done_on else 0, **extra)

    # ---------------------------------------------------------------- register quotas

    def quota(self, duty: ObligationSpec) -> list[Status]:
        """Items of the duty's kinds approved for each period, against each owner's quota, kind by kind (four
        excellent documents do not make up for a missing flawed one). Done on the day the last item needed was
        handed in."""
        spec = self.spec(duty)
        quotas = list(db.session.scalars(select(Quota).join(Measure).where(
            Measure.campaign_id == self.campaign.id, Quota.item_kind.in_(duty.kinds),
            Quota.scope.in_(("department", "judge")))))
        names = {k.code: k.name for k in spec.item_kinds}
        judges = duty.owner == "judges"
        # What each owner owes per period, by kind.
        owed: dict[Owner, dict[str, int]] = defaultdict(dict)
        if judges:
            departments = self.owner_departments(duty)
            accounts = db.session.execute(
                select(User.id, User.department_id).join(UserRole).where(
                    UserRole.role == Role.JUDGE.value, User.active.is_(True),
                    User.department_id.in_([d.id for d in departments]))
                .order_by(User.department_id, User.display_name)).all()
            for user_id, department_id in accounts:
                for quota in quotas:
                    owed[Owner(department_id, user_id=user_id)][quota.item_kind] = quota.count
        else:
            positions = {d.id: d.position for d in self.departments.values()}
            for quota in sorted(quotas, key=lambda q: positions.get(q.department_id, 0)):
                if quota.department_id in positions:
                    owed[Owner(quota.department_id)][quota.item_kind] = quota.count
        # When each approved item was handed in, by (department, author or None, kind, period).
        handed: dict[tuple, list[date]] = defaultdict(list)
        rows = db.session.execute(select(RegisterItem.department_id, RegisterItem.author_id, RegisterItem.kind,
                                         RegisterItem.period, RegisterItem.submitted_at).where(
            RegisterItem.campaign_id == self.campaign.id, RegisterItem.kind.in_(duty.kinds),
            RegisterItem.status.in_(APPROVED)))
        for department_id, author_id, kind, period, submitted_at in rows:
            day = local_day(submitted_at) or self.today
            handed[(department_id, author_id if judges else None, kind, period)].append(day)
        if self.scope is not None:
            owed = {owner: kinds for owner, kinds in owed.items() if owner.department_id in self.scope}
        found = []
        for period in self.periods(duty):
            due = self.period_due(duty, period)
            for owner, kinds in owed.items():
                parts, met_on, complete = [], [], True
                for kind, count in kinds.items():
                    days = sorted(handed.get((owner.department_id, owner.user_id, kind, period.key), []))
                    parts.append(Part(names.get(kind, kind), min(len(days), count), count))
                    if len(days) >= count:
                        met_on.append(days[count - 1])
                    else:
                        complete = False
                args = {"department": owner.department_id, "period": period.key}
                if owner.user_id:
                    args["author"] = owner.user_id
                status = self.status(duty, owner, period, due, period.key, max(met_on) if complete else None,
                                     parts=parts, link=(f"{spec.code}.items", args))
                status.done_count, status.required = sum(p.done for p in parts), sum(p.required for p in parts)
                found.append(status)
        return found

    # ---------------------------------------------------------------- the office's selections and draws

    def lists(self, duty: ObligationSpec) -> list[Status]:
        """Each of the duty's lists published for the period with its full size (the court quota of its code)."""
        spec = self.spec(duty)
        published: dict[tuple[str, str], list] = defaultdict(list)
        for list_code, period, moment in db.session.execute(select(
                Selection.list_code, Selection.period, Selection.published_at).where(
                Selection.campaign_id == self.campaign.id, Selection.list_code.in_(duty.lists),
                Selection.published_at.isnot(None))):
            published[(list_code, period)].append(moment)
        names = {entry.code: entry.name for entry in spec.lists}
        found = []
        for period in self.periods(duty):
            parts, days = [], []
            for code in duty.lists:
                size = spec.court_quota(code) or 1
                moments = published.get((code, period.key), [])
                parts.append(Part(names[code], min(len(moments), size), size))
                days += [local_day(m) for m in moments]
            complete = all(p.done >= p.required for p in parts)
            status = self.status(duty, self.body(duty.owner), period, self.period_due(duty, period), period.key,
                                 max(days) if complete and days else None, parts=parts,
                                 link=(f"{spec.code}.list_page", {"list_code": duty.lists[0], "period": period.key}))
            status.done_count, status.required = sum(p.done for p in parts), sum(p.required for p in parts)
            found.append(status)
        return found

    def draw(self, duty: ObligationSpec) -> list[Status]:
        """The period's draw made (and, where the duty says so, each drawn item reviewed with a score)."""
        spec = self.spec(duty)
        draws: dict[str, list[Draw]] = defaultdict(list)
        for row in db.session.scalars(select(Draw).where(Draw.campaign_id == self.campaign.id,
                                                         Draw.draw_code == duty.draw)):
            draws[row.period].append(row)
        reviewed: dict[int, date] = {}
        if duty.reviewed:
            item_ids = [i for rows in draws.values() for row in rows for i in row.item_ids]
            for item_id, moment in db.session.execute(select(ItemComment.item_id, func.min(ItemComment.created_at))
                                                      .where(ItemComment.item_id.in_(item_ids),
                                                             ItemComment.kind == "review")
                                                      .group_by(ItemComment.item_id)):
                reviewed[item_id] = local_day(moment)
        found = []
        for period in self.periods(duty):
            made = draws.get(period.key, [])
            days = [local_day(row.drawn_at) for row in made]
            if duty.reviewed:
                items = [i for row in made for i in row.item_ids]
                days += [reviewed[i] for i in items if i in reviewed]
                complete = bool(made) and all(i in reviewed for i in items)
            else:
                complete = bool(made)
            found.append(self.status(duty, self.body(duty.owner), period, self.period_due(duty, period), period.key,
                                     max(days) if complete else None, link=(f"{spec.code}.draws_page", {})))
        return found

    def draw_hand_in(self, duty: ObligationSpec) -> list[Status]:
        """Each item a draw opened, handed in and approved by its department within the days after the draw."""
        spec = self.spec(duty)
        drawn: dict[int, date] = {}
        for row in db.session.scalars(select(Draw).where(Draw.campaign_id == self.campaign.id,
                                                         Draw.draw_code == duty.draw)):
            for item_id in row.item_ids:
                drawn[item_id] = local_day(row.drawn_at)
        found = []
        query = select(RegisterItem).where(RegisterItem.id.in_(list(drawn)))
        if self.scope is not None:
            query = query.where(RegisterItem.department_id.in_(self.scope))
        for item in db.session.scalars(query.order_by(RegisterItem.id)):
            due = add_days(drawn[item.id], duty.due_days, duty.working_days)
            done_on = (local_day(item.submitted_at) or self.today) if item.status in APPROVED else None
            judge = item.case.judge if duty.owner == "case_judge" and item.case is not None else None
            owner = Owner(item.department_id, user_id=judge.user_id) if judge is not None and judge.user_id else \
                Owner(item.department_id)
            found.append(self.status(duty, owner, due_month(due, self.today), due,
                                     item.case_number or str(item.id), done_on,
                                     since=drawn[item.id], ref=f"item:{item.id}",
                                     link=(f"{spec.code}.item_detail", {"item_id": item.id})))
        return found

    # ---------------------------------------------------------------- meetings, circulations, reports

    def meeting(self, duty: ObligationSpec) -> list[Status]:
        """A committee meeting recorded in the period."""
        held: dict[str, list[date]] = defaultdict(list)
        for meeting in self.meetings.values():
            for period in self.periods(duty):
                if period.start <= meeting.held_on <= period.end:
                    held[period.key].append(meeting.held_on)
        return [self.status(duty, self.body(duty.owner), period, self.period_due(duty, period), period.key,
                            min(held[period.key]) if held.get(period.key) else None,
                            link=("committee_review.reversal_files", {}))
                for period in self.periods(duty)]

    def circulation(self, duty: ObligationSpec) -> list[Status]:
        """Monthly: the month's circulation published. Per meeting ("per_item"): a circulation published after
        the meeting, carrying its opinions."""
        published = {c.month: local_day(c.published_at) for c in db.session.scalars(
            select(Circulation).where(Circulation.campaign_id == self.campaign.id))}
        link = ("circulation_accountability.reversal_files", {})
        if duty.cadence != "per_item":
            return [self.status(duty, self.body(duty.owner), period, self.period_due(duty, period), period.key,
                                published.get(period.key), link=link) for period in self.periods(duty)]
        found = []
        for meeting in self.meetings.values():
            due = add_days(meeting.held_on, duty.due_days, duty.working_days)
            after = [day for day in published.values() if day >= meeting.held_on]
            found.append(self.status(duty, self.body(duty.owner), due_month(due, self.today), due,
                                     meeting.held_on.isoformat(), min(after) if after else None, link=link,
                                     since=meeting.held_on))
        return found

    def report(self, duty: ObligationSpec) -> list[Status]:
        """The court's report of the duty's kind for the period, published."""
        first: dict[str, tuple[date, int]] = {}
        for period_key, moment, report_id in db.session.execute(select(
                Report.period, Report.published_at, Report.id).where(
                Report.campaign_id == self.campaign.id, Report.kind == duty.report,
                Report.department_id.is_(None), Report.status == "published").order_by(Report.published_at)):
            first.setdefault(period_key, (local_day(moment), report_id))
        found = []
        for period in self.periods(duty):
            done = first.get(period.key)
            link = ("reports.detail", {"report_id": done[1]}) if done else ("reports.index", {})
            found.append(self.status(duty, self.body(duty.owner), period, self.period_due(duty, period),
                                     period.key, done[0] if done else None, link=link))
        return found

    # ---------------------------------------------------------------- data consultation on a bulletin

    @cached_property
    def consulted_reports(self) -> list[Report]:
        """The campaign's report versions that opened a consultation window."""
        return list(db.session.scalars(select(Report).where(
            Report.campaign_id == self.campaign.id, Report.consultation_opened_at.isnot(None))
            .order_by(Report.consultation_opened_at, Report.id)))

    def consultation_check(self, duty: ObligationSpec) -> list[Status]:
        """Each taking-part division confirms it has checked its figures by the window's last day (+ due_days). A
        version published before then owes nothing more."""
        reports = [r for r in self.consulted_reports if duty.report is None or r.kind == duty.report]
        if not reports:
            return []
        checked = {(c.report_id, c.department_id): local_day(c.checked_at) for c in db.session.scalars(
            select(ConsultationCheck).where(ConsultationCheck.report_id.in_([r.id for r in reports])))}
        departments = self.owner_departments(duty)
        if self.scope is not None:
            departments = [d for d in departments if d.id in self.scope]
        found = []
        for report in reports:
            # (Not after today: where today is pinned, what is recorded now happens today, as done_on is read.)
            since = min(local_day(report.consultation_opened_at), self.today)
            due = add_days(report.consultation_until, duty.due_days, duty.working_days)
            published = min(local_day(report.published_at), self.today) if report.published_at else None
            for department in departments:
                done_on = checked.get((report.id, department.id))
                status = self.status(duty, Owner(department.id), due_month(due, self.today), due, report.period,
                                     done_on, since=since, ref=f"report:{report.id}",
                                     link=("reports.consultation", {"report_id": report.id}))
                if done_on is None and published is not None and published <= due:
                    status.state = State.NOT_APPLICABLE  # published before the window ended: nothing left to check
                found.append(status)
        return found

    def objection_decision(self, duty: ObligationSpec) -> list[Status]:
        """Each objection decided by the office (corrected or rejected) within the days after it was raised."""
        reports = {r.id: r for r in self.consulted_reports if duty.report is None or r.kind == duty.report}
        if not reports:
            return []
        rows = db.session.execute(select(Objection.id, Objection.report_id, Objection.case_number,
                                         Objection.raised_at, Objection.decided_at).where(
            Objection.report_id.in_(list(reports))).order_by(Objection.raised_at, Objection.id))
        found = []
        for objection_id, report_id, case_number, raised_at, decided_at in rows:
            since = min(local_day(raised_at), self.today)
            due = add_days(since, duty.due_days, duty.working_days)
            status = self.status(duty, self.body(duty.owner), due_month(due, self.today), due,
                                 f"{case_number}（{reports[report_id].period}）", local_day(decided_at),
                                 since=since, ref=f"objection:{objection_id}",
                                 link=("reports.objection", {"report_id": report_id, "objection_id": objection_id}))
            if decided_at is None and reports[report_id].status == "published":
                status.state = State.NOT_APPLICABLE  # published undecided, with the office's reason: recorded so
            found.append(status)
        return found

    # ---------------------------------------------------------------- reversed-case files

    def file_step(self, duty: ObligationSpec) -> list[Status]:
        """One step of each reversed-case file it applies to; its due day from the file's own dates."""
        rules = self.plan.reversals
        supervisors = self.audit_days("reversal_file", "reversal.supervisor") if duty.step == "supervisor" else {}
        holders = self.audit_days("reversal_file", "reversal.retrial") if duty.step == "retrial_holder" else {}
        found = []
        for file in self.files:
            meeting = self.meetings.get(file.meeting_id) if file.meeting_id else None
            step = duty.step
            if step == "report":
                # Due as the file says: set when it opened, from [reversals] report_days.
                due, done_on = file.report_due, local_day(file.reported_at)
            elif step == "committee":
                # By the end of the quarter after the result's.
                following = period_containing("quarter", period_containing("quarter", file.result_on).end
                                              + timedelta(days=1))
                due, done_on = add_days(following.end, duty.due_days), meeting.held_on if meeting else None
            elif step == "accountability":
                if not (file.erroneous or file.major_negative_impact) or meeting is None:
                    continue
                due, done_on = add_days(meeting.held_on, duty.due_days, duty.working_days), file.accountability_on
            elif step == "package":
                if not file.contested or meeting is None:
                    continue
                due = add_days(period_containing("quarter", meeting.held_on).end, duty.due_days)
                done_on = local_day(file.sent_at)
            elif step == "exchange":
                if rules is None or file.result not in rules.remand_results:
                    continue
                due, done_on = add_days(file.result_on, duty.due_days, duty.working_days), file.exchange_on
            elif step == "supervisor":
                if file.state == FileState.CLOSED and file.supervisor_id is None:
                    continue  # a closed file takes no supervisor any more: nothing left to owe
                due = add_days(file.result_on, duty.due_days, duty.working_days)
                done_on = (supervisors.get(str(file.id)) or self.today) if file.supervisor_id else None
            elif step == "retrial_holder":
                if rules is None or file.result not in rules.retrial_results:
                    continue
                due = add_days(file.result_on, duty.due_days, duty.working_days)
                done_on = (holders.get(str(file.id)) or self.today) if file.retrial_holder_id else None
            else:
                continue
            owner = self.file_judge(file) if duty.owner == "file_judge" else self.body(duty.owner)
            since = meeting.held_on if step in ("accountability", "package") else file.result_on
            found.append(self.status(duty, owner, due_month(due, self.today), due, file.case.case_number, done_on,
                                     since=since, ref=f"file:{file.id}",
                                     link=("reversals.detail", {"file_id": file.id})))
        return found

    # ---------------------------------------------------------------- decisions on items

    def item_review(self, duty: ObligationSpec) -> list[Status]:
        """Each handed-in item of the kinds decided (approved or returned) by its reviewer within the days after it
        was handed in."""
        decided = self.audit_days("register_item", "item.approve", "item.return", latest=True)
        found = []
        query = select(RegisterItem.id, RegisterItem.kind, RegisterItem.department_id, RegisterItem.status,
                       RegisterItem.submitted_at, RegisterItem.case_number, RegisterItem.period).where(
            RegisterItem.campaign_id == self.campaign.id, RegisterItem.kind.in_(duty.kinds),
            RegisterItem.submitted_at.isnot(None))
        if self.scope is not None:
            # A division reviews its own items; the kinds a leader or the office reviews are everyone's.
            court_reviewed = [k for k in duty.kinds if (spec := self.kind_measures.get(k)) is not None
                              and spec.item_kind(k).reviewed_by in ("leader", "president", "office")]
            query = query.where(RegisterItem.department_id.in_(self.scope) | RegisterItem.kind.in_(court_reviewed))
        items = db.session.execute(query.order_by(RegisterItem.submitted_at))
        for item in items:
            measure = self.kind_measures.get(item.kind)
            kind = measure.item_kind(item.kind) if measure else None
            if kind is None or kind.reviewed_by == "none":
                continue
            owner = self.reviewer(kind.reviewed_by, item.department_id)
            submitted = local_day(item.submitted_at)
            due = add_days(submitted, duty.due_days, duty.working_days)
            done_on = decided.get(str(item.id)) if item.status != ItemStatus.SUBMITTED else None
            if item.status != ItemStatus.SUBMITTED and done_on is None:
                done_on = submitted  # decided before decisions were dated (kept for the record)
            found.append(self.status(duty, owner, due_month(due, self.today), due,
                                     item.case_number or f"{kind.name} {item.period}", done_on, measure=measure.number,
                                     since=submitted, ref=f"item:{item.id}",
                                     link=(f"{measure.code}.item_detail", {"item_id": item.id})))
        return found

    @cached_property
    def president(self) -> User | None:
        from app.directory import president

        return president(self.campaign)

    def reviewer(self, reviewed_by: str, department_id: int) -> Owner:
        """Who decides an item of a kind reviewed by ``reviewed_by`` (app/policy.REVIEWERS): the president is one
        person (while nobody holds the post, the leaders see what waits for him)."""
        if reviewed_by == "president" and self.president is not None:
            return Owner(self.president.department_id, user_id=self.president.id)
        role = REVIEWERS[reviewed_by]
        if role == Role.DIVISION_HEAD:
            return Owner(department_id, roles=frozenset({role}))
        return self.body(next(body for body, (body_role, _kind) in BODIES.items() if body_role == role))

    def extension_filing(self, duty: ObligationSpec) -> list[Status]:
        """Each approved extension marked filed with the intermediate court within the days after its approval."""
        approved = self.audit_days("register_item", "item.approve")
        items = [item for item in db.session.scalars(select(RegisterItem).where(
            RegisterItem.campaign_id == self.campaign.id, RegisterItem.kind.in_(duty.kinds),
            RegisterItem.status.in_(APPROVED)).order_by(RegisterItem.id)) if self._extends(item)]
        filed = dict(db.session.execute(select(ItemComment.item_id, func.min(ItemComment.created_at)).where(
            ItemComment.kind == "filing", ItemComment.item_id.in_([i.id for i in items]))
            .group_by(ItemComment.item_id)).all())
        found = []
        for item in items:
            measure = self.kind_measures[item.kind]
            # Approved on the day its approval was recorded (else when it was last changed, for older records).
            since = approved.get(str(item.id)) or local_day(item.updated_at) or self.today
            due = add_days(since, duty.due_days, duty.working_days)
            found.append(self.status(duty, self.body(duty.owner), due_month(due, self.today), due,
                                     item.case_number or f"#{item.id}", local_day(filed.get(item.id)), since=since,
                                     ref=f"item:{item.id}",
                                     link=(f"{measure.code}.item_detail", {"item_id": item.id})))
        return found

    def _extends(self, item: RegisterItem) -> bool:
        """An approved request of a kind whose approval extends a time limit, asking for an extension."""
        measure = self.kind_measures.get(item.kind)
        kind = measure.item_kind(item.kind) if measure else None
        return kind is not None and kind.on_approve == "extend_time_limit" and \
            (item.values or {}).get("request") in kind.extension_requests

    # ---------------------------------------------------------------- cases

    def case_review(self, duty: ObligationSpec) -> list[Status]:
        """Each case of the kind the duty names (closed by one of its methods, or filed with one of its type codes)
        within the hand-in calendar, reviewed in the register (approved) within the days after."""
        spec = self.spec(duty)
        calendar = self.plan.hand_ins
        first, last = (calendar.first_day, calendar.last_day) if calendar else (self.campaign.start_date,
                                                                                self.campaign.end_date)
        last = min(last, self.today)
        if duty.closing_methods:
            event = Case.closed_on
            condition = Case.closing_method.in_(duty.closing_methods)
        else:
            event = Case.filed_on
            condition = Case.type_code.in_(duty.type_codes)
        query = select(Case.id, Case.case_number, Case.department_id, event).where(
            Case.court_id == self.campaign.court_id, condition, event.between(first, last))
        if self.scope is not None:
            query = query.where(Case.department_id.in_(self.scope))
        reviews = select(RegisterItem.case_number, RegisterItem.submitted_at).where(
            RegisterItem.campaign_id == self.campaign.id, RegisterItem.kind.in_(duty.kinds),
            RegisterItem.status.in_(APPROVED), RegisterItem.case_number.isnot(None))
        if self.outstanding_only:
            query = query.where(Case.case_number.notin_(reviews.with_only_columns(RegisterItem.case_number)))
        cases = db.session.execute(query.order_by(event, Case.id)).all()
        reviewed: dict[str, date] = {}
        # (Reading only what is outstanding, no case read has a review.)
        for number, submitted_at in [] if self.outstanding_only else db.session.execute(reviews):
            if number:
                day = local_day(submitted_at) or self.today
                reviewed[number] = min(day, reviewed.get(number, day))
        link = (f"{spec.code}.items", {"kind": duty.kinds[0]})
        return [self.status(duty, Owner(department_id), due_month(due, self.today), due, number,
                            reviewed.get(number), link=link, since=day)
                for _id, number, department_id, day in cases
                for due in [add_days(day, duty.due_days, duty.working_days)]]

    # ---------------------------------------------------------------- figures, the phases, counts

    def indicator(self, duty: ObligationSpec) -> list[Status]:
        """A target figure for the court: met once its period has closed (missed when not), open before."""
        values = {v.period_key: v for v in db.session.scalars(select(IndicatorValue).where(
            IndicatorValue.court_id == self.campaign.court_id, IndicatorValue.indicator_code == duty.indicator,
            IndicatorValue.scope_kind == "court"))}
        found = []
        for owner in [Owner(d.id) for d in self.owner_departments(duty)]:
            for period in self.periods(duty):
                due = self.period_due(duty, period)
                value = values.get(period.key)
                status = self.status(duty, owner, period, due, period.key, None,
                                     link=("indicators.detail", {"code": duty.indicator, "period": period.key}))
                if self.today > due and value is not None and value.met is not None:
                    status.state = State.DONE if value.met else State.MISSED
                    status.done_count = 1 if value.met else 0
                    status.done_on = due if value.met else None
                elif self.today > due:
                    status.state = State.NOT_APPLICABLE  # no figure: nothing to judge it by
                found.append(status)
        return found

    def checklist(self, duty: ObligationSpec) -> list[Status]:
        """The phases' checklist items marked done with their evidence."""
        items = list(db.session.scalars(select(ChecklistItem).join(Phase).where(
            Phase.campaign_id == self.campaign.id, ChecklistItem.code.in_(duty.checklist))))
        complete = bool(items) and all(i.done_at for i in items)
        done_on = local_day(max(i.done_at for i in items)) if complete else None
        status = self.status(duty, self.body(duty.owner), due_month(duty.due, self.today), duty.due,
                             duty.due.isoformat(), done_on, link=("phases.index", {}))
        status.done_count, status.required = sum(1 for i in items if i.done_at), len(items)
        return [status]

    def count(self, duty: ObligationSpec) -> list[Status]:
        """As needed: how many were recorded each month, by each owner; never overdue."""
        spec = self.spec(duty)
        query = select(RegisterItem.department_id, RegisterItem.period, func.count()).where(
            RegisterItem.campaign_id == self.campaign.id, RegisterItem.kind.in_(duty.kinds))
        if duty.published_only:
            published = select(Selection.item_id).where(Selection.published_at.isnot(None))
            query = query.where(RegisterItem.id.in_(published))
        else:
            query = query.where(RegisterItem.status.in_(HANDED_IN))
        counted: dict[tuple[int, str], int] = defaultdict(int)
        for department_id, period, number in db.session.execute(query.group_by(RegisterItem.department_id,
                                                                               RegisterItem.period)):
            counted[(department_id, period)] += number
        if duty.owner in BODIES:
            owners = [self.body(duty.owner)]
        else:
            owners = [Owner(d.id) for d in self.owner_departments(duty)]
        found = []
        for period in periods_of(self.campaign, "month"):
            for owner in owners:
                number = (sum(n for (_d, p), n in counted.items() if p == period.key) if owner.court_wide
                          else counted.get((owner.department_id, period.key), 0))
                found.append(Status(duty=duty, owner=owner, state=State.AS_NEEDED, period=period, due=None,
                                    subject=period.key, measure=duty.measure, done_count=number, required=0,
                                    link=(f"{spec.code}.items", {"period": period.key, "kind": duty.kinds[0]})))
        return found


