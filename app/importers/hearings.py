"""Hearing import (measure 11): the hearings held, from the court's hearing schedule export. The same rules as the
case import: every row checked first, written in the caller's transaction, and one bad row keeps every row out.

A hearing is keyed by its case, day and courtroom: a known one is left alone (or its judge's name updated), a new
one is added. Its case must be in the case data already (import the cases first).
"""

from __future__ import annotations

from typing import Any

from flask_babel import gettext as _
from sqlalchemy import select

from app.extensions import db
from app.importers.cases import (
    MAX_NAME,
    ImportOutcome,
    ProgressCallback,
    RowError,
    bounded_text,
    checked_case_number,
    display_value,
    no_progress,
    parse_date,
)
from app.importers.columns import Placement, place_columns
from app.importers.reading import Sheet
from app.models import Case, Court, Hearing

HEADERS = ("案号", "开庭日期", "法庭", "承办人")
EXAMPLE_ROW = ("（2021）豫0823民初1234号", "2021-04-08", "第一审判庭", "民事审判庭法官01")
BATCH = 2000


class HearingImporter:
    """Checks and writes the rows of one hearing file for one court."""

    def __init__(self, court: Court, progress: ProgressCallback = no_progress) -> None:
        self.court = court
        self.progress = progress
        self._cases: dict[str, tuple[int, Any]] | None = None

    def cases(self) -> dict[str, tuple[int, Any]]:
        """The court's cases by number: (id, filing day), read once."""
        if self._cases is None:
            self._cases = {number: (case_id, filed) for number, case_id, filed in db.session.execute(
                select(Case.case_number, Case.id, Case.filed_on).where(Case.court_id == self.court.id))}
        return self._cases

    def run(self, sheet: Sheet, import_id: int | None, placement: Placement | None = None) -> ImportOutcome:
        outcome = ImportOutcome(header_row=sheet.header_row)
        placement = placement or place_columns(sheet.header, "hearings", HEADERS)
        missing = placement.missing(HEADERS)
        if missing:
            outcome.errors.extend(RowError(sheet.header_row, h, "", _("The column is missing from the header row."))
                                  for h in missing)
            return outcome
        positions = [placement.positions[h] for h in HEADERS]
        seen: dict[tuple, int] = {}
        records: list[dict[str, Any]] = []
        total = max(1, sheet.total_rows)
        for count, (number, values) in enumerate(sheet.rows, start=1):
            cells = [values[i] if i < len(values) else None for i in positions]
            record, errors = self._check_row(number, cells)
            if not errors:
                key = (record["case_id"], record["held_on"], record["courtroom"])
                earlier = seen.setdefault(key, number)
                if earlier != number:
                    errors.append(RowError(number, "案号", record["case_number"],
                                           _("The same hearing is already on row %(row)d.", row=earlier)))
            outcome.errors.extend(errors)
            outcome.rows += 1
            if not outcome.errors:
                records.append(record)
            if count % BATCH == 0:
                self.progress(min(count, total), total, _("Checked %(count)d of %(total)d rows", count=count,
                                                          total=total))
        outcome.total_row = sheet.total_row
        if outcome.rows == 0:
            outcome.errors.append(RowError(sheet.header_row + 1, "", "", _("The file has no data rows.")))
        if not outcome.errors:
            self._write(records, import_id, outcome)
        self.progress(total, total, _("Checked %(count)d of %(total)d rows", count=outcome.rows, total=outcome.rows))
        return outcome

    def _check_row(self, number: int, cells: list[Any]) -> tuple[dict[str, Any], list[RowError]]:
        record: dict[str, Any] = {}
        errors: list[RowError] = []
        texts = ["" if c is None else str(c).strip() for c in cells]
        for header, text in zip(HEADERS, texts, strict=True):
            if not text:
                errors.append(RowError(number, header, "", _("This column must not be empty.")))
        if errors:
            return record, errors
        raw_number, raw_day = cells[0], cells[1]
        try:
            case_number = str(checked_case_number(texts[0]))
            record["case_number"] = case_number
            found = self.cases().get(case_number)
            if found is None:
                raise ValueError(_("This case is not in the case data; import the cases first."))
            record["case_id"], filed_on = found
        except ValueError as error:
            errors.append(RowError(number, "案号", display_value(raw_number), str(error)))
            filed_on = None
        try:
            record["held_on"] = parse_date(raw_day)
            if filed_on is not None and record["held_on"] < filed_on:
                raise ValueError(_("Held before the case was filed (%(filed)s).", filed=filed_on.isoformat()))
        except ValueError as error:
            errors.append(RowError(number, "开庭日期", display_value(raw_day), str(error)))
        for header, text, key in (("法庭", texts[2], "courtroom"), ("承办人", texts[3], "judge_name")):
            try:
                record[key] = bounded_text(text, MAX_NAME)
            except ValueError as error:
                errors.append(RowError(number, header, text[:50], str(error)))
        return record, errors

    def _write(self, records: list[dict[str, Any]], import_id: int | None, outcome: ImportOutcome) -> None:
        known = {(h.case_id, h.held_on, h.courtroom): h for h in db.session.scalars(
            select(Hearing).where(Hearing.court_id == self.court.id))}
        for record in records:
            hearing = known.get((record["case_id"], record["held_on"], record["courtroom"]))
            if hearing is None:
                db.session.add(Hearing(court_id=self.court.id, case_id=record["case_id"], held_on=record["held_on"],
                                       courtroom=record["courtroom"], judge_name=record["judge_name"],
                                       import_id=import_id))
                outcome.created += 1
            elif hearing.judge_name != record["judge_name"]:
                hearing.judge_name, hearing.import_id = record["judge_name"], import_id
                outcome.updated += 1
            else:
                outcome.unchanged += 1
        db.session.flush()
