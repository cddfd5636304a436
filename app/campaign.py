"""The running campaign: which plan applies to a court today and where in its phases we are."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask import current_app, g, has_request_context
from flask_login import current_user
from sqlalchemy import select

from app.extensions import db
from app.models import Campaign, Phase


def today() -> date:
    """The app's notion of today; AS_OF_DATE pins it (demo data describes a past year)."""
    return current_app.config.get("AS_OF_DATE") or date.today()


def current_campaign(court_id: int) -> Campaign | None:
    """The court's latest campaign that has started, else its next one (looked up once per request)."""
    if has_request_context():
        found = g.setdefault("current_campaigns", {})
        if court_id not in found:
            found[court_id] = _current_campaign(court_id)
        return found[court_id]
    return _current_campaign(court_id)


def _current_campaign(court_id: int) -> Campaign | None:
    day = today()
    started = db.session.scalar(
        select(Campaign)
        .where(Campaign.court_id == court_id, Campaign.start_date <= day)
        .order_by(Campaign.start_date.desc())
    )
    if started is not None:
        return started
    return db.session.scalar(
        select(Campaign).where(Campaign.court_id == court_id).order_by(Campaign.start_date)
    )


@dataclass(frozen=True)
class CampaignStatus:
    campaign: Campaign
    day: date
    phase: Phase | None

    @property
    def state(self) -> str:
        if self.day < self.campaign.start_date:
            return "upcoming"
        if self.day > self.campaign.end_date:
            return "ended"
        return "running"

    @property
    def days_left(self) -> int | None:
        return self.phase.days_left(self.day) if self.phase else None

    @property
    def days_to_start(self) -> int:
        return (self.campaign.start_date - self.day).days


def campaign_status() -> CampaignStatus | None:
    """Status for the signed-in user's court, for the banner and menu on every page (once per request)."""
    if not current_user.is_authenticated:
        return None
    if "campaign_status" not in g:
        campaign = current_campaign(current_user.department.court_id)
        day = today()
        g.campaign_status = CampaignStatus(campaign, day, campaign.phase_on(day)) if campaign else None
    return g.campaign_status
