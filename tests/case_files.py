"""Build case export files (xlsx, csv) for the import tests."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

from app.importers.cases import HEADERS
from app.xlsx import write_xlsx


def row(number: int = 1, **values: Any) -> dict[str, Any]:
    base = {
        "案号": f"（2021）豫0823民初{number}号", "案由": "民间借贷纠纷", "承办部门": "民事审判庭",
        "承办人": "民事审判庭法官01",
        "审判程序": "简易程序", "速裁": "否", "立案日期": "2021-03-05", "结案日期": "2021-04-20", "结案方式": "调解",
        "延长审限天数": "", "扣除审限天数": "", "上诉日期": "", "申请再审日期": "", "二审结果": "", "二审结果日期": "",
        "生效日期": "2021-04-20", "有给付内容": "是", "申请执行日期": "", "申请执行标的额": "", "实际到位金额": "",
        "诉前调解结果": "", "原审案号": "",
    }
    base.update(values)
    return base


def write_csv(path: Path, rows: list[dict[str, Any]], encoding: str = "utf-8-sig",
              headers: tuple[str, ...] = HEADERS) -> Path:
    with open(path, "w", encoding=encoding, newline="") as f:
        writer = csv.writer(f)
        writer.writerow(headers)
        for r in rows:
            writer.writerow([r.get(h, "") for h in headers])
    return path


def write_workbook(path: Path, rows: list[dict[str, Any]], headers: tuple[str, ...] = HEADERS) -> Path:
    path.write_bytes(write_xlsx(list(headers), [[r.get(h, "") for h in headers] for r in rows]))
    return path


def write_export(path: Path, headers: tuple[str, ...], rows: list[list[Any]], title: str | None = None,
                 total: list[Any] | None = None) -> Path:
    """A file as a case-management system exports it: an optional title row and a blank row above the header, an
    optional 合计 row at the end; .csv or .xlsx by the path's suffix."""
    lines: list[list[Any]] = []
    if title:
        lines += [[title], []]
    lines += [list(headers), *rows]
    if total:
        lines.append(total)
    if path.suffix == ".csv":
        with open(path, "w", encoding="utf-8-sig", newline="") as f:
            csv.writer(f).writerows(lines)
        return path
    from openpyxl import Workbook

    workbook = Workbook()
    for line in lines:
        workbook.active.append(line)
    workbook.save(path)
    return path
