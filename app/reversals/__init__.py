"""The reversed-case file and its workflow (measures 1, 2, 4, 5, 6, 15, 16).

States:  awaiting_report → reported (the judge's self-inspection report, with or without an objection)
         reported → excluded (the office: reversed on new evidence or facts; left out of the committee's review)
         reported, excluded → contesting | accountability | closed (the committee's opinion at a meeting; an
         excluded file is not contested)
         contesting → contest_ready (the judge completes the report) → sent (the office sends the quarter's
         package to the face-to-face session) → closed (the office records the outcome)
         accountability → closed (the supervision office records the action)
Beside the states: the case supervisor (measure 15), the remand exchange (measure 5) and the retrial held by a
court leader (measure 16) are recorded at any time before the file closes (the retrial also after).

Every change is in the audit trail; a change based on an out-of-date page is refused (the file's version).
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from flask import url_for
from flask_babel import gettext as _
from sqlalchemy import select

from app import audit
from app.accounts import people_with_roles
from app.extensions import db
from app.labels import field_label, state_label
from app.models import Campaign, Case, CommitteeMeeting, FileState, ReversalFile, Role, User
from app.models.base import db_int, utcnow
from app.models.reversal import OPEN_STATES
from app.notifications import notify
from app.plans.access import plan_of
from app.plans.schema import ReversalsSpec
from app.policy import file_role, is_files_judge, may_record_exchange, may_record_retrial_outcome
from app.transitions import Machine, Transition


class FileError(ValueError):
    """A refused change to a file; the message says why, and nothing was changed."""


class StaleFile(FileError):
    def __init__(self) -> None:
        super().__init__(_("Someone else changed this file while you were looking at it. The page now shows the "
                           "current state; make your change again."))


# ---------------------------------------------------------------- opening


def open_files_from_cases(court_id: int, campaigns: list[Campaign]) -> int:
    """Open a file for every case whose second-instance or retrial result is a reversal and that has none yet,
    in the campaign whose window holds the result's date. Adds to the session; the caller commits (an import
    commits its cases and their files together)."""
    opened = 0
    for campaign in campaigns:
        plan = plan_of(campaign)
        if plan.reversals is None:
            continue
        results = plan.definitions.reversal_results
        has_file = select(ReversalFile.case_id).where(ReversalFile.court_id == court_id)
        cases = db.session.scalars(
            select(Case).where(Case.court_id == court_id, Case.appeal_result.in_(results),
                               Case.appeal_result_on.between(campaign.start_date, campaign.end_date),
                               Case.id.notin_(has_file))
        )
        for case in cases:
            db.session.add(_new_file(campaign, case, None))
            opened += 1
    if opened:
        audit.record("reversal.open", "reversal_file", None, court_id=court_id,
                     summary=f"{opened} reversed-case files opened from imported case data", after={"opened": opened})
    return opened


def open_file(campaign: Campaign, case: Case, user: User) -> ReversalFile:
    """The office opens a file by hand (a reversal the case data does not show yet); never a second one."""
    if db.session.scalar(select(ReversalFile.id).where(ReversalFile.case_id == case.id)) is not None:
        raise FileError(_("%(case)s already has a file.", case=case.case_number))
    plan = plan_of(campaign)
    if plan.reversals is None:
        raise FileError(_("The plan sets no rules for reversed cases."))
    if case.appeal_result not in plan.definitions.reversal_results:
        raise FileError(_("%(case)s shows no reversal (second-instance result: %(result)s).",
                          case=case.case_number, result=case.appeal_result or "—"))
    file = _new_file(campaign, case, user)
    db.session.add(file)
    db.session.flush()
    audit.record("reversal.open", "reversal_file", file.id, summary=case.case_number, user=user,
                 department_id=file.department_id, after={"result": file.result})
    FILES.commit()
    return file


def _new_file(campaign: Campaign, case: Case, user: User | None) -> ReversalFile:
    opened = case.appeal_result_on or date.today()
    return ReversalFile(court_id=case.court_id, campaign_id=campaign.id, case=case, department_id=case.department_id,
                        judge_id=case.judge_id, result=case.appeal_result, result_on=opened,
                        opened_by_id=user.id if user else None, state=FileState.AWAITING_REPORT,
                        report_due=opened + timedelta(days=plan_of(campaign).reversals.report_days))


# ---------------------------------------------------------------- the moves


def _refused(file: ReversalFile, action: str, user: User, rules: ReversalsSpec) -> FileError:
    return FileError(_("You cannot record this on the file now: it is %(state)s.", state=state_label(file.state)))


def _missing(names: list[str]) -> FileError:
    return FileError(_("Fill in: %(fields)s.", fields=", ".join(field_label(n) for n in names)))


F = FileState
# Who makes each move is a rule of app/policy.py; ``when`` is what the plan says of the file's result.
MOVES: dict[str, Transition] = {
    "report": Transition(frozenset({F.AWAITING_REPORT}), (F.REPORTED,), is_files_judge, required=("report",)),
    "exclude": Transition(frozenset({F.REPORTED}), (F.EXCLUDED,), file_role(Role.OFFICE),
                          required=("excluded_reason",)),
    # Every reversal gets the committee's opinion (measure 6), those left out of the two-way review too (measure 4).
    "review": Transition(frozenset({F.REPORTED, F.EXCLUDED}), (F.CONTESTING, F.ACCOUNTABILITY, F.CLOSED),
                         file_role(Role.COMMITTEE), required=("meeting_id", "committee_opinion")),
    "complete": Transition(frozenset({F.CONTESTING}), (F.CONTEST_READY,), is_files_judge, required=("report",)),
    "send": Transition(frozenset({F.CONTEST_READY}), (F.SENT,), file_role(Role.OFFICE)),
    "conclude": Transition(frozenset({F.SENT}), (F.CLOSED,), file_role(Role.OFFICE), required=("outcome",)),
    "account": Transition(frozenset({F.ACCOUNTABILITY}), (F.CLOSED,), file_role(Role.SUPERVISION),
                          required=("accountability_action", "accountability_on")),
}
# Records beside the states (they leave the state as it is), and the states they may be made in.
RECORDS: dict[str, Transition] = {
    "supervisor": Transition(OPEN_STATES, (), file_role(Role.OFFICE, Role.LEADER), required=("supervisor_id",)),
    "exchange": Transition(OPEN_STATES | {F.CLOSED}, (), may_record_exchange,
                           when=lambda file, rules: file.result in rules.remand_results,
                           required=("exchange_on", "exchange_with", "exchange_evidence", "exchange_facts",
                                     "exchange_law")),
    "retrial": Transition(OPEN_STATES | {F.CLOSED}, (), file_role(Role.OFFICE),
                          when=lambda file, rules: file.result in rules.retrial_results,
                          required=("retrial_holder_id",)),
    "retrial_outcome": Transition(OPEN_STATES | {F.CLOSED}, (), may_record_retrial_outcome,
                                  when=lambda file, rules: file.result in rules.retrial_results
                                  and file.retrial_holder_id is not None,
                                  required=("retrial_outcome", "retrial_closed_on")),
}
FILES = Machine({**MOVES, **RECORDS}, state="state", object_type="reversal_file", audit_prefix="reversal",
                stale=StaleFile, refused=_refused, missing=_missing, clean=lambda values: _clean(dict(values)))


def allowed(file: ReversalFile, user: User, campaign: Campaign) -> set[str]:
    """The moves and records ``user`` may make on ``file`` now (the forms its page shows)."""
    return set(FILES.allowed(file, user, plan_of(campaign).reversals))


# ---------------------------------------------------------------- acting


def act(file: ReversalFile, campaign: Campaign, action: str, user: User, values: dict[str, Any], *,
        version: int | None, today: date) -> None:
    """Make one move or record on ``file`` and commit, or raise FileError (nothing changed)."""
    FILES.apply(file, action, user, context=plan_of(campaign).reversals, version=version, values=values,
                effect=lambda move, cleaned: HANDLERS[action](file, campaign, user, dict(cleaned), today),
                summary=file.case.case_number, department_id=file.department_id)


MAX_TEXT = 10000


def _clean(values: dict[str, Any]) -> dict[str, Any]:
    """Form text as the handlers want it: trimmed, bounded, dates (``*_on``) as dates; a bad value is refused."""
    cleaned: dict[str, Any] = {}
    for name, value in values.items():
        if isinstance(value, str):
            value = value.strip()
            if len(value) > MAX_TEXT:
                raise FileError(_("%(field)s is longer than %(max)d characters.", field=field_label(name),
                                  max=MAX_TEXT))
            if name.endswith("_on") and value:
                try:
                    value = date.fromisoformat(value)
                except ValueError:
                    raise FileError(_("%(field)s: %(value)s is not a date (YYYY-MM-DD).", field=field_label(name),
                                      value=value[:20])) from None
        cleaned[name] = value
    return cleaned


def _required(values: dict[str, Any], *names: str) -> list[Any]:
    """The move's required values (its Transition's ``required``: present, checked by the machine)."""
    return [values[n] for n in names]


def _id(value: Any) -> int:
    try:
        return db_int(value)  # a number no row can have is refused here, not by the database
    except (TypeError, ValueError):
        raise FileError(_("Choose from the list.")) from None


def _report(file: ReversalFile, campaign: Campaign, user: User, values: dict, today: date) -> dict:
    (report,) = _required(values, "report")
    objection = bool(values.get("objection"))
    reasons = (values.get("objection_reasons") or "").strip() or None
    if objection and not reasons:
        raise FileError(_("An objection needs its detailed reasons."))
    file.report, file.reported_at = report, utcnow()
    file.objection, file.objection_reasons = objection, reasons if objection else None
    return {"objection": objection, "late": file.report_overdue(today)}


def _exclude(file: ReversalFile, campaign: Campaign, user: User, values: dict, today: date) -> dict:
    (reason,) = _required(values, "excluded_reason")
    file.excluded_reason = reason
    return {"reason": reason}


def _review(file: ReversalFile, campaign: Campaign, user: User, values: dict, today: date) -> dict:
    meeting_id, opinion = _required(values, "meeting_id", "committee_opinion")
    meeting = db.session.get(CommitteeMeeting, _id(meeting_id))
    if meeting is None or meeting.campaign_id != file.campaign_id:
        raise FileError(_("Choose the meeting at which the committee reviewed the file."))
    erroneous, contested = bool(values.get("erroneous")), bool(values.get("contested"))
    major = bool(values.get("major_negative_impact"))
    if contested and file.state == FileState.EXCLUDED:
        raise FileError(_("A reversal on new evidence or facts is not contested at the face-to-face session."))
    if (erroneous or major) and contested:
        raise FileError(_("The court cannot contest a reversal it finds an erroneous case or one of major negative "
                          "impact."))
    file.meeting, file.committee_opinion = meeting, opinion
    file.erroneous, file.contested, file.major_negative_impact = erroneous, contested, major
    file.state = F.CONTESTING if contested else (F.ACCOUNTABILITY if erroneous or major else F.CLOSED)
    if file.state == F.ACCOUNTABILITY:
        notify(people_with_roles(Role.SUPERVISION, court_id=file.court_id),
               lambda: _("%(case)s goes to the supervision office: %(why)s.", case=file.case.case_number,
                         why="、".join(w for w, on in ((_("erroneous case"), erroneous),
                                                       (_("major negative impact"), major)) if on)),
               link=url_for("reversals.detail", file_id=file.id), key=f"accountability:{file.id}")
    return {"erroneous": erroneous, "contested": contested, "major_negative_impact": major, "meeting": meeting.id}


def _complete(file: ReversalFile, campaign: Campaign, user: User, values: dict, today: date) -> dict:
    (report,) = _required(values, "report")
    file.report = report
    return {}


def _send(file: ReversalFile, campaign: Campaign, user: User, values: dict, today: date) -> dict:
    file.package_quarter = f"{today.year}Q{(today.month - 1) // 3 + 1}"
    file.sent_at = utcnow()
    return {"quarter": file.package_quarter}


def _conclude(file: ReversalFile, campaign: Campaign, user: User, values: dict, today: date) -> dict:
    (outcome,) = _required(values, "outcome")
    if outcome not in plan_of(campaign).reversals.face_to_face_outcomes:
        raise FileError(_("Choose one of the plan's outcomes."))
    file.outcome, file.outcome_note = outcome, (values.get("outcome_note") or "").strip() or None
    return {"outcome": outcome}


def _account(file: ReversalFile, campaign: Campaign, user: User, values: dict, today: date) -> dict:
    action, on = _required(values, "accountability_action", "accountability_on")
    if action not in plan_of(campaign).reversals.accountability_actions:
        raise FileError(_("Choose one of the plan's accountability actions."))
    file.accountability_action, file.accountability_on = action, on
    file.accountability_note = (values.get("accountability_note") or "").strip() or None
    return {"action": action}


def _supervisor(file: ReversalFile, campaign: Campaign, user: User, values: dict, today: date) -> dict:
    (user_id,) = _required(values, "supervisor_id")
    supervisor = db.session.get(User, _id(user_id))
    if supervisor is None or supervisor.department.court_id != file.court_id or not supervisor.has_role(
            Role.LEADER, Role.DIVISION_HEAD):
        raise FileError(_("A case supervisor is a court leader or a division head of this court."))
    file.supervisor_id = supervisor.id
    return {"supervisor": supervisor.username}


def _exchange(file: ReversalFile, campaign: Campaign, user: User, values: dict, today: date) -> dict:
    on, with_whom, evidence, facts, law = _required(values, "exchange_on", "exchange_with", "exchange_evidence",
                                                    "exchange_facts", "exchange_law")
    file.exchange_on, file.exchange_with = on, with_whom
    file.exchange_evidence, file.exchange_facts, file.exchange_law = evidence, facts, law
    return {"exchange_on": on, "with": with_whom}


def _retrial(file: ReversalFile, campaign: Campaign, user: User, values: dict, today: date) -> dict:
    (holder_id,) = _required(values, "retrial_holder_id")
    holder = db.session.get(User, _id(holder_id))
    if holder is None or holder.department.court_id != file.court_id or not holder.has_role(Role.LEADER):
        raise FileError(_("A retrial is assigned to a court leader."))
    file.retrial_holder_id = holder.id
    file.retrial_case_number = (values.get("retrial_case_number") or "").strip() or None
    return {"holder": holder.username, "retrial_case_number": file.retrial_case_number}


def _retrial_outcome(file: ReversalFile, campaign: Campaign, user: User, values: dict, today: date) -> dict:
    outcome, closed_on = _required(values, "retrial_outcome", "retrial_closed_on")
    file.retrial_outcome, file.retrial_closed_on = outcome, closed_on
    return {"outcome": outcome, "closed_on": closed_on}


HANDLERS = {"report": _report, "exclude": _exclude, "review": _review, "complete": _complete, "send": _send,
            "conclude": _conclude, "account": _account, "supervisor": _supervisor, "exchange": _exchange,
            "retrial": _retrial, "retrial_outcome": _retrial_outcome}


def record_meeting(campaign: Campaign, user: User, held_on: date, attendees: str, problems: str,
                   rectification: str) -> CommitteeMeeting:
    if not user.has_role(Role.COMMITTEE):
        raise FileError(_("The committee's secretary records its meetings."))
    meeting = CommitteeMeeting(court_id=campaign.court_id, campaign_id=campaign.id, held_on=held_on,
                               attendees=attendees.strip(), problems=problems.strip(),
                               rectification=rectification.strip(), recorded_by_id=user.id)
    db.session.add(meeting)
    db.session.flush()
    audit.record("meeting.record", "committee_meeting", meeting.id, summary=held_on.isoformat(), user=user,
                 measure_code="committee_review", after={"held_on": held_on, "attendees": meeting.attendees})
    FILES.commit()
    return meeting


def send_package(campaign: Campaign, user: User, today: date) -> list[ReversalFile]:
    """Send every completed contested file to the face-to-face session as this quarter's package; commit."""
    ready = list(db.session.scalars(select(ReversalFile).where(ReversalFile.campaign_id == campaign.id,
                                                               ReversalFile.state == FileState.CONTEST_READY)))
    if not ready:
        raise FileError(_("No contested file is ready: the judges complete their reports first."))
    for file in ready:
        act(file, campaign, "send", user, {}, version=None, today=today)
    return ready
