"""The statuses the duties are tracked in (app/obligations/): a duty's state, its owner, its parts and one status;
apart from the engine, so that the evidence readers (evidence.py) and the engine (__init__.py) both import them and
neither the other's insides."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from flask import current_app, url_for

from app.extensions import db
from app.indicators.periods import Period, month_period
from app.models import Role, User
from app.plans.schema import ObligationSpec


class State(enum.StrEnum):
    DONE = "done"
    DONE_LATE = "done_late"
    OPEN = "open"  # not yet due
    OVERDUE = "overdue"
    MISSED = "missed"  # a target figure the period closed below
    AS_NEEDED = "as_needed"  # counted, never overdue
    NOT_APPLICABLE = "na"


OUTSTANDING = frozenset({State.OPEN, State.OVERDUE})
# When several statuses meet in one cell, the most pressing shows.
URGENCY = (State.OVERDUE, State.MISSED, State.OPEN, State.DONE_LATE, State.DONE, State.AS_NEEDED,
           State.NOT_APPLICABLE)

# The court-level bodies that owe duties: the role whose accounts act for each, and the plan's department kind.
BODIES: dict[str, tuple[Role, str]] = {
    "office": (Role.OFFICE, "office"),
    "committee": (Role.COMMITTEE, "committee"),
    "supervision": (Role.SUPERVISION, "supervision"),
    "leaders": (Role.LEADER, "leadership"),
}
BODY_KINDS = frozenset(kind for _role, kind in BODIES.values())  # the departments that stand for a body
DEPARTMENT_HANDS_IN = frozenset({Role.STAFF, Role.DIVISION_HEAD})


@dataclass(frozen=True)
class Owner:
    """Who owes a status: one person (``user_id``), or the accounts with ``roles`` in ``department_id`` — or in the
    whole court when ``court_wide`` (a body such as the office)."""

    department_id: int | None
    user_id: int | None = None
    roles: frozenset[Role] = DEPARTMENT_HANDS_IN
    court_wide: bool = False

    @property
    def key(self) -> str:
        if self.user_id is not None:
            return f"u{self.user_id}"
        return f"r{'+'.join(sorted(self.roles))}" if self.court_wide else f"d{self.department_id}"

    def includes(self, user: User) -> bool:
        if self.user_id is not None:
            return user.id == self.user_id
        if not user.roles & self.roles:
            return False
        return self.court_wide or user.department_id == self.department_id

    def people(self, court_id: int) -> list[User]:
        from app.accounts import people_with_roles

        if self.user_id is not None:
            user = db.session.get(User, self.user_id)
            return [user] if user is not None and user.active else []
        if self.court_wide:
            return people_with_roles(*self.roles, court_id=court_id)
        return people_with_roles(*self.roles, department_id=self.department_id)


@dataclass(frozen=True)
class Part:
    """One kind of a quota: how many of what are in, of how many required."""

    name: str
    done: int
    required: int


@dataclass
class Status:
    duty: ObligationSpec
    owner: Owner
    state: State
    period: Period  # the period it counts in: its own, or the month its due day falls in
    due: date | None
    subject: str  # what it is about, as a person reads it (the period, a case number, ...)
    measure: int | None = None  # the measure it belongs to (an item-review duty spans several)
    done_on: date | None = None
    done_count: int = 0  # items in (quota), or 1 when done; the count for an as-needed duty
    required: int = 1
    parts: list[Part] = field(default_factory=list)
    link: tuple[str, dict[str, Any]] | None = None  # where the evidence is and the owner acts (endpoint, args)
    since: date | None = None  # the event that raised a per-file, per-case or per-item duty
    ref: str | None = None  # the record it is about ("file:12", "item:34"), where the subject does not name it alone

    def live_in(self, start: date, end: date, today: date) -> bool:
        """Was it owed at some time between ``start`` and ``end``: raised by then, and not done (or done) before?"""
        if self.since is None:
            return False
        return self.since <= end and (self.done_on or today) >= start

    @property
    def key(self) -> str:
        """Names this status for good: a reminder for it is sent once per event."""
        return f"{self.duty.code}:{self.owner.key}:{self.ref or self.subject}"

    @property
    def url(self) -> str | None:
        """Where it is acted on; None where a plan names a measure that has no pages yet."""
        return link_url(self.link)

    @property
    def outstanding(self) -> bool:
        return self.state in OUTSTANDING

    def begun(self, today: date) -> bool:
        """Is it owed yet? A period's duty once its period has begun; a duty raised by an event (a file, a case, an
        item) or set for a day, from the start."""
        return self.duty.cadence not in ("month", "quarter", "year") or self.period.start <= today

    @property
    def is_decision(self) -> bool:
        """A decision someone waits for (an approval, the committee's opinion, the supervision office's action),
        rather than a hand-in."""
        return (self.duty.owner == "reviewer" or self.duty.step in ("committee", "accountability")
                or self.duty.evidence == "objection_decision")


def state_of(done_on: date | None, due: date | None, today: date) -> State:
    """Done (late when after its due day), else overdue once its due day has passed, else open."""
    if done_on is not None:
        return State.DONE_LATE if due is not None and done_on > due else State.DONE
    if due is not None and today > due:
        return State.OVERDUE
    return State.OPEN


def link_url(link: tuple[str, dict[str, Any]] | None) -> str | None:
    """The address of an (endpoint, arguments) link; None for none, or for an endpoint this installation lacks (a plan
    may name a measure that has no pages yet)."""
    if link is None:
        return None
    endpoint, args = link
    return url_for(endpoint, **args) if endpoint in current_app.view_functions else None


def due_month(due: date | None, fallback: date) -> Period:
    day = due or fallback
    return month_period(day.year, day.month)
