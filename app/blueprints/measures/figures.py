"""A measure's computed figures, as titled tables on one page (measures 7, 10, 13, 15 fill it each their way)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from flask import request

from app.campaign import today
from app.indicators.dashboard import find_period, period_choices
from app.indicators.periods import Period
from app.labels import format_value
from app.models import Measure
from app.web import render


@dataclass
class Section:
    title: str
    header: list[str]
    rows: list[list[Any]] = field(default_factory=list)
    note: str = ""


def requested_period(measure: Measure) -> Period:
    return find_period(measure.campaign, request.args.get("period"), today())


def figures_page(measure: Measure, period: Period, sections: list[Section], endpoint: str,
                 choices: list[Period] | None = None) -> str:
    return render("measures/figures.html", measure=measure, period=period, sections=sections, endpoint=endpoint,
                  choices=choices if choices is not None else period_choices(measure.campaign))


def percent(value: float | None) -> str:
    return format_value(value, "percent")
