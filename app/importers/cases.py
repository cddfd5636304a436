"""Case import: every row checked first, then all rows written in one transaction, or none.

Rows are keyed by case number: a new number is created, a known one is updated in place when any
value changed and left alone when none did (a digest of the values tells which, without comparing
field by field).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict, dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any

from flask import current_app, has_app_context
from flask_babel import gettext as _
from sqlalchemy import bindparam, insert, select, update

from app.campaign import current_campaign
from app.cases import CaseNumberError, add_months, parse_case_number
from app.extensions import db
from app.importers.columns import Placement, place_columns
from app.importers.reading import Sheet
from app.models import Case, Court, Department, Judge, Role, User
from app.models.base import utcnow
from app.plans.access import plan_of

# The columns of the court's export, in template order: Chinese header → Case attribute and kind.
COLUMNS: tuple[tuple[str, str, str], ...] = (
    ("案号", "case_number", "case_number"),
    ("案由", "cause", "text"),
    ("承办部门", "department_id", "department"),
    ("承办人", "judge_name", "name"),
    ("审判程序", "procedure", "procedure"),
    ("速裁", "fast_track", "bool"),
    ("立案日期", "filed_on", "date"),
    ("结案日期", "closed_on", "date"),
    ("结案方式", "closing_method", "closing_method"),
    ("延长审限天数", "extension_days", "days"),
    ("扣除审限天数", "deducted_days", "days"),
    ("上诉日期", "appealed_on", "date"),
    ("申请再审日期", "retrial_petition_on", "date"),
    ("二审结果", "appeal_result", "appeal_result"),
    ("二审结果日期", "appeal_result_on", "date"),
    ("生效日期", "effective_on", "date"),
    ("有给付内容", "has_performance_content", "bool"),
    ("申请执行日期", "enforcement_applied_on", "date"),
    ("申请执行标的额", "amount_applied", "amount"),
    ("实际到位金额", "amount_recovered", "amount"),
    ("诉前调解结果", "pre_litigation_outcome", "pre_litigation_outcome"),
    ("原审案号", "original_case_number", "original_case_number"),
)
HEADERS = tuple(header for header, _attr, _kind in COLUMNS)
# The columns the office may correct on one case after a consultation objection: those the indicators count by.
CORRECTABLE = ("承办部门", "审判程序", "速裁", "立案日期", "结案日期", "结案方式", "延长审限天数", "扣除审限天数",
               "上诉日期", "申请再审日期", "二审结果", "二审结果日期", "生效日期", "有给付内容", "申请执行日期",
               "申请执行标的额", "实际到位金额", "诉前调解结果")
REQUIRED = {"案号", "承办部门", "立案日期"}
EXAMPLE_ROW = (
    "（2021）豫0823民初1234号", "民间借贷纠纷", "民事审判庭", "民事审判庭法官01", "简易程序", "否", "2021-03-05",
    "2021/4/20", "调解", "0", "0", "", "", "", "", "2021年4月20日", "是", "", "", "", "", "",
)
# Fields written to the case row, in a fixed order (the digest depends on it).
FIELDS = (
    "case_number", "year", "court_code", "type_code", "sequence", "category", "line", "cause", "department_id",
    "judge_name", "procedure", "fast_track", "filed_on", "closed_on", "closing_method", "extension_days",
    "deducted_days", "appealed_on", "retrial_petition_on", "appeal_result", "appeal_result_on", "effective_on",
    "has_performance_content", "enforcement_applied_on", "amount_applied", "amount_recovered",
    "pre_litigation_outcome", "original_case_number", "deadline",
)
BATCH = 2000
# What an empty cell means, by kind of column.
EMPTY = {"bool": False, "days": 0, "text": None, "name": None, "date": None, "amount": None, "department": None,
         "procedure": None, "case_number": None, "original_case_number": None, "closing_method": None,
         "appeal_result": None, "pre_litigation_outcome": None}


@dataclass(frozen=True)
class RowError:
    row: int
    column: str
    value: str
    reason: str


# Distinct (column, reason) pairs counted one by one; further reasons of a column are counted together.
MAX_ERROR_GROUPS = 50


class RowErrors:
    """An import's bad rows: every one counted, the first ``keep`` listed (a file of junk would otherwise store
    millions), and a count per column and reason. Behaves as the list of the listed ones; ``len`` is the count of
    all of them."""

    def __init__(self, errors: Iterable[RowError] = (), keep: int | None = None) -> None:
        if keep is None:
            keep = current_app.config["IMPORT_MAX_ERRORS"] if has_app_context() else 1000
        self.keep = keep
        self.listed: list[RowError] = []
        self.total = 0
        self.groups: dict[tuple[str, str], int] = {}
        self.extend(errors)

    def append(self, error: RowError) -> None:
        self.total += 1
        if len(self.listed) < self.keep:
            self.listed.append(error)
        key = (error.column, error.reason)
        if key not in self.groups and len(self.groups) >= MAX_ERROR_GROUPS:
            key = (error.column, _("other reasons"))
        self.groups[key] = self.groups.get(key, 0) + 1

    def extend(self, errors: Iterable[RowError]) -> None:
        for error in errors:
            self.append(error)

    def __len__(self) -> int:
        return self.total

    def __bool__(self) -> bool:
        return self.total > 0

    def __iter__(self) -> Iterator[RowError]:
        return iter(self.listed)

    def __getitem__(self, index: Any) -> Any:
        return self.listed[index]

    @property
    def unlisted(self) -> int:
        return self.total - len(self.listed)

    def grouped(self) -> list[dict[str, Any]]:
        """[{"column": "立案日期", "reason": "…", "rows": 4000}, …], the most frequent first."""
        return [{"column": column, "reason": reason, "rows": rows} for (column, reason), rows in
                sorted(self.groups.items(), key=lambda item: -item[1])]


@dataclass
class ImportOutcome:
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: RowErrors = field(default_factory=RowErrors)
    # A file with only some of our columns updates those fields of registered cases; per column, how many
    # cases it changed.
    partial: bool = False
    fields: dict[str, int] = field(default_factory=dict)
    header_row: int = 1
    total_row: int | None = None  # a trailing 合计/总计 row left out

    def details(self) -> dict[str, Any]:
        """What the history keeps besides the counts."""
        return {"header_row": self.header_row, "total_row": self.total_row, "partial": self.partial,
                "fields": self.fields}

    @property
    def ok(self) -> bool:
        return not self.errors

    def errors_as_dicts(self) -> list[dict[str, Any]]:
        """The listed bad rows (the first IMPORT_MAX_ERRORS)."""
        return [asdict(e) for e in self.errors]


ProgressCallback = Callable[[int, int, str], None]


def no_progress(done: int, total: int, message: str) -> None:
    return None


class CaseImporter:
    """Checks and writes the rows of one file for one court."""

    def __init__(self, court: Court, progress: ProgressCallback = no_progress) -> None:
        self.court = court
        self.progress = progress
        campaign = current_campaign(court.id)
        if campaign is None:
            raise LookupError(_("No campaign plan is loaded for this court; load one first (flask plan load)."))
        plan = plan_of(campaign)
        self.case_types = {t.code: t for t in plan.case_types}
        self.procedures = set(plan.definitions.procedures)
        self.vocabularies = {kind: getattr(plan.definitions, f"{kind}s") for kind in
                             ("closing_method", "appeal_result", "pre_litigation_outcome")}
        self.time_limits = {(t.type_code, t.procedure): t for t in plan.time_limits}
        groups = plan.category_groups
        self.limited_categories = set(groups.get("litigation", [])) | set(groups.get("enforcement", []))
        departments = db.session.scalars(select(Department).where(Department.court_id == court.id)).all()
        # Exports name departments in Chinese; the plan's code is accepted too.
        self.departments = {d.name_zh: d.id for d in departments} | {d.code: d.id for d in departments}
        self._dates: dict[Any, date] = {}
        self._converters = self._make_converters()
        self._judges: dict[tuple[str, int], int] | None = None
        self._existing: dict[str, tuple[int, str]] | None = None
        self._approved: dict[str, int] | None = None
        self._records: dict[str, dict[str, Any]] | None = None  # partial files: the registered cases
        self._changed: dict[str, int] = {}  # partial files: cases changed per column
        self._lacking: list[str] = []  # partial files: the REQUIRED columns they lack
        self._defaults: dict[str, Any] = {}  # partial files: the absent columns' values for a new case

    def run(self, sheet: Sheet, import_id: int | None, placement: Placement | None = None) -> ImportOutcome:
        """Check every row and write the good ones in batches as it goes, in the caller's transaction.

        The caller commits only when the outcome has no errors and rolls back otherwise, so a file
        with one bad row leaves nothing behind; one pass keeps memory flat however long the file is.
        """
        outcome = ImportOutcome(header_row=sheet.header_row)
        placement = placement or place_columns(sheet.header, "cases", HEADERS)
        missing = placement.missing(HEADERS)
        if "案号" in missing:
            outcome.errors.append(RowError(sheet.header_row, "案号", "",
                                           _("The column is missing from the header row.")))
            return outcome
        if missing and placement.unplaced:
            # Some of ours are absent and some of the file's columns are unknown: which is which is the office's
            # call (the import page's mapping, or a profile on the command line), not a guess.
            outcome.errors.extend(RowError(sheet.header_row, text, "", _(
                "Not a column this import knows; map it to one of ours on the import page (or import with "
                "--profile).")) for _index, text in placement.unplaced)
            return outcome
        positions = [(placement.positions[h], h, attr, kind) for h, attr, kind in COLUMNS if h not in missing]
        check_row = self._check_row
        if missing:
            # Only some columns: the file updates those fields of registered cases (absent columns never blank
            # them), and adds a new case only when it has what a case needs (REQUIRED), the rest left empty.
            outcome.partial = True
            self._lacking = [h for h in missing if h in REQUIRED]
            self._defaults = {attr: EMPTY[kind] for h, attr, kind in COLUMNS if h in missing}
            check_row = self._check_update
        first_seen: dict[str, int] = {}
        batch: list[dict[str, Any]] = []
        total = max(1, sheet.total_rows)
        for count, (number, values) in enumerate(sheet.rows, start=1):
            record, row_errors = check_row(number, values, positions)
            if record.get("case_number"):  # a duplicate is reported even when the row has other errors
                earlier = first_seen.setdefault(record["case_number"], number)
                if earlier != number:
                    row_errors.append(RowError(number, "案号", record["case_number"],
                                               _("The same case number is already on row %(row)d.", row=earlier)))
            outcome.errors.extend(row_errors)
            outcome.rows += 1
            if outcome.errors:  # nothing will be kept now; go on checking so every bad row is listed
                batch.clear()
            else:
                batch.append(record)
                if len(batch) == BATCH:
                    self._write(batch, import_id, outcome)
                    batch.clear()
            if count % BATCH == 0:
                self.progress(min(count, total), total, _("Checked %(count)d of %(total)d rows", count=count,
                                                          total=total))
        if batch and not outcome.errors:
            self._write(batch, import_id, outcome)
        outcome.total_row = sheet.total_row
        if outcome.rows == 0:
            outcome.errors.append(RowError(sheet.header_row + 1, "", "", _("The file has no data rows.")))
        if outcome.partial and not outcome.errors:
            outcome.unchanged = outcome.rows - outcome.updated - outcome.created
            outcome.fields = {h: n for h, n in self._changed.items() if n}
        self.progress(total, total, _("Checked %(count)d of %(total)d rows", count=outcome.rows, total=outcome.rows))
        return outcome

    def _check_row(self, number: int, values: tuple[Any, ...],
                   positions: list[tuple[int, str, str, str]]) -> tuple[dict[str, Any], list[RowError]]:
        record: dict[str, Any] = dict(self._defaults)
        errors = self._convert(number, values, positions, record, keep_blank=False)
        if not errors:
            self._check_record(number, record, errors)
        return record, errors

    def _convert(self, number: int, values: tuple[Any, ...], positions: list[tuple[int, str, str, str]],
                 record: dict[str, Any], keep_blank: bool) -> list[RowError]:
        """Each cell of the row into ``record``, or the reason it cannot be read. A blank cell empties the field
        (a full row; required columns must be filled) or, with ``keep_blank`` (a partial file), leaves it as is."""
        errors: list[RowError] = []
        converters = self._converters
        for index, header, attr, kind in positions:
            raw = values[index] if index < len(values) else None
            text = "" if raw is None else str(raw).strip()
            if not text:
                if keep_blank:
                    continue
                if header in REQUIRED:
                    errors.append(RowError(number, header, "", _("This column must not be empty.")))
                record[attr] = EMPTY[kind]
                continue
            try:
                record[attr] = converters[kind](raw, text, record)
            except ValueError as error:
                errors.append(RowError(number, header, display_value(raw), str(error)))
        return errors

    def _check_update(self, number: int, values: tuple[Any, ...],
                      positions: list[tuple[int, str, str, str]]) -> tuple[dict[str, Any], list[RowError]]:
        """A row of a partial file: its values merged into the registered case's whole record, which then passes
        the same checks as a full row (so an update cannot leave a case closed before it was filed). A case not
        in the register is new, if the file has the columns a case needs."""
        index = positions[0][0]  # 案号 comes first
        raw = values[index] if index < len(values) else None
        text = "" if raw is None else str(raw).strip()
        record: dict[str, Any] = {}
        if not text:
            return record, [RowError(number, "案号", "", _("This column must not be empty."))]
        try:
            case_number = self._own_case_number(raw, text, {})
        except ValueError as error:
            return record, [RowError(number, "案号", display_value(raw), str(error))]
        registered = self._registered().get(case_number)
        if registered is None:
            if not self._lacking:
                return self._check_row(number, values, positions)  # a new case
            record["case_number"] = case_number
            return record, [RowError(number, "案号", case_number, _(
                "Not in the case register, and the file lacks %(columns)s, which a new case needs; a file like this "
                "only updates cases already imported.", columns="、".join(self._lacking)))]
        record = dict(registered)
        errors = self._convert(number, values, positions[1:], record, keep_blank=True)
        if not errors:
            self._check_record(number, record, errors)
        if not errors:
            changed = [h for _i, h, attr, _k in positions[1:] if record[attr] != registered[attr]]
            if changed or record["deadline"] != registered["deadline"]:
                for header in changed:
                    self._changed[header] = self._changed.get(header, 0) + 1
            else:
                record["unchanged"] = True
        return record, errors

    def check_correction(self, case_number: str, values: dict[str, str]) -> tuple[dict[str, tuple[Any, Any]],
                                                                               list[RowError]]:
        """The office's correction of one registered case (a consultation objection accepted): the given columns
        (export header → text; a blank empties the field) merged into the case's whole record, which then passes the
        checks of an import row, its deadline recomputed. Returns the changed fields (attribute → before, after, the
        deadline among them) or the errors, each naming its column."""
        columns = [getattr(Case, name) for name in FIELDS if name != "judge_name"]
        row = db.session.execute(select(*columns).where(Case.court_id == self.court.id,
                                                        Case.case_number == case_number)).one()
        registered = dict(row._mapping)
        registered["judge_name"] = None
        record = dict(registered)
        positions = [(n, h, attr, kind) for n, (h, attr, kind) in enumerate(COLUMNS) if h in values]
        texts = tuple(values.get(h, "") for h, _attr, _kind in COLUMNS)
        errors = self._convert(0, texts, positions, record, keep_blank=False)
        if not errors:
            self._check_record(0, record, errors)
        if errors:
            return {}, errors
        changed = {attr: (registered[attr], record[attr]) for _n, _h, attr, _k in positions
                   if record[attr] != registered[attr]}
        if record["deadline"] != registered["deadline"]:
            changed["deadline"] = (registered["deadline"], record["deadline"])
        return changed, []

    def _registered(self) -> dict[str, dict[str, Any]]:
        """The court's cases as whole records (the fields a row sets, the judge by name), read once."""
        if self._records is None:
            columns = [getattr(Case, name) for name in FIELDS if name != "judge_name"]
            query = (select(*columns, Judge.name.label("judge_name")).outerjoin(Judge, Case.judge_id == Judge.id)
                     .where(Case.court_id == self.court.id))
            self._records = {row.case_number: dict(row._mapping) for row in db.session.execute(query)}
        return self._records

    def _check_record(self, number: int, record: dict[str, Any], errors: list[RowError]) -> None:
        """The checks across fields of a whole record; sets its deadline."""
        if record["closed_on"] is not None and record["closed_on"] < record["filed_on"]:
            errors.append(RowError(number, "结案日期", record["closed_on"].isoformat(),
                                   _("Closed before it was filed (%(filed)s).", filed=record["filed_on"].isoformat())))
        if not errors and record["closed_on"] is not None and not record["closing_method"]:
            errors.append(RowError(number, "结案方式", "", _("A closed case needs its closing method.")))
        if not errors:
            record["deadline"] = self._deadline(record)
            if record["deadline"] is None and record["category"] in self.limited_categories:
                # Without a limit the case would drop out of the within-limit figures unseen.
                errors.append(RowError(number, "审判程序", record["procedure"] or "",
                                       _("The plan gives no time limit for %(code)s under this procedure.",
                                         code=record["type_code"])))

    def _deadline(self, record: dict[str, Any]) -> date | None:
        limit = self.time_limits.get((record["type_code"], record["procedure"])) or self.time_limits.get(
            (record["type_code"], None))
        if limit is None:
            return None
        end = add_months(record["filed_on"], limit.months) if limit.months else (
            record["filed_on"] + timedelta(days=limit.days))
        approved = self._approved_extensions().get(record["case_number"], 0)
        return end + timedelta(days=max(record["extension_days"], approved) + record["deducted_days"])

    def _approved_extensions(self) -> dict[str, int]:
        """Extensions approved in the app (few cases), read once per import."""
        if self._approved is None:
            self._approved = dict(db.session.execute(
                select(Case.case_number, Case.approved_extension_days)
                .where(Case.court_id == self.court.id, Case.approved_extension_days > 0)).all())
        return self._approved

    def _make_converters(self) -> dict[str, Callable[[Any, str, dict[str, Any]], Any]]:
        """Per kind of column: turn a cell into a value or raise ValueError with the reason."""
        return {
            "text": lambda raw, text, record: bounded_text(text, MAX_TEXT),
            "name": lambda raw, text, record: bounded_text(text, MAX_NAME),
            "date": lambda raw, text, record: self._date(raw, text),
            "bool": lambda raw, text, record: _boolean(text),
            "days": lambda raw, text, record: _whole_number(text),
            "amount": lambda raw, text, record: _amount(text),
            "department": lambda raw, text, record: self._department(text),
            "procedure": lambda raw, text, record: self._procedure(text),
            "closing_method": lambda raw, text, record: self._word("closing_method", text),
            "appeal_result": lambda raw, text, record: self._word("appeal_result", text),
            "pre_litigation_outcome": lambda raw, text, record: self._word("pre_litigation_outcome", text),
            "case_number": self._own_case_number,
            "original_case_number": lambda raw, text, record: str(checked_case_number(text)),
        }

    def _department(self, text: str) -> int:
        department_id = self.departments.get(text)
        if department_id is None:
            raise ValueError(_("Unknown department; the plan's departments are: %(names)s",
                               names="、".join(k for k in self.departments if not k.isascii())))
        return department_id

    def _word(self, kind: str, text: str) -> str:
        allowed = self.vocabularies[kind]
        if allowed and text not in allowed:
            raise ValueError(_("Not one of the plan's values: %(names)s", names="、".join(allowed)))
        return text

    def _procedure(self, text: str) -> str:
        if text not in self.procedures:
            raise ValueError(_("Unknown procedure; expected one of %(names)s",
                               names="、".join(sorted(self.procedures))))
        return text

    def _own_case_number(self, raw: Any, text: str, record: dict[str, Any]) -> str:
        """This court's case number; also fills in the parts and the plan's category for the type code."""
        number = checked_case_number(text)
        if number.court_code != self.court.code:
            raise ValueError(_("The court code %(code)s is not this court's (%(ours)s).",
                               code=number.court_code, ours=self.court.code))
        case_type = self.case_types.get(number.type_code)
        if case_type is None:
            raise ValueError(_("The type code %(code)s is not among the plan's case types.", code=number.type_code))
        record.update(year=number.year, court_code=number.court_code, type_code=number.type_code,
                      sequence=number.sequence, category=case_type.category, line=case_type.line)
        return str(number)

    def _date(self, raw: Any, text: str) -> date:
        key = raw if isinstance(raw, (datetime, date, int, float)) else text
        cached = self._dates.get(key)
        if cached is None:
            cached = self._dates[key] = parse_date(raw)
        return cached

    def _write(self, records: list[dict[str, Any]], import_id: int | None, outcome: ImportOutcome) -> None:
        """Create, update or leave each record of one batch."""
        judges = self._judge_ids(records)
        now = utcnow()
        if self._existing is None:
            # The court's cases read once, in one scan: per-batch IN (...) lookups degrade on PostgreSQL while
            # the table grows inside this transaction (its statistics still describe the table before it).
            self._existing = {
                number: (case_id, digest_)
                for number, case_id, digest_ in db.session.execute(
                    select(Case.case_number, Case.id, Case.content_hash).where(Case.court_id == self.court.id))
            }
        existing = self._existing
        new_rows, changed_rows = [], []
        for record in records:
            if record.get("unchanged"):  # a partial row that changes nothing
                continue
            values = _row_values(record, judges)
            values["content_hash"] = digest(record)
            found = existing.get(record["case_number"])
            if found is None:
                new_rows.append({**values, "court_id": self.court.id, "import_id": import_id,
                                 "created_at": now, "updated_at": now})
            elif found[1] != values["content_hash"]:
                changed_rows.append({**values, "case_id": found[0], "import_id": import_id, "updated_at": now})
            else:
                outcome.unchanged += 1
        # Core statements with identical keys in every row: one executemany per batch, not per row.
        if new_rows:
            db.session.execute(insert(Case.__table__), new_rows)
        if changed_rows:
            db.session.execute(_UPDATE_BY_ID, changed_rows)
        outcome.created += len(new_rows)
        outcome.updated += len(changed_rows)

    def _judge_ids(self, records: Iterable[dict[str, Any]]) -> dict[tuple[str, int], int]:
        """Judges by (name, department); a new pair becomes a judge, linked to an account of that name there."""
        if self._judges is None:
            self._judges = {(name, department_id): judge_id for name, department_id, judge_id in db.session.execute(
                select(Judge.name, Judge.department_id, Judge.id).where(Judge.court_id == self.court.id))}
        known = self._judges
        missing = list(dict.fromkeys((r["judge_name"], r["department_id"]) for r in records
                                     if r["judge_name"] and (r["judge_name"], r["department_id"]) not in known))
        if missing:
            accounts = _judge_accounts(self.court.id)
            judges = [Judge(court_id=self.court.id, name=name, department_id=department_id,
                            user_id=accounts.pop((name, department_id), None)) for name, department_id in missing]
            db.session.add_all(judges)
            db.session.flush()
            known.update({(j.name, j.department_id): j.id for j in judges})
        return known


_UPDATED_COLUMNS = [*(name for name in FIELDS if name != "judge_name"), "judge_id", "content_hash", "import_id",
                    "updated_at"]
_UPDATE_BY_ID = (
    update(Case.__table__)
    .where(Case.__table__.c.id == bindparam("case_id"))
    .values({name: bindparam(name) for name in _UPDATED_COLUMNS})
)


def _judge_accounts(court_id: int) -> dict[tuple[str, int], int]:
    """Accounts with the judge role, by (display name, department), where that pair is unique and unlinked:
    a judge in the data is linked only to an account of the same name in the same department."""
    users = db.session.scalars(
        select(User).join(Department).where(Department.court_id == court_id, User.active.is_(True))
    ).all()
    judges = [u for u in users if Role.JUDGE in u.roles]
    keys = [(u.display_name, u.department_id) for u in judges]
    linked = set(db.session.scalars(select(Judge.user_id).where(Judge.court_id == court_id, Judge.user_id.isnot(None))))
    return {key: u.id for key, u in zip(keys, judges, strict=True) if keys.count(key) == 1 and u.id not in linked}


def _row_values(record: dict[str, Any], judges: dict[tuple[str, int], int]) -> dict[str, Any]:
    values = {name: record[name] for name in FIELDS if name != "judge_name"}
    values["judge_id"] = judges.get((record["judge_name"], record["department_id"])) if record["judge_name"] else None
    return values


def digest(record: dict[str, Any]) -> str:
    text = "\x1f".join("" if record[name] is None else str(record[name]) for name in FIELDS)
    return hashlib.sha1(text.encode("utf-8"), usedforsecurity=False).hexdigest()


# ---------------------------------------------------------------------- value parsing

_DATE_PATTERNS = (
    re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$"),
    re.compile(r"^(\d{4})/(\d{1,2})/(\d{1,2})(?: \d{1,2}:\d{2}(?::\d{2})?)?$"),
    re.compile(r"^(\d{4})年(\d{1,2})月(\d{1,2})日$"),
    re.compile(r"^(\d{4})\.(\d{1,2})\.(\d{1,2})$"),
)
_EXCEL_EPOCH = date(1899, 12, 30)


def parse_date(value: Any) -> date:
    """A date as exports write it: 2021-03-05, 2021/3/5, 2021.03.05, 2021年3月5日, 20210305, an Excel date cell or
    serial number; only years 1980 to 2100 (a stray "1" in a date column is not 31 December 1899)."""
    day = _parse_date(value)
    if not FIRST_YEAR <= day.year <= LAST_YEAR:
        raise ValueError(_("The year %(year)d is not plausible.", year=day.year))
    return day


def _parse_date(value: Any) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if 1 <= value < 2958466:  # Excel's serial day numbers (1900 date system)
            return _EXCEL_EPOCH + timedelta(days=int(value))
        if value == int(value) and 10_000_000 <= value < 100_000_000:  # 20210305 typed as a number
            return _compact_date(str(int(value)))
        raise ValueError(_("Not a date."))
    text = str(value).strip()
    for pattern in _DATE_PATTERNS:
        match = pattern.match(text)
        if match:
            try:
                return date(int(match[1]), int(match[2]), int(match[3]))
            except ValueError:
                raise ValueError(_("No such day.")) from None
    if text.isdigit() and 20000 <= int(text) < 80000:  # a serial number that arrived as text (CSV)
        return _EXCEL_EPOCH + timedelta(days=int(text))
    if len(text) == 8 and text.isdigit():  # 20210305
        return _compact_date(text)
    raise ValueError(_("Not a date; write e.g. 2021-03-05, 2021/3/5, 2021.03.05, 20210305 or 2021年3月5日."))


def _compact_date(text: str) -> date:
    try:
        return date(int(text[:4]), int(text[4:6]), int(text[6:]))
    except ValueError:
        raise ValueError(_("No such day.")) from None


# Longest text a column holds (cases.cause, judges.name); longer values are bad rows, not database errors.
MAX_TEXT = 200
MAX_NAME = 100
MAX_DAYS = 3650
MAX_AMOUNT = Decimal("99999999999999.99")
FIRST_YEAR, LAST_YEAR = 1980, 2100


def bounded_text(text: str, limit: int) -> str:
    if len(text) > limit:
        raise ValueError(_("Longer than %(max)d characters.", max=limit))
    return text


def _boolean(text: str) -> bool:
    if text in ("是", "否"):
        return text == "是"
    raise ValueError(_("Write 是 or 否."))


def _whole_number(text: str) -> int:
    try:
        number = Decimal(text)
    except InvalidOperation:
        raise ValueError(_("Not a number of days.")) from None
    if not number.is_finite() or number != number.to_integral_value() or not 0 <= number <= MAX_DAYS:
        raise ValueError(_("Days must be a whole number from 0 to %(max)d.", max=MAX_DAYS))
    return int(number)


def _amount(text: str) -> Decimal:
    cleaned = text.replace(",", "").replace("，", "").removesuffix("元").strip()
    try:
        amount = Decimal(cleaned)
    except InvalidOperation:
        raise ValueError(_("Not an amount in yuan.")) from None
    if not amount.is_finite() or amount < 0:
        raise ValueError(_("An amount cannot be negative."))
    if amount > MAX_AMOUNT:
        raise ValueError(_("The amount is too large."))
    return amount.quantize(Decimal("0.01"))


def checked_case_number(text: str) -> Any:
    try:
        return parse_case_number(text)
    except CaseNumberError as error:
        raise ValueError(str(error)) from None


def display_value(raw: Any) -> str:
    if isinstance(raw, datetime):
        return raw.date().isoformat()
    if isinstance(raw, float) and raw.is_integer():
        return str(int(raw))  # Excel keeps every number as a float: 序号 1, not 1.0
    return "" if raw is None else str(raw)
