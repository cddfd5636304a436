"""The campaign's phases: checklist progress, and what a phase opens (the year-end assessment only in a phase
the plan marks ``allows = ["assessment"]``)."""

from __future__ import annotations

from datetime import date

from flask_babel import gettext as _

from app import audit
from app.extensions import db
from app.models import Campaign, ChecklistItem, User
from app.models.base import utcnow


class PhaseError(ValueError):
    """A refused phase action; the message says why."""


def mark_checklist_item(item: ChecklistItem, user: User, *, done: bool, note: str | None) -> None:
    """Mark a checklist item done with its evidence (e.g. the minutes' document number), or open again; commit."""
    note = (note or "").strip() or None
    if done and not note:
        raise PhaseError(_("Say what shows it is done (e.g. the minutes' number or where the document is filed)."))
    before = {"done": item.done_at is not None, "evidence": item.evidence_note}
    item.done_at, item.done_by_id = (utcnow(), user.id) if done else (None, None)
    item.evidence_note = note if done else None
    audit.record("checklist.done" if done else "checklist.reopen", "checklist_item", item.id, summary=item.name_zh,
                 before=before, after={"done": done, "evidence": item.evidence_note}, user=user)
    db.session.commit()


def open_assessment(campaign: Campaign, user: User, day: date) -> None:
    """Open the year-end assessment; refused outside a phase that allows it, and when it is open already."""
    if campaign.assessment_opened_at is not None:
        raise PhaseError(_("The assessment is already open."))
    if not campaign.phase_allows("assessment", day):
        phase = campaign.phase_allowing("assessment")
        raise PhaseError(_("The year-end assessment opens in %(phase)s (from %(start)s); today is %(today)s.",
                           phase=phase.name if phase else "—",
                           start=phase.start_date.isoformat() if phase else "—", today=day.isoformat()))
    campaign.assessment_opened_at = utcnow()
    campaign.assessment_opened_by_id = user.id
    audit.record("assessment.open", "campaign", campaign.code, summary=campaign.code, user=user,
                 after={"opened_on": day.isoformat()})
    db.session.commit()
