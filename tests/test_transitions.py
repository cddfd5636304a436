"""The one state machine (app/transitions.py) that moves register items and reversed-case files: only whom the
policy names may move, a move from an out-of-date page or against a change made meanwhile is refused and changes
nothing, and the generic workflow knows no measure."""

from __future__ import annotations

import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select, update

from app.extensions import db
from app.models import AuditEntry, Campaign, Department, ItemStatus, RegisterItem, Role, User
from app.plans.access import measure_spec
from app.registers import workflow
from app.registers.spec import RegisterError

MAY_20 = date(2021, 5, 20)


@pytest.fixture
def submitted(app, make_user):
    """A document the civil division handed in, waiting for its head; returns the item's id."""
    staff = make_user("civil.staff", Role.STAFF)
    make_user("civil.head", Role.DIVISION_HEAD)
    with app.test_request_context():
        campaign = db.session.scalar(select(Campaign))
        spec = measure_spec(campaign, "document_review")
        civil = db.session.scalar(select(Department).where(Department.code == "civil"))
        item = workflow.new_item(campaign, spec, spec.item_kind("excellent_document"), civil,
                                 db.session.get(User, staff), "2021-05")
        item.status = ItemStatus.SUBMITTED
        db.session.commit()
        return item.id


def approve(username: str, item_id: int, version: int | None) -> bool:
    item = db.session.get(RegisterItem, item_id)
    campaign = db.session.get(Campaign, item.campaign_id)
    kind = measure_spec(campaign, item.measure_code).item_kind(item.kind)
    user = db.session.scalar(select(User).where(User.username == username))
    return workflow.move(item, kind, campaign, "approve", user, version=version, today=MAY_20)


def decisions(item_id: int) -> list[str]:
    return list(db.session.scalars(select(AuditEntry.action).where(AuditEntry.object_type == "register_item",
                                                                   AuditEntry.object_id == str(item_id))))


def test_only_whom_the_policy_names_makes_a_move(app, submitted):
    with app.test_request_context():
        with pytest.raises(RegisterError, match="不能"):
            approve("civil.staff", submitted, version=None)
        db.session.rollback()
        assert db.session.get(RegisterItem, submitted).status == ItemStatus.SUBMITTED
        assert "item.approve" not in decisions(submitted)

        approve("civil.head", submitted, version=None)
        db.session.expire_all()
        assert db.session.get(RegisterItem, submitted).status == ItemStatus.APPROVED
        entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "item.approve"))
        assert (entry.before, entry.after) == ({"status": "submitted"}, {"status": "approved"})


def test_a_move_from_an_out_of_date_page_is_refused(app, submitted):
    with app.test_request_context():
        seen = db.session.get(RegisterItem, submitted).version
        db.session.execute(update(RegisterItem).where(RegisterItem.id == submitted)
                           .values(version=RegisterItem.version + 1))
        db.session.commit()
        with pytest.raises(workflow.StaleItem):
            approve("civil.head", submitted, version=seen)
        db.session.rollback()
        assert db.session.get(RegisterItem, submitted).status == ItemStatus.SUBMITTED


def test_a_change_made_while_the_move_runs_is_refused_and_nothing_is_kept(app, submitted):
    with app.test_request_context():
        item = db.session.get(RegisterItem, submitted)
        version = item.version
        # Someone else saves the item after this request read it (another connection, another request).
        with db.engine.begin() as other:
            other.execute(update(RegisterItem.__table__).where(RegisterItem.id == submitted)
                          .values(version=version + 1))
        with pytest.raises(workflow.StaleItem):
            approve("civil.head", submitted, version=version)
        db.session.expire_all()
        assert db.session.get(RegisterItem, submitted).status == ItemStatus.SUBMITTED
        assert "item.approve" not in decisions(submitted)


def test_the_generic_workflow_imports_no_measure_module():
    """Measures hook into approvals through app/registers/hooks.py; the workflow does not import them."""
    code = ("import sys, app.registers.workflow, app.reversals, app.transitions; "
            "print(sorted(m for m in sys.modules if m == 'app.pending'))")
    result = subprocess.run([sys.executable, "-c", code], cwd=Path(__file__).parent.parent, capture_output=True,
                            text=True, check=True)
    assert result.stdout.strip() == "[]"
