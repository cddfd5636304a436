"""Data consultation (数据会商) before a bulletin is published.

Generating a draft of a report the plan names (``[consultation] reports``, the monthly bulletin) opens a window of
the plan's days on that version. Meanwhile each taking-part division sees its own figures for the period, each with
the cases behind it (the drill-down's own query), confirms it has checked them, and may object to one case's
counting in one figure, with a reason and an optional file. The office decides each objection: it corrects the case's
data (the fields the indicators count by, checked as an import checks them, recorded in the audit trail with the
objection as its cause; the caller then starts the recompute) or rejects it with a reason; the division is told
either way. Publishing before the window ends, or with an objection undecided, needs the office's reason; the
published version keeps the objections as decided and the moment objections were cut off.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import IO, Any

from flask import current_app, has_request_context, url_for
from flask_babel import gettext as _
from sqlalchemy import select

from app import audit
from app.accounts import people_with_roles
from app.clock import add_days, local_day
from app.extensions import db
from app.importers.cases import COLUMNS, CORRECTABLE, CaseImporter, display_value
from app.indicators.dashboard import last_computed
from app.indicators.drilldown import cases_behind, counted_in, has_case_lists, side_label, side_tallies
from app.indicators.periods import Period, parse_period
from app.models import (
    Campaign,
    Case,
    ConsultationCheck,
    Department,
    Indicator,
    IndicatorValue,
    Objection,
    ObjectionStatus,
    Report,
    Role,
    User,
)
from app.models.base import utcnow
from app.notifications import notify
from app.obligations import BODY_KINDS
from app.plans.access import plan_of
from app.registers import attachments
from app.registers.spec import RegisterError

# Files a division may attach to an objection (an extension's approval, the second-instance ruling, …).
ATTACHMENT_TYPES = ["pdf", "docx", "doc", "wps", "ofd"]
REASON_MAX = 2000


class ConsultationError(ValueError):
    """A refused consultation action; the message says why."""


def taking_part(campaign: Campaign) -> list[Department]:
    """The divisions that check their figures: the plan's ``[consultation] departments``, else every division (not the
    office, committee, leaders or supervision office)."""
    spec = plan_of(campaign)
    rows = db.session.scalars(select(Department).where(Department.court_id == campaign.court_id,
                                                       Department.active.is_(True)).order_by(Department.position))
    if spec.consultation.departments:
        codes = set(spec.expand_departments(spec.consultation.departments))
        return [d for d in rows if d.code in codes]
    return [d for d in rows if d.kind not in BODY_KINDS]


def has_consultation(report: Report) -> bool:
    return report.consultation_opened_at is not None


def window_open(report: Report, today: date) -> bool:
    """Objections are taken while the version is a draft and its window has not ended."""
    return (report.status == "draft" and report.consultation_until is not None
            and today <= report.consultation_until)


def open_window(campaign: Campaign, report: Report, today: date, user: User | None) -> bool:
    """Open the window on a new court-wide draft of a report the plan names (in the caller's transaction) and tell
    each taking-part division's heads and liaisons. A draft generated again keeps its window. True when opened."""
    spec = plan_of(campaign).consultation
    if report.kind not in spec.reports or report.department_id is not None or has_consultation(report):
        return False
    report.consultation_opened_at = utcnow()
    report.consultation_until = add_days(today, spec.window_days, spec.working_days)
    audit.record("consultation.open", "report", report.id, summary=report.title, user=user,
                 court_id=campaign.court_id, measure_code="trend_analysis",
                 after={"until": report.consultation_until})
    link = _url("reports.consultation", report_id=report.id)
    for department in taking_part(campaign):
        notify(division_people(campaign, department),
               lambda: _("Data consultation on %(title)s: check your division's figures and the cases behind them "
                         "by %(date)s; object to a case's counting there.", title=report.title,
                         date=report.consultation_until.isoformat()),
               link=link, key=f"consultation-open:{report.id}")
    return True


def open_windows(court_id: int, today: date) -> list[Report]:
    """The court's draft versions whose consultation window is open today (the reports page lists them)."""
    return list(db.session.scalars(select(Report).where(
        Report.court_id == court_id, Report.status == "draft", Report.consultation_until.isnot(None),
        Report.consultation_until >= today).order_by(Report.period.desc(), Report.id)))


def division_people(campaign: Campaign, department: Department) -> list[User]:
    """Who checks a division's figures and hears of the decisions: its heads, its staff and its appointed liaisons."""
    from app.directory import liaisons

    people = {u.id: u for u in people_with_roles(Role.DIVISION_HEAD, Role.STAFF, department_id=department.id)}
    people.update({u.id: u for u in liaisons(campaign, department)})
    return list(people.values())


# ---------------------------------------------------------------- what a division sees


@dataclass(frozen=True)
class Figure:
    """One of the division's figures for the period, with the sides whose cases can be listed."""

    indicator: Indicator
    value: IndicatorValue | None
    sides: list[str]  # numerator, denominator: those with a case list


def period_of(report: Report) -> Period:
    return parse_period(report.period)


def figures(campaign: Campaign, report: Report, department: Department) -> list[Figure]:
    """The division's figures of the bulletin's targets for the report's period, as stored now (after any
    corrections and their recompute)."""
    period = period_of(report)
    stored = {v.indicator_code: v for v in db.session.scalars(select(IndicatorValue).where(
        IndicatorValue.court_id == campaign.court_id, IndicatorValue.period_key == period.key,
        IndicatorValue.scope_kind == "department", IndicatorValue.scope_id == department.id))}
    shown = []
    for indicator in campaign.indicators:
        if not indicator.target_number:
            continue
        sides = [s for s in ("numerator", "denominator") if has_case_lists(indicator) and side_tallies(indicator, s)]
        shown.append(Figure(indicator, stored.get(indicator.code), sides))
    return shown


def indicator_of(campaign: Campaign, code: str) -> Indicator | None:
    return next((i for i in campaign.indicators if i.code == code and i.target_number), None)


def cases_counted(campaign: Campaign, report: Report, indicator: Indicator, side: str, department: Department,
                  sort: str = "case_number", descending: bool = False) -> Any:
    """The query of the division's cases counted in one side of one figure (the drill-down's)."""
    return cases_behind(campaign, indicator, period_of(report), side, "department", department.id, sort, descending)


def objections(report: Report, department_id: int | None = None) -> list[Objection]:
    query = select(Objection).where(Objection.report_id == report.id)
    if department_id is not None:
        query = query.where(Objection.department_id == department_id)
    return list(db.session.scalars(query.order_by(Objection.raised_at, Objection.id)))


def checks(report: Report) -> dict[int, ConsultationCheck]:
    return {c.department_id: c for c in db.session.scalars(select(ConsultationCheck).where(
        ConsultationCheck.report_id == report.id))}


# ---------------------------------------------------------------- the division's moves


def raise_objection(campaign: Campaign, report: Report, department: Department, indicator: Indicator, side: str,
                    case: Case, reason: str, upload: IO[bytes] | None, upload_name: str | None, user: User,
                    today: date) -> Objection:
    """A division objects to ``case``'s counting in one side of one figure. Refused outside the window, for a case
    that is not the division's or not counted there, or without a reason; a refused file keeps nothing. Commits."""
    if not window_open(report, today):
        raise ConsultationError(_("The consultation window of this bulletin has ended; objections are no longer "
                                  "taken."))
    if department not in taking_part(campaign):
        raise ConsultationError(_("%(department)s does not take part in this consultation.",
                                  department=department.name))
    reason = (reason or "").strip()
    if not reason:
        raise ConsultationError(_("Say why the case should not count as it does (the reason)."))
    if len(reason) > REASON_MAX:
        raise ConsultationError(_("The reason is longer than %(n)d characters.", n=REASON_MAX))
    counted = {(c.indicator.code, c.side) for c in counted_in(campaign, case, period_of(report))}
    if case.department_id != department.id or (indicator.code, side) not in counted:
        named = f"{indicator.name} · {side_label(indicator, side)}"
        raise ConsultationError(_("%(case)s is not counted in %(figure)s of %(department)s.", case=case.case_number,
                                  figure=named, department=department.name))
    if any(o.open and o.case_id == case.id and o.indicator_code == indicator.code and o.side == side
           for o in objections(report, department.id)):
        raise ConsultationError(_("An objection to %(case)s in this figure is already waiting for the office.",
                                  case=case.case_number))
    stored = None
    if upload_name:
        try:
            stored = attachments.store_upload(upload, upload_name, ATTACHMENT_TYPES)
        except RegisterError as error:
            raise ConsultationError(str(error)) from None
    objection = Objection(court_id=campaign.court_id, report_id=report.id, department_id=department.id,
                          case_id=case.id, case_number=case.case_number, indicator_code=indicator.code, side=side,
                          reason=reason, status=ObjectionStatus.OPEN.value, raised_by_id=user.id)
    if stored is not None:
        objection.attachment_name, objection.attachment_stored = stored.name, stored.stored_name
        objection.attachment_type, objection.attachment_size = stored.extension, stored.size
        objection.attachment_sha256 = stored.sha256
    try:
        db.session.add(objection)
        db.session.flush()
        audit.record("objection.raise", "objection", objection.id, summary=f"{case.case_number} · {indicator.name_zh}",
                     after={"report": report.id, "indicator": indicator.code, "side": side, "reason": reason,
                            "file": stored.name if stored else None},
                     department_id=department.id, measure_code="trend_analysis", user=user)
        notify(people_with_roles(Role.OFFICE, court_id=campaign.court_id),
               lambda: _("%(department)s objects to %(case)s in %(figure)s (%(title)s): decide it.",
                         department=department.name, case=case.case_number, figure=indicator.name,
                         title=report.title),
               link=_url("reports.objection", report_id=report.id, objection_id=objection.id),
               key=f"objection-raised:{objection.id}")
        db.session.commit()
    except Exception:
        db.session.rollback()
        if stored is not None:
            attachments.discard(stored.stored_name)
        raise
    return objection


def confirm_checked(report: Report, department: Department, user: User, today: date) -> ConsultationCheck:
    """The division says it has checked its figures (its duty in the window). Commits."""
    if not window_open(report, today):
        raise ConsultationError(_("The consultation window of this bulletin has ended."))
    if department.id in checks(report):
        raise ConsultationError(_("%(department)s has already confirmed its figures.", department=department.name))
    check = ConsultationCheck(report_id=report.id, department_id=department.id, checked_by_id=user.id)
    db.session.add(check)
    audit.record("consultation.check", "report", report.id, summary=f"{report.title} · {department.name_zh}",
                 department_id=department.id, measure_code="trend_analysis", user=user)
    db.session.commit()
    return check


# ---------------------------------------------------------------- the office's decisions


def correctable_fields() -> list[tuple[str, str]]:
    """(export header, Case attribute) of the fields the correction form offers."""
    return [(header, attr) for header, attr, _kind in COLUMNS if header in CORRECTABLE]


def current_values(case: Case) -> dict[str, str]:
    """The form's starting values: the case's fields as an import would read them."""
    values = {}
    for header, attr in correctable_fields():
        value = getattr(case, attr)
        if attr == "department_id":
            value = case.department.name_zh
        elif isinstance(value, bool):
            value = "是" if value else "否"
        values[header] = "" if value is None else display_value(value)
    return values


def accept(campaign: Campaign, objection: Objection, values: dict[str, str], note: str, user: User) -> list[str]:
    """Correct the case as the objection asks: the given fields, checked as an import row is; recorded in the audit
    trail with the objection as its cause; the division told. Commits; the caller starts the recompute. Returns the
    changed fields' headers. ConsultationError names each field at fault (nothing changed)."""
    report = db.session.get(Report, objection.report_id)
    _decidable(report, objection)
    wanted = {h: (values.get(h) or "").strip() for h, _attr in correctable_fields() if h in values}
    changed, errors = CaseImporter(campaign.court).check_correction(objection.case_number, wanted)
    if errors:
        raise ConsultationError("；".join(f"{e.column}「{e.value}」：{e.reason}" for e in errors))
    if not changed:
        raise ConsultationError(_("Nothing was changed: correct at least one field, or reject the objection with a "
                                  "reason."))
    case = objection.case
    headers = {attr: header for header, attr, _kind in COLUMNS}
    before = {attr: old for attr, (old, _new) in changed.items()}
    after = {attr: new for attr, (_old, new) in changed.items()}
    for attr, value in after.items():
        setattr(case, attr, value)
    case.updated_at = utcnow()
    # The objection is the change's cause: the entry names it, so the trail reads why the case changed.
    audit.record("case.correct", "case", case.id, summary=_("%(case)s corrected on objection #%(id)d",
                                                            case=case.case_number, id=objection.id),
                 before=before, after={**after, "objection": objection.id}, department_id=case.department_id,
                 measure_code="trend_analysis", user=user)
    note = (note or "").strip()[:REASON_MAX]
    shown = "、".join(headers.get(attr, _("Deadline")) for attr in changed)
    objection.status = ObjectionStatus.ACCEPTED.value
    objection.decision = note or _("Corrected: %(fields)s.", fields=shown)
    # Kept under the export's column names, as the division and the bulletin read them.
    named = {attr: headers.get(attr, "审限届满日期") for attr in changed}
    objection.correction = {"before": _plain({named[a]: v for a, v in before.items()}),
                            "after": _plain({named[a]: v for a, v in after.items()})}
    objection.decided_by_id, objection.decided_at = user.id, utcnow()
    audit.record("objection.accept", "objection", objection.id, summary=f"{objection.case_number} · {shown}",
                 after={"decision": objection.decision, "fields": list(changed)},
                 department_id=objection.department_id, measure_code="trend_analysis", user=user)
    _tell_division(campaign, report, objection)
    db.session.commit()
    return [headers[attr] for attr in changed if attr in headers]


def reject(campaign: Campaign, objection: Objection, reason: str, user: User) -> None:
    """Keep the counting, with the office's reason; the division is told. Commits."""
    report = db.session.get(Report, objection.report_id)
    _decidable(report, objection)
    reason = (reason or "").strip()
    if not reason:
        raise ConsultationError(_("Give the reason for rejecting the objection; the division reads it."))
    objection.status = ObjectionStatus.REJECTED.value
    objection.decision = reason[:REASON_MAX]
    objection.decided_by_id, objection.decided_at = user.id, utcnow()
    audit.record("objection.reject", "objection", objection.id, summary=objection.case_number,
                 after={"decision": objection.decision}, department_id=objection.department_id,
                 measure_code="trend_analysis", user=user)
    _tell_division(campaign, report, objection)
    db.session.commit()


def _decidable(report: Report, objection: Objection) -> None:
    if not objection.open:
        raise ConsultationError(_("This objection has already been decided."))
    if report.status != "draft":
        raise ConsultationError(_("The bulletin is published; its objections are recorded as they stood."))


def _tell_division(campaign: Campaign, report: Report, objection: Objection) -> None:
    department = objection.department
    people = {u.id: u for u in division_people(campaign, department)}
    people[objection.raised_by_id] = objection.raised_by

    def message() -> str:
        if objection.status == ObjectionStatus.ACCEPTED:
            return _("Your objection to %(case)s (%(title)s) was accepted: the data were corrected.",
                     case=objection.case_number, title=report.title)
        return _("Your objection to %(case)s (%(title)s) was rejected: %(reason)s", case=objection.case_number,
                 title=report.title, reason=objection.decision)

    notify(people.values(), message,
           link=_url("reports.objection", report_id=report.id, objection_id=objection.id),
           key=f"objection-decided:{objection.id}")


# ---------------------------------------------------------------- publication


def publish_needs_reason(report: Report, today: date) -> list[str]:
    """Why publishing now needs the office's recorded reason: the window still runs, objections are undecided."""
    if not has_consultation(report):
        return []
    why = []
    if window_open(report, today):
        why.append(_("the consultation window runs until %(date)s", date=report.consultation_until.isoformat()))
    undecided = sum(1 for o in objections(report) if o.open)
    if undecided:
        why.append(_("%(n)d objections are undecided", n=undecided))
    return why


def before_publish(campaign: Campaign, report: Report, today: date, reason: str | None,
                   rebuild: Callable[[], dict[str, Any]]) -> None:
    """Check what publishing a consulted version needs and record the consultation in it (in the caller's
    transaction): the reason where one is needed, the figures after the corrections (``rebuild`` makes the content
    again from the stored figures), the objections as decided and the cut-off."""
    if not has_consultation(report):
        return
    reason = (reason or "").strip()
    why = publish_needs_reason(report, today)
    if why and not reason:
        raise ConsultationError(_("Publishing now needs a recorded reason (%(why)s).", why="；".join(why)))
    found = objections(report)
    accepted = [o for o in found if o.status == ObjectionStatus.ACCEPTED]
    if accepted:
        computed = last_computed(campaign, period_of(report))
        latest = max(o.decided_at for o in accepted)
        if computed is None or _aware(computed) < _aware(latest):
            raise ConsultationError(_("The figures are still being recomputed after the corrections; publish once "
                                      "the recompute has finished."))
        report.content = rebuild()  # the figures after the corrections
    report.consultation_closed_at = utcnow()
    report.publish_reason = reason[:REASON_MAX] or None
    indicators = {i.code: i for i in campaign.indicators}
    report.content = {**report.content, "consultation": {
        "until": report.consultation_until.isoformat(),
        "closed_at": local_day(report.consultation_closed_at).isoformat(),
        "reason": report.publish_reason,
        "objections": [{
            "case_number": o.case_number, "department": o.department.name_zh,
            "figure": indicators[o.indicator_code].name_zh if o.indicator_code in indicators else o.indicator_code,
            "side": "分子" if o.side == "numerator" else "分母", "reason": o.reason, "status": o.status,
            "decision": o.decision or "", "decided_on": local_day(o.decided_at).isoformat() if o.decided_at else "",
        } for o in found],
    }}


def _plain(values: dict[str, Any]) -> dict[str, Any]:
    """JSON-safe: dates as ISO text, amounts as text."""
    return {k: v.isoformat() if isinstance(v, date) else (str(v) if isinstance(v, Decimal) else v)
            for k, v in values.items()}


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def _url(endpoint: str, **args: Any) -> str:
    """A link for a notice, from a request or from a job (which has none)."""
    if has_request_context():
        return url_for(endpoint, **args)
    with current_app.test_request_context("/"):
        return url_for(endpoint, **args)
