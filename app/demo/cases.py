"""A realistic year of a county court's cases, as rows of the import template.

The mix follows a county court's shape (Wuzhi's 2023 work report: 12,462 received, 11,545 closed):
about half civil first instance, a third enforcement, the rest criminal, administrative, preservation
and pre-litigation mediation. Departments differ on purpose — some meet the plan's targets, some do
not — and a few cases are long pending or overdue. Judges are named by department and number.

The mix names the default plan's department codes (civil, tribunal-1, ...): this is demo data for
the shipped plan; a plan without one of those departments simply gets none of its cases.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta

from app.importers.cases import HEADERS

CIVIL_CAUSES = (
    "民间借贷纠纷", "买卖合同纠纷", "离婚纠纷", "机动车交通事故责任纠纷", "金融借款合同纠纷", "劳务合同纠纷",
    "物业服务合同纠纷", "信用卡纠纷", "房屋租赁合同纠纷", "追索劳动报酬纠纷", "建设工程施工合同纠纷", "继承纠纷",
)
CRIMINAL_CAUSES = ("危险驾驶罪", "盗窃罪", "诈骗罪", "故意伤害罪", "帮助信息网络犯罪活动罪", "开设赌场罪", "交通肇事罪")
ADMIN_CAUSES = ("行政处罚", "行政强制", "行政登记", "政府信息公开")


@dataclass(frozen=True)
class Profile:
    """How a department works, so that the demo year has departments above and below target."""

    mediation: float  # share of civil first-instance cases closed by mediation
    withdrawal: float
    speed: float  # multiplies trial durations
    reversal: float  # multiplies the higher court's reversal and remand odds
    fast_track: float
    small_claims: float
    summary: float


PROFILES = {
    "civil": Profile(0.33, 0.17, 0.9, 0.8, 0.55, 0.22, 0.60),
    "general": Profile(0.26, 0.14, 1.1, 1.3, 0.40, 0.15, 0.55),
    "tribunal": Profile(0.36, 0.18, 0.85, 0.7, 0.60, 0.25, 0.60),
    "slow_tribunal": Profile(0.22, 0.12, 1.45, 1.8, 0.35, 0.12, 0.55),
    "filing": Profile(0.40, 0.20, 0.5, 0.5, 0.95, 0.60, 0.40),
}

# Share of all cases by (type code, department kind or code), and judges per department at county scale.
MIX = (
    ("民初", "civil", 0.18), ("民初", "tribunal-1", 0.07), ("民初", "tribunal-2", 0.07), ("民初", "tribunal-3", 0.07),
    ("民初", "general", 0.04), ("民初", "case-filing", 0.05), ("民特", "civil", 0.02), ("刑初", "criminal", 0.05),
    ("刑更", "criminal", 0.01), ("行初", "general", 0.01), ("执", "enforcement", 0.28), ("执恢", "enforcement", 0.03),
    ("执异", "enforcement", 0.01), ("执保", "case-filing", 0.02), ("诉前调", "case-filing", 0.09),
)
JUDGES = {"civil": 6, "tribunal-1": 3, "tribunal-2": 3, "tribunal-3": 3, "general": 3, "criminal": 4,
          "case-filing": 3, "enforcement": 6}


@dataclass
class _Case:
    type_code: str
    department: str
    filed: date
    values: dict[str, object]


def generate_cases(court_code: str, department_names: dict[str, str], year: int, count: int, seed: int,
                   as_of: date) -> Iterator[tuple[object, ...]]:
    """Rows (in HEADERS order) for ``count`` cases filed up to ``as_of``, most of them in ``year``.

    ``department_names`` maps the plan's department codes (civil, criminal, ...) to their Chinese names.
    """
    rng = random.Random(seed)  # nosec  # noqa: S311 - reproducible demo data, not secrets
    scale = max(1, round((count / 12000) ** 0.5))
    judges = {code: [f"{department_names[code]}庭长"] + [f"{department_names[code]}法官{n:02d}"
                                                        for n in range(1, n_judges * scale + 1)]
              for code, n_judges in JUDGES.items() if code in department_names}
    mix = [entry for entry in MIX if entry[1] in department_names]
    weights = [share for _t, _d, share in mix]
    start = date(year, 1, 1)
    span = max(1, (as_of - start).days + 1)
    cases: list[_Case] = []
    for _ in range(count):
        type_code, department, _share = rng.choices(mix, weights)[0]
        # A court starts the year with last autumn's cases on its books, and a few much older ones.
        roll = rng.random()
        if roll < 0.004:
            filed = start - timedelta(days=rng.randint(380, 900))
        elif roll < 0.08:
            filed = start - timedelta(days=rng.randint(1, 120))
        else:
            filed = start + timedelta(days=rng.randrange(span))
        case = _Case(type_code, department, filed, {})
        _fill(case, rng, as_of, judges[department], court_code)
        if filed < start - timedelta(days=365) and rng.random() < 0.6:
            _keep_pending(case)  # the long-pending cases measure 9 is about
        cases.append(case)

    sequence: dict[tuple[int, str], int] = {}
    for case in sorted(cases, key=lambda c: (c.filed, c.type_code)):
        key = (case.filed.year, case.type_code)
        sequence[key] = sequence.get(key, 0) + 1
        case.values["案号"] = f"（{case.filed.year}）{court_code}{case.type_code}{sequence[key]}号"
        case.values["承办部门"] = department_names[case.department]
        case.values["立案日期"] = case.filed.isoformat()
        yield tuple(_text(case.values.get(header)) for header in HEADERS)


def _text(value: object) -> object:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, date):
        return value.isoformat()
    return value


def _fill(case: _Case, rng: random.Random, as_of: date, judges: list[str], court_code: str) -> None:
    v = case.values
    # The division head carries a lighter docket.
    v["承办人"] = judges[0] if rng.random() < 0.5 / len(judges) else rng.choice(judges[1:])
    t = case.type_code
    if t == "民初":
        _civil_first_instance(case, rng, as_of)
    elif t == "民特":
        v.update(案由="申请确认调解协议纠纷", 审判程序="特别程序")
        _close(case, rng, as_of, rng.randint(5, 28), ("判决",), (1,))
    elif t == "刑初":
        _criminal(case, rng, as_of)
    elif t == "刑更":
        v.update(案由="减刑")
        _close(case, rng, as_of, rng.randint(15, 30), ("裁定",), (1,))
    elif t == "行初":
        procedure = "普通程序" if rng.random() < 0.7 else "简易程序"
        v.update(案由=rng.choice(ADMIN_CAUSES), 审判程序=procedure)
        days = int(rng.gauss(100 if procedure == "普通程序" else 35, 30))
        if _close(case, rng, as_of, max(10, days), ("判决", "撤诉", "驳回起诉"), (50, 40, 10)):
            _appeal(case, rng, as_of, 0.25, 1.0)
    elif t in ("执", "执恢", "执异"):
        _enforcement(case, rng, as_of, court_code)
    elif t == "执保":
        v.update(案由=rng.choice(CIVIL_CAUSES))
        _close(case, rng, as_of, rng.randint(1, 10), ("保全完毕",), (1,))
    elif t == "诉前调":
        v.update(案由=rng.choice(CIVIL_CAUSES))
        if _close(case, rng, as_of, rng.randint(3, 30), ("调解", "终结"), (45, 55)):
            v["诉前调解结果"] = "调解成功" if v["结案方式"] == "调解" else "调解不成功"


def _keep_pending(case: _Case) -> None:
    for header in ("结案日期", "结案方式", "上诉日期", "二审结果", "二审结果日期", "生效日期", "申请执行日期",
                   "申请再审日期", "实际到位金额", "诉前调解结果"):
        case.values.pop(header, None)
    case.values["有给付内容"] = False


def _profile(case: _Case) -> Profile:
    if case.department == "case-filing":
        return PROFILES["filing"]
    if case.department == "tribunal-3":
        return PROFILES["slow_tribunal"]
    if case.department.startswith("tribunal"):
        return PROFILES["tribunal"]
    return PROFILES.get(case.department, PROFILES["civil"])


def _civil_first_instance(case: _Case, rng: random.Random, as_of: date) -> None:
    p = _profile(case)
    v = case.values
    roll = rng.random()
    if roll < p.small_claims:
        procedure = "小额诉讼程序"
    else:
        procedure = "简易程序" if roll < p.small_claims + p.summary else "普通程序"
    v.update(案由=rng.choice(CIVIL_CAUSES), 审判程序=procedure, 速裁=rng.random() < p.fast_track)
    base = {"小额诉讼程序": 28, "简易程序": 50, "普通程序": 120}[procedure]
    days = max(3, int(rng.gauss(base, base * 0.35) * p.speed))
    if rng.random() < 0.05:  # appraisal or announcement: time deducted from the limit
        deducted = rng.randint(30, 90)
        v["扣除审限天数"] = deducted
        days += deducted
    if procedure == "普通程序" and days > 180 and rng.random() < 0.7:
        v["延长审限天数"] = 180
    if rng.random() < 0.01:  # the rare case that drags on far past every limit
        days += rng.randint(200, 700)
    methods = ("调解", "撤诉", "按撤诉处理", "驳回起诉", "不予受理", "移送管辖", "终结诉讼", "判决")
    judged = max(0.05, 1 - p.mediation - p.withdrawal - 0.07)
    weights = (p.mediation, p.withdrawal * 0.85, p.withdrawal * 0.15, 0.03, 0.01, 0.015, 0.005, judged)
    if _close(case, rng, as_of, days, methods, weights):
        _appeal(case, rng, as_of, 0.18, p.reversal)
        _performance(case, rng, as_of)


def _criminal(case: _Case, rng: random.Random, as_of: date) -> None:
    v = case.values
    roll = rng.random()
    procedure = "速裁程序" if roll < 0.3 else "简易程序" if roll < 0.75 else "普通程序"
    v.update(案由=rng.choice(CRIMINAL_CAUSES), 审判程序=procedure)
    days = {"速裁程序": rng.randint(4, 12), "简易程序": rng.randint(8, 24), "普通程序": rng.randint(30, 100)}[procedure]
    if _close(case, rng, as_of, days, ("判决", "撤诉"), (97, 3)):
        _appeal(case, rng, as_of, 0.08, 0.6)


def _enforcement(case: _Case, rng: random.Random, as_of: date, court_code: str) -> None:
    v = case.values
    v["案由"] = rng.choice(CIVIL_CAUSES)
    if case.type_code == "执异":
        _close(case, rng, as_of, rng.randint(10, 40), ("裁定",), (1,))
        return
    applied = round(rng.lognormvariate(10.8, 1.1), 2)
    v["申请执行标的额"] = f"{applied:.2f}"
    v["原审案号"] = f"（{case.filed.year - 1}）{court_code}民初{rng.randint(1, 6000)}号"
    days = max(5, int(rng.gauss(95, 55)))
    if rng.random() < 0.08:
        days += rng.randint(90, 300)
    methods = ("执行完毕", "终结本次执行程序", "执行和解", "终结执行", "驳回申请")
    weights = (35, 42, 10, 8, 5) if case.type_code == "执" else (30, 45, 12, 8, 5)
    if _close(case, rng, as_of, days, methods, weights):
        share = {"执行完毕": 1.0, "执行和解": rng.uniform(0.5, 1.0), "终结本次执行程序": rng.uniform(0, 0.25),
                 "终结执行": rng.uniform(0, 0.6), "驳回申请": 0.0}[v["结案方式"]]
        v["实际到位金额"] = f"{applied * share:.2f}"


def _close(case: _Case, rng: random.Random, as_of: date, days: int, methods: tuple[str, ...],
           weights: tuple[float, ...]) -> bool:
    closed = case.filed + timedelta(days=days)
    if closed > as_of:
        return False
    case.values.update(结案日期=closed, 结案方式=rng.choices(methods, weights)[0])
    return True


def _appeal(case: _Case, rng: random.Random, as_of: date, odds: float, reversal: float) -> None:
    v = case.values
    closed: date = v["结案日期"]  # type: ignore[assignment]
    if v["结案方式"] != "判决":
        if v["结案方式"] in ("调解", "撤诉", "按撤诉处理"):
            v["生效日期"] = closed
        return
    if rng.random() < 0.01:
        v["申请再审日期"] = closed + timedelta(days=rng.randint(60, 200))
        if v["申请再审日期"] > as_of:
            v["申请再审日期"] = None
    if rng.random() >= odds:
        effective = closed + timedelta(days=16)
        v["生效日期"] = effective if effective <= as_of else None
        return
    appealed = closed + timedelta(days=rng.randint(3, 15))
    if appealed > as_of:
        return
    v["上诉日期"] = appealed
    result_on = appealed + timedelta(days=rng.randint(40, 120))
    if result_on > as_of:
        return
    results = ("维持", "改判", "发回重审", "撤回上诉", "调解", "指令再审", "变更裁定")
    weights = (62, 12 * reversal, 8 * reversal, 10, 5, 0.5 * reversal, 0.5 * reversal)
    v.update(二审结果=rng.choices(results, weights)[0], 二审结果日期=result_on)
    if v["二审结果"] in ("维持", "改判", "撤回上诉", "调解"):
        v["生效日期"] = result_on


def _performance(case: _Case, rng: random.Random, as_of: date) -> None:
    v = case.values
    if v["结案方式"] not in ("判决", "调解") or rng.random() > 0.7:
        return
    v["有给付内容"] = True
    effective = v.get("生效日期")
    if effective and rng.random() < 0.38:
        applied = effective + timedelta(days=rng.randint(10, 90))
        if applied <= as_of:
            v["申请执行日期"] = applied


COURTROOMS = ("第一审判庭", "第二审判庭", "第三审判庭", "科技法庭")


def generate_hearings(court_id: int, seed: int, as_of: date) -> list[tuple[str, str, str, str]]:
    """Rows for the hearing import (案号, 开庭日期, 法庭, 承办人): most litigation cases decided by judgment, or still
    pending past their first weeks, were heard once (a few twice), between filing and closing."""
    from sqlalchemy import select

    from app.extensions import db
    from app.models import Case, Judge

    rng = random.Random(seed)  # nosec  # noqa: S311 - demo data
    rows = []
    cases = db.session.execute(
        select(Case.case_number, Case.filed_on, Case.closed_on, Case.closing_method, Judge.name)
        .join(Judge, Case.judge_id == Judge.id)
        .where(Case.court_id == court_id, Case.line != "enforcement", Case.procedure.is_not(None),
               Case.filed_on <= as_of - timedelta(days=20))
        .order_by(Case.id))
    for number, filed_on, closed_on, method, judge in cases:
        if (closed_on is not None and method != "判决") or rng.random() > 0.7:
            continue  # mediated, withdrawn, or not heard yet
        last = min(closed_on or as_of, as_of)
        for _ in range(1 if rng.random() < 0.85 else 2):
            span = (last - filed_on).days
            if span < 10:
                break
            held_on = filed_on + timedelta(days=rng.randint(10, span))
            rows.append((number, held_on.isoformat(), rng.choice(COURTROOMS), judge))
    return list(dict.fromkeys(rows))
