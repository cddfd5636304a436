"""Multi-court mode: an intermediate court's basic courts side by side, from their stored court-wide figures.

Only figures are read (scope "court"): nothing here touches a case, a department's or a judge's figure.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from flask_babel import gettext as _
from sqlalchemy import select

from app.audit import record
from app.campaign import current_campaign
from app.extensions import db
from app.indicators.periods import Period
from app.models import Campaign, Court, Indicator, IndicatorEntry, IndicatorValue, User


@dataclass
class CourtColumn:
    court: Court
    campaign: Campaign | None
    met: int = 0  # targets met in the period
    counted: int = 0  # targets with a figure in the period
    place: int | None = None  # in the city, by targets met, then by the sum of places per target


@dataclass
class Cell:
    value: IndicatorValue | None
    rank: int | None = None  # 1 is best, in the indicator's direction; ties share a place


@dataclass
class IndicatorRow:
    indicator: Indicator
    cells: list[Cell] = field(default_factory=list)


@dataclass
class Comparison:
    courts: list[CourtColumn]
    rows: list[IndicatorRow]


def basic_courts(parent_id: int) -> list[Court]:
    return list(db.session.scalars(select(Court).where(Court.parent_id == parent_id).order_by(Court.code)))


def reference_campaign(parent_id: int) -> Campaign | None:
    """The campaign whose plan names the rows and periods: the first basic court's with one."""
    for court in basic_courts(parent_id):
        if (campaign := current_campaign(court.id)) is not None:
            return campaign
    return None


def compare(parent_id: int, period: Period, reference: Campaign | None = None) -> Comparison:
    """Each basic court's court-wide figure per target of the reference plan (by default the first court's),
    ranked among the courts."""
    columns = [CourtColumn(court, current_campaign(court.id)) for court in basic_courts(parent_id)]
    reference = reference or next((c.campaign for c in columns if c.campaign is not None), None)
    if reference is None:
        return Comparison(columns, [])
    stored = {(v.court_id, v.indicator_code): v for v in db.session.scalars(select(IndicatorValue).where(
        IndicatorValue.court_id.in_([c.court.id for c in columns]), IndicatorValue.period_key == period.key,
        IndicatorValue.scope_kind == "court", IndicatorValue.scope_id == 0))}
    rows = []
    for indicator in reference.indicators:
        row = IndicatorRow(indicator, [Cell(stored.get((c.court.id, indicator.code))) for c in columns])
        _rank(row.cells, _badness(indicator))
        rows.append(row)
        for column, cell in zip(columns, row.cells, strict=True):
            if cell.value is not None and cell.value.met is not None:
                column.counted += 1
                column.met += bool(cell.value.met)
    _place(columns, rows)
    return Comparison(columns, rows)


def _badness(indicator: Indicator) -> Callable[[float], float]:
    """How far a figure is from good, smaller is better: against the direction, or outside a reference range."""
    if (bounds := (indicator.bands or {}).get("range")) is not None:
        low, high = bounds
        return lambda value: max(low - value, value - high, 0.0)
    return (lambda value: -value) if indicator.direction == "higher" else (lambda value: value)


def _rank(cells: list[Cell], badness: Callable[[float], float]) -> None:
    """Competition ranking: a court's place is one more than the number of courts strictly better."""
    scores = [badness(c.value.value) if c.value is not None and c.value.value is not None else None for c in cells]
    for cell, score in zip(cells, scores, strict=True):
        if score is not None:
            cell.rank = 1 + sum(1 for other in scores if other is not None and other < score)


def _place(columns: list[CourtColumn], rows: list[IndicatorRow]) -> None:
    """The court's place in the city: more targets met first; between equals, the smaller sum of places."""
    worst = len(columns) + 1
    keys = {}
    for index, column in enumerate(columns):
        if column.counted == 0:
            continue
        rank_sum = sum(row.cells[index].rank or worst for row in rows)
        keys[index] = (-column.met, rank_sum)
    for index, key in keys.items():
        columns[index].place = 1 + sum(1 for other in keys.values() if other < key)


@dataclass
class Standing:
    """One basic court's own place among its intermediate court's basic courts: its figures and places only."""

    column: CourtColumn
    courts: int  # how many basic courts are compared
    rows: list[tuple[Indicator, Cell]]


def standing(court: Court, period: Period) -> Standing | None:
    """The court's place in the city for the period, or None when it reports to no intermediate court."""
    if court.parent_id is None:
        return None
    comparison = compare(court.parent_id, period, reference=current_campaign(court.id))
    index = next(i for i, column in enumerate(comparison.courts) if column.court.id == court.id)
    return Standing(comparison.courts[index], len(comparison.courts),
                    [(row.indicator, row.cells[index]) for row in comparison.rows])


# "审判质效在全市保持先进位次": a court whose intermediate court is not in this installation enters its place in the
# city by hand, for each period, as the office enters target 11's provincial rank.
CITY_PLACE, CITY_COURTS = "city_place", "city_courts"


@dataclass(frozen=True)
class CityPlace:
    place: int
    courts: int | None  # how many basic courts were ranked, when known
    entered: bool  # entered by the office, not computed from the intermediate court's comparison


def city_place(court: Court, period: Period) -> CityPlace | None:
    """The court's place in the city for the period: computed among its intermediate court's basic courts, else as
    the office entered it; None when neither is known."""
    if court.parent_id is not None:
        found = standing(court, period)
        return CityPlace(found.column.place, found.courts, False) if found and found.column.place else None
    entries = dict(db.session.execute(select(IndicatorEntry.indicator_code, IndicatorEntry.value).where(
        IndicatorEntry.court_id == court.id, IndicatorEntry.period_key == period.key,
        IndicatorEntry.indicator_code.in_((CITY_PLACE, CITY_COURTS)))).all())
    if CITY_PLACE not in entries:
        return None
    courts = entries.get(CITY_COURTS)
    return CityPlace(int(entries[CITY_PLACE]), int(courts) if courts else None, True)


def enter_city_place(court: Court, period: Period, place: int, courts: int | None, user: User) -> None:
    """The office enters the court's place in the city for the period (a court with no intermediate court here);
    ValueError with the reason, nothing changed, for a place that cannot be. Commits."""
    if court.parent_id is not None:
        raise ValueError(_("This court's place is computed among its intermediate court's basic courts."))
    if place < 1 or (courts is not None and courts < place) or place > 1000:
        raise ValueError(_("The place is a whole number from 1 to the number of courts ranked."))
    before = city_place(court, period)
    for code, value in ((CITY_PLACE, place), (CITY_COURTS, courts)):
        entry = db.session.scalar(select(IndicatorEntry).where(
            IndicatorEntry.court_id == court.id, IndicatorEntry.indicator_code == code,
            IndicatorEntry.period_key == period.key))
        if value is None:
            if entry is not None:
                db.session.delete(entry)
            continue
        entry = entry or IndicatorEntry(court_id=court.id, indicator_code=code, period_key=period.key)
        entry.value, entry.entered_by_id = value, user.id
        db.session.add(entry)
    record("update", "indicator_entry", f"{CITY_PLACE}:{period.key}", court_id=court.id, user=user,
           before={"place": before.place, "courts": before.courts} if before else None,
           after={"place": place, "courts": courts}, summary=f"{CITY_PLACE} {period.key}")
    db.session.commit()
