"""Case import as a background job."""

from __future__ import annotations

from datetime import date

from flask import current_app

from app.extensions import db
from app.importers import discard_stale_uploads, run_case_import
from app.models import CaseImport
from app.tasks import app_context, claim_once, in_work_horse, job, report_progress


@job
def import_cases(task_id: str, import_id: int) -> dict:
    case_import = db.session.get(CaseImport, import_id)
    if case_import is None:
        raise LookupError(f"case import {import_id} does not exist")
    if case_import.status != "pending":  # already settled (e.g. a retry after the rows were committed)
        return {"import_id": import_id, "ok": case_import.status == "done", "created": case_import.created,
                "updated": case_import.updated, "unchanged": case_import.unchanged,
                "errors": case_import.error_count, "fields": (case_import.details or {}).get("fields", {}),
                "total_row": (case_import.details or {}).get("total_row")}
    # The memory ceiling only in a work horse of its own: in the worker's process (SimpleWorker) it would stay.
    limit = current_app.config["IMPORT_MEMORY_LIMIT"] if in_work_horse() else 0
    outcome = run_case_import(case_import, report_progress, memory_limit=limit)
    if outcome.ok and (outcome.created or outcome.updated) and case_import.kind == "cases":  # hearings count in none
        from app.tasks.indicators import start_recompute

        start_recompute(case_import.court_id, case_import.user)
    return {"import_id": import_id, "ok": outcome.ok, "created": outcome.created, "updated": outcome.updated,
            "unchanged": outcome.unchanged, "errors": len(outcome.errors), "fields": outcome.fields,
            "total_row": outcome.total_row}


def clean_stale_uploads(day: date | None = None) -> int:
    """Run by `rq cron` each night (once per day however many schedulers run): uploads left waiting for their
    column mapping past IMPORT_MAPPING_KEEP_DAYS are forgotten with their files."""
    with app_context():
        if not claim_once("stale-uploads", day or date.today()):
            return 0
        return discard_stale_uploads()
