"""Bringing case data (and the hearings held) in: uploads are checked, stored, and imported by a job (or by the
CLI)."""

from __future__ import annotations

import hashlib
import os
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import IO

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import select

from app import search
from app.audit import record
from app.extensions import db
from app.importers import cases, hearings
from app.importers.cases import CaseImporter, ImportOutcome, ProgressCallback, RowError, display_value
from app.importers.columns import KEY, Placement, header_key, header_test, normalize, place_columns
from app.importers.hearings import HearingImporter
from app.importers.reading import UnreadableFile, detect_format, open_sheet, preview
from app.limits import address_space_limit
from app.models import Campaign, CaseImport, Court, ImportProfile, User
from app.models.base import utcnow
from app.reversals import open_files_from_cases

__all__ = ["COLUMNS", "ImportFailed", "ImportOutcome", "ProfileError", "RowError", "UnreadableFile", "UploadPreview",
           "court_profiles", "delete_profile", "discard_stale_uploads", "discard_upload", "find_profile",
           "preview_upload", "profile_named", "run_case_import", "save_profile", "store_upload"]

# Our columns, per kind of file.
COLUMNS: dict[str, tuple[str, ...]] = {"cases": cases.HEADERS, "hearings": hearings.HEADERS}
PREVIEW_ROWS = 5
MAX_PROFILE_NAME = 100


class ProfileError(ValueError):
    """A column mapping that cannot be saved; the message says why."""


def upload_folder() -> Path:
    folder = Path(current_app.config.get("UPLOAD_DIR") or Path(current_app.instance_path) / "uploads" / "imports")
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


def discard_stale_uploads(now: datetime | None = None) -> int:
    """Forget the uploads left waiting for their column mapping longer than IMPORT_MAPPING_KEEP_DAYS (their files
    would stay forever otherwise); the office uploads the file again if it still wants it. Returns how many."""
    cutoff = (now or utcnow()) - timedelta(days=current_app.config["IMPORT_MAPPING_KEEP_DAYS"])
    stale = db.session.scalars(select(CaseImport).where(CaseImport.status == "mapping",
                                                        CaseImport.started_at < cutoff)).all()
    for case_import in stale:
        discard_upload(case_import)
    return len(stale)


# ---------------------------------------------------------------------- import profiles and the mapping


def find_profile(court_id: int, kind: str, header: list[str]) -> ImportProfile | None:
    """The court's profile made for files with exactly these headers (the latest, if several)."""
    key = header_key(header)
    profiles = db.session.scalars(select(ImportProfile).where(ImportProfile.court_id == court_id,
                                                              ImportProfile.kind == kind)
                                  .order_by(ImportProfile.updated_at.desc(), ImportProfile.id.desc()))
    return next((p for p in profiles if p.headers == key), None)


def profile_named(court_id: int, kind: str, name: str) -> ImportProfile | None:
    return db.session.scalar(select(ImportProfile).where(ImportProfile.court_id == court_id,
                                                         ImportProfile.kind == kind, ImportProfile.name == name))


@dataclass
class UploadPreview:
    """The top of an uploaded file, read before the import is queued: its header, five rows, where its columns go
    and the profile that placed them."""

    header: list[str]
    header_row: int
    rows: list[tuple[int, list[str]]]
    placement: Placement
    profile: ImportProfile | None
    ours: tuple[str, ...]

    @property
    def needs_mapping(self) -> bool:
        return KEY not in self.placement.positions or self.placement.needs_mapping(self.ours)

    @property
    def missing_ours(self) -> list[str]:
        return self.placement.missing(self.ours)

    def choice(self, index: int) -> str:
        """Our header the column at ``index`` goes to now ("" when none)."""
        return next((h for h, i in self.placement.positions.items() if i == index), "")

    def columns(self) -> list[tuple[int, str]]:
        """The file's named columns: (index, header)."""
        return [(i, h) for i, h in enumerate(self.header) if normalize(h)]


def preview_upload(case_import: CaseImport) -> UploadPreview:
    """Read the top of a stored upload (cheap: the rows are not checked) and place its columns by our headers,
    their usual spellings and the import's profile or one saved for the same headers."""
    kind = case_import.kind
    sheet, first = preview(Path(case_import.stored_path or ""), case_import.file_name, header_test(kind),
                           PREVIEW_ROWS)
    profile = case_import.profile or find_profile(case_import.court_id, kind, sheet.header)
    placement = place_columns(sheet.header, kind, COLUMNS[kind], profile.mapping if profile else None)
    rows = [(number, [display_value(v) for v in values]) for number, values in first]
    return UploadPreview(sheet.header, sheet.header_row, rows, placement, profile, COLUMNS[kind])


def save_profile(case_import: CaseImport, name: str, choices: Mapping[int, str], user: User | None) -> ImportProfile:
    """Save the office's mapping (column index → our header, "" to leave the column out) as the court's profile
    called ``name`` (replacing one of that name) and make it the import's. Raises ProfileError."""
    name = " ".join(name.split())
    if not name:
        raise ProfileError(_("Give the mapping a name (for example the system the file comes from)."))
    if len(name) > MAX_PROFILE_NAME:
        raise ProfileError(_("The name is longer than %(max)d characters.", max=MAX_PROFILE_NAME))
    top = preview_upload(case_import)
    ours = COLUMNS[case_import.kind]
    mapping: dict[str, str] = {}
    chosen: dict[str, str] = {}
    for index, text in top.columns():
        target = choices.get(index, "")
        if target and target not in ours:
            raise ProfileError(_("%(column)s: choose one of our columns or leave it out.", column=text))
        if target and target in chosen:
            raise ProfileError(_("%(ours)s is chosen for both %(first)s and %(second)s.", ours=target,
                                 first=chosen[target], second=text))
        if target:
            chosen[target] = text
        mapping[normalize(text)] = target
    if KEY not in chosen:
        raise ProfileError(_("Say which column holds %(key)s: every row is matched by it.", key=KEY))
    profile = profile_named(case_import.court_id, case_import.kind, name)
    if profile is None:
        profile = ImportProfile(court_id=case_import.court_id, kind=case_import.kind, name=name)
        db.session.add(profile)
    profile.headers = header_key(top.header)
    profile.mapping = mapping
    profile.user_id = user.id if user else None
    db.session.flush()
    case_import.profile_id = profile.id
    case_import.profile = profile
    record("save", "import_profile", profile.id, user=user, court_id=case_import.court_id, summary=name,
           after={"mapping": mapping})
    return profile


def court_profiles(court_id: int) -> list[ImportProfile]:
    return list(db.session.scalars(select(ImportProfile).where(ImportProfile.court_id == court_id)
                                   .order_by(ImportProfile.kind, ImportProfile.name)))


def delete_profile(profile: ImportProfile, user: User | None) -> None:
    """Forget a mapping (e.g. one saved wrong): later files with its headers ask again. The imports that used it
    keep its name in their details."""
    for case_import in db.session.scalars(select(CaseImport).where(CaseImport.profile_id == profile.id)):
        case_import.profile_id = None
    record("delete", "import_profile", profile.id, user=user, court_id=profile.court_id, summary=profile.name,
           before={"mapping": profile.mapping})
    db.session.delete(profile)
    db.session.commit()


# ---------------------------------------------------------------------- the import


class ImportFailed(RuntimeError):
    """The import stopped (it needed more memory than it may use); the import is marked failed, nothing kept."""


def run_case_import(case_import: CaseImport, progress: ProgressCallback | None = None,
                    memory_limit: int = 0) -> ImportOutcome:
    """Import a stored file of cases or of hearings (its ``kind``): all of its rows in one transaction, or none of
    them and every reason why. The file's columns are placed by the import's profile, else by one saved for the
    same headers, else by our headers and their usual spellings.

    ``memory_limit`` (bytes; the job passes it in a work horse only) caps the process's address space while the
    file is read and checked: past it the import is marked failed with the reason and ImportFailed is raised."""
    path = Path(case_import.stored_path or "")
    kind = case_import.kind
    importer = (HearingImporter if kind == "hearings" else CaseImporter)(
        case_import.court, progress or (lambda done, total, message: None))
    newest = search.newest_case_id()  # the new cases get their search postings in one statement at the end
    exhausted = False
    try:
        with address_space_limit(memory_limit):
            sheet = open_sheet(path, case_import.file_name, header_test(kind))
            profile = case_import.profile or find_profile(case_import.court_id, kind, sheet.header)
            if profile is not None:
                case_import.profile_id = profile.id
            placement = place_columns(sheet.header, kind, COLUMNS[kind], profile.mapping if profile else None)
            outcome = importer.run(sheet, case_import.id, placement)
    except UnreadableFile as error:
        outcome = ImportOutcome()
        outcome.errors.append(RowError(0, "", "", str(error)))
    except MemoryError:
        exhausted = True  # handled below, once the traceback no longer holds what filled the memory
    except Exception:
        db.session.rollback()
        case_import.status = "failed"
        case_import.finished_at = utcnow()
        db.session.commit()
        raise
    if exhausted:
        message = _("%(name)s needs more memory than an import may use (%(limit)d MB); nothing was imported. "
                    "Split the file into smaller ones.", name=case_import.file_name, limit=memory_limit >> 20)
        db.session.rollback()
        _finish(case_import, "failed", ImportOutcome(), failure=message)
        raise ImportFailed(message)
    if outcome.errors:
        profile_id = case_import.profile_id
        db.session.rollback()  # whatever the good rows wrote goes with it
        case_import.profile_id = profile_id
        _finish(case_import, "rejected", ImportOutcome(rows=outcome.rows, errors=outcome.errors,
                                                       header_row=outcome.header_row, total_row=outcome.total_row,
                                                       partial=outcome.partial))
    else:
        search.index_cases_after(newest)
        if case_import.kind == "cases":
            # Reversals in the new data open their files in the same transaction as the cases.
            campaigns = list(db.session.scalars(select(Campaign).where(Campaign.court_id == case_import.court_id)))
            open_files_from_cases(case_import.court_id, campaigns)
        _finish(case_import, "done", outcome)  # one commit: the cases, their files and the history row
    return outcome


def _finish(case_import: CaseImport, status: str, outcome: ImportOutcome, failure: str | None = None) -> None:
    record("import", "case_import", case_import.id, user=case_import.user, court_id=case_import.court_id,
           summary=f"{case_import.file_name} ({status})",
           after={"status": status, "rows": outcome.rows, "created": outcome.created, "updated": outcome.updated,
                  "unchanged": outcome.unchanged, "errors": len(outcome.errors), "sha256": case_import.file_sha256,
                  "fields": outcome.fields, "profile_id": case_import.profile_id})
    case_import.status = status
    case_import.rows = outcome.rows
    case_import.created = outcome.created
    case_import.updated = outcome.updated
    case_import.unchanged = outcome.unchanged
    case_import.errors = outcome.errors_as_dicts() or None
    case_import.error_count = len(outcome.errors)
    case_import.error_groups = outcome.errors.grouped() or None
    case_import.details = outcome.details()
    if failure:
        case_import.details["failure"] = failure
    if case_import.profile_id is not None:  # the name outlives the profile, should the office delete it
        case_import.details["profile"] = db.session.get(ImportProfile, case_import.profile_id).name
    case_import.finished_at = utcnow()
    stored = case_import.stored_path
    if stored and os.path.exists(stored):
        os.unlink(stored)  # the import is settled either way; a rejected file is fixed and uploaded anew
    case_import.stored_path = None
    db.session.commit()
