"""Checks an uploaded .xlsx must pass before calamine opens it.

calamine builds a dense grid from the first to the last filled cell of a sheet (32 bytes a cell), and the Rust
side aborts the process when an allocation fails: one cell at XFD1048576 asks for 512 GB. A small file can also
expand to gigabytes of XML. So, before any parsing, every member of the archive is checked against the settings:

1. its size and compression ratio as the archive's directory states them (no decompression);
2. a worksheet's declared ``<dimension ref=…>``, read from the first kilobytes of its XML;
3. the member inflated by zlib in chunks (constant memory), stopping as soon as it exceeds its stated size (a
   directory may lie), while every row and cell tag's position is followed as calamine follows it (``r`` attributes,
   or counting when they are left out). The sheet's real extent is checked, since a declared dimension may lie or be
   missing (openpyxl's write-only files have none), and the dense grid it implies is held to a budget.
"""

from __future__ import annotations

import html
import re
import struct
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from flask_babel import gettext as _

MB = 1024 * 1024
# Members smaller than this are not held to the ratio: a few kilobytes expanding 200 times harm nobody.
RATIO_FLOOR = MB
HEAD_BYTES = 64 * 1024  # where a worksheet's <dimension> is looked for (it comes before <sheetData>)
CHUNK = MB
CELL_BYTES = 32  # calamine's Data value, per cell of the dense grid
LONGEST_TAG = 64 * 1024  # a row or cell tag longer than this is an attack, not an export

_DIMENSION = re.compile(rb"<(?:[\w.-]+:)?dimension\b[^>]*?\bref\s*=\s*[\"']"
                        rb"\$?([A-Za-z]*)\$?(\d*)(?::\$?([A-Za-z]*)\$?(\d*))?")
# A row or cell tag: (1) "/" for an end tag, (2) the element, (3) its attributes (quoted values may hold ">").
_TAG = re.compile(rb"<(/?)(?:[\w.-]+:)?(row|c)(?=[\s/>])((?:[^>\"']|\"[^\"]*\"|'[^']*')*)>")
_REF = re.compile(rb"(?:^|\s)r\s*=\s*[\"']\$?([A-Za-z]*)\$?(\d*)[\"']")
_PLAIN_CELL = re.compile(rb'<c r="([A-Z]{1,3})(\d{1,7})"')
_TAG_START = re.compile(rb"<(?:[\w.-]+:)?(?:row|c)(?=[\s/>]|$)")
_SHEET = re.compile(rb"<(?:[\w.-]+:)?sheet\b[^>]*>")
_ATTRIBUTE = re.compile(rb"([\w:.-]+)\s*=\s*[\"']([^\"']*)[\"']")
_LOCAL_HEADER = struct.Struct("<4s5H3L2H")


@dataclass(frozen=True)
class Limits:
    """What an uploaded workbook may hold (app/config.py: IMPORT_SHEET_MAX_MB, IMPORT_MAX_RATIO, …)."""

    member_bytes: int = 200 * MB
    ratio: int = 100
    columns: int = 200
    rows: int = 1_048_576
    grid_cells: int = 30_000_000

    @classmethod
    def from_config(cls, config: Any) -> Limits:
        return cls(member_bytes=config["IMPORT_SHEET_MAX_BYTES"], ratio=config["IMPORT_MAX_RATIO"],
                   columns=config["IMPORT_MAX_COLUMNS"], rows=config["IMPORT_MAX_ROWS"],
                   grid_cells=config["IMPORT_MAX_GRID_CELLS"])


class Refused(ValueError):
    """The workbook fails a check; the message names the file and the sheet."""


def check_workbook(path: Path, name: str, limits: Limits) -> None:
    """Raise Refused when a member of the .xlsx at ``path`` breaks a limit. Constant memory: each part is inflated
    once in pieces (and its first 64 KB once more, for the dimension)."""
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as error:
        raise Refused(_("%(where)s is damaged.", where=name)) from error
    with archive:
        members = archive.infolist()
        try:
            sheets = _sheet_names(archive, members)
        except (zipfile.BadZipFile, OSError, ValueError, zlib.error):
            sheets = {}  # the names only make the messages clearer; a damaged part is refused below
        for info in members:
            where = _where(name, sheets.get(info.filename), info.filename)
            if info.file_size > limits.member_bytes:
                raise Refused(_("%(where)s expands to %(size)d MB, over the limit of %(limit)d MB.", where=where,
                                size=info.file_size // MB, limit=limits.member_bytes // MB))
            if info.file_size > RATIO_FLOOR and info.file_size > limits.ratio * max(1, info.compress_size):
                raise Refused(_("%(where)s is compressed %(ratio)d to 1, more than the %(limit)d to 1 a spreadsheet "
                                "has; it looks like a zip bomb.", where=where,
                                ratio=info.file_size // max(1, info.compress_size), limit=limits.ratio))
        for info in members:
            where = _where(name, sheets.get(info.filename), info.filename)
            _check_dimension(_head(path, info, where), where, limits)
        for info in members:
            _check_extent(path, info, _where(name, sheets.get(info.filename), info.filename), limits)


def _where(name: str, sheet: str | None, member: str) -> str:
    return _("%(file)s, sheet %(sheet)s", file=name, sheet=sheet) if sheet else _(
        "%(file)s (part %(member)s)", file=name, member=member)


def _sheet_names(archive: Any, members: list[Any]) -> dict[str, str]:
    """Archive member → the sheet's name, from the workbook and its relationships (read only when small)."""
    sizes = {info.filename: info.file_size for info in members}

    def small(member: str) -> bytes:
        return archive.read(member) if sizes.get(member, MB + 1) <= MB else b""

    targets = {}
    for tag in re.findall(rb"<(?:[\w.-]+:)?Relationship\b[^>]*>", small("xl/_rels/workbook.xml.rels")):
        attributes = dict(_ATTRIBUTE.findall(tag))
        target = attributes.get(b"Target", b"").decode("utf-8", "replace")
        targets[attributes.get(b"Id", b"")] = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
    names = {}
    for tag in _SHEET.findall(small("xl/workbook.xml")):
        attributes = {key.split(b":")[-1]: value for key, value in _ATTRIBUTE.findall(tag)}
        target = targets.get(attributes.get(b"id", b""))
        if target:
            names[target] = html.unescape(attributes.get(b"name", b"").decode("utf-8", "replace"))
    return names


def _column(letters: bytes) -> int:
    """Column letters as a 1-based number (A = 1, GR = 200, XFD = 16384); 0 for none."""
    number = 0
    for letter in letters.upper()[:8]:  # longer is absurd and refused as wide anyway
        number = number * 26 + letter - 64
    return number


def _head(path: Path, info: Any, where: str) -> bytes:
    out = bytearray()
    for chunk in _inflate(path, info, where):
        out += chunk
        if len(out) >= HEAD_BYTES:
            break
    return bytes(out[:HEAD_BYTES])


def _check_dimension(head: bytes, where: str, limits: Limits) -> None:
    match = _DIMENSION.search(head)
    if match is None:
        return  # none declared: the extent found by _check_extent decides
    first_col, first_row, last_col, last_row = match.groups()
    columns = max(_column(first_col), _column(last_col or b""))
    rows = max(_number(first_row), _number(last_row or b""))
    if columns > limits.columns or rows > limits.rows:
        raise Refused(_("%(where)s declares %(columns)d columns and %(rows)d rows; a sheet may have at most "
                        "%(max_columns)d columns and %(max_rows)d rows.", where=where, columns=columns, rows=rows,
                        max_columns=limits.columns, max_rows=limits.rows))


def _number(digits: bytes) -> int:
    digits = digits.lstrip(b"0")
    return int(digits[:10]) if digits else 0  # ten digits are past any limit already


def _cell_name(column: int, row: int) -> str:
    """1-based column and row as Excel names the cell (V2000000)."""
    letters = ""
    while column > 0:
        column, rest = divmod(column - 1, 26)
        letters = chr(65 + rest) + letters
    return f"{letters}{row}"


def _check_extent(path: Path, info: Any, where: str, limits: Limits) -> None:
    """Refuse a cell past the limits, or a dense grid (first to last filled row and column) over the budget."""
    extent = _plain_extent(path, info, where, limits)
    if extent is None:
        extent = _exact_extent(path, info, where, limits)
    if extent:
        top, bottom, left, right = extent
        cells = (bottom - top + 1) * (right - left + 1)
        if cells > limits.grid_cells:
            raise Refused(_("%(where)s spans %(rows)d rows by %(columns)d columns (%(cells)d cells), more than the "
                            "%(max)d cells an import reads.", where=where, rows=bottom - top + 1,
                            columns=right - left + 1, cells=cells, max=limits.grid_cells))


def _far(where: str, column: int, row: int, limits: Limits) -> None:
    if column > limits.columns or row > limits.rows:
        raise Refused(_("%(where)s has a cell at %(cell)s, beyond the %(max_columns)d columns and %(max_rows)d rows a "
                        "sheet may have.", where=where, cell=_cell_name(column, row), max_columns=limits.columns,
                        max_rows=limits.rows))


def _tags(path: Path, info: Any, where: str) -> Iterator[bytes]:
    """The member in pieces that end before a tag starts (a tag is never split between two pieces)."""
    tail = b""
    for chunk in _inflate(path, info, where):
        buffer = tail + chunk
        cut = buffer.rfind(b"<")
        if cut < 0:
            cut = len(buffer)
        yield buffer[:cut]
        tail = buffer[cut:]
        if len(tail) > LONGEST_TAG:
            if _TAG_START.match(tail):
                raise Refused(_("%(where)s holds a cell tag longer than %(kb)d KB.", where=where,
                                kb=LONGEST_TAG // 1024))
            tail = b""
    yield tail


def _plain_extent(path: Path, info: Any, where: str, limits: Limits) -> tuple[int, int, int, int] | bool | None:
    """The extent of a sheet written as Excel and openpyxl write one, every cell tag ``<c r="B7"…``: found with a
    few scans in C (a third of calamine's own time); False when it has no cell. None when the member is written
    otherwise (a cell without ``r``, namespace prefixes, odd spacing): the exact reading decides then."""
    top = bottom = right = 0
    left = 1 << 30
    for piece in _tags(path, info, where):
        if b":c" in piece or b":row" in piece:
            return None
        refs = _PLAIN_CELL.findall(piece)
        # Every "<c" a plain cell (one count, inside sheetData); else count the cell tags proper (XML puts one of
        # these six after a tag's name), other elements such as <cols> being no cells.
        if piece.count(b"<c") != len(refs) and \
                sum(piece.count(b"<c" + after) for after in (b" ", b">", b"/", b"\t", b"\n", b"\r")) != len(refs):
            return None
        if piece.count(b" r=") != len(refs) + piece.count(b'<row r="'):  # an r elsewhere, or a second one
            return None
        if not refs:
            continue
        rows = [int(number) for _letters, number in refs]
        columns = {letters for letters, _number in refs}
        widest = max(_column(letters) for letters in columns)
        _far(where, widest, max(rows), limits)
        top = min(rows) if top == 0 else min(top, min(rows))
        bottom = max(bottom, max(rows))
        left = min(left, min(_column(letters) for letters in columns))
        right = max(right, widest)
    return (top, bottom, left, right) if top else False


def _exact_extent(path: Path, info: Any, where: str, limits: Limits) -> tuple[int, int, int, int] | None:
    """Follow every row and cell tag as calamine does (1-based positions): ``r`` attributes, or counting where they
    are left out. Self-closing tags count too (calamine skips them; erring on the safe side)."""
    row = column = 1
    top = bottom = right = 0
    left = 1 << 30
    for piece in _tags(path, info, where):
        for match in _TAG.finditer(piece):
            end, element, attributes = match.groups()
            refs = _REF.findall(attributes)
            letters, digits = refs[-1] if refs else (b"", b"")  # a repeated attribute: calamine keeps the last
            if element == b"row":
                if end:
                    row, column = row + 1, 1
                    continue
                if digits:
                    row = _number(digits)
                if attributes.endswith(b"/"):
                    row, column = row + 1, 1
                continue
            if end:
                continue
            if letters:
                column = _column(letters)
            at_row = _number(digits) if digits else row
            _far(where, column, at_row, limits)
            top = at_row if top == 0 else min(top, at_row)
            bottom = max(bottom, at_row)
            left, right = min(left, column), max(right, column)
            column += 1
    return (top, bottom, left, right) if top else None


def _inflate(path: Path, info: Any, where: str) -> Iterator[bytes]:
    """The member's bytes, inflated here rather than by zipfile, which would stop at the stated size and hide what
    follows; refused as soon as it exceeds the size the directory states (calamine would read on)."""
    if info.compress_type not in (0, 8):  # stored, deflated: what Excel and every exporter write
        raise Refused(_("%(where)s uses a compression method spreadsheets do not use.", where=where))
    if info.flag_bits & 0x1:
        raise Refused(_("%(where)s is encrypted.", where=where))
    with open(path, "rb") as raw:
        raw.seek(info.header_offset)
        header = raw.read(_LOCAL_HEADER.size)
        if len(header) < _LOCAL_HEADER.size or header[:4] != b"PK\x03\x04":
            raise Refused(_("%(where)s is damaged.", where=where))
        fields = _LOCAL_HEADER.unpack(header)
        raw.seek(fields[-2] + fields[-1], 1)  # past the name and the extra field
        left = info.compress_size
        decompressor = zlib.decompressobj(-zlib.MAX_WBITS) if info.compress_type == 8 else None
        produced = 0
        while left > 0 or (decompressor is not None and decompressor.unconsumed_tail):
            if decompressor is not None and decompressor.unconsumed_tail:
                data = decompressor.unconsumed_tail
            else:
                data = raw.read(min(CHUNK, left))
                if not data:
                    raise Refused(_("%(where)s is damaged.", where=where))
                left -= len(data)
            try:
                out = decompressor.decompress(data, CHUNK) if decompressor is not None else data
            except zlib.error as error:
                raise Refused(_("%(where)s is damaged.", where=where)) from error
            produced += len(out)
            if produced > info.file_size:
                raise Refused(_("%(where)s holds more than the %(size)d bytes it states; the file is damaged or "
                                "built to mislead.", where=where, size=info.file_size))
            if out:
                yield out
            if decompressor is not None and decompressor.eof:
                break
