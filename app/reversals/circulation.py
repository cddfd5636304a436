"""The monthly circulation of reversed and remanded cases (measure 6), published to everyone."""

from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import select

from app import audit
from app.extensions import db
from app.indicators.periods import parse_period
from app.models import Campaign, Circulation, ReversalFile, User
from app.reversals import FileError


def files_of_month(campaign: Campaign, month: str) -> list[ReversalFile]:
    period = parse_period(month)
    return list(db.session.scalars(
        select(ReversalFile).where(ReversalFile.campaign_id == campaign.id,
                                   ReversalFile.result_on.between(period.start, period.end))
        .order_by(ReversalFile.department_id, ReversalFile.id)))


def publish(campaign: Campaign, month: str, comment: str, user: User) -> Circulation:
    if parse_period(month).kind != "month":
        raise FileError(_("A circulation is for one month."))
    if db.session.scalar(select(Circulation.id).where(Circulation.campaign_id == campaign.id,
                                                      Circulation.month == month)) is not None:
        raise FileError(_("The circulation for %(month)s has already been published.", month=month))
    comment = comment.strip()
    if not comment:
        raise FileError(_("Write the office's comment before publishing."))
    files = files_of_month(campaign, month)
    circulation = Circulation(court_id=campaign.court_id, campaign_id=campaign.id, month=month, comment=comment,
                              file_ids=[f.id for f in files], published_by_id=user.id)
    db.session.add(circulation)
    db.session.flush()
    audit.record("circulation.publish", "circulation", circulation.id, summary=month, user=user,
                 measure_code="circulation_accountability", after={"month": month, "files": len(files)})
    db.session.commit()
    return circulation



