"""Demo progress on the reversed-case files the demo import opened: reports written (most on time), quarterly
committee meetings with their opinions, contested files sent to the face-to-face session, erroneous cases
handled by the supervision office, supervisors named, remand exchanges and leader-held retrials, monthly
circulations. Everything goes through app/reversals, as a person's clicks would."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import select

from app.demo import read_past_notices
from app.extensions import db
from app.indicators.periods import month_period, quarter_period
from app.models import Campaign, FileState, ReversalFile, Role, User, UserRole
from app.models.base import recorded_on
from app.plans.access import plan_of
from app.plans.schema import ReversalsSpec
from app.reversals import FileError, act, record_meeting, send_package
from app.reversals.circulation import files_of_month, publish

REPORTS = ["经自查，证据审查不够细致，对关键证据的证明力判断有偏差。", "经自查，法律适用理解有误，已组织庭内学习。",
           "经自查，事实认定部分存在疏漏，今后加强庭审调查。"]
OBJECTIONS = ["二审认定的事实与本院查明的银行流水不符，详见附件分析。", "二审适用的司法解释不适用于本案情形。"]


def progress_demo_files(campaign: Campaign, as_of: date, rng: random.Random) -> int:
    """Move the campaign's files along up to ``as_of``; returns how many steps were taken."""
    rules = plan_of(campaign).reversals
    if rules is None:
        return 0
    moved = db.session.scalar(select(ReversalFile.id).where(ReversalFile.campaign_id == campaign.id,
                                                            ReversalFile.state != FileState.AWAITING_REPORT).limit(1))
    if moved is not None:
        return 0  # already moved along by an earlier run: a second `make run` leaves them as they are
    demo = _Demo(campaign, as_of, rng, rules, _users_by_role())
    files = list(db.session.scalars(select(ReversalFile).where(ReversalFile.campaign_id == campaign.id)
                                    .order_by(ReversalFile.result_on, ReversalFile.id)))
    reported_on = _write_reports(demo, files)
    _hold_committee_quarters(demo, files, reported_on)
    _publish_circulations(demo)
    read_past_notices(as_of)
    return demo.steps


@dataclass
class _Demo:
    """What the stages share: the campaign, the day reached, the random source, the plan's rules, the people, and
    how many steps were taken so far."""

    campaign: Campaign
    as_of: date
    rng: random.Random
    rules: ReversalsSpec
    users: dict[Role, list[User]]
    steps: int = 0

    def step(self, file: ReversalFile, action: str, user: User, day: date, **values: object) -> None:
        with recorded_on(day):
            act(file, self.campaign, action, user, dict(values), version=None, today=day)
        self.steps += 1


def _write_reports(demo: _Demo, files: list[ReversalFile]) -> dict[int, date]:
    """Each judge writes the self-inspection report (most on time, some late, a few not yet); the remand exchange,
    the supervisor and the leader-held retrial follow. Returns the day each file was reported."""
    rng, rules, office, leaders = demo.rng, demo.rules, demo.users[Role.OFFICE][0], demo.users[Role.LEADER]
    reported_on: dict[int, date] = {}
    for file in files:
        writer = file.judge_user or _head(file.department_id)
        day = file.report_due - timedelta(days=rng.randint(-4, 10))
        if writer is None or day >= demo.as_of or rng.random() > 0.9:
            continue
        objection = rng.random() < 0.25
        demo.step(file, "report", writer, day, report=rng.choice(REPORTS), objection="1" if objection else "",
                  objection_reasons=rng.choice(OBJECTIONS) if objection else "")
        reported_on[file.id] = day
        if file.result in rules.remand_results and rng.random() < 0.8:
            demo.step(file, "exchange", writer, day, exchange_on=day.isoformat(), exchange_with="市中院原二审承办法官",
                      exchange_evidence="就鉴定意见的采信交换意见", exchange_facts="就借款交付事实交换意见",
                      exchange_law="就法律适用交换意见")
        head = _head(file.department_id)
        named_on = min(day, file.result_on + timedelta(days=rng.randint(1, 7)))
        if head is not None:
            demo.step(file, "supervisor", office, named_on, supervisor_id=str(head.id))
        if file.result in rules.retrial_results and leaders:
            demo.step(file, "retrial", office, named_on, retrial_holder_id=str(rng.choice(leaders).id))
            if day + timedelta(days=60) < demo.as_of:
                demo.step(file, "retrial_outcome", office, day, retrial_outcome=rng.choice(["调解结案", "判决结案"]),
                          retrial_closed_on=(day + timedelta(days=60)).isoformat())
    return reported_on


def _hold_committee_quarters(demo: _Demo, files: list[ReversalFile], reported_on: dict[int, date]) -> None:
    """Each quarter's committee meeting reviews the reported files; then the face-to-face package goes out."""
    for quarter in range(1, 5):
        held_on = quarter_period(demo.campaign.year, quarter).end - timedelta(days=5)
        if held_on >= demo.as_of:
            break
        reported = [f for f in files if f.state == FileState.REPORTED and reported_on.get(f.id, demo.as_of) <= held_on]
        if not reported:
            continue
        _review_at_meeting(demo, reported, held_on)
        _send_package(demo, held_on)


def _review_at_meeting(demo: _Demo, reported: list[ReversalFile], held_on: date) -> None:
    """The committee's opinion on each file: contested ones completed by their judge, erroneous ones handled by the
    supervision office."""
    rng, committee, supervision = demo.rng, demo.users[Role.COMMITTEE][0], demo.users[Role.SUPERVISION][0]
    with recorded_on(held_on):
        meeting = record_meeting(demo.campaign, committee, held_on, "院长、副院长、审委会委员",
                                 "部分案件证据审查不细、说理不充分", "组织专题学习，完善证据审查要点")
    for file in reported:
        contested = file.objection and rng.random() < 0.6
        erroneous = not contested and rng.random() < 0.15
        demo.step(file, "review", committee, held_on, meeting_id=str(meeting.id), contested="1" if contested else "",
                  erroneous="1" if erroneous else "",
                  committee_opinion="经审委会评析，" + ("决定提出异议。" if contested else
                                                     "确认为错案。" if erroneous else "不属错案。"))
        if contested:
            demo.step(file, "complete", file.judge_user or _head(file.department_id), held_on,
                      report=(file.report or "") + "\n补充：附证据分析表。")
        elif erroneous:
            demo.step(file, "account", supervision, held_on + timedelta(days=7),
                      accountability_action=demo.rules.accountability_actions[0],
                      accountability_on=(held_on + timedelta(days=7)).isoformat(),
                      accountability_note="已谈话并记录在案")


def _send_package(demo: _Demo, held_on: date) -> None:
    """The quarter's contested files go to the face-to-face session; those a month old have its outcome."""
    office = demo.users[Role.OFFICE][0]
    try:
        with recorded_on(held_on):
            sent = send_package(demo.campaign, office, held_on)
        for file in sent:
            demo.steps += 1
            if held_on + timedelta(days=30) < demo.as_of:
                demo.step(file, "conclude", office, held_on, outcome=demo.rng.choice(demo.rules.face_to_face_outcomes))
    except FileError:
        pass  # no contested file this quarter


def _publish_circulations(demo: _Demo) -> None:
    """The office circulates each past month's reversed cases to the divisions."""
    campaign, office = demo.campaign, demo.users[Role.OFFICE][0]
    for month in range(campaign.start_date.month, 13):
        period = month_period(campaign.year, month)
        if period.end + timedelta(days=5) >= demo.as_of or not files_of_month(campaign, period.key):
            continue
        with recorded_on(min(demo.as_of, period.end + timedelta(days=demo.rng.randint(3, 10)))):
            publish(campaign, period.key, f"{period.key} 共发改案件 {len(files_of_month(campaign, period.key))} 件，"
                                          "请各庭对照自查、举一反三。", office)
        demo.steps += 1


def _users_by_role() -> dict[Role, list[User]]:
    found: dict[Role, list[User]] = {role: [] for role in Role}
    for user, role in db.session.execute(select(User, UserRole.role).join(UserRole).order_by(User.id)):
        found[Role(role)].append(user)
    return found


def _head(department_id: int) -> User | None:
    return db.session.scalar(select(User).join(UserRole).where(User.department_id == department_id,
                                                               UserRole.role == Role.DIVISION_HEAD.value))
