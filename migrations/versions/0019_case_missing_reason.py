"""Hand-ins checked against the case register: the reason a case number is not in it

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-02 23:10:00

"""
import sqlalchemy as sa
from alembic import op


revision = "0019"
down_revision = "0018"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("register_items", schema=None) as batch_op:
        batch_op.add_column(sa.Column("case_missing_reason", sa.Text(), nullable=True))


def downgrade():
    with op.batch_alter_table("register_items", schema=None) as batch_op:
        batch_op.drop_column("case_missing_reason")
