"""The campaign plan as data: read and validate a plan file, load it into the database."""

from app.plans.loader import LoadResult, PlanError, load_plan_file, read_plan_file

__all__ = ["LoadResult", "PlanError", "load_plan_file", "read_plan_file"]
