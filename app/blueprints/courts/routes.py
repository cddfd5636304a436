"""Multi-court mode: the intermediate court's basic courts side by side (figures only, never cases), and for a
basic court its own place among them (never another court's figures)."""

from __future__ import annotations

from flask import abort, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

from app.blueprints.courts import bp
from app.campaign import current_campaign, today
from app.extensions import db
from app.indicators.comparison import (
    Comparison,
    basic_courts,
    city_place,
    compare,
    enter_city_place,
    reference_campaign,
    standing,
)
from app.indicators.dashboard import default_period, period_choices
from app.indicators.periods import Period
from app.labels import period_label
from app.models import Campaign
from app.policy import require
from app.web import CsrfForm, db_int, render
from app.xlsx import Column, Sheet, Title, figure, workbook, xlsx_response


def _comparison() -> tuple[Period | None, list[Period], Comparison]:
    """The period asked for, its choices and the basic courts compared; 404 for a court with no basic courts (the
    comparison is an intermediate court's page)."""
    court_id = current_user.department.court_id
    if not basic_courts(court_id):
        abort(404)
    period, periods = _period(reference_campaign(court_id))
    return period, periods, compare(court_id, period) if period else Comparison([], [])


def _period(campaign: Campaign | None) -> tuple[Period | None, list[Period]]:
    """The period asked for among the plan's (its campaign window aside: it differs by court)."""
    if campaign is None:
        return None, []
    choices = [p for p in period_choices(campaign) if p.kind != "campaign"]
    wanted = request.args.get("period")
    return next((p for p in choices if p.key == wanted), default_period(campaign, today())), choices


@bp.get("/")
@require("courts.compare")
def index() -> str:
    period, periods, comparison = _comparison()
    return render("courts/index.html", "courts/_table.html", period=period, periods=periods, comparison=comparison)


@bp.get("/place")
@require("courts.place")
def place() -> str:
    court = current_user.department.court
    period, periods = _period(current_campaign(court.id))
    return render("courts/place.html", "courts/_place.html", period=period, periods=periods,
                  standing=standing(court, period) if period else None,
                  entered=city_place(court, period) if period and court.parent_id is None else None, form=CsrfForm())


@bp.post("/place")
@require("indicator.enter")
def enter_place() -> Response:
    """The office enters the court's place in the city (its intermediate court is not in this installation)."""
    court = current_user.department.court
    period, _periods = _period(current_campaign(court.id))
    if period is None:
        abort(400)
    place = request.form.get("place", type=db_int)
    courts = request.form.get("courts", type=db_int)
    try:
        if place is None or (courts is None and request.form.get("courts", "").strip()):
            raise ValueError(_("The place is a whole number from 1 to the number of courts ranked."))
        enter_city_place(court, period, place, courts, current_user._get_current_object())
        flash(_("Saved."), "success")
    except ValueError as error:
        db.session.rollback()
        flash(str(error), "error")
    return redirect(url_for("courts.place", period=period.key))


@bp.get("/compare.xlsx")
@require("courts.compare")
def export() -> Response:
    period, _periods, comparison = _comparison()
    columns = [Column(_("Target")), Column(_("Target value"))]
    for column in comparison.courts:
        columns += [Column(column.court.name), Column(_("Place"), "integer")]
    rows = []
    for row in comparison.rows:
        unit = row.indicator.unit
        line = [row.indicator.name, figure(row.indicator.target, unit)]
        for cell in row.cells:
            line += [figure(cell.value.value if cell.value is not None else None, unit), cell.rank]
        rows.append(line)
    rows.append([_("Targets met"), ""] + [x for c in comparison.courts for x in (f"{c.met}/{c.counted}", "")])
    rows.append([_("Place in the city"), ""] + [x for c in comparison.courts for x in (c.place, "")])
    label = period.key if period else ""
    city = current_user.department.court
    title = Title(city.name, _("Courts compared"), period_label(period) if period else "", today())
    return xlsx_response(workbook([Sheet(_("Courts compared"), columns, rows, title)]), f"各院对比-{label}.xlsx")
