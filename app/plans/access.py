"""Reading a loaded plan: every part of the app reads the campaign's plan through ``plan_of``, typed and validated
once per loaded version of the plan file."""

from __future__ import annotations

from typing import TYPE_CHECKING

from app.plans.schema import MeasureSpec, PlanSpec

if TYPE_CHECKING:
    from app.models import Campaign

# Campaign id → (the plan file's SHA-256, the plan). Loading a changed file stores a new SHA-256 (app/plans/loader),
# so the next read validates the new document; one entry per campaign.
_plans: dict[int, tuple[str, PlanSpec]] = {}


def plan_of(campaign: Campaign) -> PlanSpec:
    """The campaign's plan as the validated model of its file (``plan_of(c).pending``, ``.reversals``, ...)."""
    cached = _plans.get(campaign.id)
    if cached is None or cached[0] != campaign.source_sha256:
        cached = (campaign.source_sha256, PlanSpec.model_validate(campaign.document))
        _plans[campaign.id] = cached
    return cached[1]


def measure_spec(campaign: Campaign, measure_code: str) -> MeasureSpec | None:
    """The plan's entry for a measure, None for a code the plan does not declare."""
    return plan_of(campaign).measure(measure_code)
