"""Every indicator pinned on hand-made cases (May 2021), with the boundaries indicators.md names."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from app.extensions import db
from app.indicators.engine import compute, judge_value
from app.indicators.periods import month_period, parse_period
from app.models import Campaign, Department, Judge
from tests.case_files import ROWS, write_csv
from tests.helpers import import_file

MAY = month_period(2021, 5)


EXPECTED_MAY = {
    # code: (numerator, denominator, value)
    "first_instance_acceptance": (2, 7, 1 - 2 / 7),        # H appealed + I petitioned; 6 civil + K closed
    "summary_procedure_rate": (3, 6, 0.5),                 # A, B, F of A B C D F G
    "small_claims_rate": (1, 6, 1 / 6),
    "civil_mediation_rate": (1, 5, 0.2),                   # D (驳回起诉) is not mediable
    "civil_withdrawal_rate": (1, 6, 1 / 6),
    "closed_within_limit": (8, 11, 8 / 11),                # late: D, K, N
    "filing_closing_balance": (11, 3, 11 / 3),             # received: B, K, M
    "voluntary_performance": (1, 2, 0.5),                  # A not applied, V applied
    "reversal_remand_rate": (1, 7, 1 / 7),                 # H, reversed in May though closed in April
    "average_trial_days": (717, 7, 717 / 7),               # G counts 246 − 30 days
    "pre_litigation_success": (2, 3, 2 / 3),
    "lawsuits_per_10k": (1, 661341, 1 / 661341 * 10000),
    "pre_litigation_mediation_rate": (2, 3, 2 / 3),
    "enforcement_closure": (4, 5, 0.8),                    # pending 1 May: L N P Q; received: M
    "enforcement_within_limit": (3, 4, 0.75),
    "restored_recovery": (45000, 150000, 0.3),
    "fast_track_share": (1, 6, 1 / 6),
}


@pytest.fixture
def may_cases(app, plan, tmp_path):
    outcome = import_file(app, write_csv(tmp_path / "cases.csv", ROWS))
    assert outcome.ok, outcome.errors


def figures(app, period, scope=("court", 0)):
    with app.app_context():
        campaign = db.session.scalar(select(Campaign))
        return {f.indicator: f for f in compute(campaign, [period]) if (f.scope_kind, f.scope_id) == scope}


def test_every_indicator_on_hand_made_cases(app, may_cases):
    found = figures(app, MAY)
    for code, (numerator, denominator, value) in EXPECTED_MAY.items():
        figure = found[code]
        assert (figure.numerator, figure.denominator) == (numerator, denominator), code
        assert figure.value == pytest.approx(value), code


def test_bands_and_targets(app, may_cases):
    found = figures(app, MAY)
    recovery = found["restored_recovery"]
    assert (recovery.value, recovery.target, recovery.met, recovery.band) == (0.3, 0.3, True, "excellent")
    mediation = found["civil_mediation_rate"]  # 20%: target 30%, bands 30/25/20
    assert (mediation.met, mediation.band) == (False, "fair")
    reversal = found["reversal_remand_rate"]  # 14.3% against ≤ 1.5%
    assert (reversal.met, reversal.band) == (False, "poor")
    days = found["average_trial_days"]
    assert days.met is False and days.band == "poor"


def test_empty_denominators_are_none_not_zero(app, may_cases):
    found = figures(app, month_period(2021, 8))
    assert found["summary_procedure_rate"].value is None
    assert found["summary_procedure_rate"].denominator == 0
    assert found["summary_procedure_rate"].band is None and found["summary_procedure_rate"].met is None
    assert found["termination_quality"].value is None  # from the measure 13 register, none yet
    assert found["pre_litigation_rank"].value is None  # entered by the office, none yet


def test_department_and_judge_scopes_add_up_to_the_court(app, may_cases):
    with app.app_context():
        civil = db.session.scalar(select(Department.id).where(Department.code == "civil"))
        jia = db.session.scalar(select(Judge.id).where(Judge.name == "甲"))
        yi = db.session.scalar(select(Judge.id).where(Judge.name == "乙"))
    department = figures(app, MAY, ("department", civil))
    assert (department["summary_procedure_rate"].numerator, department["summary_procedure_rate"].denominator) == (3, 6)
    assert "lawsuits_per_10k" not in department  # a court-only figure
    a, b = figures(app, MAY, ("judge", jia)), figures(app, MAY, ("judge", yi))
    assert a["summary_procedure_rate"].denominator + b["summary_procedure_rate"].denominator == 6
    assert a["civil_mediation_rate"].numerator == 1  # A is 甲's


def test_quarter_year_and_range_periods(app, may_cases):
    q2 = figures(app, parse_period("2021Q2"))
    # Q2 civil closed: A B C D F G (May) + H V (April) = 8; E closed 1 June is in Q2 too.
    assert q2["civil_withdrawal_rate"].denominator == 9
    ranged = figures(app, parse_period("2021-05-10..2021-05-31"))
    assert ranged["summary_procedure_rate"].denominator == 5  # from 10 May: A(10) F(10) D(15) C(20) B(31); G (5th) out
    assert figures(app, parse_period("2021"))["restored_recovery"].value == pytest.approx(0.3)


@pytest.mark.parametrize(
    ("value", "direction", "expected"),
    [(0.91, "higher", ("excellent", True)), (0.89, "higher", ("good", False)), (0.86, "higher", ("fair", False)),
     (0.5, "higher", ("poor", False)), (None, "higher", (None, None))],
)
def test_band_thresholds(value, direction, expected):
    bands = {"excellent": 0.91, "good": 0.88, "fair": 0.85}
    assert judge_value(value, bands, direction, 0.91) == expected


def test_reference_range_band():
    assert judge_value(0.5, {"range": [0.4, 0.6]}, "higher", None) == ("inside", None)
    assert judge_value(0.7, {"range": [0.4, 0.6]}, "higher", None) == ("outside", None)


def test_deadlines_follow_the_plan(app, may_cases):
    from app.models import Case

    with app.app_context():
        deadlines = dict(db.session.execute(select(Case.case_number, Case.deadline)).all())
    assert deadlines["（2021）豫0823民初6号"] == date(2021, 5, 10)   # 简易: 3 months
    assert deadlines["（2020）豫0823民初7号"] == date(2021, 9, 27)   # 6 months + 180 + 30
    assert deadlines["（2021）豫0823刑初1号"] == date(2021, 5, 11)   # 速裁: 10 days
    assert deadlines["（2021）豫0823诉前调1号"] is None              # no statutory limit
