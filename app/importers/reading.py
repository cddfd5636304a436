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
    from openpyxl import load_workbook

    # A file object, not the path: uploads are stored without an extension, which openpyxl would refuse.
    handle = open(path, "rb")  # noqa: SIM115 - closed with the workbook below
    try:
        workbook = load_workbook(handle, read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a damaged file
        handle.close()
        raise UnreadableFile(_("%(name)s cannot be opened as an Excel workbook: %(error)s", name=name,
                               error=error)) from error
    sheet = workbook.worksheets[0]
    rows = sheet.iter_rows(values_only=True)
    header_row = next(rows, None)
    if header_row is None:
        workbook.close()
        handle.close()
        raise UnreadableFile(_("%(name)s is empty.", name=name))
    total = max(0, (sheet.max_row or 1) - 1)

    def data() -> Iterator[tuple[int, tuple[Any, ...]]]:
        try:
            for number, values in enumerate(rows, start=2):
                if any(v is not None and v != "" for v in values):
                    yield number, values
        finally:
            workbook.close()
            handle.close()

    return Sheet([_header(v) for v in header_row], data(), total)


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
