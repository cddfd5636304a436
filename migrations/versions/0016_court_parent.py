"""Multi-court mode: the intermediate court above a basic court

Revision ID: 0016
Revises: 0015
Create Date: 2026-11-27 13:45:00

"""
import sqlalchemy as sa
from alembic import op


revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("courts", schema=None) as batch_op:
        batch_op.add_column(sa.Column("parent_id", sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f("ix_courts_parent_id"), ["parent_id"], unique=False)
        batch_op.create_foreign_key("fk_courts_parent_id_courts", "courts", ["parent_id"], ["id"])


def downgrade():
    with op.batch_alter_table("courts", schema=None) as batch_op:
        batch_op.drop_constraint("fk_courts_parent_id_courts", type_="foreignkey")
        batch_op.drop_index(batch_op.f("ix_courts_parent_id"))
        batch_op.drop_column("parent_id")
