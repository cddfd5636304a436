"""Excel (.xlsx) output: templates, error lists and the tables people paste into reports."""

from __future__ import annotations

import io
from collections.abc import Iterable
from typing import Any

from flask import Response
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> Any:
    """Text as a cell can hold it: control characters (which Excel refuses) dropped, and text a spreadsheet would
    run as a formula (``=cmd|...``) written as plain text."""
    if isinstance(value, str):
        value = ILLEGAL_CHARACTERS_RE.sub("", value)
        if value.startswith(_FORMULA_STARTS):
            return "'" + value
    return value


def write_xlsx(header: list[str], rows: list[list[Any]], sheet_title: str = "Sheet1") -> bytes:
    """A one-sheet workbook in memory with a bold header row."""
    return write_workbook([(sheet_title, header, rows)])


def write_workbook(sheets: list[tuple[str, list[str], list[list[Any]]]]) -> bytes:
    """A workbook in memory, one sheet per (title, header, rows), each with a bold header row."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    workbook.remove(workbook.active)
    for title, header, rows in sheets:
        sheet = workbook.create_sheet(title[:31])  # Excel's limit on sheet names
        sheet.append(header)
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for row in rows:
            sheet.append([safe_cell(v) for v in row])
        for column, text in zip(sheet.columns, header, strict=False):
            sheet.column_dimensions[column[0].column_letter].width = max(10, len(str(text)) * 2 + 2)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def xlsx_response(content: bytes, filename: str) -> Response:
    """Send a workbook as a download; the name may be Chinese (RFC 5987 encoding by Werkzeug)."""
    from flask import send_file

    return send_file(io.BytesIO(content), as_attachment=True, download_name=filename,
                     mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")


def write_xlsx_file(path: str, header: list[str], rows: Iterable[Iterable[Any]]) -> int:
    """Stream rows into a workbook on disk (write-only mode: constant memory); returns the row count."""
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet()
    sheet.append(header)
    count = 0
    for row in rows:
        sheet.append([safe_cell(v) for v in row])
        count += 1
    workbook.save(path)
    return count
