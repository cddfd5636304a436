"""Bringing case data (and the hearings held) in: uploads are checked, stored, and imported by a job (or by the
CLI)."""

from __future__ import annotations

import hashlib
import os
import uuid
from pathlib import Path
from typing import IO

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import select

from app import search
from app.audit import record
from app.extensions import db
from app.importers.cases import CaseImporter, ImportOutcome, ProgressCallback, RowError
from app.importers.hearings import HearingImporter
from app.importers.reading import UnreadableFile, detect_format, open_sheet
from app.models import Campaign, CaseImport, Court, User
from app.models.base import utcnow
from app.reversals import open_files_from_cases

__all__ = ["ImportOutcome", "RowError", "UnreadableFile", "discard_upload", "run_case_import", "store_upload"]


def upload_folder() -> Path:
    folder = Path(current_app.instance_path) / "uploads" / "imports"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def store_upload(stream: IO[bytes], file_name: str, court: Court, user: User | None,
                 source: str = "web", kind: str = "cases") -> CaseImport:
    """Save an upload under a random name outside the web root and record it as a pending import.

    Refuses (UnreadableFile) what is too large or not a spreadsheet, keeping nothing.
    """
    limit = current_app.config["IMPORT_MAX_BYTES"]
    path = upload_folder() / uuid.uuid4().hex
    sha256 = hashlib.sha256()
    size = 0
    with open(path, "wb") as out:
        while chunk := stream.read(1 << 20):
            size += len(chunk)
            if size > limit:
                out.close()
                path.unlink()
                raise UnreadableFile(_("%(name)s is larger than %(limit)d MB.", name=file_name,
                                       limit=limit // (1 << 20)))
            sha256.update(chunk)
            out.write(chunk)
    try:
        detect_format(path, file_name)
    except UnreadableFile:
        path.unlink()
        raise
    case_import = CaseImport(court_id=court.id, user_id=user.id if user else None, file_name=file_name,
                             file_sha256=sha256.hexdigest(), file_size=size, stored_path=str(path), source=source,
                             kind=kind)
    db.session.add(case_import)
    db.session.commit()
    return case_import


def discard_upload(case_import: CaseImport) -> None:
    """Forget an upload that will not be imported (its job could not be queued)."""
    if case_import.stored_path and os.path.exists(case_import.stored_path):
        os.unlink(case_import.stored_path)
    db.session.delete(case_import)
    db.session.commit()


def run_case_import(case_import: CaseImport, progress: ProgressCallback | None = None) -> ImportOutcome:
    """Import a stored file of cases or of hearings (its ``kind``): all of its rows in one transaction, or none of
    them and every reason why."""
    path = Path(case_import.stored_path or "")
    importer = (HearingImporter if case_import.kind == "hearings" else CaseImporter)(
        case_import.court, progress or (lambda done, total, message: None))
    newest = search.newest_case_id()  # the new cases get their search postings in one statement at the end
    try:
        outcome = importer.run(open_sheet(path, case_import.file_name), case_import.id)
    except UnreadableFile as error:
        outcome = ImportOutcome(errors=[RowError(0, "", "", str(error))])
    except Exception:
        db.session.rollback()
        case_import.status = "failed"
        case_import.finished_at = utcnow()
        db.session.commit()
        raise
    if outcome.errors:
        db.session.rollback()  # whatever the good rows wrote goes with it
        _finish(case_import, "rejected", ImportOutcome(rows=outcome.rows, errors=outcome.errors))
    else:
        search.index_cases_after(newest)
        if case_import.kind == "cases":
            # Reversals in the new data open their files in the same transaction as the cases.
            campaigns = list(db.session.scalars(select(Campaign).where(Campaign.court_id == case_import.court_id)))
            open_files_from_cases(case_import.court_id, campaigns)
        _finish(case_import, "done", outcome)  # one commit: the cases, their files and the history row
    return outcome


def _finish(case_import: CaseImport, status: str, outcome: ImportOutcome) -> None:
    record("import", "case_import", case_import.id, user=case_import.user, court_id=case_import.court_id,
           summary=f"{case_import.file_name} ({status})",
           after={"status": status, "rows": outcome.rows, "created": outcome.created, "updated": outcome.updated,
                  "unchanged": outcome.unchanged, "errors": len(outcome.errors), "sha256": case_import.file_sha256})
    case_import.status = status
    case_import.rows = outcome.rows
    case_import.created = outcome.created
    case_import.updated = outcome.updated
    case_import.unchanged = outcome.unchanged
    case_import.errors = outcome.errors_as_dicts() or None
    case_import.finished_at = utcnow()
    stored = case_import.stored_path
    if stored and os.path.exists(stored):
        os.unlink(stored)  # the import is settled either way; a rejected file is fixed and uploaded anew
    case_import.stored_path = None
    db.session.commit()
