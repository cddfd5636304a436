"""A list published short of its quota carries the reason

Revision ID: 0020
Revises: 0019
Create Date: 2026-12-02 23:30:00

"""
import sqlalchemy as sa
from alembic import op


revision = "0020"
down_revision = "0019"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("selections", schema=None) as batch_op:
        batch_op.add_column(sa.Column("short_reason", sa.Text(), nullable=True))


def downgrade():
    with op.batch_alter_table("selections", schema=None) as batch_op:
        batch_op.drop_column("short_reason")
