"""Blueprint registration. HTTP only: parse, ask app.policy, call the domain, render."""

from __future__ import annotations

from importlib import import_module

from flask import Flask

# The sixteen measures, by their code in the plan file; each is a package of its own.
MEASURE_BLUEPRINTS = (
    "judicial_responsibility",
    "committee_review",
    "document_review",
    "two_way_review",
    "remand_communication",
    "circulation_accountability",
    "judges_meetings",
    "higher_court_consultation",
    "long_pending_cases",
    "triage_fast_track",
    "hearing_review",
    "explanation_petitions",
    "enforcement_quality",
    "trend_analysis",
    "president_supervision",
    "leaders_handle_cases",
)
CORE_BLUEPRINTS = (
    "auth", "main", "work", "indicators", "admin", "audit", "cases", "phases", "console", "directory", "reversals",
    "reports", "assessment", "standing", "courts", "notifications", "tasks", "errors",
)


def register_all(app: Flask) -> None:
    for name in CORE_BLUEPRINTS + MEASURE_BLUEPRINTS:
        app.register_blueprint(import_module(f"app.blueprints.{name}").bp)
