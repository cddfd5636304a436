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


# ---------------------------------------------------------------------- a month of hand-made cases

def case(number: str, department: str, judge: str, filed: str, closed: str = "", method: str = "", **more) -> dict:
    values = dict.fromkeys(HEADERS, "")
    values.update({"案号": f"（2021）豫0823{number}号" if not number.startswith("（") else number,
                   "承办部门": department, "承办人": judge, "立案日期": filed, "结案日期": closed, "结案方式": method,
                   "速裁": "否", "有给付内容": "否"})
    values.update(more)
    return values


CIVIL, CRIMINAL, ENFORCEMENT, FILING = "民事审判庭", "刑事审判庭", "执行局", "立案庭"


ROWS = [
    # Civil first instance, closed in May unless said otherwise.
    case("民初1", CIVIL, "甲", "2021-04-01", "2021-05-10", "调解", 审判程序="简易程序", 生效日期="2021-05-10",
         有给付内容="是"),                                                                 # A
    case("民初2", CIVIL, "乙", "2021-05-01", "2021-05-31", "判决", 审判程序="小额诉讼程序", 速裁="是"),  # B: last day
    case("民初3", CIVIL, "甲", "2021-01-20", "2021-05-20", "撤诉", 审判程序="普通程序"),              # C
    case("（2020）豫0823民初4号", CIVIL, "甲", "2020-10-15", "2021-05-15", "驳回起诉", 审判程序="普通程序"),  # D: late
    case("民初5", CIVIL, "甲", "2021-03-01", "2021-06-01", "判决", 审判程序="简易程序"),              # E: June
    case("民初6", CIVIL, "乙", "2021-02-10", "2021-05-10", "判决", 审判程序="简易程序"),  # F: on the limit day
    case("（2020）豫0823民初7号", CIVIL, "乙", "2020-09-01", "2021-05-05", "判决", 审判程序="普通程序",
         延长审限天数="180", 扣除审限天数="30"),                                             # G: extended, deducted
    case("民初8", CIVIL, "甲", "2021-03-01", "2021-04-28", "判决", 审判程序="简易程序", 上诉日期="2021-05-03",
         二审结果="改判", 二审结果日期="2021-05-25"),  # H: closed Apr, appealed May
    case("民初9", CIVIL, "甲", "2021-01-04", "2021-03-01", "判决", 审判程序="简易程序", 申请再审日期="2021-05-12"),  # I
    case("民初10", CIVIL, "乙", "2021-02-01", "2021-04-10", "判决", 审判程序="简易程序", 生效日期="2021-05-05",
         有给付内容="是", 申请执行日期="2021-05-20"),                                         # V
    # Criminal fast-track: 10-day limit, closed on day 11.
    case("刑初1", CRIMINAL, "丙", "2021-05-01", "2021-05-12", "判决", 审判程序="速裁程序"),            # K
    # Enforcement.
    case("执1", ENFORCEMENT, "丁", "2021-03-01"),                                                  # L: pending
    case("执2", ENFORCEMENT, "丁", "2021-05-10", "2021-05-30", "执行完毕"),                          # M
    case("（2020）豫0823执3号", ENFORCEMENT, "丁", "2020-10-01", "2021-05-02", "终结本次执行程序"),     # N: late
    case("执4", ENFORCEMENT, "丁", "2021-01-05", "2021-04-30", "执行完毕"),                          # O: closed April
    case("执恢1", ENFORCEMENT, "丁", "2021-04-01", "2021-05-20", "执行完毕", 申请执行标的额="100000",
         实际到位金额="25000"),                                                               # P
    case("执恢2", ENFORCEMENT, "丁", "2021-04-02", "2021-05-21", "执行和解", 申请执行标的额="50,000.00",
         实际到位金额="20000"),                                                               # Q
    # Pre-litigation mediation and preservation (left out of the balance).
    case("诉前调1", FILING, "戊", "2021-05-03", "2021-05-10", "调解", 诉前调解结果="调解成功"),        # R
    case("诉前调2", FILING, "戊", "2021-05-04", "2021-05-20", "终结", 诉前调解结果="调解不成功"),      # S
    case("诉前调3", FILING, "戊", "2021-04-20", "2021-05-02", "调解", 诉前调解结果="调解成功"),        # T
    case("执保1", FILING, "戊", "2021-05-06", "2021-05-07", "保全完毕"),                             # U
]
