"""Load a validated plan into the database in one transaction: all of it or none of it."""

from __future__ import annotations

import hashlib
import tomllib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import partial
from operator import attrgetter
from pathlib import Path
from typing import Any, TypeVar

from pydantic import ValidationError
from sqlalchemy import select

from app.audit import record
from app.extensions import db
from app.models import Campaign, ChecklistItem, Court, Department, Indicator, Measure, Phase, Quota
from app.models.base import utcnow
from app.plans.schema import ChecklistItemSpec, IndicatorSpec, MeasureSpec, PhaseSpec, PlanSpec, QuotaSpec

R = TypeVar("R")
S = TypeVar("S")


class PlanError(ValueError):
    """A plan file that cannot be loaded; the message names the file and the key at fault."""


@dataclass(frozen=True)
class LoadResult:
    campaign_code: str
    changed: bool


def read_plan_file(path: str | Path) -> tuple[PlanSpec, str]:
    """Parse and validate a plan file; return the plan and the file's SHA-256."""
    path = Path(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise PlanError(f"{path}: cannot read the file ({exc.strerror})") from exc
    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise PlanError(f"{path}: not a valid TOML file: {exc}") from exc
    try:
        spec = PlanSpec.model_validate(data)
    except ValidationError as exc:
        raise PlanError(f"{path}:\n" + "\n".join(_describe(err) for err in exc.errors())) from exc
    return spec, hashlib.sha256(raw).hexdigest()


def _describe(error: Any) -> str:
    key = "".join(f"[{part}]" if isinstance(part, int) else f".{part}" for part in error["loc"]).lstrip(".")
    message = error["msg"].removeprefix("Value error, ")
    return f"  {key or '(top level)'}: {message}"


def load_plan_file(path: str | Path) -> LoadResult:
    spec, sha256 = read_plan_file(path)
    _check_definitions(path, spec)
    try:
        result = _load(spec, sha256)
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise
    return result


def _check_definitions(path: str | Path, spec: PlanSpec) -> None:
    """Every indicator and variant the plan names must be one the engine can compute."""
    from app.indicators.definitions import FORMULAS

    problems = [
        f"  indicators[{i}].variants: {variant!r} is not a definition the app knows for {indicator.code!r}"
        for i, indicator in enumerate(spec.indicators)
        for variant in indicator.variants
        if (indicator.code, variant) not in FORMULAS
    ]
    if problems:
        raise PlanError(f"{path}:\n" + "\n".join(problems))


def _load(spec: PlanSpec, sha256: str) -> LoadResult:
    campaign = _existing_campaign(spec)
    if campaign is not None and campaign.source_sha256 == sha256:
        return LoadResult(spec.campaign.code, changed=False)
    court, departments = _load_courts(spec)
    campaign = _load_campaign(campaign, spec, court, sha256)
    campaign.phases = _sync(campaign.phases, spec.phases, Phase, partial(_update_phase, departments=departments))
    campaign.indicators = _sync(campaign.indicators, spec.indicators, Indicator, _update_indicator)
    campaign.measures = _sync(campaign.measures, spec.measures, Measure,
                              partial(_update_measure, plan=spec, departments=departments))
    db.session.flush()
    record("plan_load", "campaign", campaign.code, court_id=court.id, summary=spec.campaign.code,
           after={"sha256": sha256, "definition_version": spec.campaign.definition_version})
    return LoadResult(spec.campaign.code, changed=True)


def _existing_campaign(spec: PlanSpec) -> Campaign | None:
    campaign = db.session.scalar(select(Campaign).where(Campaign.code == spec.campaign.code))
    if campaign is not None and campaign.court.code != spec.court.code:
        # Campaign codes are unique across courts: another court's file must not take this one over.
        raise PlanError(f"campaign.code: {spec.campaign.code!r} already belongs to court {campaign.court.code}; "
                        "give this court's campaign a code of its own")
    return campaign


def _load_courts(spec: PlanSpec) -> tuple[Court, dict[str, Department]]:
    """The plan's court with its departments, and the court above it (if the plan names one) with its own."""
    parent = spec.court.parent
    if parent is not None:
        above = db.session.scalar(select(Court).where(Court.code == parent.code))
        if above is not None and above.parent is not None and above.parent.code == spec.court.code:
            raise PlanError(f"court.parent.code: {parent.code} reports to {spec.court.code} already; a court "
                            "cannot be above the court above it")
    court = _court(spec.court.code, spec.court.model_dump(exclude={"code", "parent"}))
    departments = _departments(court, spec.departments)
    # A plan without [court.parent] takes the court out of its intermediate court's comparison.
    court.parent = _court(parent.code, parent.model_dump(exclude={"code", "departments"})) if parent else None
    if parent is not None:
        _departments(court.parent, parent.departments)
    return court, departments


def _load_campaign(campaign: Campaign | None, spec: PlanSpec, court: Court, sha256: str) -> Campaign:
    if campaign is None:
        campaign = Campaign(code=spec.campaign.code)
        db.session.add(campaign)
    c = spec.campaign
    _assign(
        campaign,
        {
            "court": court,
            "name_zh": c.name_zh,
            "name_en": c.name_en,
            "year": c.year,
            "start_date": c.start,
            "end_date": c.end,
            "document_number": c.document_number,
            "definition_version": c.definition_version,
            "document": spec.model_dump(mode="json"),
            "source_sha256": sha256,
            "loaded_at": utcnow(),
        },
    )
    return campaign


def _update_checklist_item(row: ChecklistItem, item: ChecklistItemSpec, position: int, *,
                           departments: dict[str, Department]) -> None:
    _assign(row, {
        **item.model_dump(include={"name_zh", "name_en", "evidence_zh", "evidence_en"}),
        "position": position,
        "owner": departments[item.owner] if item.owner else None,
        "due_date": item.due,
    })


def _update_phase(row: Phase, phase: PhaseSpec, position: int, *, departments: dict[str, Department]) -> None:
    _assign(row, {
        **phase.model_dump(include={"number", "name_zh", "name_en"}),
        "start_date": phase.start,
        "end_date": phase.end,
    })
    row.checklist = _sync(row.checklist, phase.checklist, ChecklistItem,
                          partial(_update_checklist_item, departments=departments))


def _update_indicator(row: Indicator, indicator: IndicatorSpec, position: int) -> None:
    _assign(row, {
        **indicator.model_dump(include={"name_zh", "name_en", "target_number", "direction", "unit", "kind",
                                        "target", "variant", "definition_zh", "definition_en"}),
        "position": position,
        "bands": indicator.bands.model_dump(mode="json", exclude_none=True),
    })


def _update_quota(row: Quota, entry: tuple[QuotaSpec, str | None, int], position: int, *,
                  departments: dict[str, Department]) -> None:
    quota, department_code, count = entry
    _assign(row, {
        **quota.model_dump(include={"item_kind", "name_zh", "name_en", "scope", "period"}),
        "position": position,
        "count": count,
        "department": departments[department_code] if department_code else None,
    })


def _update_measure(row: Measure, measure: MeasureSpec, position: int, *, plan: PlanSpec,
                    departments: dict[str, Department]) -> None:
    _assign(row, measure.model_dump(include={"number", "name_zh", "name_en", "summary_zh", "summary_en"}))
    wanted = [departments[code] for code in plan.expand_departments(measure.departments)]
    if row.departments != wanted:
        row.departments = wanted
    # A department quota ("counts" per department) becomes one row per department.
    entries = [
        (quota, department_code, count)
        for quota in measure.quotas
        for department_code, count in (quota.counts.items() if quota.counts else [(None, quota.count)])
    ]
    row.quotas = _sync(
        row.quotas, entries, Quota, partial(_update_quota, departments=departments),
        row_key=lambda r: (r.item_kind, r.department.code if r.department else None),
        spec_key=lambda e: (e[0].item_kind, e[1]),
    )


def _court(code: str, values: dict[str, Any]) -> Court:
    court = db.session.scalar(select(Court).where(Court.code == code)) or Court(code=code)
    _assign(court, values)
    db.session.add(court)
    return court


def _departments(court: Court, specs: list[Any]) -> dict[str, Department]:
    """The court's departments by code, the plan's added or updated in the plan's order (none removed)."""
    departments = {d.code: d for d in court.departments}
    for position, dept in enumerate(specs):
        row = departments.get(dept.code) or Department(code=dept.code, court=court)
        _assign(row, {**dept.model_dump(exclude={"code"}), "position": position})
        db.session.add(row)
        departments[dept.code] = row
    return departments


def _assign(row: Any, values: dict[str, Any]) -> None:
    """Set only what differs, so an unchanged plan leaves rows (and their updated_at) untouched."""
    for key, value in values.items():
        if getattr(row, key, None) != value:
            setattr(row, key, value)


def _sync(
    rows: Iterable[R],
    specs: Iterable[S],
    model: Callable[[], R],
    update: Callable[[R, S, int], None],
    row_key: Callable[[R], Any] = attrgetter("code"),
    spec_key: Callable[[S], Any] = attrgetter("code"),
) -> list[R]:
    """Match existing child rows to the plan's entries by key: update, create, and drop the rest."""
    existing = {row_key(r): r for r in rows}
    result = []
    for position, spec in enumerate(specs):
        key = spec_key(spec)
        row = existing.get(key)
        if row is None:
            row = model()
            if isinstance(key, str):
                row.code = key
        update(row, spec, position)
        result.append(row)
    return result
