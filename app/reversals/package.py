"""The quarter's package for the intermediate court's face-to-face session (measure 4): the list as .xlsx and
the judges' reports as one PDF."""

from __future__ import annotations

from datetime import date

from flask import render_template
from flask_babel import gettext as _
from sqlalchemy import select

from app.extensions import db
from app.indicators.periods import parse_period
from app.labels import period_label
from app.models import Campaign, ReversalFile
from app.pdf import html_to_pdf
from app.xlsx import Column, Sheet, Title, workbook


def package_files(campaign: Campaign, quarter: str) -> list[ReversalFile]:
    return list(db.session.scalars(
        select(ReversalFile).where(ReversalFile.campaign_id == campaign.id, ReversalFile.package_quarter == quarter)
        .order_by(ReversalFile.department_id, ReversalFile.id)))


def package_workbook(campaign: Campaign, quarter: str, today: date) -> bytes:
    columns = [Column(_("Case number")), Column(_("Department")), Column(_("Handling judge")), Column(_("Result")),
               Column(_("Date of the result"), "date"), Column(_("Committee opinion")),
               Column(_("Objection reasons")), Column(_("Outcome"))]
    rows = [[f.case.case_number, f.department.name, f.judge.name if f.judge else "", f.result, f.result_on,
             f.committee_opinion or "", f.objection_reasons or "", f.outcome or ""]
            for f in package_files(campaign, quarter)]
    title = Title(campaign.court.name, _("Face-to-face session package"), period_label(parse_period(quarter)), today)
    return workbook([Sheet(period_label(parse_period(quarter)), columns, rows, title)])


def package_pdf(campaign: Campaign, quarter: str) -> bytes:
    html = render_template("reversals/package_pdf.html", campaign=campaign, quarter=quarter,
                           files=package_files(campaign, quarter))
    return html_to_pdf(html)
