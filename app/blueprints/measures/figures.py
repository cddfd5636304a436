"""A measure's computed figures, as titled tables on one page (measures 7, 10, 13, 15 fill it each their way)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from flask_babel import gettext as _

from app.campaign import today
from app.indicators.dashboard import period_choices
from app.indicators.measure_figures import department_figures
from app.indicators.periods import Period
from app.labels import format_value, obligation_state_label
from app.models import Department, Measure
from app.obligations import duties, owner_label, review_coverage
from app.policy import can_view_scope, visible_department_ids
from app.web import render


@dataclass
class Section:
    title: str
    header: list[str]
    rows: list[list[Any]] = field(default_factory=list)
    note: str = ""
    case_column: int | None = None  # the column holding case numbers, shown as links to the case pages


def review_sections(measure: Measure, period: Period) -> list[Section]:
    """For each per-case review the plan owes under this measure (each 终本 closure, each 执恢 filing): how many of the
    period's cases have an approved review, and the cases that have none, with their due days."""
    sections = []
    for duty in duties(measure.campaign):
        if duty.measure != measure.number or duty.evidence != "case_review":
            continue
        covered = review_coverage(measure.campaign, duty.code, period, today(), visible_department_ids())
        sections.append(Section(
            _("%(duty)s: cases without an approved review", duty=duty.name),
            [_("Case number"), _("Department"), _("Filed or closed on"), _("Due"), _("State")],
            [[s.subject, owner_label(s.owner), _day(s.since), _day(s.due), obligation_state_label(s.state)]
             for s in covered.missing],
            note=_("%(reviewed)d of the %(owed)d cases of the period have an approved review.",
                   reviewed=covered.reviewed, owed=covered.owed), case_column=0))
    return sections


def visible_department_figures(measure: Measure, period: Period, codes: list[str]) -> list[tuple[Department, dict]]:
    """Each department's figures for the period, of the departments the user may see figures of: as on the
    dashboard, a division its own, the court-wide roles every division's (policy.can_view_scope)."""
    return [(department, values) for department, values in department_figures(measure.campaign, period, codes)
            if can_view_scope("department", department.id)]


def _day(day: date | None) -> str:
    return day.isoformat() if day else ""


def figures_page(measure: Measure, period: Period, sections: list[Section], endpoint: str,
                 choices: list[Period] | None = None) -> str:
    return render("measures/figures.html", measure=measure, period=period, sections=sections, endpoint=endpoint,
                  choices=choices if choices is not None else period_choices(measure.campaign))


def percent(value: float | None) -> str:
    return format_value(value, "percent")
