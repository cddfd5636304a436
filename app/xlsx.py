"""Excel (.xlsx) output: every workbook the app writes goes through here, so every file looks the same.

A caller describes what it shows — a title (court, subject, period, data cut-off), columns (a label and a kind
such as ``percent`` or ``date``), the rows and footnotes — and this module does all the formatting: the title
row, a bold frozen header row, number formats (rates as numbers shown ``0.0%``), column widths fitted to the
content (CJK characters count double) and text a spreadsheet would run as a formula made harmless. It writes in
openpyxl's write-only mode, so a million-row export takes constant memory and the small ones take the same path.
"""

from __future__ import annotations

import io
import itertools
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import IO, Any

from flask import Response
from flask_babel import gettext as _
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from app.clock import local_time

_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

# Kinds of column and the number format of each: the one place formats are decided.
FORMATS = {
    "text": None, "integer": "0", "number": "0.00", "percent": "0.0%", "days": "0", "amount": "#,##0.00",
    "date": "yyyy-mm-dd", "datetime": "yyyy-mm-dd hh:mm",
    # A change against last month, signed: "+1.2%", "-3.0".
    "percent_change": "+0.0%;-0.0%;0.0%", "number_change": "+0.00;-0.00;0.00", "days_change": "+0.0;-0.0;0.0",
}
NUMERIC = {"integer", "number", "percent", "days", "amount", "percent_change", "number_change", "days_change"}
# An indicator's unit (the plan's) and the kind its figures are written as.
UNIT_KINDS = {"percent": "percent", "days": "days", "rank": "integer", "ratio": "number"}
FIT_ROWS = 500  # widths are fitted from the first rows (a streamed export is not read twice)
MIN_WIDTH, MAX_WIDTH = 6, 60


@dataclass(frozen=True)
class Column:
    """A column: its label as people read it and the kind of its values (a key of FORMATS)."""

    label: str
    kind: str = "text"

    def __post_init__(self) -> None:
        if self.kind not in FORMATS:
            raise ValueError(f"no column kind {self.kind!r}")


@dataclass(frozen=True)
class Value:
    """One cell whose kind differs from its column's: a table of mixed figures (a rate next to a number of
    days) keeps each figure a number in its own format."""

    value: Any
    kind: str


@dataclass(frozen=True)
class Title:
    """The title row above the header: "武陟县人民法院 · 长期未结案件 · 2021年11月 · 数据截至 2021-11-30"."""

    court: str
    subject: str = ""
    period: str = ""
    cutoff: date | datetime | None = None

    def text(self) -> str:
        parts = [self.court, self.subject, self.period]
        if self.cutoff is not None:
            cutoff = local_time(self.cutoff) if isinstance(self.cutoff, datetime) else self.cutoff
            parts.append(_("Data as of %(date)s", date=cutoff.strftime("%Y-%m-%d")))
        return " · ".join(p for p in parts if p)


@dataclass
class Sheet:
    """One worksheet: the title row (None for a file meant to be filled in and imported, whose header must be
    the first row), the header and rows, and footnotes under the table (e.g. what a figure counts, in words)."""

    name: str
    columns: Sequence[Column]
    rows: Iterable[Sequence[Any]]
    title: Title | None = None
    notes: Sequence[str] = field(default_factory=tuple)


def figure(value: float | None, unit: str, change: bool = False) -> Value:
    """An indicator's figure (or its change against the last period) as a number in the unit's format."""
    kind = UNIT_KINDS.get(unit, "number")
    if change:
        kind = {"percent": "percent_change", "days": "days_change"}.get(kind, "number_change")
    return Value(value, kind)


def safe_cell(value: Any) -> Any:
    """Text as a cell can hold it: control characters (which Excel refuses) dropped, and text a spreadsheet would
    run as a formula (``=cmd|...``) written as plain text."""
    if isinstance(value, str):
        value = ILLEGAL_CHARACTERS_RE.sub("", value)
        if value.startswith(_FORMULA_STARTS):
            return "'" + value
    return value


def text_width(text: str) -> int:
    """How wide text shows in a spreadsheet, in character widths: CJK (wide) characters count double."""
    lines = str(text).split("\n") or [""]
    return max(sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in line) for line in lines)


def _cell_value(value: Any, kind: str) -> tuple[Any, str]:
    """The value as it goes into the cell and the kind it ends up with (text when it is not what the kind says,
    e.g. "—" in a rate column)."""
    if isinstance(value, Value):
        return _cell_value(value.value, value.kind)
    if value is None or value == "":
        return None, kind
    if isinstance(value, bool):  # before numbers: bool is an int
        return (_("yes") if value else _("no")), "text"
    if kind in NUMERIC:
        if isinstance(value, int | float | Decimal):
            return (float(value) if isinstance(value, Decimal) else value), kind
        return safe_cell(str(value)), "text"
    if kind in ("date", "datetime"):
        if isinstance(value, datetime):
            return value.replace(tzinfo=None), "datetime" if kind == "datetime" else "date"
        if isinstance(value, date):
            return value, "date"
        if isinstance(value, str):
            try:
                return date.fromisoformat(value), "date"
            except ValueError:
                return safe_cell(value), "text"
    if isinstance(value, datetime):
        return value.replace(tzinfo=None), "datetime"
    if isinstance(value, date):
        return value, "date"
    return safe_cell(value if isinstance(value, str | int | float | Decimal) else str(value)), "text"


def _shown_width(value: Any, kind: str) -> int:
    if value is None:
        return 0
    if kind == "percent":
        return len(f"{value * 100:.1f}%")
    if kind == "date":
        return 10
    if kind == "datetime":
        return 16
    if kind == "amount":
        return len(f"{value:,.2f}")
    if kind == "number":
        return len(f"{value:.2f}")
    if kind.endswith("_change"):
        return len(f"{value * 100:+.1f}%" if kind == "percent_change" else f"{value:+.2f}")
    if kind in ("integer", "days"):
        return len(f"{value:.1f}" if isinstance(value, float) and not value.is_integer() else f"{value:.0f}")
    return text_width(str(value))


def _sheet_name(name: str, taken: set[str]) -> str:
    """Excel's rules: at most 31 characters, none of []:*?/\\, unique in the workbook."""
    base = re.sub(r"[\[\]:*?/\\]", "", name).strip()[:31] or "Sheet"
    candidate, n = base, 2
    while candidate.lower() in taken:
        candidate, n = f"{base[:28]}({n})", n + 1
    taken.add(candidate.lower())
    return candidate


def _write_sheet(workbook: Any, sheet: Sheet, taken: set[str]) -> int:
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
    from openpyxl.utils import get_column_letter

    ws = workbook.create_sheet(_sheet_name(sheet.name, taken))
    columns = list(sheet.columns)
    rows = iter(sheet.rows)
    first = [[_cell_value(v, c.kind) for v, c in zip(row, columns, strict=False)]
             for row in itertools.islice(rows, FIT_ROWS)]
    # Widths must be set before the first row in write-only mode: fitted from the header and the first rows.
    widths = [text_width(c.label) for c in columns]
    for row in first:
        for n, (value, kind) in enumerate(row):
            widths[n] = max(widths[n], _shown_width(value, kind))
    widths = [min(MAX_WIDTH, max(MIN_WIDTH, w + 2)) for w in widths]
    for n, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(n)].width = width
    header_row = 2 if sheet.title else 1
    ws.freeze_panes = f"A{header_row + 1}"

    bold = Font(bold=True)
    wrap = Alignment(wrap_text=True, vertical="top")
    header_fill = PatternFill("solid", fgColor="E8EEF4")
    header_border = Border(bottom=Side(style="thin", color="8899AA"))

    def cell(value: Any, kind: str, n: int) -> WriteOnlyCell:
        out = WriteOnlyCell(ws, value=value)
        if value is None:
            return out
        if FORMATS.get(kind):
            number_format = FORMATS[kind]
            if kind == "days" and isinstance(value, float) and not value.is_integer():
                number_format = "0.0"  # an average of days, not a count
            out.number_format = number_format
        elif kind == "text" and isinstance(value, str) and (text_width(value) > widths[n] or "\n" in value):
            out.alignment = wrap
        return out

    if sheet.title:
        title = WriteOnlyCell(ws, value=safe_cell(sheet.title.text()))
        title.font = Font(bold=True, size=13)
        ws.append([title])
    header = []
    for column in columns:
        label = WriteOnlyCell(ws, value=safe_cell(column.label))
        label.font, label.fill, label.border = bold, header_fill, header_border
        label.alignment = Alignment(wrap_text=True, vertical="center")
        header.append(label)
    ws.append(header)
    count = 0
    for row in itertools.chain(first, ([_cell_value(v, c.kind) for v, c in zip(row, columns, strict=False)]
                                       for row in rows)):
        ws.append([cell(value, kind, n) for n, (value, kind) in enumerate(row)])
        count += 1
    if sheet.notes:
        ws.append([])
        for note in sheet.notes:
            text = WriteOnlyCell(ws, value=safe_cell(note))
            text.font = Font(italic=True, color="555555")
            ws.append([text])
    return count


def _save(sheets: Sequence[Sheet], target: str | IO[bytes]) -> int:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    taken: set[str] = set()
    count = sum(_write_sheet(workbook, sheet, taken) for sheet in sheets)
    workbook.save(target)
    return count


def workbook(sheets: Sequence[Sheet]) -> bytes:
    """A workbook in memory, one worksheet per sheet."""
    buffer = io.BytesIO()
    _save(sheets, buffer)
    return buffer.getvalue()


def workbook_file(path: str, sheets: Sequence[Sheet]) -> int:
    """Stream the sheets into a workbook on disk (rows may be a generator: constant memory); returns the rows
    written."""
    return _save(sheets, path)


def write_xlsx(header: list[str], rows: list[list[Any]], sheet_title: str = "Sheet1") -> bytes:
    """A plain one-sheet table with its header on the first row (text columns): for files that are read back by
    the importers (templates, test files)."""
    return workbook([Sheet(sheet_title, [Column(h) for h in header], rows)])


def write_xlsx_file(path: str, header: list[str], rows: Iterable[Iterable[Any]]) -> int:
    """The streaming form of write_xlsx, for large import-shaped files (the demo year of cases)."""
    return workbook_file(path, [Sheet("Sheet1", [Column(h) for h in header], (list(r) for r in rows))])


def xlsx_stream_response(sheets: Sequence[Sheet], filename: str) -> Response:
    """Write the sheets (rows may be generators) to a temporary file in write-only mode and send it from there:
    neither the rows nor the workbook are held in memory. The file goes when the response is closed."""
    import tempfile

    from flask import send_file

    spool = tempfile.TemporaryFile()  # noqa: SIM115 - closed by the response
    _save(sheets, spool)
    spool.seek(0)
    return send_file(spool, as_attachment=True, download_name=filename,
                     mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")


def xlsx_response(content: bytes, filename: str) -> Response:
    """Send a workbook as a download; the name may be Chinese (RFC 5987 encoding by Werkzeug)."""
    from flask import send_file

    return send_file(io.BytesIO(content), as_attachment=True, download_name=filename,
                     mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
