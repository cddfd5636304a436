"""Demo hand-ins for the registers: a campaign's months of documents and quarters of hearings, handed in,
approved, selected, published and drawn through the same rules the pages use (so the audit trail and the
notifications are those of a real year). Most departments meet their quotas; some fall short or hand in late.
The phases' checklist items due by then are marked done, one of them late.
"""

from __future__ import annotations

import io
import random
from datetime import date, timedelta

from sqlalchemy import func, select

from app.demo import read_past_notices
from app.demo.accounts import DIVISION_KINDS
from app.extensions import db
from app.indicators.periods import Period, month_period
from app.models import Campaign, Case, Court, Draw, Measure, RegisterItem, Role, User, UserRole
from app.models.base import recorded_on
from app.phases import mark_checklist_item
from app.plans.access import measure_spec, plan_of
from app.plans.schema import DrawSpec, ItemKindSpec, MeasureSpec
from app.registers import draws, selections
from app.registers.attachments import add_attachment
from app.registers.spec import (
    RegisterError,
    deadline,
    has_register,
    kind_period,
    periods_of,
)
from app.registers.workflow import add_review, move, new_item, save_values

REASONS = {
    "excellent": ["事实认定清楚，证据分析透彻", "争议焦点归纳准确，说理充分", "法律适用正确，裁判结果公正",
                  "文书结构严谨，语言规范"],
    "flawed": ["当事人信息表述有误", "引用法条不完整", "证据罗列未逐一分析", "错别字及标点使用不规范"],
}
LATE_REASONS = ["承办法官参加培训，文书定稿延后", "案件卷宗在上级法院调卷", "联络员休假，交接延误"]


def demo_pdf(title: str) -> bytes:
    """A small, valid one-page PDF (ASCII text), so a downloaded demo attachment opens."""
    text = title.encode("ascii", "replace").replace(b"(", b"[").replace(b")", b"]")
    stream = b"BT /F1 14 Tf 72 760 Td (" + text + b") Tj ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(f"{number} 0 obj\n".encode() + body + b"\nendobj\n")
    xref = out.tell()
    out.write(f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode())
    for offset in offsets:
        out.write(f"{offset:010d} 00000 n \n".encode())
    out.write(f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode())
    return out.getvalue()


def create_demo_hand_ins(court: Court, as_of: date, seed: int = 1) -> dict[str, int]:
    """Fill the registers of the court's campaign up to ``as_of``; nothing if it already holds items."""
    rng = random.Random(seed)  # nosec  # noqa: S311 - demo data, reproducible by seed
    campaign = db.session.scalar(select(Campaign).where(Campaign.court_id == court.id, Campaign.start_date <= as_of)
                                 .order_by(Campaign.start_date.desc()))
    if campaign is None or db.session.scalar(select(func.count()).where(RegisterItem.campaign_id == campaign.id)):
        return {}
    office = _user("office")
    counts = {"items": 0, "published": 0, "draws": 0}
    for phase in campaign.phases:
        for number, item in enumerate(phase.checklist, start=1):
            if item.due_date and item.due_date < as_of and number < 3:  # the third (liaisons named) is still open
                mark_checklist_item(item, office, done=True, note=f"{item.evidence_zh}（武法〔2021〕{number + 5}号）")
    for measure in campaign.measures:
        spec = measure_spec(campaign, measure.code)
        if not has_register(spec):
            continue
        counts["items"] += _department_items(rng, campaign, measure, spec, as_of)
        counts["items"] += _judge_items(rng, campaign, measure, spec, as_of)
        counts["items"] += _records(rng, campaign, measure, spec, as_of)
        counts["items"] += _case_reviews(rng, campaign, measure, spec, as_of)
        for entry in spec.lists:
            for period in periods_of(campaign, entry.period):
                # The office publishes its lists within a week or so of the hand-ins' deadline.
                published_on = deadline(campaign, period, entry.from_kinds[0]) + timedelta(days=rng.randint(1, 9))
                if published_on < as_of:
                    pool = selections.candidates(campaign, spec, entry, period.key)
                    size = spec.court_quota(entry.code) or 0
                    with recorded_on(published_on):
                        for item in rng.sample(pool, min(size, len(pool))):
                            showcases = [s.code for s in entry.showcases if rng.random() < 0.4]
                            selections.add(campaign, spec, entry.code, period.key, item, office, showcases)
                        if pool:
                            counts["published"] += selections.publish(
                                campaign, spec, entry.code, period.key, office,
                                "本期符合条件的事项不足（演示数据）" if len(pool) < size else None)
        for entry in spec.draws:
            for period in periods_of(campaign, entry.period):
                drawn_on = period.end + timedelta(days=rng.randint(2, 9))
                if drawn_on < as_of:
                    try:
                        with recorded_on(drawn_on):
                            made = draws.run_draw(campaign, spec, entry, period.key, office)
                        counts["draws"] += len(made)
                    except RegisterError:
                        db.session.rollback()  # nothing to draw from that period
                        continue
                    if entry.scored_review:
                        _review_drawn(rng, entry, made, office, drawn_on, as_of)
    read_past_notices(as_of)
    return counts


def _review_drawn(rng: random.Random, entry: DrawSpec, made: list[Draw], office: User, drawn_on: date,
                  as_of: date) -> None:
    """The office observes and scores most drawn hearings within days, on site or by video."""
    for item_id in [i for result in made for i in result.item_ids]:
        reviewed_on = drawn_on + timedelta(days=rng.randint(1, 8))
        if reviewed_on < as_of and rng.random() < 0.9:
            mode = rng.choice(entry.review_modes) if entry.review_modes else None
            with recorded_on(reviewed_on):
                add_review(db.session.get(RegisterItem, item_id), office, "庭审观摩评查意见（演示数据）",
                           rng.randint(70, 95), mode, entry.review_modes)
                db.session.commit()


def _department_items(rng: random.Random, campaign: Campaign, measure: Measure, spec: MeasureSpec,
                      as_of: date) -> int:
    made = 0
    for quota in measure.quotas:
        kind = spec.item_kind(quota.item_kind)
        if quota.scope != "department" or kind is None:
            continue
        staff = _user(f"{quota.department.code}.staff")
        for period in periods_of(campaign, quota.period):
            if period.start > as_of:
                break
            due = deadline(campaign, period, kind.code)
            current = due >= as_of
            # Most months are complete; now and then a division falls short.
            count = quota.count if current or rng.random() < 0.9 else rng.randint(0, quota.count - 1)
            # Judgment documents come from judgments; other hand-ins from any closed case.
            documents = any(f.type == "judge" for f in kind.fields)
            cases = _closed_cases(quota.department_id, period.start, period.end, count, rng, judgments_only=documents)
            for case in cases:
                values = _values(kind, case, period, rng)
                if "reasons" in values:  # the documents' review form reads better with real phrases
                    good = "excellent" in kind.code
                    values["reasons"] = rng.choice(REASONS["excellent" if good else "flawed"])
                    values["score"] = rng.randint(80, 98) if good else rng.randint(60, 79)
                made += _hand_in(rng, campaign, spec, kind, staff, _reviewer(kind, quota.department.code), period.key,
                                 values, due, as_of, current)
    return made


def _judge_items(rng: random.Random, campaign: Campaign, measure: Measure, spec: MeasureSpec, as_of: date) -> int:
    made = 0
    judge_quotas = [q for q in measure.quotas if q.scope == "judge" and spec.item_kind(q.item_kind)]
    if not judge_quotas:
        return 0
    judges = db.session.scalars(
        select(User).join(UserRole).where(UserRole.role == Role.JUDGE.value,
                                          User.department_id.in_([d.id for d in measure.departments]))
    ).unique()
    for judge in judges:
        for quota in judge_quotas:
            kind = spec.item_kind(quota.item_kind)
            for period in periods_of(campaign, quota.period):
                if period.start > as_of:
                    break
                due = deadline(campaign, period, kind.code)
                if rng.random() > 0.8:
                    continue  # this judge missed this quarter
                for case in _closed_cases(judge.department_id, period.start, period.end, quota.count, rng,
                                          judgments_only=False):
                    day = min(as_of, period.start + timedelta(days=rng.randint(5, 80)))
                    values = {"case_number": case.case_number, "hearing_date": day.isoformat(),
                              "courtroom": rng.choice(["第一法庭", "第二法庭", "第三法庭", "科技法庭"]),
                              "video_url": f"http://tingshen.court.local/{case.id}",
                              "self_assessment": rng.choice(["庭审节奏把控得当，归纳争议焦点准确",
                                                             "发问不够简洁，当庭释明不足"])}
                    made += _hand_in(rng, campaign, spec, kind, judge, _reviewer(kind, judge.department.code),
                                     period.key, values, due, as_of,
                                     due >= as_of, attach=False)
    return made


def _records(rng: random.Random, campaign: Campaign, measure: Measure, spec: MeasureSpec, as_of: date) -> int:
    """Kinds no quota asks for (meeting records, requests, reviews, ...): one or two a month from the responsible
    divisions, their fields filled by type, reviewed as the kind says."""
    owed = {q.item_kind for q in measure.quotas} | {d.creates_kind for d in spec.draws}
    kinds = [k for k in spec.item_kinds if k.code not in owed]
    divisions = [d for d in measure.departments if d.kind in DIVISION_KINDS]
    made = 0
    for kind in kinds:
        for period in periods_of(campaign, kind_period(spec, kind.code)):
            if deadline(campaign, period, kind.code) >= as_of:
                break
            for department in rng.sample(divisions, min(len(divisions), rng.randint(0, 2))):
                cases = _closed_cases(department.id, period.start, period.end, 1, rng, judgments_only=False)
                author = _user(f"{department.code}.{'judge1' if kind.handed_in_by == 'judge' else 'staff'}")
                if cases:
                    made += _hand_in(rng, campaign, spec, kind, author, _reviewer(kind, department.code),
                                     period.key, _values(kind, cases[0], period, rng),
                                     deadline(campaign, period, kind.code),
                                     as_of, current=False, attach=False)
    return made


CASE_REVIEWS_AT_MOST = 2000


def _case_reviews(rng: random.Random, campaign: Campaign, measure: Measure, spec: MeasureSpec, as_of: date) -> int:
    """The reviews the plan's per-case duties ask for (a 终本 closure, a 执恢 filing): most within the duty's days,
    a few late, a few not yet — for a county court's year of cases; a province-sized table (the load benchmark's)
    gets its first CASE_REVIEWS_AT_MOST of each, the rest left owed."""
    made = 0
    for duty in plan_of(campaign).obligations:
        if duty.evidence != "case_review" or duty.measure != measure.number:
            continue
        kind = spec.item_kind(duty.kinds[0])
        event = Case.closed_on if duty.closing_methods else Case.filed_on
        condition = Case.closing_method.in_(duty.closing_methods) if duty.closing_methods else \
            Case.type_code.in_(duty.type_codes)
        cases = db.session.scalars(select(Case).where(Case.court_id == campaign.court_id, condition,
                                                      event.between(campaign.start_date, as_of))
                                   .order_by(Case.id).limit(CASE_REVIEWS_AT_MOST))
        for case in cases:
            happened = case.closed_on if duty.closing_methods else case.filed_on
            roll = rng.random()
            if roll > 0.95:
                continue  # not reviewed yet
            day = happened + timedelta(days=rng.randint(1, max(1, duty.due_days - 2)) if roll < 0.88
                                       else duty.due_days + rng.randint(1, 10))
            if day >= as_of:
                continue
            author = _user(f"{case.department.code}.staff")
            period = month_period(day.year, day.month)
            item = new_item(campaign, spec, kind, author.department, author, period.key)
            values = {**_values(kind, case, period, rng), "reviewed_on": day.isoformat()}
            if "qualified" in values:  # most 终本 closures pass their review
                values["qualified"] = "合格" if rng.random() < 0.93 else "不合格"
            save_values(item, kind, values, author)
            with recorded_on(day):
                move(item, kind, campaign, "submit", author, version=None, today=day)
            reviewer = _reviewer(kind, case.department.code)
            if reviewer is not None:
                decided = min(as_of, day + timedelta(days=rng.randint(0, 2)))
                with recorded_on(decided):
                    move(item, kind, campaign, "approve", reviewer, version=None, today=decided)
            made += 1
    return made


def _reviewer(kind: ItemKindSpec, department_code: str) -> User | None:
    return {"division_head": lambda: _user(f"{department_code}.head"), "leader": lambda: _user("president"),
            "president": lambda: _user("president"), "office": lambda: _user("office"),
            "none": lambda: None}[kind.reviewed_by]()


def _values(kind: ItemKindSpec, case: Case, period: Period, rng: random.Random) -> dict:
    """Plausible values for a kind's fields, by their type (demo text says it is demo text)."""
    values: dict = {}
    for field in kind.fields:
        if field.type == "case_number":
            values[field.code] = case.case_number
        elif field.type == "judge":
            values[field.code] = case.judge.name if case.judge else ""
        elif field.type == "date":
            values[field.code] = (period.start + timedelta(days=rng.randint(0, (period.end - period.start).days))
                                  ).isoformat()
        elif field.type == "choice":
            choices = field.choices
            if field.code == "request" and case.closed_on is not None:
                # A closed case's time limit is no longer extended (app/pending.check_extension).
                choices = [c for c in choices if c not in kind.extension_requests] or choices
            values[field.code] = rng.choice(choices)
        elif field.type == "days":
            values[field.code] = 30 if values.get("request") in kind.extension_requests else None
        elif field.type == "score":
            values[field.code] = rng.randint(75, 95)
        elif field.type == "url":
            values[field.code] = f"http://court.local/demo/{case.id}"
        else:
            values[field.code] = f"{field.name_zh}（演示数据）"
    return values


def _hand_in(rng: random.Random, campaign: Campaign, spec: MeasureSpec, kind: ItemKindSpec, author: User,
             reviewer: User | None, period: str, values: dict, due: date, as_of: date, current: bool,
             attach: bool = True) -> int:
    item = new_item(campaign, spec, kind, author.department, author, period)
    save_values(item, kind, values, author)
    if attach:
        name = f"{values.get('case_number') or kind.code}.pdf"
        add_attachment(item, io.BytesIO(demo_pdf(f"Demo judgment {item.id}")), name,
                       list(kind.attachments), author)
    if current and rng.random() < 0.3:
        return 1  # still a draft this month
    late = not current and rng.random() < 0.1
    day = due + timedelta(days=rng.randint(1, 6)) if late else min(as_of, due - timedelta(days=rng.randint(0, 8)))
    with recorded_on(day):
        move(item, kind, campaign, "submit", author, version=None,
             reason=rng.choice(LATE_REASONS) if late else None, today=day)
    if reviewer is not None and (not current or rng.random() < 0.5):
        decided = min(as_of, day + timedelta(days=rng.randint(0, 3)))
        with recorded_on(decided):
            move(item, kind, campaign, "approve", reviewer, version=None, today=decided)
    return 1


def _closed_cases(department_id: int, start: date, end: date, count: int, rng: random.Random,
                  judgments_only: bool = True) -> list[Case]:
    if count <= 0:
        return []
    query = select(Case).where(Case.department_id == department_id, Case.closed_on.between(start, end))
    if judgments_only:
        query = query.where(Case.closing_method == "判决")
    pool = list(db.session.scalars(query.order_by(Case.id).limit(200)))
    return rng.sample(pool, min(count, len(pool)))


def _user(username: str) -> User:
    user = db.session.scalar(select(User).where(User.username == username))
    if user is None:
        raise LookupError(f"demo account {username!r} is missing: run `flask demo users` first")
    return user
