"""Reading uploaded spreadsheets: recognise the format by content, then yield rows of cell values."""

from __future__ import annotations

import csv
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from flask_babel import gettext as _

CSV_ENCODINGS = ("utf-8-sig", "gb18030")


class UnreadableFile(ValueError):
    """Not a spreadsheet we can read; the message says why, naming the file."""


@dataclass
class Sheet:
    """The rows of a file: ``header`` (row 1) and an iterator of (row number, values)."""

    header: list[str]
    rows: Iterator[tuple[int, tuple[Any, ...]]]
    total_rows: int


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


def open_sheet(path: Path, name: str) -> Sheet:
    kind = detect_format(path, name)
    return _open_xlsx(path, name) if kind == "xlsx" else _open_csv(path, name)


def _open_xlsx(path: Path, name: str) -> Sheet:
    # calamine (Rust) reads a sheet about ten times faster than openpyxl's read-only mode; it holds the
    # sheet in memory (about 150 MB for 100,000 rows), which Excel's row limit keeps bounded.
    from python_calamine import CalamineWorkbook

    try:
        with open(path, "rb") as handle:
            sheet = CalamineWorkbook.from_filelike(handle).get_sheet_by_index(0)
        rows = sheet.iter_rows()
        header = next(rows, None)
    except Exception as error:  # calamine raises several kinds for a damaged file
        raise UnreadableFile(_("%(name)s cannot be opened as an Excel workbook: %(error)s", name=name,
                               error=error)) from error
    if header is None:
        raise UnreadableFile(_("%(name)s is empty.", name=name))

    def data() -> Iterator[tuple[int, tuple[Any, ...]]]:
        for number, values in enumerate(rows, start=2):
            if any(v is not None and v != "" for v in values):
                yield number, tuple(values)

    return Sheet([_header(v) for v in header], data(), max(0, sheet.height - 1))


def _open_csv(path: Path, name: str) -> Sheet:
    with open(path, "rb") as f:
        first_line = f.readline()
        total = sum(1 for _line in f)
    encoding = next((e for e in CSV_ENCODINGS if _decodes(first_line, e)), None)
    if encoding is None:
        raise UnreadableFile(_("%(name)s is neither UTF-8 nor GB18030 text.", name=name))
    stream = open(path, encoding=encoding, newline="")  # noqa: SIM115 - closed by the generator below
    reader = csv.reader(stream)
    try:
        header = next(reader)
    except (StopIteration, UnicodeDecodeError) as error:
        stream.close()
        raise UnreadableFile(_("%(name)s is empty.", name=name)) from error

    def data() -> Iterator[tuple[int, tuple[Any, ...]]]:
        number = 1
        try:
            for number, values in enumerate(reader, start=2):
                if any(v.strip() for v in values):
                    yield number, tuple(values)
        except UnicodeDecodeError as error:
            raise UnreadableFile(_("%(name)s, row %(row)d: the text is not %(encoding)s.", name=name,
                                   row=number + 1, encoding=encoding.upper())) from error
        except csv.Error as error:
            raise UnreadableFile(_("%(name)s, row %(row)d: %(error)s", name=name, row=number + 1,
                                   error=error)) from error
        finally:
            stream.close()

    return Sheet([_header(v) for v in header], data(), total)


def _decodes(data: bytes, encoding: str) -> bool:
    try:
        data.decode(encoding)
    except UnicodeDecodeError:
        return False
    return True


def _header(value: Any) -> str:
    return "" if value is None else str(value).strip().lstrip("\ufeff")
