"""The plan's duties as one tracked thing: who owes what, by when, and whether it is done.

Each duty is declared in the plan file (``[[obligations]]``, app/plans/schema.ObligationSpec). ``evaluate`` reads
the evidence for every duty (app/obligations/evidence.py) and gives one ``Status`` per owner and period (or per
file, case or item): done, done late, open, overdue, target missed, or counted as needed. The console, each
measure's page, "my work", the reminders and the year-end assessment all read these statuses, never the evidence
themselves.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from app.extensions import db
from app.indicators.periods import Period
from app.models import Campaign, Department, Role, User
from app.obligations.evidence import Context
from app.obligations.status import (  # the types every reader of the duties uses, exported from here
    BODIES,
    BODY_KINDS,
    DEPARTMENT_HANDS_IN,
    OUTSTANDING,
    URGENCY,
    Owner,
    Part,
    State,
    Status,
    due_month,
    link_url,
    state_of,
)
from app.plans.access import plan_of
from app.plans.schema import ObligationSpec

__all__ = ["BODIES", "BODY_KINDS", "DEPARTMENT_HANDS_IN", "OUTSTANDING", "URGENCY", "Coverage", "Owner", "Part",
           "State", "Status", "coverage", "due_month", "duties", "evaluate", "link_url", "owner_label",
           "review_coverage", "state_of"]


def duties(campaign: Campaign) -> list[ObligationSpec]:
    """The plan's duties (validated when the plan was loaded)."""
    return plan_of(campaign).obligations


def evaluate(campaign: Campaign, today: date, *, codes: Iterable[str] | None = None,
             measure: int | None = None, departments: set[int] | None = None,
             outstanding_only: bool = False) -> list[Status]:
    """The status of every duty (or of the duties named by ``codes``, or of one measure's) for every owner and
    period, from the evidence as it stands; with ``departments``, of the duties those departments owe themselves
    only where that narrows the reading (a division's page), the court-level ones whole; ``outstanding_only`` may
    leave out what is done where that saves reading it (many cases)."""

    wanted = set(codes) if codes is not None else None
    context = Context(campaign, today, departments, outstanding_only)
    found: list[Status] = []
    for entry in duties(campaign):
        if wanted is not None and entry.code not in wanted:
            continue
        if measure is not None and entry.measure not in (measure, None):
            continue  # another measure's duty (a duty of none, such as the reviews, may hold this measure's items)
        statuses = context.evaluate(entry)
        if measure is not None:
            statuses = [s for s in statuses if s.measure == measure]
        found.extend(statuses)
    return found


def owner_label(owner: Owner) -> str:
    """Who owes it, as people read it: a person's name, or a department (its division head, for a review)."""
    from flask_babel import gettext as _

    if owner.user_id is not None:
        user = db.session.get(User, owner.user_id)
        return user.display_name if user else "—"
    department = db.session.get(Department, owner.department_id) if owner.department_id else None
    name = department.name if department else "—"
    if owner.roles == frozenset({Role.DIVISION_HEAD}):
        return _("%(department)s (division head)", department=name)
    return name


@dataclass
class Coverage:
    """How much of what a register-counted figure should rest on was reviewed: the cases of the period the plan owes
    a review for (a 终本 closure for 终本合格率), those reviewed, and those not."""

    owed: int
    missing: list[Status]

    @property
    def reviewed(self) -> int:
        return self.owed - len(self.missing)


def coverage(campaign: Campaign, indicator_code: str, period: Period, today: date,
             departments: set[int] | None = None) -> Coverage | None:
    """For an indicator counted from a register (``from_register``), the plan's per-case review duty over that kind
    and its statuses for the cases whose event fell in ``period``; None when no such duty is declared."""
    spec = plan_of(campaign).indicator(indicator_code)
    source = spec.from_register if spec else None
    entry = next((d for d in duties(campaign) if source is not None and d.evidence == "case_review"
                  and source.kind in d.kinds), None)
    return None if entry is None else review_coverage(campaign, entry.code, period, today, departments)


def review_coverage(campaign: Campaign, duty_code: str, period: Period, today: date,
                    departments: set[int] | None = None) -> Coverage:
    """A per-case review duty (``case_review``) over the cases whose event (the 终本 closure, the 执恢 filing) fell in
    ``period``: how many are owed a review, and those without an approved one."""
    found = [s for s in evaluate(campaign, today, codes=[duty_code], departments=departments)
             if s.since is not None and period.start <= s.since <= period.end]
    return Coverage(len(found), [s for s in found if s.state not in (State.DONE, State.DONE_LATE)])
