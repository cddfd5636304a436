"""Human labels for codes the templates show (periods, bands), in the user's language."""

from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from app.indicators.periods import Period


def format_value(value: float | None, unit: str) -> str:
    """A figure as every page and export shows it: 91.2% / 45.3 天 / rank 12 / 1.05; "—" when there is none."""
    if value is None:
        return "—"
    if unit == "percent":
        return f"{value * 100:.1f}%"
    if unit == "days":
        return _("%(days)s days", days=f"{value:.1f}")
    return f"{value:.0f}" if unit == "rank" else f"{value:.2f}"


def period_label(period: Period) -> str:
    start, end = period.start, period.end
    if period.kind == "month":
        return _("%(year)d-%(month)02d", year=start.year, month=start.month)
    if period.kind == "quarter":
        return _("%(year)d Q%(quarter)d", year=start.year, quarter=(start.month - 1) // 3 + 1)
    if period.kind == "year":
        return _("Year %(year)d", year=start.year)
    if period.kind == "ytd":
        return _("%(year)d, January to month %(month)d", year=start.year, month=end.month)
    if period.kind == "campaign":
        return _("The campaign (%(start)s – %(end)s)", start=start.isoformat(), end=end.isoformat())
    return f"{start.isoformat()} – {end.isoformat()}"


def band_label(band: str) -> str:
    return {"excellent": _("excellent"), "good": _("good"), "fair": _("fair"), "poor": _("poor"),
            "inside": _("inside the range"), "outside": _("outside the range")}.get(band, band)


BANDS_ZH = {"excellent": "优", "good": "良", "fair": "中", "poor": "差", "inside": "区间内", "outside": "区间外"}


def band_zh(band: str | None) -> str:
    """A band as the court's documents name it, whoever generates them (the bulletin, the assessment's evidence)."""
    return BANDS_ZH.get(band or "", "—")


def audit_action_label(action: str) -> str:
    """What an audit entry's action means, for the history on an item's page; unknown actions show as recorded."""
    return {
        "item.create": _("created"), "item.delete": _("deleted"), "item.update": _("changed"),
        "item.attach": _("attached a file"),
        "item.detach": _("removed a file"), "item.submit": _("handed in"), "item.approve": _("approved"),
        "item.return": _("returned"), "item.select": _("put on a list"), "item.unselect": _("taken off a list"),
        "item.comment": _("commented"), "item.review": _("reviewed"),
        "item.filing": _("filed with the intermediate court"), "case.extend": _("time limit extended"),
        "reversal.open": _("file opened"), "reversal.report": _("self-inspection report handed in"),
        "reversal.exclude": _("left out of the committee review"), "reversal.review": _("committee opinion"),
        "reversal.complete": _("report completed"), "reversal.send": _("sent to the face-to-face session"),
        "reversal.conclude": _("face-to-face outcome"), "reversal.account": _("accountability action"),
        "reversal.supervisor": _("case supervisor named"), "reversal.exchange": _("exchange recorded"),
        "reversal.retrial": _("retrial assigned"), "reversal.retrial_outcome": _("retrial outcome"),
    }.get(action, action)


def line_label(line: str) -> str:
    """A trial line (审判条线) as the plan's case types name it."""
    return {"civil": _("civil and commercial"), "criminal": _("criminal"), "administrative": _("administrative"),
            "enforcement": _("enforcement"), "other": _("other")}.get(line, line)


def obligation_state_label(state: str) -> str:
    """A duty's status (app/obligations.State) as people read it."""
    return {"done": _("done"), "done_late": _("done late"), "open": _("open"), "overdue": _("overdue"),
            "missed": _("target missed"), "as_needed": _("as needed"), "na": _("not applicable")}.get(state, state)


def case_column_label(column: str) -> str:
    """A case field as a list's column head (the columns that make a case count in a figure)."""
    return {"filed_on": _("Filed on"), "closed_on": _("Closed on"), "deadline": _("Deadline"),
            "appealed_on": _("Appealed on"), "retrial_petition_on": _("Retrial petitioned on"),
            "appeal_result": _("Appeal result"), "appeal_result_on": _("Appeal result on"),
            "effective_on": _("Effective on"), "enforcement_applied_on": _("Enforcement applied for on"),
            "deducted_days": _("Deducted days"), "procedure": _("Procedure"), "closing_method": _("How it closed"),
            "amount_applied": _("Amount applied for"), "amount_recovered": _("Amount recovered"),
            "pre_litigation_outcome": _("Pre-litigation outcome")}.get(column, column)


def status_label(status: str) -> str:
    """A register item's status (app/models/register.ItemStatus)."""
    return {"draft": _("draft"), "submitted": _("submitted"), "returned": _("returned"),
            "approved": _("approved"), "selected": _("selected"), "published": _("published")}.get(status, status)


def action_label(action: str) -> str:
    """An item's workflow move, as "cannot be ... now" says it."""
    return {"submit": _("handed in"), "approve": _("approved"), "return": _("returned")}.get(action, action)


STATE_LABELS = {
    "awaiting_report": _l("awaiting the self-inspection report"), "reported": _l("awaiting the committee"),
    "excluded": _l("left out (new evidence or facts)"), "contesting": _l("contested: report to complete"),
    "contest_ready": _l("ready for the face-to-face session"), "sent": _l("at the face-to-face session"),
    "accountability": _l("with the supervision office"), "closed": _l("closed"),
}


def state_label(state: str) -> str:
    """A reversed-case file's state (app/models/reversal.FileState)."""
    return str(STATE_LABELS.get(state, state))


FIELD_LABELS = {
    "report": _l("self-inspection report"), "excluded_reason": _l("why it is left out"), "meeting_id": _l("meeting"),
    "committee_opinion": _l("committee opinion"), "outcome": _l("outcome"), "accountability_action": _l("action"),
    "accountability_on": _l("date"), "supervisor_id": _l("case supervisor"),
    "exchange_on": _l("date of the exchange"), "exchange_with": _l("second-instance judge"),
    "exchange_evidence": _l("on the evidence"), "exchange_facts": _l("on the facts"),
    "exchange_law": _l("on the law"), "retrial_holder_id": _l("court leader"),
    "retrial_outcome": _l("how the retrial ended"),
    "retrial_closed_on": _l("date closed"), "attendees": _l("attendees"), "problems": _l("problems found"),
    "rectification": _l("rectification measures"), "comment": _l("the office's comment"),
}


def field_label(name: str) -> str:
    """A reversed-case file's form field, as a refusal names it."""
    return str(FIELD_LABELS.get(name, name))


def report_status_label(status: str) -> str:
    """A report's status (draft, published)."""
    return {"draft": _("draft"), "published": _("published")}.get(status, status)


def import_status_label(status: str, error_count: int = 0) -> str:
    """A case import's status, as its history lists it."""
    return {"pending": _("running"), "done": _("imported"),
            "rejected": _("rejected: %(n)d bad rows", n=error_count), "failed": _("failed")}.get(status, status)


def objection_status_label(status: str) -> str:
    """A division's objection to a bulletin's counting (app/models/consultation.ObjectionStatus)."""
    return {"open": _("undecided"), "accepted": _("accepted: data corrected"),
            "rejected": _("rejected")}.get(status, status)
