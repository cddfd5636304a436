"""Random draws anyone can check afterwards.

A draw records its seed (random, from ``secrets``), its candidates (sorted text: case numbers or item ids)
and what it chose. The choice is ``random.Random(seed).sample(candidates, k)``: Python seeds its generator
from a text seed through SHA-512, the same on every platform and version since 3.2, so running that line
again on the recorded seed and candidates gives the same result (``verify``).
"""

from __future__ import annotations

import random
import secrets
from collections import defaultdict

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import contains_eager

from app import audit
from app.accounts import people_with_roles
from app.campaign import today
from app.cases import CaseNumberError, parse_case_number
from app.extensions import db
from app.indicators.periods import Period
from app.models import (
    Campaign,
    Case,
    Department,
    Draw,
    Hearing,
    ItemStatus,
    Judge,
    RegisterItem,
    Role,
    Selection,
    User,
    UserRole,
)
from app.models.base import utcnow
from app.notifications import notify
from app.plans.access import plan_of
from app.plans.schema import DrawSpec, MeasureSpec
from app.registers.spec import HANDED_IN, RegisterError, period_of
from app.registers.workflow import item_url


def pick(seed: str, candidates: list[str], count: int) -> list[str]:
    return random.Random(seed).sample(candidates, min(count, len(candidates)))  # nosec  # noqa: S311 - a public, verifiable draw


def verify(draw: Draw) -> bool:
    """Does the recorded seed, applied to the recorded candidates, give the recorded result?"""
    return pick(draw.seed, list(draw.candidates), len(draw.chosen)) == list(draw.chosen)


def draw_spec(spec: MeasureSpec, draw_code: str) -> DrawSpec:
    found = next((d for d in spec.draws if d.code == draw_code), None)
    if found is None:
        raise RegisterError(_("This measure has no draw %(code)s.", code=draw_code))
    return found


def draws_of(campaign: Campaign, spec: MeasureSpec) -> list[Draw]:
    return list(db.session.scalars(
        select(Draw).where(Draw.campaign_id == campaign.id, Draw.measure_code == spec.code)
        .order_by(Draw.period.desc(), Draw.draw_code, Draw.line)
    ))


def run_draw(campaign: Campaign, spec: MeasureSpec, entry: DrawSpec, period_key: str, user: User) -> list[Draw]:
    """Draw for ``period_key`` (per trial line when the plan says so) and commit; RegisterError if the period was
    drawn already or has nothing to draw from."""
    period = period_of(period_key)
    if period.kind != entry.period:
        raise RegisterError(_("This draw is made per %(kind)s.", kind=entry.period))
    done = db.session.scalar(select(Draw.id).where(Draw.campaign_id == campaign.id, Draw.draw_code == entry.code,
                                                   Draw.period == period.key))
    if done is not None:
        raise RegisterError(_("The draw for %(period)s has already been made; its result stands.", period=period.key))
    pools = {"cases": _case_pools, "hearings": _hearing_pools, "items": _item_pools}[entry.source](
        campaign, entry, period)
    if not any(pools.values()):
        raise RegisterError(_("There is nothing to draw from for %(period)s.", period=period.key))
    count = entry.count or spec.court_quota(entry.code) or 1
    made = []
    for line, pool in sorted(pools.items()):
        candidates = sorted(pool)
        seed = secrets.token_hex(16)
        chosen = pick(seed, candidates, count)
        result = Draw(court_id=campaign.court_id, campaign_id=campaign.id, measure_code=spec.code,
                      draw_code=entry.code, period=period.key, line=line, seed=seed, candidates=candidates,
                      chosen=chosen, drawn_by_id=user.id)
        items = [_open_item(campaign, spec, entry, period.key, pool[value], user) for value in chosen]
        db.session.add(result)
        db.session.flush()
        result.item_ids = [item.id for item in items]
        audit.record("draw", "draw", result.id, summary=f"{entry.code} {period.key} {line}".strip(),
                     after={"seed": seed, "candidates": len(candidates), "chosen": chosen},
                     measure_code=spec.code, user=user)
        made.append(result)
    db.session.commit()
    return made


def _case_pools(campaign: Campaign, entry: DrawSpec, period: Period) -> dict[str, dict[str, Case]]:
    """Cases closed in the period by one of the draw's closing methods, by a judge whose account holds one of
    its roles (e.g. a division head's judgments)."""
    query = (
        select(Case).join(Judge, Case.judge_id == Judge.id)
        .where(Case.court_id == campaign.court_id, Case.closed_on.between(period.start, period.end),
               Case.closing_method.in_(entry.closing_methods))
    )
    if entry.judge_roles:
        holders = select(UserRole.user_id).where(UserRole.role.in_(entry.judge_roles))
        query = query.where(Judge.user_id.in_(holders))
    pools: dict[str, dict[str, Case]] = defaultdict(dict)
    for case in db.session.scalars(query):
        pools[case.line if entry.per_line else ""][case.case_number] = case
    return pools


def _hearing_pools(campaign: Campaign, entry: DrawSpec, period: Period) -> dict[str, dict[str, Hearing]]:
    """"以审判条线为单位，随机选取开庭审理案件": the hearings held in the period up to today (as the hearing import
    lists them), per trial line of their case; each candidate is the hearing's case number, day and courtroom."""
    held = db.session.scalars(
        select(Hearing).join(Case, Hearing.case_id == Case.id).options(contains_eager(Hearing.case))
        .where(Hearing.court_id == campaign.court_id,
               Hearing.held_on.between(period.start, min(period.end, today()))))
    pools: dict[str, dict[str, Hearing]] = defaultdict(dict)
    for hearing in held:
        pools[hearing.case.line if entry.per_line else ""][hearing.label] = hearing
    return pools


def _item_pools(campaign: Campaign, entry: DrawSpec, period: Period) -> dict[str, dict]:
    """Items of the draw's kinds handed in for the period (by id, as zero-padded text so they sort as numbers),
    per trial line (the line of the case number's type code in the plan) when the draw is per line."""
    line_of = {case_type.code: case_type.line for case_type in plan_of(campaign).case_types}
    items = db.session.scalars(
        select(RegisterItem).where(RegisterItem.campaign_id == campaign.id, RegisterItem.kind.in_(entry.from_kinds),
                                   RegisterItem.period == period.key, RegisterItem.status.in_(HANDED_IN))
    )
    pools: dict[str, dict[str, RegisterItem]] = defaultdict(dict)
    for item in items:
        line = ""
        if entry.per_line:
            try:
                line = line_of.get(parse_case_number(item.case_number or "").type_code, "other")
            except CaseNumberError:
                line = "other"
        pools[line][f"{item.id:08d}"] = item
    return pools


def _open_item(campaign: Campaign, spec: MeasureSpec, entry: DrawSpec, period: str,
               picked: Case | Hearing | RegisterItem, user: User) -> RegisterItem:
    """The item a drawn value stands for: the drawn item itself; for a drawn case a new item its department
    hands the document in on; for a drawn hearing a new item, in already, that the office reviews. Published at
    once when the plan says so."""
    if isinstance(picked, Hearing):
        case = picked.case
        item = RegisterItem(court_id=campaign.court_id, campaign_id=campaign.id, measure_code=spec.code,
                            kind=entry.creates_kind, department_id=case.department_id, author=None, period=period,
                            status=ItemStatus.SUBMITTED, submitted_at=utcnow(), case_number=case.case_number,
                            case_id=case.id,
                            values={"case_number": case.case_number, "hearing_date": picked.held_on.isoformat(),
                                    "courtroom": picked.courtroom, "judge": picked.judge_name})
        db.session.add(item)
        db.session.flush()
        judge = case.judge.user if case.judge is not None else None
        if judge is not None:
            notify([judge], lambda: _("Drawn for observation: your hearing of %(case)s on %(day)s in %(room)s.",
                                      case=case.case_number, day=picked.held_on.isoformat(), room=picked.courtroom),
                   link=item_url(item), key=f"drawn:{item.id}")
    elif isinstance(picked, Case):
        item = RegisterItem(court_id=campaign.court_id, campaign_id=campaign.id, measure_code=spec.code,
                            kind=entry.creates_kind, department_id=picked.department_id, author=None, period=period,
                            status=ItemStatus.DRAFT, case_number=picked.case_number, case_id=picked.id,
                            values={"case_number": picked.case_number,
                                    "judge": picked.judge.name if picked.judge else ""})
        db.session.add(item)
        db.session.flush()
        _notify_department(item, picked.department_id, picked.judge.user if picked.judge else None)
    else:
        item = picked
    if entry.publish:
        db.session.add(Selection(court_id=campaign.court_id, campaign_id=campaign.id, measure_code=spec.code,
                                 list_code=entry.code, period=period, item=item, selected_by_id=user.id,
                                 published_at=utcnow()))
    return item


def _notify_department(item: RegisterItem, department_id: int, judge: User | None) -> None:
    # The judge whose document was drawn (the head, who owes it), and the staff who see to the department's hand-ins.
    people = people_with_roles(Role.STAFF, Role.DIVISION_HEAD, department_id=department_id)
    if judge is not None and judge not in people:
        people.append(judge)
    department = db.session.get(Department, department_id)
    notify(people, lambda: _("Drawn at random: %(case)s of %(department)s. Hand in its judgment document.",
                                   case=item.case_number, department=department.name),
           link=item_url(item), key=f"drawn:{item.id}")
