"""Data consultation (数据会商): the window on a bulletin version, the divisions' objections and checks

Revision ID: 0027
Revises: 0023
Create Date: 2026-12-03 07:00:00

"""
import sqlalchemy as sa
from alembic import op


revision = "0027"
down_revision = "0026"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("reports", schema=None) as batch_op:
        batch_op.add_column(sa.Column("consultation_opened_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("consultation_until", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("consultation_closed_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("publish_reason", sa.Text(), nullable=True))
    op.create_table(
        "consultation_objections",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("court_id", sa.Integer(), nullable=False),
        sa.Column("report_id", sa.Integer(), nullable=False),
        sa.Column("department_id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("case_number", sa.String(length=60), nullable=False),
        sa.Column("indicator_code", sa.String(length=60), nullable=False),
        sa.Column("side", sa.String(length=12), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("attachment_name", sa.String(length=255), nullable=True),
        sa.Column("attachment_stored", sa.String(length=64), nullable=True),
        sa.Column("attachment_type", sa.String(length=10), nullable=True),
        sa.Column("attachment_size", sa.Integer(), nullable=True),
        sa.Column("attachment_sha256", sa.String(length=64), nullable=True),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("raised_by_id", sa.Integer(), nullable=False),
        sa.Column("raised_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("decision", sa.Text(), nullable=True),
        sa.Column("correction", sa.JSON(), nullable=True),
        sa.Column("decided_by_id", sa.Integer(), nullable=True),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"], name=op.f("fk_consultation_objections_case_id_cases")),
        sa.ForeignKeyConstraint(["court_id"], ["courts.id"], name=op.f("fk_consultation_objections_court_id_courts")),
        sa.ForeignKeyConstraint(["decided_by_id"], ["users.id"],
                                name=op.f("fk_consultation_objections_decided_by_id_users")),
        sa.ForeignKeyConstraint(["department_id"], ["departments.id"],
                                name=op.f("fk_consultation_objections_department_id_departments")),
        sa.ForeignKeyConstraint(["raised_by_id"], ["users.id"],
                                name=op.f("fk_consultation_objections_raised_by_id_users")),
        sa.ForeignKeyConstraint(["report_id"], ["reports.id"], ondelete="CASCADE",
                                name=op.f("fk_consultation_objections_report_id_reports")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_consultation_objections")),
        sa.UniqueConstraint("attachment_stored", name=op.f("uq_consultation_objections_attachment_stored")),
    )
    with op.batch_alter_table("consultation_objections", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_consultation_objections_case_id"), ["case_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_consultation_objections_court_id"), ["court_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_consultation_objections_report_id"), ["report_id"], unique=False)
    op.create_table(
        "consultation_checks",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("report_id", sa.Integer(), nullable=False),
        sa.Column("department_id", sa.Integer(), nullable=False),
        sa.Column("checked_by_id", sa.Integer(), nullable=False),
        sa.Column("checked_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["checked_by_id"], ["users.id"], name=op.f("fk_consultation_checks_checked_by_id_users")),
        sa.ForeignKeyConstraint(["department_id"], ["departments.id"],
                                name=op.f("fk_consultation_checks_department_id_departments")),
        sa.ForeignKeyConstraint(["report_id"], ["reports.id"], ondelete="CASCADE",
                                name=op.f("fk_consultation_checks_report_id_reports")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_consultation_checks")),
        sa.UniqueConstraint("report_id", "department_id", name=op.f("uq_consultation_checks_report_id")),
    )
    with op.batch_alter_table("consultation_checks", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_consultation_checks_report_id"), ["report_id"], unique=False)


def downgrade():
    op.drop_table("consultation_checks")
    op.drop_table("consultation_objections")
    with op.batch_alter_table("reports", schema=None) as batch_op:
        batch_op.drop_column("publish_reason")
        batch_op.drop_column("consultation_closed_at")
        batch_op.drop_column("consultation_until")
        batch_op.drop_column("consultation_opened_at")
