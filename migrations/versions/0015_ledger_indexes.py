"""Indexes for the ledger of pending cases (open, or closed later, by filing date and by deadline) and for a
department's case list

Revision ID: 0015
Revises: 0014
Create Date: 2026-11-27 13:10:00

"""
from alembic import op


revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None


def upgrade():
    op.create_index("ix_cases_court_open_filed", "cases", ["court_id", "closed_on", "filed_on"])
    op.create_index("ix_cases_court_open_deadline", "cases", ["court_id", "closed_on", "deadline"])
    op.create_index("ix_cases_court_department_filed", "cases", ["court_id", "department_id", "filed_on"])


def downgrade():
    op.drop_index("ix_cases_court_department_filed", table_name="cases")
    op.drop_index("ix_cases_court_open_deadline", table_name="cases")
    op.drop_index("ix_cases_court_open_filed", table_name="cases")
