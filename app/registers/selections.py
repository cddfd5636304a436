"""The court's lists (the month's 3 excellent and 3 flawed documents, the year's top ten hearings) and the board.

The office puts approved items on a list, up to the list's quota, and publishes the list; a published list
is frozen and shown on the measure's board to everyone in the court (张榜公布).
"""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext as _
from sqlalchemy import select

from app import audit
from app.extensions import db
from app.models import Campaign, ItemStatus, RegisterItem, Selection, User
from app.models.base import utcnow
from app.notifications import notify
from app.plans.schema import ListSpec, MeasureSpec
from app.registers.spec import RegisterError, list_period_key
from app.registers.workflow import item_url


def list_spec(spec: MeasureSpec, list_code: str) -> ListSpec:
    found = next((entry for entry in spec.lists if entry.code == list_code), None)
    if found is None:
        raise RegisterError(_("This measure has no list %(code)s.", code=list_code))
    return found


def selections_of(campaign: Campaign, list_code: str, period: str) -> list[Selection]:
    return list(db.session.scalars(
        select(Selection).where(Selection.campaign_id == campaign.id, Selection.list_code == list_code,
                                Selection.period == period).order_by(Selection.id)
    ))


def candidates(campaign: Campaign, spec: MeasureSpec, entry: ListSpec, period: str) -> list[RegisterItem]:
    """Approved items of the list's kinds that belong to ``period`` and are not on the list yet."""
    items = db.session.scalars(
        select(RegisterItem).where(RegisterItem.campaign_id == campaign.id, RegisterItem.measure_code == spec.code,
                                   RegisterItem.kind.in_(entry.from_kinds), RegisterItem.status == ItemStatus.APPROVED)
        .order_by(RegisterItem.period, RegisterItem.department_id, RegisterItem.id)
    )
    return [item for item in items if list_period_key(entry.period, item.period) == period]


def add(campaign: Campaign, spec: MeasureSpec, list_code: str, period: str, item: RegisterItem, user: User,
        showcases: list[str]) -> Selection:
    entry = list_spec(spec, list_code)
    chosen = selections_of(campaign, list_code, period)
    size = spec.court_quota(list_code) or 0
    if any(s.published_at for s in chosen):
        raise RegisterError(_("This list has been published and can no longer change."))
    if item.kind not in entry.from_kinds or item.measure_code != spec.code or item.campaign_id != campaign.id:
        raise RegisterError(_("This item cannot go on this list."))
    if list_period_key(entry.period, item.period) != period:
        raise RegisterError(_("This item was handed in for %(period)s, not for this list's period.",
                              period=item.period))
    if item.status != ItemStatus.APPROVED:
        raise RegisterError(_("Only items the division head approved can be selected."))
    if len(chosen) >= size:
        raise RegisterError(_("The list already holds its %(size)d items; remove one first.", size=size))
    known = {s.code for s in entry.showcases}
    selection = Selection(court_id=campaign.court_id, campaign_id=campaign.id, measure_code=spec.code,
                          list_code=list_code, period=period, item=item, selected_by_id=user.id,
                          showcases=sorted(set(showcases) & known))
    db.session.add(selection)
    item.status = ItemStatus.SELECTED
    db.session.flush()
    audit.record("item.select", "register_item", item.id, summary=f"{list_code} {period}",
                 before={"status": ItemStatus.APPROVED.value},
                 after={"status": ItemStatus.SELECTED.value, "list": list_code, "period": period,
                        "showcases": selection.showcases},
                 department_id=item.department_id, measure_code=spec.code, user=user)
    if item.author is not None:
        notify([item.author], lambda: _("Selected: %(item)s is on the list “%(list)s”.",
                                        item=item.case_number or item.kind, list=entry.name),
               link=item_url(item), key=f"selected:{item.id}:{list_code}")
    db.session.commit()
    return selection


def remove(selection: Selection, user: User) -> None:
    if selection.published_at is not None:
        raise RegisterError(_("This list has been published and can no longer change."))
    item = selection.item
    item.status = ItemStatus.APPROVED
    audit.record("item.unselect", "register_item", item.id, summary=f"{selection.list_code} {selection.period}",
                 before={"status": ItemStatus.SELECTED.value}, after={"status": ItemStatus.APPROVED.value},
                 department_id=item.department_id, measure_code=selection.measure_code, user=user)
    db.session.delete(selection)
    db.session.commit()


def publish(campaign: Campaign, spec: MeasureSpec, list_code: str, period: str, user: User,
            short_reason: str | None = None) -> int:
    """Publish the list on the board. A list is published full (its quota); with fewer items only with the
    office's reason, which the board shows beside it."""
    list_spec(spec, list_code)
    chosen = selections_of(campaign, list_code, period)
    if not chosen:
        raise RegisterError(_("Select at least one item before publishing the list."))
    if any(s.published_at for s in chosen):
        raise RegisterError(_("This list has already been published."))
    size = spec.court_quota(list_code) or 0
    reason = (short_reason or "").strip() or None
    if len(chosen) < size and reason is None:
        raise RegisterError(_("The list holds %(count)d of its %(size)d items: give the reason it is published "
                              "short; the board shows it.", count=len(chosen), size=size))
    now = utcnow()
    for selection in chosen:
        selection.published_at = now
        selection.item.status = ItemStatus.PUBLISHED
        selection.short_reason = reason if len(chosen) < size else None
    audit.record("list.publish", "list", f"{list_code}:{period}", summary=f"{list_code} {period}",
                 after={"items": [s.item_id for s in chosen], "size": size,
                        "short_reason": reason if len(chosen) < size else None},
                 measure_code=spec.code, user=user)
    db.session.commit()
    return len(chosen)


@dataclass
class BoardEntry:
    list_code: str
    name: str
    period: str
    selections: list[Selection]

    @property
    def short_reason(self) -> str | None:
        return self.selections[0].short_reason if self.selections else None


def board(campaign: Campaign, spec: MeasureSpec) -> list[BoardEntry]:
    """Every published list of the measure (and published draws), newest period first."""
    names = {entry.code: entry.name for entry in [*spec.lists, *spec.draws]}
    published = db.session.scalars(
        select(Selection).where(Selection.campaign_id == campaign.id, Selection.measure_code == spec.code,
                                Selection.published_at.isnot(None))
        .order_by(Selection.period.desc(), Selection.list_code, Selection.id)
    )
    entries: dict[tuple[str, str], BoardEntry] = {}
    for selection in published:
        key = (selection.period, selection.list_code)
        if key not in entries:
            entries[key] = BoardEntry(selection.list_code, names.get(selection.list_code, selection.list_code),
                                      selection.period, [])
        entries[key].selections.append(selection)
    return list(entries.values())
