"""The campaign plan as data: read and validate a plan file, load it into the database, read the loaded plan."""

from app.plans.access import measure_spec, plan_of
from app.plans.loader import LoadResult, PlanError, load_plan_file, read_plan_file

__all__ = ["LoadResult", "PlanError", "load_plan_file", "measure_spec", "plan_of", "read_plan_file"]
