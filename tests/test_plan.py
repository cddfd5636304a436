"""The plan file: validated, loaded whole or not at all, idempotent."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
from sqlalchemy import func, select

from app.extensions import db
from app.models import Campaign, ChecklistItem, Department, Indicator, Measure, Phase, Quota
from app.plans import PlanError, load_plan_file, measure_spec, plan_of, read_plan_file
from tests.helpers import PLAN_FILE

COUNTED = (Campaign, Department, Phase, ChecklistItem, Indicator, Measure, Quota)


def counts() -> dict[str, int]:
    return {m.__name__: db.session.scalar(select(func.count()).select_from(m)) for m in COUNTED}


def broken_copy(tmp_path: Path, old: str, new: str) -> Path:
    text = PLAN_FILE.read_text(encoding="utf-8")
    assert old in text, old
    path = tmp_path / "plan.toml"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


def test_wuzhi_plan_loads_with_its_quotas_and_targets(app, plan):
    with app.app_context():
        campaign = db.session.scalar(select(Campaign))
        assert campaign.code == "wuzhi-2021"
        assert [p.name_zh for p in campaign.phases] == ["动员部署阶段", "组织实施阶段", "总结考评阶段"]
        assert len(campaign.measures) == 16
        assert {i.target_number for i in campaign.indicators if i.target_number} == set(range(1, 13))
        acceptance = next(i for i in campaign.indicators if i.code == "first_instance_acceptance")
        assert (acceptance.target, acceptance.direction) == (0.91, "higher")
        review = next(m for m in campaign.measures if m.number == 3)
        monthly = {(q.item_kind, q.department.name_zh): q.count for q in review.quotas if q.department}
        assert monthly[("excellent_document", "民事审判庭")] == 4
        assert monthly[("flawed_document", "刑事审判庭")] == 2
        assert monthly[("excellent_document", "第三中心法庭")] == 1
        court_wide = {q.item_kind: q.count for q in review.quotas if q.scope == "court"}
        assert court_wide == {"selected_excellent_document": 3, "selected_flawed_document": 3,
                              "drawn_head_document": 1}
        hearings = next(m for m in campaign.measures if m.number == 11)
        assert {(q.item_kind, q.scope, q.period, q.count) for q in hearings.quotas} >= {
            ("excellent_hearing", "judge", "quarter", 1), ("top_flawed_hearing", "court", "year", 10)}
        assert campaign.court.population == 661341
        assert campaign.document["time_limits"][0] == {
            "type_code": "民初", "procedure": "普通程序", "months": 6, "days": None, "extension_months": 6}


def test_loading_the_same_file_twice_changes_nothing(app, plan):
    with app.app_context():
        before = counts()
        stamps = [(d.code, d.updated_at) for d in db.session.scalars(select(Department))]
        result = load_plan_file(PLAN_FILE)
        assert result.changed is False
        assert counts() == before
        assert [(d.code, d.updated_at) for d in db.session.scalars(select(Department))] == stamps


def test_a_revised_plan_updates_in_place(app, plan, tmp_path):
    revised = broken_copy(tmp_path, "counts = { general = 1, tribunal-1 = 1, tribunal-2 = 1, tribunal-3 = 1, "
                                    "criminal = 2, case-filing = 2, civil = 4 }",
                          "counts = { general = 1, tribunal-1 = 1, tribunal-2 = 1, tribunal-3 = 1, "
                          "criminal = 2, case-filing = 2, civil = 5 }")
    with app.app_context():
        before = counts()
        assert load_plan_file(revised).changed is True
        assert counts() == before
        civil = db.session.scalar(
            select(Quota).join(Department).where(Quota.item_kind == "excellent_document", Department.code == "civil"))
        assert civil.count == 5


def test_a_reloaded_plan_is_what_the_app_reads_next(app, plan, tmp_path):
    revised = broken_copy(tmp_path, "near_limit_days = 7\n", "near_limit_days = 10\n")
    with app.app_context():
        campaign = db.session.scalar(select(Campaign))
        assert plan_of(campaign).pending.near_limit_days == 7
        assert measure_spec(campaign, "document_review") is not None
        assert load_plan_file(revised).changed is True
        assert plan_of(campaign).pending.near_limit_days == 10
        assert load_plan_file(PLAN_FILE).changed is True
        assert plan_of(db.session.scalar(select(Campaign))).pending.near_limit_days == 7


@pytest.mark.parametrize(
    ("old", "new", "named"),
    [
        ("target = 0.91\n", 'target = "high"\n', "indicators[0].target"),
        ("count = 3\n", "count = 0\n", "measures[2].quotas[2].count"),
        ('departments = ["enforcement"]', 'departments = ["enforcment"]', "measures[12].departments"),
        ('direction = "lower"', 'direction = "down"', "indicators[8].direction"),
        ("end = 2022-01-31\n", "end = 2020-01-31\n", "campaign"),
        ('name_zh = "武陟县人民法院"\n', 'name_zh = "武陟县人民法院"\nnickname = "x"\n', "court.nickname"),
        ('code = "judicial_responsibility"', 'code = "committee_review"', "measures"),
    ],
)
def test_a_broken_plan_names_the_key_and_changes_nothing(app, plan, tmp_path, old, new, named):
    path = broken_copy(tmp_path, old, new)
    with app.app_context():
        before = counts()
        with pytest.raises(PlanError) as refused:
            load_plan_file(path)
        assert named in str(refused.value)
        assert counts() == before


def test_a_plan_that_fails_midway_through_loading_leaves_nothing_behind(app, tmp_path, monkeypatch):
    """Validation passes but the database refuses a row: the whole load is rolled back."""
    from app.plans import loader

    def fail(*args, **kwargs):
        raise RuntimeError("disk full")

    with app.app_context():
        monkeypatch.setattr(loader, "_assign", _fail_on_measures(loader._assign, fail))
        with pytest.raises(RuntimeError):
            load_plan_file(PLAN_FILE)
        assert all(n == 0 for n in counts().values())


def _fail_on_measures(original, fail):
    def assign(row, values):
        if isinstance(row, Measure):
            fail()
        return original(row, values)

    return assign


def test_not_toml_is_refused_with_the_file_named(tmp_path):
    path = tmp_path / "plan.toml"
    path.write_text("[court\nname = 1", encoding="utf-8")
    with pytest.raises(PlanError, match=r"plan\.toml: not a valid TOML file"):
        read_plan_file(path)


def test_plan_load_command(runner, app, tmp_path):
    result = runner.invoke(args=["plan", "load", str(PLAN_FILE)])
    assert result.exit_code == 0, result.output
    assert "wuzhi-2021" in result.output
    again = runner.invoke(args=["plan", "load", str(PLAN_FILE)])
    assert "未变化" in again.output

    bad = broken_copy(tmp_path, "population = 661341", "population = -5")
    refused = runner.invoke(args=["plan", "load", str(bad)])
    assert refused.exit_code == 1
    assert "court.population" in refused.output
    assert "未做任何更改" in refused.output


def test_the_shipped_plan_is_valid_toml_with_sixteen_measures():
    data = tomllib.loads(PLAN_FILE.read_text(encoding="utf-8"))
    assert [m["number"] for m in data["measures"]] == list(range(1, 17))


def test_a_plan_with_a_new_measure_code_keeps_the_pages_working(app, office_client, tmp_path):
    from app.plans import load_plan_file

    text = PLAN_FILE.read_text(encoding="utf-8").replace('code = "leaders_handle_cases"', 'code = "new_measure"')
    text = text.replace('definition_version = "wuzhi-2021.1"', 'definition_version = "wuzhi-2021.2"')
    path = tmp_path / "plan.toml"
    path.write_text(text, encoding="utf-8")
    with app.app_context():
        load_plan_file(path)
    response = office_client.get("/")
    assert response.status_code == 200
    assert "院领导办案" in response.get_data(as_text=True)
