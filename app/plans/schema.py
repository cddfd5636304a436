"""The shape of a plan file. Validation errors name the key at fault (e.g. ``measures[3].quotas[1].count``)."""

from __future__ import annotations

from datetime import date
from typing import Literal, Self

from flask_babel import get_locale
from pydantic import BaseModel, ConfigDict, Field, PositiveInt, model_validator


class Strict(BaseModel):
    # A misspelt key is an error, not a silently ignored setting.
    model_config = ConfigDict(extra="forbid", frozen=True)


class Named(Strict):
    name_zh: str = Field(min_length=1)
    name_en: str = Field(min_length=1)

    @property
    def name(self) -> str:
        """The name in the current locale (as BilingualNameMixin does for the plan's rows)."""
        locale = get_locale()
        return self.name_en if locale is not None and locale.language == "en" else self.name_zh




class CampaignSpec(Named):
    code: str = Field(pattern=r"^[a-z0-9][a-z0-9_-]*$")
    year: int = Field(ge=2000, le=2100)
    start: date
    end: date
    document_number: str | None = None
    definition_version: str = Field(min_length=1)

    @model_validator(mode="after")
    def _window(self) -> Self:
        if self.end < self.start:
            raise ValueError("end is before start")
        return self


DepartmentKind = Literal[
    "office", "filing", "trial", "tribunal", "enforcement", "supervision", "committee", "leadership"
]


class DepartmentSpec(Named):
    code: str = Field(pattern=r"^[a-z0-9][a-z0-9_-]*$")
    kind: DepartmentKind


class ParentCourtSpec(Named):
    """The intermediate court above this one (multi-court mode): it sees its basic courts' figures side by side,
    never their cases. ``departments`` are its own, for its accounts (e.g. its trial management office)."""

    code: str = Field(min_length=1)
    departments: list[DepartmentSpec] = []


class CourtSpec(Named):
    code: str = Field(min_length=1)
    population: PositiveInt | None = None
    parent: ParentCourtSpec | None = None

    @model_validator(mode="after")
    def _not_its_own_parent(self) -> Self:
        if self.parent is not None and self.parent.code == self.code:
            raise ValueError("parent.code must be another court's code (the intermediate court above this one)")
        return self


class ChecklistItemSpec(Named):
    code: str = Field(min_length=1)
    owner: str | None = None
    due: date | None = None
    evidence_zh: str | None = None
    evidence_en: str | None = None


# What a phase opens: "assessment" (the year-end assessment may be opened only in a phase that allows it).
PhaseAllowance = Literal["assessment"]


class PhaseSpec(Named):
    number: PositiveInt
    code: str = Field(min_length=1)
    start: date
    end: date
    checklist: list[ChecklistItemSpec] = []
    allows: list[PhaseAllowance] = []

    @model_validator(mode="after")
    def _window(self) -> Self:
        if self.end < self.start:
            raise ValueError("end is before start")
        return self


class BandsSpec(Strict):
    """Thresholds in the indicator's direction (or a reference range since the SPC's 2024 revision)."""

    excellent: float | None = None
    good: float | None = None
    fair: float | None = None
    range: tuple[float, float] | None = None

    @model_validator(mode="after")
    def _complete(self) -> Self:
        if self.range is None and None in (self.excellent, self.good, self.fair):
            raise ValueError("give excellent, good and fair thresholds, or a range")
        return self


class RegisterSourceSpec(Strict):
    """An indicator counted from a measure's register instead of case data: items of ``kind`` approved by their
    reviewer, dated by ``date_field``; the numerator is those whose ``field`` is ``value``."""

    measure: str
    kind: str
    date_field: str
    field: str
    value: str


class IndicatorSpec(Named):
    code: str = Field(pattern=r"^[a-z0-9_]+$")
    target_number: int | None = Field(default=None, ge=1, le=12)
    direction: Literal["higher", "lower"]
    unit: Literal["percent", "ratio", "days", "rank"]
    kind: Literal["assessment", "analysis"]
    target: float | None = None
    bands: BandsSpec
    variant: str = "default"
    variants: list[str] = ["default"]
    entered_by_office: bool = False
    from_register: RegisterSourceSpec | None = None
    definition_zh: str = Field(min_length=1)
    definition_en: str = Field(min_length=1)

    @model_validator(mode="after")
    def _variant_known(self) -> Self:
        if self.variant not in self.variants:
            raise ValueError(f"variant {self.variant!r} is not one of {self.variants}")
        bands = self.bands
        if bands.range is None:
            ordered = [bands.excellent, bands.good, bands.fair]
            expected = sorted(ordered, reverse=self.direction == "higher")
            if ordered != expected:
                raise ValueError(f"bands must run from excellent to fair in the {self.direction}-is-better direction")
        return self


class QuotaSpec(Named):
    item_kind: str = Field(pattern=r"^[a-z0-9_]+$")
    scope: Literal["department", "judge", "court"]
    period: Literal["month", "quarter", "year"]
    count: PositiveInt | None = None
    # For scope "department": how many each named department owes.
    counts: dict[str, PositiveInt] | None = None

    @model_validator(mode="after")
    def _one_count(self) -> Self:
        if self.scope == "department":
            if not self.counts or self.count is not None:
                raise ValueError('a department quota gives "counts" per department, not "count"')
        elif self.count is None or self.counts is not None:
            raise ValueError(f'a {self.scope} quota gives one "count"')
        return self


FieldType = Literal["text", "textarea", "case_number", "judge", "date", "url", "choice", "score", "days"]
FileType = Literal["pdf", "docx", "doc", "wps", "ofd", "mp4"]


class FieldSpec(Named):
    """One field of a register item's form, e.g. the reasons an excellent document was chosen."""

    code: str = Field(pattern=r"^[a-z0-9_]+$")
    type: FieldType = "text"
    required: bool = False
    choices: list[str] = []
    help_zh: str | None = None
    help_en: str | None = None

    @property
    def help(self) -> str:
        locale = get_locale()
        return (self.help_en if locale is not None and locale.language == "en" else self.help_zh) or ""

    @model_validator(mode="after")
    def _choices(self) -> Self:
        if self.code in ("period", "version", "csrf_token"):
            raise ValueError(f"the field code {self.code!r} is reserved by the item form")
        if (self.type == "choice") != bool(self.choices):
            raise ValueError('a "choice" field lists its choices, and only a choice field does')
        return self


class ItemKindSpec(Named):
    """A kind of item a measure's register holds (an excellent judgment document, a flawed hearing, ...)."""

    code: str = Field(pattern=r"^[a-z0-9_]+$")
    # Who hands it in: a department (its staff and division head) or each judge for himself.
    handed_in_by: Literal["department", "judge"] = "department"
    # Who approves or returns it: the division head, any court leader, the president alone (whoever holds the post
    # the plan marks ``president`` in the directory: "一律由院长审批"), the office, or nobody (a record, complete once
    # handed in).
    reviewed_by: Literal["division_head", "leader", "president", "office", "none"] = "division_head"
    fields: list[FieldSpec] = []
    attachments: list[FileType] = []
    # Submitting needs an attachment (or, where the kind has a "url" field, a link instead).
    evidence_required: bool = False
    # What approving an item does besides: "extend_time_limit" adds its "days" to the case's approved extension
    # when its "request" field is one of extension_requests (measure 9).
    on_approve: Literal["extend_time_limit"] | None = None
    extension_requests: list[str] = []
    # The requests that account for a case's deducted days (公告、鉴定): imported deducted days with no such approved
    # request are listed as unsupported (measure 9).
    deduction_requests: list[str] = []


class ShowcaseSpec(Named):
    code: str = Field(pattern=r"^[a-z0-9_]+$")


class ListSpec(Named):
    """A court-wide selection the office makes from handed-in items and publishes on the board
    (the month's 3 excellent documents, the year's top ten hearings). Its size is the court quota
    of the same code."""

    code: str = Field(pattern=r"^[a-z0-9_]+$")
    from_kinds: list[str] = Field(min_length=1)
    period: Literal["month", "quarter", "year"]
    showcases: list[ShowcaseSpec] = []


class DrawSpec(Named):
    """A random draw the office runs each period: among closed cases (a division head's judgment), among hearings
    held (for observation, per trial line) or among handed-in items."""

    code: str = Field(pattern=r"^[a-z0-9_]+$")
    source: Literal["cases", "hearings", "items"]
    period: Literal["month", "quarter"]
    # How many per draw (per line when per_line); without it, the court quota of the same code.
    count: PositiveInt | None = None
    per_line: bool = False
    # source "cases": closed in the period by one of these methods, by a judge whose account holds one of
    # these roles; the drawn case becomes an item of ``creates_kind`` for its department to hand in.
    closing_methods: list[str] = []
    judge_roles: list[Literal["judge", "division_head", "leader"]] = []
    creates_kind: str | None = None
    # source "items": handed-in items of these kinds.
    from_kinds: list[str] = []
    publish: bool = False
    # The office records a scored review of each drawn item, saying how it observed it (one of review_modes).
    scored_review: bool = False
    review_modes: list[str] = []

    @model_validator(mode="after")
    def _source_settings(self) -> Self:
        if self.source == "cases" and (not self.closing_methods or not self.creates_kind):
            raise ValueError('a draw among cases names its "closing_methods" and the "creates_kind" it hands out')
        if self.source == "hearings" and not self.creates_kind:
            raise ValueError('a draw among hearings names the "creates_kind" each drawn hearing becomes')
        if self.source == "items" and not self.from_kinds:
            raise ValueError('a draw among items names the kinds it draws "from_kinds"')
        return self


# Which part of the reversed-case file a measure's page shows (app/reversals/views.py).
ReversalView = Literal["register", "committee", "two_way", "remand", "circulation", "supervisors", "leaders"]


class MeasureSpec(Named):
    number: int = Field(ge=1)
    code: str = Field(pattern=r"^[a-z0-9_]+$")
    departments: list[str] = Field(min_length=1)
    summary_zh: str = Field(min_length=1)
    summary_en: str = Field(min_length=1)
    quotas: list[QuotaSpec] = []
    item_kinds: list[ItemKindSpec] = []
    lists: list[ListSpec] = []
    draws: list[DrawSpec] = []
    reversal_view: ReversalView | None = None

    def item_kind(self, code: str) -> ItemKindSpec | None:
        return next((k for k in self.item_kinds if k.code == code), None)

    def court_quota(self, item_kind: str) -> int | None:
        return next((q.count for q in self.quotas if q.scope == "court" and q.item_kind == item_kind), None)

    @model_validator(mode="after")
    def _register_references(self) -> Self:
        kinds = {k.code for k in self.item_kinds}
        for i, kind in enumerate(self.item_kinds):
            _unique(f"item_kinds[{i}].fields", [f.code for f in kind.fields])
        _unique("item_kinds", [k.code for k in self.item_kinds])
        for i, selection in enumerate(self.lists):
            if unknown := set(selection.from_kinds) - kinds:
                raise ValueError(f"lists[{i}].from_kinds: {sorted(unknown)} are not among this measure's item_kinds")
            if self.court_quota(selection.code) is None:
                raise ValueError(f"lists[{i}]: no court quota with item_kind {selection.code!r} gives its size")
        for i, draw in enumerate(self.draws):
            if unknown := set(draw.from_kinds) - kinds:
                raise ValueError(f"draws[{i}].from_kinds: {sorted(unknown)} are not among this measure's item_kinds")
            if draw.creates_kind is not None and draw.creates_kind not in kinds:
                raise ValueError(f"draws[{i}].creates_kind: {draw.creates_kind!r} is not an item kind of this measure")
            if draw.count is None and self.court_quota(draw.code) is None:
                raise ValueError(f"draws[{i}]: give a count or a court quota with item_kind {draw.code!r}")
        for j, quota in enumerate(self.quotas):
            if quota.scope != "court" and self.item_kinds and quota.item_kind not in kinds:
                raise ValueError(f"quotas[{j}].item_kind: {quota.item_kind!r} is not among this measure's item_kinds")
        return self


# Who owes a duty (app/obligations/):
# departments  each listed department (its staff and division head see to it);
# judges       each judge's account in the listed departments;
# office, committee, supervision, leaders   the court-level body (its role's accounts);
# file_judge   the handling judge of a reversed-case file (the division head for a judge without an account);
# case_judge   the judge of the case an item names (the drawn division head), else the item's department;
# case_department   the department of a case the duty is about;
# (consultation_check: each taking-part division checks its figures in a bulletin's window, due ``due_days`` after the
# window's last day; objection_decision: the office decides each objection ``due_days`` after it is raised.)
# reviewer     whoever reviews an item of the kinds (its kind's reviewed_by).
ObligationOwner = Literal["departments", "judges", "office", "committee", "supervision", "leaders", "file_judge",
                          "case_judge", "case_department", "reviewer"]
# How often it falls due: each period; once (on ``due``); per reversed-case file, case or item (``due_days``
# after the event); or as needed (counted, never overdue).
ObligationCadence = Literal["month", "quarter", "year", "once", "per_file", "per_case", "per_item", "as_needed"]
# Where "done" is read from (app/obligations/evidence.py).
ObligationEvidence = Literal["quota", "list", "meeting", "circulation", "report", "draw", "draw_hand_in",
                             "file_step", "item_review", "extension_filing", "case_review", "indicator",
                             "checklist", "count", "consultation_check", "objection_decision"]
FileStep = Literal["report", "committee", "accountability", "package", "exchange", "supervisor", "retrial_holder"]


class ObligationSpec(Named):
    """One duty of the plan: who owes it, when it falls due and what shows it done. ``due_days`` count from the end of
    the period (or from the event, for per-file, per-case and per-item duties), in working days when
    ``working_days``."""

    code: str = Field(pattern=r"^[a-z0-9][a-z0-9_-]*$")
    # The measure it belongs to; None for a duty of the campaign's phases (the mobilization meeting, ...).
    measure: int | None = Field(default=None, ge=1)
    owner: ObligationOwner
    # For "departments" and "judges": department codes or group names (default: the measure's departments, or for a
    # quota the departments its counts name).
    departments: list[str] = []
    cadence: ObligationCadence
    due_days: int = Field(default=0, ge=0, le=400)
    working_days: bool = False
    due: date | None = None
    evidence: ObligationEvidence
    # What the evidence reads, by kind: register item kinds (quota, item_review, count, case_review, draw_hand_in),
    # lists, a draw, a report kind, a file step, checklist item codes, an indicator.
    kinds: list[str] = []
    lists: list[str] = []
    draw: str | None = None
    report: str | None = None
    step: FileStep | None = None
    checklist: list[str] = []
    indicator: str | None = None
    # case_review: the cases it is owed for (by closing method, or by case-number type code).
    closing_methods: list[str] = []
    type_codes: list[str] = []
    # count: only published items (a list's items on the board), not every one handed in.
    published_only: bool = False
    # draw: each drawn item also needs the office's scored review.
    reviewed: bool = False

    @model_validator(mode="after")
    def _settings(self) -> Self:
        needs = {"quota": "kinds", "item_review": "kinds", "count": "kinds", "case_review": "kinds",
                 "list": "lists", "draw": "draw", "draw_hand_in": "draw", "report": "report", "file_step": "step",
                 "checklist": "checklist", "indicator": "indicator"}
        if (name := needs.get(self.evidence)) and not getattr(self, name):
            raise ValueError(f'evidence "{self.evidence}" needs "{name}"')
        if (self.cadence == "once") != (self.due is not None):
            raise ValueError('a "once" duty gives its "due" date, and only such a duty does')
        if (self.cadence == "as_needed") != (self.evidence == "count"):
            raise ValueError('an "as_needed" duty is read as a "count", and a count is as needed')
        if self.evidence == "case_review" and not (self.closing_methods or self.type_codes):
            raise ValueError('a "case_review" names the cases by "closing_methods" or "type_codes"')
        if self.evidence == "checklist" and self.cadence != "once":
            raise ValueError('a "checklist" duty is done "once", by its "due" date')
        if self.measure is None and self.evidence in ("quota", "list", "draw", "draw_hand_in", "case_review", "count"):
            raise ValueError(f'evidence "{self.evidence}" is read from a measure\'s register: name the "measure"')
        return self


class PositionSpec(Named):
    """A post in the campaign's organization (the leading group, its office, each division's liaison);
    who holds it is recorded in the app (Appointment), not in the plan."""

    code: str = Field(pattern=r"^[a-z0-9_]+$")
    body: Literal["leading_group", "office", "liaisons"]
    holders: Literal["one", "many", "per_department"] = "one"
    # For "per_department": the departments (codes or group names) that each name a holder.
    departments: list[str] = []
    duties_zh: str | None = None
    duties_en: str | None = None
    # The court president's post: its holder (a leader account) alone decides what a kind reviewed by "president"
    # asks for.
    president: bool = False

    @model_validator(mode="after")
    def _departments(self) -> Self:
        if (self.holders == "per_department") != bool(self.departments):
            raise ValueError('a "per_department" position lists its departments, and only such a position does')
        return self

    @property
    def duties(self) -> str:
        locale = get_locale()
        return (self.duties_en if locale is not None and locale.language == "en" else self.duties_zh) or ""


class ReversalsSpec(Strict):
    """How reversed-case files run: when the self-inspection report is due, which results mean a retrial here,
    and the words the supervision office and the face-to-face session record."""

    report_days: int = Field(default=15, ge=1, le=180)
    remand_results: list[str] = ["发回重审"]
    retrial_results: list[str] = ["发回重审", "指令再审"]
    accountability_actions: list[str] = Field(min_length=1)
    face_to_face_outcomes: list[str] = Field(min_length=1)


class PendingSpec(Strict):
    """Measure 9's ledger: how close to its limit a case is listed, and the long-pending bands (months)."""

    near_limit_days: int = Field(default=7, ge=1, le=60)
    long_pending_months: list[PositiveInt] = [12, 18, 24]
    # What the supervision office may record about a case past its limit; ``no_action`` needs a stated reason.
    supervision_actions: list[str] = Field(default=["约谈", "书面通知", "移送纪检监察", "不予处理"], min_length=1)
    no_action: str = "不予处理"
    # The figures imported deducted or extension days change: their pages say how many such days lack an approval.
    unsupported_days_figures: list[str] = []

    @model_validator(mode="after")
    def _no_action_is_an_action(self) -> PendingSpec:
        if self.no_action not in self.supervision_actions:
            raise ValueError(f"no_action {self.no_action!r} is not one of supervision_actions")
        return self


class ConsultationSpec(Strict):
    """Data consultation (数据会商): generating a draft of these reports opens a window of ``window_days`` (working
    days when ``working_days``) in which each taking-part division checks its own figures case by case and may object
    to a case's counting. ``departments``: codes or group names; empty means every division (not a court-level
    body)."""

    reports: list[Literal["monthly", "quarterly"]] = ["monthly"]
    window_days: int = Field(default=3, ge=1, le=30)
    working_days: bool = True
    departments: list[str] = []


class ScoreRuleSpec(Named):
    """One line of the year-end score: ``points`` for each counted thing (negative for a deduction), at most
    ``cap`` in absolute value. What is counted is the rule's ``code`` (app/assessment.py)."""

    code: Literal["quota_periods_met", "reports_on_time", "hearings_handed_in", "erroneous_cases",
                  "overdue_without_reason", "quota_periods_missed"]
    points: float
    cap: float = Field(gt=0)


class AssessmentSpec(Strict):
    """The year-end scoring scheme: points for each target's figure by its band, then the rules."""

    band_points: dict[Literal["excellent", "good", "fair", "poor", "inside", "outside"], float]
    rules: list[ScoreRuleSpec] = []
    objection_days: int = Field(default=7, ge=1, le=60)


class HandInSpec(Strict):
    """When hand-ins are owed and due. A period's items are due ``deadline_days`` after the period ends
    (0: on its last day); reminders go out ``remind_days_before`` the deadline."""

    first_day: date
    last_day: date
    deadline_days: int = Field(default=0, ge=0, le=60)
    remind_days_before: int = Field(default=5, ge=0, le=60)


class CaseTypeSpec(Strict):
    code: str = Field(min_length=1)
    category: str = Field(pattern=r"^[a-z_]+$")
    line: Literal["civil", "criminal", "administrative", "enforcement"]


class TimeLimitSpec(Strict):
    type_code: str
    procedure: str | None = None
    months: PositiveInt | None = None
    days: PositiveInt | None = None
    extension_months: PositiveInt | None = None

    @model_validator(mode="after")
    def _one_length(self) -> Self:
        if (self.months is None) == (self.days is None):
            raise ValueError('give either "months" or "days"')
        return self


class DefinitionsSpec(Strict):
    mediation_closing_methods: list[str]
    withdrawal_closing_methods: list[str]
    mediation_excluded_closing_methods: list[str]
    reversal_results: list[str]
    procedures: list[str] = Field(min_length=1)
    # Allowed values of three free-text columns; an empty list accepts any value.
    closing_methods: list[str] = []
    appeal_results: list[str] = []
    pre_litigation_outcomes: list[str] = []

    @model_validator(mode="after")
    def _named_methods_are_allowed(self) -> Self:
        if self.closing_methods:
            for name in ("mediation_closing_methods", "withdrawal_closing_methods",
                         "mediation_excluded_closing_methods"):
                unknown = set(getattr(self, name)) - set(self.closing_methods)
                if unknown:
                    raise ValueError(f"{name}: {sorted(unknown)} are not among closing_methods")
        return self


class PlanSpec(Strict):
    court: CourtSpec
    campaign: CampaignSpec
    departments: list[DepartmentSpec] = Field(min_length=1)
    department_groups: dict[str, list[str]] = {}
    phases: list[PhaseSpec] = Field(min_length=1)
    indicators: list[IndicatorSpec] = Field(min_length=1)
    measures: list[MeasureSpec] = Field(min_length=1)
    case_types: list[CaseTypeSpec] = []
    category_groups: dict[str, list[str]] = {}
    time_limits: list[TimeLimitSpec] = []
    definitions: DefinitionsSpec
    hand_ins: HandInSpec | None = None
    positions: list[PositionSpec] = []
    reversals: ReversalsSpec | None = None
    pending: PendingSpec = PendingSpec()
    consultation: ConsultationSpec = ConsultationSpec()
    assessment: AssessmentSpec | None = None
    obligations: list[ObligationSpec] = []

    @model_validator(mode="after")
    def _references(self) -> Self:
        """Cross-references must resolve; the error names where the bad reference stands."""
        self._unique_codes()
        self._department_references()
        self._case_type_references()
        self._vocabulary_references()
        self._indicator_references()
        self._position_references()
        self._window_references()
        self._obligation_references()
        return self

    def _unique_codes(self) -> None:
        _unique("departments", [d.code for d in self.departments])
        _unique("phases", [p.code for p in self.phases])
        _unique("indicators", [i.code for i in self.indicators])
        _unique("measures", [m.code for m in self.measures])
        _unique("measures (number)", [m.number for m in self.measures])
        _unique("case_types", [c.code for c in self.case_types])
        _unique("positions", [p.code for p in self.positions])

    def _department_references(self) -> None:
        """Groups, checklist owners, measures, department quotas and the consultation name known departments."""
        departments = {d.code for d in self.departments}
        for group, members in self.department_groups.items():
            for member in members:
                if member not in departments:
                    raise ValueError(f"department_groups.{group}: unknown department {member!r}")
        known = departments | set(self.department_groups)
        for i, phase in enumerate(self.phases):
            for j, item in enumerate(phase.checklist):
                if item.owner is not None and item.owner not in departments:
                    raise ValueError(f"phases[{i}].checklist[{j}].owner: unknown department {item.owner!r}")
        for i, measure in enumerate(self.measures):
            for ref in measure.departments:
                if ref not in known:
                    raise ValueError(f"measures[{i}].departments: unknown department or group {ref!r}")
            for j, quota in enumerate(measure.quotas):
                for code in quota.counts or {}:
                    if code not in departments:
                        raise ValueError(f"measures[{i}].quotas[{j}].counts: unknown department {code!r}")
        for ref in self.consultation.departments:
            if ref not in known:
                raise ValueError(f"consultation.departments: unknown department or group {ref!r}")

    def _case_type_references(self) -> None:
        categories = {c.category for c in self.case_types}
        for group, members in self.category_groups.items():
            for member in members:
                if member not in categories:
                    raise ValueError(f"category_groups.{group}: no case type has the category {member!r}")
        for i, limit in enumerate(self.time_limits):
            if limit.type_code not in {c.code for c in self.case_types}:
                raise ValueError(f"time_limits[{i}].type_code: {limit.type_code!r} is not among the case types")

    def _vocabulary_references(self) -> None:
        """Draws and the reversed-case rules use the words of ``definitions``."""
        for i, measure in enumerate(self.measures):
            for j, draw in enumerate(measure.draws):
                if unknown := set(draw.closing_methods) - set(self.definitions.closing_methods or draw.closing_methods):
                    raise ValueError(f"measures[{i}].draws[{j}].closing_methods: {sorted(unknown)} are not among "
                                     "definitions.closing_methods")
        if self.reversals is not None:
            for name in ("remand_results", "retrial_results"):
                if unknown := set(getattr(self.reversals, name)) - set(self.definitions.reversal_results):
                    raise ValueError(f"reversals.{name}: {sorted(unknown)} are not among definitions.reversal_results")

    def _indicator_references(self) -> None:
        for i, indicator in enumerate(self.indicators):
            if (source := indicator.from_register) is not None:
                measure = self.measure(source.measure)
                kind = measure.item_kind(source.kind) if measure else None
                fields = {f.code for f in kind.fields} if kind else set()
                if kind is None or not {source.date_field, source.field} <= fields:
                    raise ValueError(f"indicators[{i}].from_register: {source.measure}/{source.kind} with the fields "
                                     f"{source.date_field!r} and {source.field!r} is not declared among the measures")

    def _position_references(self) -> None:
        presidents = [p.code for p in self.positions if p.president]
        if len(presidents) > 1:
            raise ValueError(f"positions: only one post is the president's (president = true), not {presidents}")
        if not presidents and any(k.reviewed_by == "president" for m in self.measures for k in m.item_kinds):
            raise ValueError('an item kind is reviewed by "president": mark the president\'s post among the positions '
                             "(president = true)")
        known = {d.code for d in self.departments} | set(self.department_groups)
        for i, position in enumerate(self.positions):
            for ref in position.departments:
                if ref not in known:
                    raise ValueError(f"positions[{i}].departments: unknown department or group {ref!r}")

    def _window_references(self) -> None:
        """The hand-in calendar and the phases lie inside the campaign window."""
        if self.hand_ins is not None and not (
            self.campaign.start <= self.hand_ins.first_day <= self.hand_ins.last_day <= self.campaign.end
        ):
            raise ValueError("hand_ins: first_day and last_day must lie inside the campaign window, in order")
        phases = sorted(self.phases, key=lambda p: p.number)
        if phases[0].start < self.campaign.start or phases[-1].end > self.campaign.end:
            raise ValueError("phases: the phases must lie inside the campaign window")

    def _obligation_references(self) -> None:
        _unique("obligations", [o.code for o in self.obligations])
        measures = {m.number: m for m in self.measures}
        known = {d.code for d in self.departments} | set(self.department_groups)
        checklist = {item.code for phase in self.phases for item in phase.checklist}
        indicators = {i.code for i in self.indicators}
        for i, duty in enumerate(self.obligations):
            where = f"obligations[{i}]"
            # A duty of no one measure (the reviewers' decisions) may name any measure's kinds.
            measure = measures.get(duty.measure) if duty.measure is not None else MeasureSpec.model_construct(
                item_kinds=[k for m in self.measures for k in m.item_kinds], quotas=[], lists=[], draws=[])
            if measure is None:
                raise ValueError(f"{where}.measure: no measure number {duty.measure}")
            # A quota's kinds are its items'; the other readers read items, so their kinds must be item kinds.
            kinds = {k.code for k in measure.item_kinds}
            if unknown := set(duty.kinds) - kinds:
                raise ValueError(f"{where}.kinds: {sorted(unknown)} are not item kinds of measure {duty.measure}")
            owed = {q.item_kind for q in measure.quotas if q.scope != "court"}
            if duty.evidence == "quota" and (unowed := set(duty.kinds) - owed):
                raise ValueError(f"{where}.kinds: {sorted(unowed)} have no department or judge quota in measure "
                                 f"{duty.measure}")
            if unknown := set(duty.lists) - {entry.code for entry in measure.lists}:
                raise ValueError(f"{where}.lists: {sorted(unknown)} are not lists of measure {duty.measure}")
            if duty.draw and duty.draw not in {d.code for d in measure.draws}:
                raise ValueError(f"{where}.draw: {duty.draw!r} is not a draw of measure {duty.measure}")
            if unknown := set(duty.departments) - known:
                raise ValueError(f"{where}.departments: unknown department or group {sorted(unknown)}")
            if unknown := set(duty.checklist) - checklist:
                raise ValueError(f"{where}.checklist: {sorted(unknown)} are not checklist items of the phases")
            if duty.indicator and duty.indicator not in indicators:
                raise ValueError(f"{where}.indicator: {duty.indicator!r} is not among the indicators")
            if duty.report and duty.report not in ("monthly", "quarterly", "year_end", "review"):
                raise ValueError(f"{where}.report: {duty.report!r} is not a report kind")

    def measure(self, code: str) -> MeasureSpec | None:
        return next((m for m in self.measures if m.code == code), None)

    def indicator(self, code: str) -> IndicatorSpec | None:
        return next((i for i in self.indicators if i.code == code), None)

    def expand_departments(self, refs: list[str]) -> list[str]:
        """Department codes behind a list of codes and group names, in plan order, without repeats."""
        return self.expand_refs(refs, self.department_groups, [d.code for d in self.departments])

    @staticmethod
    def expand_refs(refs: list[str], groups: dict[str, list[str]], ordered_codes: list[str]) -> list[str]:
        wanted: set[str] = set()
        for ref in refs:
            wanted.update(groups.get(ref, [ref]))
        return [code for code in ordered_codes if code in wanted]


def _unique(where: str, keys: list) -> None:
    seen = set()
    for key in keys:
        if key in seen:
            raise ValueError(f"{where}: {key!r} appears twice")
        seen.add(key)
