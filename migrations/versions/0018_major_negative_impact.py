"""Measure 6: a reversal of major negative impact goes to the supervision office

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-02 22:50:00

"""
import sqlalchemy as sa
from alembic import op


revision = "0018"
down_revision = "0017"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("reversal_files", schema=None) as batch_op:
        batch_op.add_column(sa.Column("major_negative_impact", sa.Boolean(), server_default="0", nullable=False))


def downgrade():
    with op.batch_alter_table("reversal_files", schema=None) as batch_op:
        batch_op.drop_column("major_negative_impact")
