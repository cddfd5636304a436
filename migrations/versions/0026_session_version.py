"""Sign-in sessions: a per-user version that signing out and a new password bump (app/sessions.py)

Revision ID: 0026
Revises: 0023
Create Date: 2026-12-03 06:50:00

"""
import sqlalchemy as sa
from alembic import op


revision = "0026"
down_revision = "0025"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.add_column(sa.Column("session_version", sa.Integer(), server_default="0", nullable=False))


def downgrade():
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_column("session_version")
