"""Daily reminders from the obligations: a duty falling due within the plan's reminder window, and one overdue,
once per owner, duty and event (re-runs add nothing)."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta
from functools import partial

from flask_babel import gettext as _

from app.extensions import db
from app.models import Campaign
from app.notifications import notify
from app.obligations import State, Status, evaluate
from app.registers.spec import hand_ins

# Overdue reminders go out for deadlines missed in this many days before today, not for the whole year
# (a court that starts using the app in June is not told about March).
OVERDUE_LOOKBACK_DAYS = 31


def send_reminders(campaign: Campaign, today: date) -> int:
    """Remind everyone who owes a duty due within the plan's reminder window, or overdue; commit. Returns how many
    notices were added. Links are built with url_for: run inside a request context."""
    window = hand_ins(campaign).remind_days_before
    added = 0
    people: dict = {}
    # Duties owed per case come by the dozen: one notice per duty, owner, event and due day, naming the cases.
    batches: dict[tuple, list[Status]] = defaultdict(list)
    for status in evaluate(campaign, today):
        if not status.outstanding or status.due is None or not status.begun(today):
            continue
        days = (status.due - today).days
        if status.state == State.OPEN and days <= window:
            if status.duty.evidence == "item_review":
                continue  # the reviewer was told when the item reached them; reminded again only once overdue
            event = "due"
        elif status.state == State.OVERDUE and status.due >= today - timedelta(days=OVERDUE_LOOKBACK_DAYS):
            event = "overdue"
        else:
            continue
        if status.owner not in people:
            people[status.owner] = status.owner.people(campaign.court_id)
        if status.duty.cadence == "per_case":
            batches[(event, status.duty.code, status.owner, status.due)].append(status)
            continue
        added += notify(people[status.owner], partial(_message, event, status, days), link=status.url,
                        key=f"{event}:{status.key}")
    for (event, code, owner, due), statuses in batches.items():
        first = statuses[0]
        added += notify(people[owner], partial(_batch_message, event, statuses, (due - today).days),
                        link=first.url, key=f"{event}:{code}:{owner.key}:{due.isoformat()}")
    db.session.commit()
    return added


def _batch_message(event: str, statuses: list[Status], days: int) -> str:
    shown = "、".join(s.subject for s in statuses[:5]) + ("…" if len(statuses) > 5 else "")
    first = statuses[0]
    if event == "due":
        return _("%(duty)s — %(count)d cases (%(cases)s): due %(date)s (in %(days)d days).", duty=first.duty.name,
                 count=len(statuses), cases=shown, date=first.due.isoformat(), days=days)
    return _("%(duty)s — %(count)d cases (%(cases)s): overdue since %(date)s.", duty=first.duty.name,
             count=len(statuses), cases=shown, date=first.due.isoformat())


def _message(event: str, status: Status, days: int) -> str:
    counts = f" {status.done_count}/{status.required}" if status.required > 1 else ""
    if event == "due":
        return _("%(duty)s — %(subject)s%(counts)s: due %(date)s (in %(days)d days).", duty=status.duty.name,
                 subject=status.subject, counts=counts, date=status.due.isoformat(), days=days)
    return _("%(duty)s — %(subject)s%(counts)s: overdue since %(date)s.", duty=status.duty.name,
             subject=status.subject, counts=counts, date=status.due.isoformat())
