"""Reading uploaded spreadsheets: recognise the format by content, then yield rows of cell values."""

from __future__ import annotations

import csv
import itertools
import zipfile
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from flask import current_app, has_app_context
from flask_babel import gettext as _

from app.importers.workbook_checks import Limits, Refused, check_workbook

CSV_ENCODINGS = ("utf-8-sig", "gb18030")
# Exports put a title (and a blank row) above the header; the header is looked for in this many rows.
HEADER_SEARCH_ROWS = 20
# A last row whose first filled cell starts so is the export's sum line, not a case.
TOTAL_WORDS = ("合计", "总计")

HeaderTest = Callable[[list[str]], bool]


class UnreadableFile(ValueError):
    """Not a spreadsheet we can read; the message says why, naming the file."""


@dataclass
class Sheet:
    """The rows of a file: ``header`` (on row ``header_row``) and an iterator of (row number, values) below it.

    Row numbers are the spreadsheet's own. Once the rows are read, ``total_row`` is the number of a trailing
    合计/总计 row that was left out (None when there was none).
    """

    header: list[str]
    rows: Iterator[tuple[int, tuple[Any, ...]]]
    total_rows: int
    header_row: int = 1
    total_row: int | None = None


def detect_format(path: Path, name: str) -> str:
    """'xlsx' or 'csv', judged by the bytes, not by the name."""
    with open(path, "rb") as f:
        head = f.read(8192)
    if head.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(path) as archive:
                if "xl/workbook.xml" in archive.namelist():
                    return "xlsx"
        except zipfile.BadZipFile:
            pass
        raise UnreadableFile(_("%(name)s is a compressed file but not an Excel workbook (.xlsx).", name=name))
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        raise UnreadableFile(_("%(name)s is an old Excel file (.xls); please save it as .xlsx and upload again.",
                               name=name))
    if b"\x00" in head or not head.strip():
        raise UnreadableFile(_("%(name)s is not a spreadsheet (.xlsx or .csv).", name=name))
    return "csv"


def open_sheet(path: Path, name: str, is_header: HeaderTest | None = None) -> Sheet:
    """The file's sheet, its header being the first of the top rows that ``is_header`` accepts (else the first
    of the widest)."""
    kind = detect_format(path, name)
    return _open_xlsx(path, name, is_header) if kind == "xlsx" else _open_csv(path, name, is_header)


def preview(path: Path, name: str, is_header: HeaderTest | None = None, rows: int = 5) -> tuple[Sheet, list]:
    """The header and the first ``rows`` data rows, for a person to look at before the import runs."""
    sheet = open_sheet(path, name, is_header)
    first = list(itertools.islice(sheet.rows, rows))
    sheet.rows.close()  # type: ignore[attr-defined]  # a generator; closing it closes a CSV file
    return sheet, first


def _locate_header(top: list[list[str]], is_header: HeaderTest | None) -> int:
    """The index in ``top`` of the header row."""
    if is_header is not None:
        for index, cells in enumerate(top):
            if is_header(cells):
                return index
    # Headers we do not know (a file to be mapped): the widest of the top rows, since every column has a header
    # while a title row ("单位：…", "制表日期：…") spans few cells and data rows leave some empty.
    widths = [sum(1 for c in cells if c) for cells in top]
    return widths.index(max(widths))


def _is_total(values: Sequence[Any]) -> bool:
    for value in values:  # the first filled cell decides
        if value is not None and value != "":
            return isinstance(value, str) and value.strip().startswith(TOTAL_WORDS)
    return False


def _data(sheet: Sheet, numbered: Iterator[tuple[int, Sequence[Any]]],
          filled: Callable[[Sequence[Any]], bool]) -> Iterator[tuple[int, tuple[Any, ...]]]:
    """The filled rows; a 合计/总计 row is held back and left out when nothing follows it (noted on the sheet)."""
    held = None
    for number, values in numbered:
        if not filled(values):
            continue
        if held is not None:
            yield held  # not the last row after all: a bad row like any other
            held = None
        if _is_total(values):
            held = (number, tuple(values))
            continue
        yield number, tuple(values)
    if held is not None:
        sheet.total_row = held[0]


def _xlsx_filled(values: Sequence[Any]) -> bool:
    # A cell of spaces (full-width ones too) is empty.
    return any(v.strip() if isinstance(v, str) else v is not None for v in values)


def _open_xlsx(path: Path, name: str, is_header: HeaderTest | None) -> Sheet:
    # calamine (Rust) reads a sheet about ten times faster than openpyxl's read-only mode; it holds the
    # sheet in memory as a dense grid (about 150 MB for 100,000 rows), and aborts the process when that grid
    # cannot be allocated: the workbook's sizes, compression and sheets' extent are checked first.
    from python_calamine import CalamineWorkbook

    try:
        check_workbook(path, name, Limits.from_config(current_app.config) if has_app_context() else Limits())
    except Refused as refused:
        raise UnreadableFile(str(refused)) from refused
    try:
        with open(path, "rb") as handle:
            sheet = CalamineWorkbook.from_filelike(handle).get_sheet_by_index(0)
        rows = sheet.iter_rows()
        top = list(itertools.islice(rows, HEADER_SEARCH_ROWS))
    except Exception as error:  # calamine raises several kinds for a damaged file
        raise UnreadableFile(_("%(name)s cannot be opened as an Excel workbook: %(error)s", name=name,
                               error=error)) from error
    if not top:
        raise UnreadableFile(_("%(name)s is empty.", name=name))
    # calamine's rows start at the sheet's first row (empty ones above the data included), so row n is top[n-1].
    at = _locate_header([[_header(v) for v in values] for values in top], is_header)
    numbered = enumerate(itertools.chain(top[at + 1:], rows), start=at + 2)
    result = Sheet([_header(v) for v in top[at]], iter(()), max(0, sheet.height - at - 1), header_row=at + 1)
    result.rows = _data(result, numbered, _xlsx_filled)
    return result


def _open_csv(path: Path, name: str, is_header: HeaderTest | None) -> Sheet:
    with open(path, "rb") as f:
        first_line = f.readline()
        total = sum(1 for _line in f)
    encoding = next((e for e in CSV_ENCODINGS if _decodes(first_line, e)), None)
    if encoding is None:
        raise UnreadableFile(_("%(name)s is neither UTF-8 nor GB18030 text.", name=name))
    stream = open(path, encoding=encoding, newline="")  # noqa: SIM115 - closed by the generator below
    reader = csv.reader(stream)
    try:
        top = list(itertools.islice(reader, HEADER_SEARCH_ROWS))
    except (UnicodeDecodeError, csv.Error) as error:
        stream.close()
        raise UnreadableFile(_("%(name)s is empty.", name=name)) from error
    if not top:
        stream.close()
        raise UnreadableFile(_("%(name)s is empty.", name=name))
    at = _locate_header([[_header(v) for v in values] for values in top], is_header)

    def data() -> Iterator[tuple[int, tuple[Any, ...]]]:
        number = at + 1
        try:
            numbered = enumerate(itertools.chain(top[at + 1:], reader), start=at + 2)
            for number, values in _data(result, numbered, _csv_filled):
                yield number, values
        except UnicodeDecodeError as error:
            raise UnreadableFile(_("%(name)s, row %(row)d: the text is not %(encoding)s.", name=name,
                                   row=number + 1, encoding=encoding.upper())) from error
        except csv.Error as error:
            raise UnreadableFile(_("%(name)s, row %(row)d: %(error)s", name=name, row=number + 1,
                                   error=error)) from error
        finally:
            stream.close()

    result = Sheet([_header(v) for v in top[at]], iter(()), max(0, total - at), header_row=at + 1)
    result.rows = data()
    return result


def _csv_filled(values: Sequence[str]) -> bool:
    return any(v.strip() for v in values)


def _decodes(data: bytes, encoding: str) -> bool:
    try:
        data.decode(encoding)
    except UnicodeDecodeError:
        return False
    return True


def _header(value: Any) -> str:
    return "" if value is None else str(value).strip().lstrip("\ufeff")
