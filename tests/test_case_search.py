"""Case search (app/search.py): the bigram index finds exactly the cases a substring search finds, in the same
order, after imports that add cases and imports that change them, and through the case list's page."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from app import search
from app.extensions import db
from app.models import Case, Court, Department, Role
from app.policy import CaseScope
from tests.case_files import row, write_csv
from tests.helpers import import_file, sign_in

TERMS = [
    "民", "执", "罪", "纠", "1", "号",  # one character
    "民初", "执恢", "刑初", "离婚", "纠纷", "借贷", "10", "3民", "婚纠", "ab", "AB", "民_", "无有",  # two
    "离婚纠纷", "民初1", "豫0823", "执恢1", "借贷纠纷", "民间借贷纠纷", "Ab 离", "盗窃罪",  # three and more
]


def _enforcement(number: int, **values) -> dict:
    return row(number, 案号=f"（2021）豫0823执恢{number}号", 承办部门="执行局", 承办人="执行局法官01", 审判程序="",
               速裁="", 结案方式="执行完毕", 申请执行标的额="1000", 实际到位金额="10", 生效日期="", 有给付内容="否",
               案由=values.pop("案由", "民间借贷纠纷"), **values)


def _criminal(number: int, **values) -> dict:
    return row(number, 案号=f"（2021）豫0823刑初{number}号", 承办部门="刑事审判庭", 承办人="刑事审判庭法官01",
               审判程序="普通程序", **values)


def _cases(n: int = 0) -> list[dict]:
    """Civil, enforcement and criminal cases; ``n`` shifts causes so a second import changes some of them."""
    causes = ["民间借贷纠纷", "离婚纠纷", "买卖合同纠纷", "AB离婚纠纷", "Ab 离婚", "机动车交通事故责任纠纷"]
    rows = [row(i, 案由=causes[(i + n) % len(causes)], 立案日期=f"2021-03-{1 + i % 27:02d}") for i in range(1, 25)]
    rows += [_enforcement(i, 立案日期=f"2021-03-{1 + i % 19:02d}", 案由=causes[(i + n) % 3]) for i in range(1, 15)]
    rows += [_criminal(i, 案由="盗窃罪" if i % 2 else "危险驾驶罪", 立案日期="2021-03-10") for i in range(1, 6)]
    return rows


def _found(court_id: int, term: str, departments: set[int] | None) -> list[str]:
    query = search.search_cases(CaseScope(court_id, departments), term).order_by(Case.filed_on.desc(), Case.id.desc())
    return [case.case_number for case in db.session.scalars(query)]


def _substring(court_id: int, term: str, departments: set[int] | None) -> list[str]:
    """What a person finds by reading every case: a literal substring of the case number or cause (the
    databases' LIKE ignores the case of ASCII letters on SQLite only)."""
    cases = db.session.scalars(select(Case).where(Case.court_id == court_id)
                               .order_by(Case.filed_on.desc(), Case.id.desc()))
    fold = (lambda text: text.lower()) if db.engine.dialect.name == "sqlite" else (lambda text: text)
    return [c.case_number for c in cases if (departments is None or c.department_id in departments)
            and (fold(term) in fold(c.case_number) or fold(term) in fold(c.cause or ""))]


def _assert_same_as_substring(app) -> None:
    with app.app_context():
        court_id = db.session.scalar(select(Court.id))
        by_code = dict(db.session.execute(select(Department.code, Department.id)).all())
        scopes = [None, {by_code["civil"]}, {by_code["enforcement"]}, {by_code["criminal"]},
                  {by_code["civil"], by_code["enforcement"]}]
        for term in TERMS:
            for departments in scopes:
                assert _found(court_id, term, departments) == _substring(court_id, term, departments), \
                    (term, departments)


@pytest.mark.parametrize("sparse_at_most", [search.SPARSE_AT_MOST, -1], ids=["index", "walk"])
def test_the_search_finds_what_a_substring_search_finds(app, plan, tmp_path, monkeypatch, sparse_at_most):
    # With the limit at -1 every term is searched by walking the list: both ways must give the same answer.
    monkeypatch.setattr(search, "SPARSE_AT_MOST", sparse_at_most)
    assert import_file(app, write_csv(tmp_path / "first.csv", _cases())).ok
    _assert_same_as_substring(app)
    # A second export changes causes and moves two cases to another department: the index follows.
    changed = _cases(1)
    changed[0].update(承办部门="第一中心法庭", 承办人="第一中心法庭法官01", 案由="继承纠纷")
    changed[1].update(承办部门="执行局", 承办人="执行局法官01")
    outcome = import_file(app, write_csv(tmp_path / "second.csv", changed))
    assert outcome.ok and outcome.updated > 20, outcome.errors
    _assert_same_as_substring(app)
    with app.app_context():
        court_id = db.session.scalar(select(Court.id))
        enforcement = {db.session.scalar(select(Department.id).where(Department.code == "enforcement"))}
        assert "（2021）豫0823民初2号" in _found(court_id, "民初", enforcement)  # moved there
        # The first case's old cause (离婚纠纷 before, 继承纠纷 now) no longer finds it; the new one does.
        assert "（2021）豫0823民初1号" not in _found(court_id, "离婚", None)
        assert "（2021）豫0823民初1号" in _found(court_id, "继承", None)
        db.session.delete(db.session.scalar(select(Case).where(Case.case_number == "（2021）豫0823民初3号")))
        db.session.commit()
    _assert_same_as_substring(app)
    # A rejected import leaves the search as it was; a case written outside an import is found once indexed.
    assert not import_file(app, write_csv(tmp_path / "bad.csv", [row(90, 案由="非法采矿罪", 立案日期="2021-13-01")])).ok
    with app.app_context():
        court_id = db.session.scalar(select(Court.id))
        copied = dict(db.session.execute(select(Case.__table__).where(Case.case_number == "（2021）豫0823刑初1号"))
                      .mappings().one())
        del copied["id"]
        newest = search.newest_case_id()
        db.session.execute(Case.__table__.insert().values(
            {**copied, "case_number": "（2021）豫0823刑初99号", "sequence": 99, "cause": "非法采矿罪"}))
        search.index_cases_after(newest)
        db.session.commit()
        assert _found(court_id, "采矿", None) == ["（2021）豫0823刑初99号"]
    _assert_same_as_substring(app)


def test_a_rare_term_is_read_from_the_index_not_by_walking_the_list(app, plan, tmp_path):
    """What makes the search fast: a term with few matches reads those cases by id, none for a department
    without any; a one-character term has no bigram to look up and walks the list."""
    assert import_file(app, write_csv(tmp_path / "c.csv", _cases())).ok
    with app.app_context():
        court_id = db.session.scalar(select(Court.id))
        enforcement = {db.session.scalar(select(Department.id).where(Department.code == "enforcement"))}

        def sql(term: str, departments: set[int] | None) -> str:
            query = search.search_cases(CaseScope(court_id, departments), term)
            return str(query.compile(db.engine, compile_kwargs={"literal_binds": True}))

        criminal = db.session.scalars(select(Case.id).where(Case.type_code == "刑初")).all()
        assert len(criminal) == 5
        assert f"cases.id IN ({', '.join(str(i) for i in sorted(criminal))})" in sql("刑初", None)
        assert "LIKE" not in sql("刑初", enforcement)  # none there: no case is read
        assert "cases.id IN" not in sql("刑", enforcement)


def test_the_case_list_searches_by_the_index_in_each_persons_scope(app, plan, tmp_path, client, make_user):
    assert import_file(app, write_csv(tmp_path / "c.csv", _cases())).ok
    make_user("bailiff", Role.STAFF, department="enforcement")
    sign_in(client, "bailiff")
    html = client.get("/cases/?q=民初").get_data(as_text=True)
    assert "民初" not in "".join(re.findall(r">（2021）[^<]+<", html))
    found = re.findall(r">(（2021）豫0823执恢\d+号)<", client.get("/cases/?q=离婚").get_data(as_text=True))
    # Causes cycle 民间借贷, 离婚, 买卖 over 执恢1..14: 离婚纠纷 on 1, 4, 7, 10, 13, newest filed first.
    assert found == [f"（2021）豫0823执恢{n}号" for n in (13, 10, 7, 4, 1)]
    # "%" and "_" are characters, not wildcards.
    assert "执恢" not in client.get("/cases/?q=执_").get_data(as_text=True).split("<tbody", 1)[-1]
