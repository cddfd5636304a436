"""Measure 11: hearings held, imported; imports say what they hold; a review says how the hearing was observed

Revision ID: 0021
Revises: 0020
Create Date: 2026-12-02 23:50:00

"""
import sqlalchemy as sa
from alembic import op


revision = "0021"
down_revision = "0020"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "hearings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("court_id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("held_on", sa.Date(), nullable=False),
        sa.Column("courtroom", sa.String(length=100), nullable=False),
        sa.Column("judge_name", sa.String(length=100), nullable=False),
        sa.Column("import_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"]),
        sa.ForeignKeyConstraint(["court_id"], ["courts.id"]),
        sa.ForeignKeyConstraint(["import_id"], ["case_imports.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("case_id", "held_on", "courtroom", name="uq_hearings_case_day_room"),
    )
    with op.batch_alter_table("hearings", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_hearings_case_id"), ["case_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_hearings_court_id"), ["court_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_hearings_held_on"), ["held_on"], unique=False)
    with op.batch_alter_table("case_imports", schema=None) as batch_op:
        batch_op.add_column(sa.Column("kind", sa.String(length=10), server_default="cases", nullable=False))
    with op.batch_alter_table("item_comments", schema=None) as batch_op:
        batch_op.add_column(sa.Column("mode", sa.String(length=20), nullable=True))


def downgrade():
    with op.batch_alter_table("item_comments", schema=None) as batch_op:
        batch_op.drop_column("mode")
    with op.batch_alter_table("case_imports", schema=None) as batch_op:
        batch_op.drop_column("kind")
    op.drop_table("hearings")
