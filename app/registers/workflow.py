"""Writing items and moving them through their states.

draft → submitted (the author or the department, before or — with a reason — after the deadline)
submitted → approved | returned (the division head); approved → returned (the office)
returned → submitted (after changes); approved → selected → published (the office, app/registers/selections.py)

Every change is in the audit trail with its before and after; a change based on an out-of-date page is
refused (the item's version), so two people cannot overwrite each other unseen.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from flask import url_for
from flask_babel import gettext as _
from sqlalchemy import select

from app import audit
from app.cases import parse_case_number
from app.extensions import db
from app.labels import action_label, status_label
from app.models import Campaign, Case, Department, ItemStatus, RegisterItem, User
from app.models.base import utcnow
from app.notifications import notify
from app.plans.schema import ItemKindSpec, MeasureSpec
from app.policy import may_approve_item, may_edit_item, may_return_item, may_submit_item, reviewers
from app.registers.attachments import path_of
from app.registers.hooks import approval_hook
from app.registers.spec import RegisterError, item_deadline, kind_period, period_of
from app.transitions import Machine, Transition


class StaleItem(RegisterError):
    def __init__(self) -> None:
        super().__init__(_("Someone else changed this item while you were looking at it. The page now shows the "
                           "current version; make your change again."))


def _refused(item: RegisterItem, action: str, user: User, kind: ItemKindSpec) -> RegisterError:
    if kind.reviewed_by == "president" and item.status == ItemStatus.SUBMITTED and action in ("approve", "return"):
        return RegisterError(_("Only the court president decides this (一律由院长审批): whoever holds the president's "
                               "post in the directory."))
    return RegisterError(_("This item cannot be %(action)s now: it is %(status)s.",
                           action=action_label(action), status=status_label(item.status)))


def _missing(fields: list[str]) -> RegisterError:
    return RegisterError(_("Fill in %(fields)s before handing in.", fields=", ".join(fields)))


S = ItemStatus
TRANSITIONS = {
    "submit": Transition(frozenset({S.DRAFT, S.RETURNED}), (S.SUBMITTED,), may_submit_item),
    "approve": Transition(frozenset({S.SUBMITTED}), (S.APPROVED,), may_approve_item),
    "return": Transition(frozenset({S.SUBMITTED, S.APPROVED}), (S.RETURNED,), may_return_item),
}
ITEMS = Machine(TRANSITIONS, state="status", object_type="register_item", audit_prefix="item", stale=StaleItem,
                refused=_refused, missing=_missing)


def allowed_moves(item: RegisterItem, kind: ItemKindSpec, user: User) -> list[str]:
    """The moves ``user`` may make on ``item`` now (the buttons the item page shows)."""
    return ITEMS.allowed(item, user, kind)


def new_item(campaign: Campaign, spec: MeasureSpec, kind: ItemKindSpec, department: Department,
             author: User | None, period_key: str) -> RegisterItem:
    if kind_period(spec, kind.code) != period_of(period_key).kind:
        raise RegisterError(_("%(period)s is not a hand-in period of this item.", period=period_key))
    item = RegisterItem(court_id=campaign.court_id, campaign_id=campaign.id, measure_code=spec.code, kind=kind.code,
                        department=department, author=author, period=period_key, status=ItemStatus.DRAFT, values={})
    db.session.add(item)
    return item


def save_values(item: RegisterItem, kind: ItemKindSpec, values: dict[str, Any], user: User,
                version: int | None = None, missing_reason: str | None = None) -> None:
    """Store the form's values (already validated by the form and checked against the case register,
    app/registers/cases.py), link the case when the register has it (else keep the author's reason it is not
    there), take the handling judge from the case when none is given, record the change, commit."""
    ITEMS.check_version(item, version)
    creating = item.id is None
    cleaned = {f.code: _plain(values.get(f.code)) for f in kind.fields}
    case_field = next((f.code for f in kind.fields if f.type == "case_number"), None)
    if case_field and item.author_id is None and item.case_number:
        cleaned[case_field] = item.case_number  # a drawn case stays the case that was drawn
    item.case_id = None
    item.case_number = None
    if case_field and cleaned.get(case_field):
        number = str(parse_case_number(cleaned[case_field]))
        cleaned[case_field] = number
        item.case_number = number
        case = db.session.scalar(select(Case).where(Case.court_id == item.court_id, Case.case_number == number))
        if case is not None:
            item.case_id = case.id
            judge_field = next((f.code for f in kind.fields if f.type == "judge"), None)
            if judge_field and not cleaned.get(judge_field) and case.judge is not None:
                cleaned[judge_field] = case.judge.name
    missing = (missing_reason or "").strip() or None
    item.case_missing_reason = missing if item.case_number and not item.case_id else None
    before = dict(item.values or {})
    item.values = cleaned
    with ITEMS.guard():
        db.session.flush()
    old, new = audit.changes(before, cleaned)
    if creating or new:
        audit.record("item.create" if creating else "item.update", "register_item", item.id,
                     summary=_summary(item), before=None if creating else old, after=cleaned if creating else new,
                     department_id=item.department_id, measure_code=item.measure_code, user=user)
    ITEMS.commit()


def move(item: RegisterItem, kind: ItemKindSpec, campaign: Campaign, action: str, user: User, *,
         version: int | None, reason: str | None = None, today: date) -> bool:
    """Make one workflow move, or raise RegisterError saying why it cannot be made (nothing is changed).
    True when the move changed case data too (an approved extension), so the figures need recomputing."""
    reason = (reason or "").strip()
    changed_cases = False

    def effect(transition: Transition, values: Any) -> dict[str, Any]:
        nonlocal changed_cases
        hook = approval_hook(kind) if action == "approve" else None
        if hook is not None:
            hook.check(item, kind, campaign, today)
        after: dict[str, Any] = {}
        if action == "submit":
            _check_complete(item, kind)
            due = item_deadline(campaign, item)
            late = today > due
            if late and not reason:
                raise RegisterError(_("The deadline for %(period)s (%(deadline)s) has passed: give the reason for "
                                      "handing in late.", period=item.period, deadline=due.isoformat()))
            item.late, item.late_reason = late, reason or None
            item.submitted_at = utcnow()
            after.update(late=late, late_reason=item.late_reason)
        elif action == "return":
            if not reason:
                raise RegisterError(_("Say why the item is returned, so that its author knows what to change."))
            add_comment(item, user, reason, kind="return")
            after["reason"] = reason
        if hook is not None:
            item.status = transition.to[0]  # the hook sees the item approved
            changed_cases = hook.apply(item, kind, user)
        return after

    ITEMS.apply(item, action, user, context=kind, version=version, effect=effect, summary=_summary(item),
                tell=lambda: _tell(item, kind, action, reason), department_id=item.department_id,
                measure_code=item.measure_code)
    return changed_cases


def _tell(item: RegisterItem, kind: ItemKindSpec, action: str, reason: str) -> None:
    """Whoever must act next, or whoever asked, learns of the move at once (once per event)."""
    if action == "submit":
        notify([u for u in reviewers(item, kind.reviewed_by) if u.id != item.author_id],
               lambda: _("Waiting for your review: %(kind)s %(item)s from %(department)s.", kind=kind.name,
                         item=_summary(item), department=item.department.name),
               link=item_url(item), key=f"submitted:{item.id}:{item.submitted_at.isoformat()}")
    elif item.author is not None and action == "return":
        notify([item.author], lambda: _("Returned: %(item)s. Reason: %(reason)s", item=_summary(item),
                                        reason=reason),
               link=item_url(item), key=f"returned:{item.id}:{item.version}")
    elif item.author is not None and action == "approve":
        notify([item.author], lambda: _("Approved: %(kind)s %(item)s.", kind=kind.name, item=_summary(item)),
               link=item_url(item), key=f"approved:{item.id}:{item.version}")


def delete_draft(item: RegisterItem, kind: ItemKindSpec, user: User) -> None:
    """Delete a draft its author's department no longer wants, with its files. Items the app opened (a drawn
    case) are not drafts anyone may drop: the draw stands."""
    if item.status != ItemStatus.DRAFT or item.author_id is None or not may_edit_item(item, kind.handed_in_by, user):
        raise RegisterError(_("Only a draft you wrote or your department hands in can be deleted."))
    files = [path_of(a) for a in item.attachments]
    audit.record("item.delete", "register_item", item.id, summary=_summary(item),
                 before={**(item.values or {}), "files": [a.original_name for a in item.attachments]},
                 department_id=item.department_id, measure_code=item.measure_code, user=user)
    db.session.delete(item)
    db.session.commit()
    for path in files:
        path.unlink(missing_ok=True)


def add_comment(item: RegisterItem, user: User, body: str, *, kind: str = "comment", score: int | None = None,
                mode: str | None = None) -> None:
    from app.models import ItemComment

    item.comments.append(ItemComment(user_id=user.id, body=body.strip(), kind=kind, score=score, mode=mode))
    if kind != "return":  # a return's reason is recorded with the move
        audit.record(f"item.{kind}", "register_item", item.id, summary=_summary(item),
                     after={"body": body.strip(), "score": score, "mode": mode}, department_id=item.department_id,
                     measure_code=item.measure_code, user=user)


def add_review(item: RegisterItem, user: User, body: str, score: int, mode: str | None, modes: list[str]) -> None:
    """The office's scored review of a drawn item; where the draw names how items are observed (on site, by
    video), the review says which. RegisterError otherwise; the caller commits."""
    if modes and mode not in modes:
        raise RegisterError(_("Say how it was observed: %(modes)s.", modes="、".join(modes)))
    add_comment(item, user, body, kind="review", score=score, mode=mode or None)


def _check_complete(item: RegisterItem, kind: ItemKindSpec) -> None:
    missing = [f.name for f in kind.fields if f.required and not (item.values or {}).get(f.code)]
    if missing:
        raise _missing(missing)
    if kind.evidence_required:
        has_link = any(f.type == "url" and (item.values or {}).get(f.code) for f in kind.fields)
        if not item.attachments and not has_link:
            raise RegisterError(_("Attach the document (or give the link) before handing in."))


def _plain(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, str):
        return value.strip()
    return value


def _summary(item: RegisterItem) -> str:
    return f"{item.case_number or item.kind} ({item.period})"


def item_url(item: RegisterItem) -> str:
    return url_for(f"{item.measure_code}.item_detail", item_id=item.id)
