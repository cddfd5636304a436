"""What each measure's page shows of the reversed-case files (the plan's ``reversal_view`` per measure)."""

from __future__ import annotations

from collections import Counter
from datetime import date
from typing import Any

from sqlalchemy import Select, select
from sqlalchemy.orm import selectinload

from app import policy
from app.extensions import db
from app.models import Campaign, Circulation, CommitteeMeeting, FileState, ReversalFile, User
from app.obligations import State, duties, evaluate
from app.plans.access import plan_of


def visible_files(campaign: Campaign, user: User) -> Select:
    """The campaign's files ``user`` may see (policy.visible_files)."""
    # The lists show each file's case, department, judge and supervisor: loaded with the files, not row by row.
    return select(ReversalFile).where(ReversalFile.campaign_id == campaign.id, policy.visible_files(user)).options(
        selectinload(ReversalFile.case), selectinload(ReversalFile.department), selectinload(ReversalFile.judge),
        selectinload(ReversalFile.supervisor))


# The duty (app/obligations, a file step) whose files still owing it each measure's page lists first.
STEP_OF_VIEW = {"register": "report", "remand": "exchange", "circulation": "accountability",
                "supervisors": "supervisor", "leaders": "retrial_holder"}


def owing(campaign: Campaign, step: str, files: list[ReversalFile], today: date, *,
          overdue_only: bool = False) -> tuple[list[ReversalFile], dict[int, date | None]]:
    """Of ``files``, those still owing the plan's duty for ``step`` (only those past its due day, if asked), in due
    order, and each one's due day: as the obligations engine reads it."""
    entry = next((d for d in duties(campaign) if d.evidence == "file_step" and d.step == step), None)
    if entry is None:
        return [], {}
    by_ref = {f"file:{f.id}": f for f in files}
    owed = [s for s in evaluate(campaign, today, codes=[entry.code])
            if s.ref in by_ref and (s.state == State.OVERDUE if overdue_only else s.outstanding)]
    owed.sort(key=lambda s: (s.due or date.max, s.subject))
    return [by_ref[s.ref] for s in owed], {by_ref[s.ref].id: s.due for s in owed}


def view(campaign: Campaign, name: str, user: User, today: date) -> dict[str, Any]:
    rules = plan_of(campaign).reversals
    files = list(db.session.scalars(visible_files(campaign, user).order_by(ReversalFile.result_on.desc(),
                                                                            ReversalFile.id.desc())))
    context: dict[str, Any] = {"counts": Counter(f.state for f in files), "today": today}
    if name in STEP_OF_VIEW:
        context["overdue"], context["due_of"] = owing(campaign, STEP_OF_VIEW[name], files, today,
                                                      overdue_only=name == "register")
    if name == "register":
        shown = files
    elif name == "committee":
        shown = [f for f in files if f.state in (FileState.REPORTED, FileState.EXCLUDED)]
        context["meetings"] = list(db.session.scalars(
            select(CommitteeMeeting).where(CommitteeMeeting.campaign_id == campaign.id)
            .order_by(CommitteeMeeting.held_on.desc())))
    elif name == "two_way":
        shown = [f for f in files if f.objection or f.contested]
        context["ready"] = [f for f in files if f.state == FileState.CONTEST_READY]
        context["quarters"] = sorted({f.package_quarter for f in files if f.package_quarter}, reverse=True)
    elif name == "remand":
        shown = [f for f in files if f.result in rules.remand_results]
    elif name == "circulation":
        shown = [f for f in files if f.state == FileState.ACCOUNTABILITY or f.accountability_action]
        context["circulations"] = list(db.session.scalars(
            select(Circulation).where(Circulation.campaign_id == campaign.id).order_by(Circulation.month.desc())))
        context["months"] = sorted({f.result_on.strftime("%Y-%m") for f in files}, reverse=True)
    elif name == "supervisors":
        shown = files
    else:  # leaders
        shown = [f for f in files if f.result in rules.retrial_results]
    context["files"] = shown
    return context
