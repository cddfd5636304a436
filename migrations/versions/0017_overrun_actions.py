"""Measure 9: what the supervision office did about a case past its time limit

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-02 22:20:00

"""
import sqlalchemy as sa
from alembic import op


revision = "0017"
down_revision = "0016"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "overrun_actions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("court_id", sa.Integer(), nullable=False),
        sa.Column("campaign_id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("action", sa.String(length=50), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("acted_on", sa.Date(), nullable=False),
        sa.Column("recorded_by_id", sa.Integer(), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["campaign_id"], ["campaigns.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"]),
        sa.ForeignKeyConstraint(["court_id"], ["courts.id"]),
        sa.ForeignKeyConstraint(["recorded_by_id"], ["users.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("overrun_actions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_overrun_actions_campaign_id"), ["campaign_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_overrun_actions_case_id"), ["case_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_overrun_actions_court_id"), ["court_id"], unique=False)


def downgrade():
    op.drop_table("overrun_actions")
