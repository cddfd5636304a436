"""Every indicator of indicators.md, declared once: tallies over the case table and formulas over tallies.

A *tally* counts (or sums) the cases that meet a condition and whose date column falls in a period. An
*indicator* is a formula over tallies: a ratio, one minus a ratio, a mean, or a rate per 10,000
residents. The same tally conditions serve the computation and the lists of cases behind a figure.
Which case types, closing methods and results count comes from the plan (category_groups, definitions),
not from here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from flask_babel import get_locale
from sqlalchemy import and_, case, literal, not_, or_
from sqlalchemy.sql.expression import ColumnElement

from app.indicators.sql import days_between
from app.models import Case
from app.plans.schema import PlanSpec

cases = Case.__table__
c = cases.c


class PlanTerms:
    """The plan's vocabulary as SQL conditions (category groups, closing methods, results)."""

    def __init__(self, plan: PlanSpec) -> None:
        self.groups: dict[str, list[str]] = plan.category_groups
        self.terms: dict[str, list[str]] = plan.definitions.model_dump()

    def group(self, name: str) -> ColumnElement[bool]:
        return c.category.in_(self.groups[name])

    def method_in(self, name: str) -> ColumnElement[bool]:
        return c.closing_method.in_(self.terms[name])


@dataclass(frozen=True)
class Tally:
    """Cases meeting ``where`` whose ``date`` falls in the period, counted or with ``amount`` summed.

    With ``pending_at_start`` it counts instead the cases pending on the period's first day (filed
    before it, not closed before it); that is the one tally that does not add up across months.
    """

    key: str
    where: Callable[[PlanTerms], ColumnElement[bool]]
    date: str = "closed_on"
    pending_at_start: bool = False
    amount: Callable[[PlanTerms], ColumnElement[Any]] | None = None
    label_zh: str = ""
    label_en: str = ""
    # The case columns a list of the tally's cases shows for a reader to see why each counts; by default its date.
    shows: tuple[str, ...] = ()

    @property
    def family(self) -> str:
        return "pending_at_start" if self.pending_at_start else self.date

    @property
    def label(self) -> str:
        locale = get_locale()
        return self.label_en if locale is not None and locale.language == "en" else self.label_zh

    @property
    def columns(self) -> tuple[str, ...]:
        if self.shows:
            return self.shows
        return ("filed_on", "closed_on") if self.pending_at_start else (self.date,)


def _mediable(t: PlanTerms) -> ColumnElement[bool]:
    return and_(t.group("civil_first_instance"), not_(t.method_in("mediation_excluded_closing_methods")),
                or_(c.procedure.is_(None), c.procedure != "特别程序"))


TALLIES = {t.key: t for t in (
    Tally("first_instance_or_retrial_closed", lambda t: or_(t.group("first_instance"), t.group("retrial")),
          label_zh="一审及再审结案", label_en="First-instance and retrial cases closed"),
    Tally("first_instance_closed", lambda t: t.group("first_instance"), label_zh="一审结案",
          label_en="First-instance cases closed"),
    Tally("first_instance_appealed", lambda t: t.group("first_instance"), date="appealed_on",
          label_zh="期内上诉、抗诉", label_en="Appealed or protested"),
    Tally("first_instance_petitioned", lambda t: t.group("first_instance"), date="retrial_petition_on",
          label_zh="期内申请再审", label_en="Retrial petitioned"),
    Tally("civil_closed", lambda t: t.group("civil_first_instance"), label_zh="民事一审结案",
          label_en="Civil first-instance cases closed"),
    Tally("civil_closed_summary", lambda t: and_(t.group("civil_first_instance"),
                                                 c.procedure.in_(["简易程序", "小额诉讼程序"])),
          shows=("closed_on", "procedure"), label_zh="适用简易程序（含小额诉讼）结案",
          label_en="Closed under the summary procedure (small claims included)"),
    Tally("civil_closed_small_claims", lambda t: and_(t.group("civil_first_instance"), c.procedure == "小额诉讼程序"),
          shows=("closed_on", "procedure"), label_zh="适用小额诉讼程序结案",
          label_en="Closed under the small-claims procedure"),
    Tally("civil_closed_mediable", _mediable, label_zh="可调解的民事一审结案",
          label_en="Civil first-instance cases closed that could be mediated"),
    Tally("civil_closed_mediated", lambda t: and_(_mediable(t), t.method_in("mediation_closing_methods")),
          shows=("closed_on", "closing_method"), label_zh="调解结案", label_en="Closed by mediation"),
    Tally("civil_closed_withdrawn", lambda t: and_(t.group("civil_first_instance"),
                                                   t.method_in("withdrawal_closing_methods")),
          shows=("closed_on", "closing_method"), label_zh="撤诉结案", label_en="Closed by withdrawal"),
    Tally("civil_closed_fast_track", lambda t: and_(t.group("civil_first_instance"), c.fast_track.is_(True)),
          label_zh="速裁结案", label_en="Closed on the fast track"),
    Tally("limited_closed", lambda t: and_(or_(t.group("litigation"), t.group("enforcement")),
                                           c.deadline.isnot(None)), shows=("deadline", "closed_on"),
          label_zh="诉讼及执行结案", label_en="Litigation and enforcement cases closed"),
    Tally("limited_closed_in_time", lambda t: and_(or_(t.group("litigation"), t.group("enforcement")),
                                                   c.deadline.isnot(None), c.closed_on <= c.deadline),
          shows=("deadline", "closed_on"), label_zh="审限内结案", label_en="Closed within the time limit"),
    Tally("counted_closed", lambda t: not_(or_(t.group("pre_litigation"), t.group("preservation"))),
          label_zh="结案（不含诉前调解、保全）",
          label_en="Cases closed (pre-litigation mediation and preservation excluded)"),
    Tally("counted_received", lambda t: not_(or_(t.group("pre_litigation"), t.group("preservation"))),
          date="filed_on", label_zh="收案（不含诉前调解、保全）",
          label_en="Cases received (pre-litigation mediation and preservation excluded)"),
    Tally("effective_with_performance", lambda t: c.has_performance_content.is_(True), date="effective_on",
          label_zh="有给付内容的生效裁判", label_en="Effective judgments with a payment obligation"),
    Tally("effective_enforcement_applied", lambda t: and_(c.has_performance_content.is_(True),
                                                          c.enforcement_applied_on.isnot(None)),
          date="effective_on", shows=("effective_on", "enforcement_applied_on"), label_zh="已申请执行的生效裁判",
          label_en="Effective judgments enforcement was applied for"),
    Tally("first_instance_reversed", lambda t: and_(t.group("first_instance"),
                                                    c.appeal_result.in_(["改判", "发回重审"])),
          date="appeal_result_on", shows=("appeal_result", "appeal_result_on"), label_zh="被改判、发回重审",
          label_en="Reversed or remanded"),
    # Henan weights: a remand counts 0.6; retrial orders and changed rulings count too.
    Tally("first_instance_reversed_weighted", lambda t: and_(t.group("first_instance"),
                                                             c.appeal_result.in_(t.terms["reversal_results"])),
          date="appeal_result_on",
          amount=lambda t: case((c.appeal_result == "发回重审", literal(0.6)), else_=literal(1.0)),
          shows=("appeal_result", "appeal_result_on"), label_zh="被改判、发回重审（加权）",
          label_en="Reversed or remanded (weighted)"),
    Tally("litigation_closed", lambda t: t.group("litigation"), label_zh="诉讼结案",
          label_en="Litigation cases closed"),
    Tally("litigation_net_days", lambda t: t.group("litigation"),
          amount=lambda t: days_between(c.filed_on, c.closed_on) - c.deducted_days,
          shows=("filed_on", "closed_on", "deducted_days"), label_zh="审理天数（扣除后）",
          label_en="Days in trial (deducted days taken off)"),
    Tally("litigation_gross_days", lambda t: t.group("litigation"),
          amount=lambda t: days_between(c.filed_on, c.closed_on), shows=("filed_on", "closed_on"), label_zh="审理天数",
          label_en="Days in trial"),
    Tally("pre_litigation_closed", lambda t: t.group("pre_litigation"), label_zh="诉前调解结案",
          label_en="Pre-litigation mediations closed"),
    Tally("pre_litigation_settled", lambda t: and_(t.group("pre_litigation"),
                                                   c.pre_litigation_outcome == "调解成功"),
          shows=("closed_on", "pre_litigation_outcome"), label_zh="诉前调解成功",
          label_en="Pre-litigation mediations settled"),
    Tally("pre_litigation_received", lambda t: t.group("pre_litigation"), date="filed_on", label_zh="诉前调解收案",
          label_en="Pre-litigation mediations received"),
    Tally("civil_received", lambda t: t.group("civil_first_instance"), date="filed_on", label_zh="民事一审收案",
          label_en="Civil first-instance cases received"),
    Tally("lawsuits_received", lambda t: t.group("civil_and_administrative_first_instance"), date="filed_on",
          label_zh="民事、行政一审收案", label_en="Civil and administrative first-instance cases received"),
    Tally("enforcement_closed", lambda t: t.group("enforcement"), label_zh="执行结案",
          label_en="Enforcement cases closed"),
    Tally("enforcement_pending_at_start", lambda t: t.group("enforcement"), pending_at_start=True,
          label_zh="期初未结执行案件", label_en="Enforcement cases pending at the start"),
    Tally("enforcement_received", lambda t: t.group("enforcement"), date="filed_on", label_zh="期内新收执行案件",
          label_en="Enforcement cases received"),
    Tally("enforcement_limited_closed", lambda t: and_(t.group("enforcement"), c.deadline.isnot(None)),
          shows=("deadline", "closed_on"), label_zh="执行结案", label_en="Enforcement cases closed"),
    Tally("enforcement_closed_in_time", lambda t: and_(t.group("enforcement"), c.deadline.isnot(None),
                                                       c.closed_on <= c.deadline),
          shows=("deadline", "closed_on"), label_zh="法定期限内执结",
          label_en="Enforcement closed within the statutory limit"),
    Tally("restored_recovered", lambda t: t.group("restored_enforcement"),
          amount=lambda t: case((c.amount_recovered.isnot(None), c.amount_recovered), else_=literal(0)),
          shows=("closed_on", "amount_recovered"), label_zh="执恢结案实际到位金额",
          label_en="Amount recovered in restored enforcement cases closed"),
    Tally("restored_applied", lambda t: t.group("restored_enforcement"),
          amount=lambda t: case((c.amount_applied.isnot(None), c.amount_applied), else_=literal(0)),
          shows=("closed_on", "amount_applied"), label_zh="执恢结案申请执行标的额",
          label_en="Amount applied for in restored enforcement cases closed"),
)}


@dataclass(frozen=True)
class Formula:
    """How an indicator's value follows from its tallies. ``numerator``/``denominator`` are summed tallies.

    kind: ratio (n/d), complement (1 − n/d), mean (n/d over days), per_10k (n / population × 10,000),
    entered (the office enters the figure), register (from a measure's register, not case data).
    """

    kind: str
    numerator: tuple[str, ...] = ()
    denominator: tuple[str, ...] = ()
    court_only: bool = False


FORMULAS: dict[tuple[str, str], Formula] = {
    ("first_instance_acceptance", "default"): Formula(
        "complement", ("first_instance_appealed", "first_instance_petitioned"), ("first_instance_or_retrial_closed",)),
    ("summary_procedure_rate", "default"): Formula("ratio", ("civil_closed_summary",), ("civil_closed",)),
    ("small_claims_rate", "of_civil_first_instance"): Formula("ratio", ("civil_closed_small_claims",),
                                                              ("civil_closed",)),
    ("small_claims_rate", "of_summary_procedure"): Formula("ratio", ("civil_closed_small_claims",),
                                                           ("civil_closed_summary",)),
    ("civil_mediation_rate", "default"): Formula("ratio", ("civil_closed_mediated",), ("civil_closed_mediable",)),
    ("civil_withdrawal_rate", "default"): Formula("ratio", ("civil_closed_withdrawn",), ("civil_closed",)),
    ("closed_within_limit", "default"): Formula("ratio", ("limited_closed_in_time",), ("limited_closed",)),
    ("filing_closing_balance", "closed_over_received"): Formula("ratio", ("counted_closed",), ("counted_received",)),
    ("voluntary_performance", "default"): Formula("complement", ("effective_enforcement_applied",),
                                                  ("effective_with_performance",)),
    ("reversal_remand_rate", "plain"): Formula("ratio", ("first_instance_reversed",), ("first_instance_closed",)),
    ("reversal_remand_rate", "henan_weighted"): Formula("ratio", ("first_instance_reversed_weighted",),
                                                        ("first_instance_closed",)),
    ("average_trial_days", "net_of_deducted"): Formula("mean", ("litigation_net_days",), ("litigation_closed",)),
    ("average_trial_days", "gross"): Formula("mean", ("litigation_gross_days",), ("litigation_closed",)),
    ("pre_litigation_success", "default"): Formula("ratio", ("pre_litigation_settled",), ("pre_litigation_closed",)),
    ("lawsuits_per_10k", "default"): Formula("per_10k", ("lawsuits_received",), (), court_only=True),
    ("pre_litigation_mediation_rate", "default"): Formula(
        "ratio", ("pre_litigation_received",), ("pre_litigation_received", "civil_received")),
    ("pre_litigation_rank", "default"): Formula("entered", court_only=True),
    ("enforcement_closure", "default"): Formula("ratio", ("enforcement_closed",),
                                                ("enforcement_pending_at_start", "enforcement_received")),
    ("termination_quality", "default"): Formula("register"),
    ("enforcement_within_limit", "default"): Formula("ratio", ("enforcement_closed_in_time",),
                                                     ("enforcement_limited_closed",)),
    ("restored_recovery", "default"): Formula("ratio", ("restored_recovered",), ("restored_applied",)),
    ("fast_track_share", "default"): Formula("ratio", ("civil_closed_fast_track",), ("civil_closed",)),
}


def formula_for(code: str, variant: str) -> Formula:
    try:
        return FORMULAS[(code, variant)]
    except KeyError:
        raise LookupError(f"no definition for indicator {code!r} variant {variant!r}") from None
